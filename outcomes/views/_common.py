"""What the document pages share: what this user may do with the document, file names and PDFs."""

from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ccm_portal.access import allowed
from ccm_portal.downloads import download

from ..agenda import agenda_item_label
from ..models import OutcomeDocument
from ..rules import TRANSITION_RULES


def step_label(action: str, document: OutcomeDocument) -> str:
    if action == "circulate":
        first = document.state == OutcomeDocument.State.DRAFT
        return _("Circulate for comments") if first else _("Circulate a revision")
    return {
        "negotiate": _("Open the negotiation"),
        "adopt": _("Record the adoption"),
        "publish": _("Publish"),
    }[action]


def transitions(user, document: OutcomeDocument) -> list[dict]:
    """The steps this user may take with the document now, each with its page and its button's label."""
    return [
        {
            "action": action,
            "url": reverse(f"outcomes:{action}", kwargs={"pk": document.pk}),
            "label": step_label(action, document),
        }
        for action, perm in TRANSITION_RULES.items()
        if allowed(user, perm, document)
    ]


def doc_context(request, document: OutcomeDocument, **extra) -> dict:
    """The context of every page about a document: the header's tabs and buttons follow the rules."""
    user = request.user
    return {
        "document": document,
        "meeting": document.meeting,
        "is_drafter": allowed(user, "outcomes.draft_document", document),
        "can_edit": allowed(user, "outcomes.edit_text", document),
        "can_view_proposals": allowed(user, "outcomes.view_proposals", document),
        "can_view_live": allowed(user, "outcomes.view_live_text", document),
        "transitions": transitions(user, document),
        # The header's agenda item as the agenda has it now (outcomes/agenda.py), read when shown.
        "agenda_item": lambda: agenda_item_label(document),
        **extra,
    }


def workspace_url(document: OutcomeDocument, anchor: str = "") -> str:
    url = reverse("outcomes:workspace", kwargs={"pk": document.pk})
    return f"{url}#{anchor}" if anchor else url


def filename(text: str, suffix: str = "") -> str:
    base = slugify(text.replace("/", "-")) or "document"
    return f"{base}{suffix}.pdf"


def pdf_response(pdf: bytes, name: str, *, inline: bool = False):
    return download(pdf, filename=name, inline=inline)
