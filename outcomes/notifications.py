"""E-mails about outcome documents, sent after the deciding transaction commits."""

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccm_portal.languages import meeting_language
from ccm_portal.mail.services import notification, queue_mail_in_languages
from delegations.models import Delegation

from .models import Proposal, Revision


def _send_each(*, recipients, subject: Callable[[], str], template: str, context: dict) -> int:
    """One message per address, so no delegation sees another's focal points; returns how many were queued.

    Each in its recipient's language, else the meeting's: `subject` is called once per language.
    """

    def compose():
        return subject(), render_to_string(template, {"site_url": settings.SITE_URL, **context})

    fallback = meeting_language(context["document"].meeting)
    return len(queue_mail_in_languages(to=recipients, compose=compose, fallback=fallback, separately=True))


@notification
def document_circulated(revision_pk: int) -> int:
    revision = Revision.objects.select_related("document__meeting").get(pk=revision_pk)
    document = revision.document
    meeting = document.meeting
    recipients = (
        Delegation.objects.filter(meeting=meeting, status=Delegation.Status.APPROVED)
        .values_list("focal_points__email", flat=True)
        .distinct()
    )
    deadline = revision.comment_deadline.astimezone(meeting.tzinfo) if revision.comment_deadline else None
    return _send_each(
        recipients=[address for address in recipients if address],
        subject=lambda: (
            _("[%(meeting)s] %(symbol)s circulated for comments: %(title)s")
            % {"meeting": meeting.short_title, "symbol": revision.symbol, "title": document.title}
        ),
        template="outcomes/email/circulated.txt",
        context={"revision": revision, "document": document, "meeting": meeting, "deadline": deadline},
    )


# One whole subject per decision, so each language can agree the word with "proposal".
DECIDED_SUBJECTS = {
    Proposal.Status.ACCEPTED: gettext_lazy("[%(meeting)s] Your proposal on %(document)s: accepted"),
    Proposal.Status.ACCEPTED_MODIFIED: gettext_lazy(
        "[%(meeting)s] Your proposal on %(document)s: accepted with changes"
    ),
    Proposal.Status.REJECTED: gettext_lazy("[%(meeting)s] Your proposal on %(document)s: rejected"),
}


@notification
def proposal_decided(proposal_pk: int) -> int:
    proposal = Proposal.objects.select_related("document__meeting", "delegation").get(pk=proposal_pk)
    document = proposal.document
    return _send_each(
        recipients=list(proposal.delegation.focal_points.values_list("email", flat=True)),
        subject=lambda: (
            str(DECIDED_SUBJECTS[proposal.status])
            % {"meeting": document.meeting.short_title, "document": document.symbol or document.title}
        ),
        template="outcomes/email/proposal_decided.txt",
        context={"proposal": proposal, "document": document},
    )
