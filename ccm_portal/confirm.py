"""Destructive steps ask first and, where taking them back is cheap, offer to undo them.

A button that deletes, removes or withdraws is a link (GET) to a page that names the object and
what removing it does; only that page's form (POST) does it. Pages work without JavaScript.

When the step can be taken back cheaply, the success message carries an "Undo" button: a POST
form (with its CSRF token) to the view that restores the object through its service, which
records the undo in the audit trail like any other write. The offer is kept in the session next
to the message and shown once, with it (templates/base.html, `{% undo_form %}`).
"""

from django.contrib import messages
from django.shortcuts import redirect, render

UNDO_SESSION_KEY = "ccm_portal_undo"
UNDO_TAG = "undo"


def offer_undo(request, message: str, *, url: str, label: str, fields: dict | None = None) -> None:
    """Say `message` as a success and offer one button, `label`, that POSTs `fields` to `url`."""
    messages.success(request, message, extra_tags=UNDO_TAG)
    request.session[UNDO_SESSION_KEY] = {
        "url": url,
        "label": str(label),
        "fields": {str(name): str(value) for name, value in (fields or {}).items()},
    }


def take_undo(request) -> dict | None:
    """The undo offered with the message being shown, once: showing it takes it off the session."""
    session = getattr(request, "session", None)
    if session is None or UNDO_SESSION_KEY not in session:
        return None
    return session.pop(UNDO_SESSION_KEY)


def confirm_then(
    request,
    *,
    act,
    errors: tuple[type[Exception], ...],
    done: str,
    back: str,
    context: dict,
    template: str = "confirm.html",
    undo: dict | None = None,
    failed: str | None = None,
):
    """GET shows `template` (its `context` names the object: heading, quote, explanation, button,
    cancel_url); POST calls `act()`, says `done` (with `undo`, a dict of offer_undo's keywords,
    when given) and redirects to `back`. A refusal (one of `errors`) is said as an error and the
    user goes to `failed` (else `back`): nothing changed.
    """
    if request.method != "POST":
        return render(request, template, context)
    try:
        act()
    except errors as exc:
        messages.error(request, str(exc))
        return redirect(failed or back)
    if undo:
        offer_undo(request, done, **undo)
    else:
        messages.success(request, done)
    return redirect(back)
