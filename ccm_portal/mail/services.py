"""Every e-mail the portal sends goes through here.

`queue_mail` writes the message to the outbox in the caller's transaction and sends
it once that transaction commits. A decision is therefore never undone, nor answered
with an error page, because the mail server is down or a name contained a line
break: the subject is folded to one line, a failed send is logged and left pending,
and `manage.py send_queued_mail` (or the periodic Celery task) tries again.
"""

import logging
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from email.utils import parseaddr
from functools import partial, wraps

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks, urlize

from ccm_portal.languages import recipient_languages

from .models import OutboxMessage

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 200


# Where the secretariat's contact address comes from. The mail sits below the meetings app, which
# keeps the address the secretariat configures: that app registers its lookup in ready().
_contact_provider: Callable[[], str] | None = None


def set_contact_provider(provider: Callable[[], str]) -> None:
    global _contact_provider
    _contact_provider = provider


def contact_address() -> str:
    """The address mail is signed with: the registered lookup's, else PORTAL_CONTACT_EMAIL's bare address."""
    if _contact_provider is not None:
        return _contact_provider()
    return parseaddr(getattr(settings, "PORTAL_CONTACT_EMAIL", "") or settings.DEFAULT_FROM_EMAIL)[1]


def one_line(text, *, limit: int = SUBJECT_MAX_LENGTH) -> str:
    """`text` as a single header line: control characters dropped, whitespace folded, at most `limit` characters.

    Line breaks (CR, LF, NEL, U+2028 ...) become spaces, so "Jean\\nDupont" reads
    "Jean Dupont" rather than gluing the words; a cut subject ends with "…".
    """
    kept = []
    for char in str(text):
        category = unicodedata.category(char)
        if char.isspace():
            kept.append(" ")
        elif category in ("Cc", "Cs", "Co", "Cn"):
            continue
        else:
            kept.append(char)
    folded = " ".join("".join(kept).split())
    if len(folded) > limit:
        folded = folded[: limit - 1].rstrip() + "…"
    return folded


def notification(build):
    """Mark a function that builds and queues a notification after a decision has committed.

    Whatever goes wrong while building it (a row deleted meanwhile, a template error) is
    logged with its traceback and not raised: the decision is saved already, and an
    error here would turn its response into an error page and skip the other
    notifications of the same request.
    """

    @wraps(build)
    def guarded(*args, **kwargs):
        try:
            return build(*args, **kwargs)
        except Exception:
            logger.exception("Could not build the notification %s%r; the decision stands", build.__name__, args)
            return None

    return guarded


def _max_attempts() -> int:
    return getattr(settings, "MAIL_MAX_ATTEMPTS", 48)


def queue_mail(*, to: Iterable[str], subject: str, body: str, separately: bool = False) -> list[OutboxMessage]:
    """Queue one message (or one per address with `separately`) and send it after the current transaction commits.

    Empty and repeated addresses are dropped; with no address left nothing is queued.
    Outside a transaction the rows are written and sent at once.
    """
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return []
    subject = one_line(subject)
    groups = [[address] for address in recipients] if separately else [recipients]
    messages = [OutboxMessage.objects.create(to=group, subject=subject, body=body) for group in groups]
    pks = [message.pk for message in messages]
    # robust: a failure here must not stop the other on-commit work of the request.
    transaction.on_commit(partial(deliver, pks), robust=True)
    return messages


def signed(body: str) -> str:
    """`body` with the portal's sign-off, in the active language: who writes, and where to write back.

    The sender is a no-reply address, so every message names PORTAL_CONTACT_EMAIL instead.
    """
    signoff = render_to_string("mail/signoff.txt", {"contact": contact_address(), "site_url": settings.SITE_URL})
    return body.rstrip() + "\n\n" + signoff.strip() + "\n"


def queue_mail_in_languages(
    *,
    to: Iterable[str],
    compose: Callable[[], tuple[str, str]],
    fallback: str | None = None,
    separately: bool = False,
) -> list[OutboxMessage]:
    """Queue a message written in each recipient's language; `compose()` returns its (subject, body).

    The recipients are grouped by language (`ccm_portal.languages.recipient_languages`: the
    language a user chose, else `fallback`, usually the meeting's, else English) and
    `compose()` is called once per language under `translation.override`, so the subject's
    gettext, the body's template and the links it reverses are all in that language. Every
    body ends with the sign-off (`signed`), in the same language.
    """
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    by_language = defaultdict(list)
    for address, language in recipient_languages(recipients, fallback=fallback).items():
        by_language[language].append(address)
    messages = []
    for language in sorted(by_language):
        with translation.override(language):
            subject, body = compose()
            messages += queue_mail(
                to=by_language[language], subject=str(subject), body=signed(body), separately=separately
            )
    return messages


def html_version(body: str) -> str:
    """The HTML part of a message: its text escaped, with paragraphs, line breaks and clickable links.

    `dir="auto"` lets the reader's mail program set the direction from the text, so an
    Arabic message reads right to left.
    """
    return (
        '<!doctype html><html><head><meta charset="utf-8"></head><body><div dir="auto">'
        + linebreaks(urlize(escape(body)))
        + "</div></body></html>"
    )


def deliver(pks: Iterable[int] | None = None) -> dict[str, int]:
    """Try to send the pending messages (all of them, or those in `pks`), oldest first.

    Returns how many were sent and how many failed this time. Never raises for a
    failed send: the error is logged and stored on the row, which stays pending until
    it has failed MAIL_MAX_ATTEMPTS times and is then marked as given up.
    """
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
    if pks is not None:
        pending = pending.filter(pk__in=list(pks))
    ids = list(pending.order_by("created_at", "pk").values_list("pk", flat=True))
    counts = {"sent": 0, "failed": 0}
    if not ids:
        return counts
    connection = get_connection()
    try:
        for pk in ids:
            outcome = _deliver_one(pk, connection)
            if outcome is not None:
                counts[outcome] += 1
    finally:
        try:
            connection.close()
        except Exception:  # a broken connection must not turn the sends that worked into an error
            logger.warning("Closing the mail connection failed", exc_info=True)
    return counts


def _deliver_one(pk: int, connection) -> str | None:
    with transaction.atomic():
        # Locked while it is sent, so the on-commit send and a retry run never send it twice.
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if message is None:
            return None
        now = timezone.now()
        message.attempts += 1
        message.last_attempt_at = now
        try:
            email = EmailMultiAlternatives(
                one_line(message.subject), message.body, None, message.to, connection=connection
            )
            email.attach_alternative(html_version(message.body), "text/html")
            email.send()
        except Exception as exc:  # any backend error: SMTP, socket, TLS, bad header
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= _max_attempts():
                message.status = OutboxMessage.Status.FAILED
                logger.error(
                    "Gave up on e-mail %s to %s after %d attempts: %s",
                    message.pk,
                    message.to,
                    message.attempts,
                    message.last_error,
                )
            else:
                logger.warning(
                    "Sending e-mail %s to %s failed (attempt %d), will retry: %s",
                    message.pk,
                    message.to,
                    message.attempts,
                    message.last_error,
                )
            outcome = "failed"
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = now
            message.last_error = ""
            # The body may hold personal data and one-time links; once the server has it, it is not kept.
            message.body = ""
            outcome = "sent"
        message.save(update_fields=["status", "attempts", "last_attempt_at", "last_error", "sent_at", "body"])
    return outcome


def retry_given_up() -> int:
    """Put the messages that ran out of attempts back in the queue, with a fresh count."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).update(
        status=OutboxMessage.Status.PENDING, attempts=0
    )
