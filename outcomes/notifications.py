"""E-mails about outcome documents, sent after the deciding transaction commits."""

from django.conf import settings
from django.template.loader import render_to_string

from ccm_portal.mail.services import notification, queue_mail
from delegations.models import Delegation

from .models import Proposal, Revision


def _send_each(*, recipients, subject: str, template: str, context: dict) -> int:
    """One message per address, so no delegation sees another's focal points; returns how many were queued."""
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    return len(queue_mail(to=recipients, subject=subject, body=body, separately=True))


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
        subject=f"[{meeting.short_title}] {revision.symbol} circulated for comments: {document.title}",
        template="outcomes/email/circulated.txt",
        context={"revision": revision, "document": document, "meeting": meeting, "deadline": deadline},
    )


@notification
def proposal_decided(proposal_pk: int) -> int:
    proposal = Proposal.objects.select_related("document__meeting", "delegation").get(pk=proposal_pk)
    document = proposal.document
    return _send_each(
        recipients=list(proposal.delegation.focal_points.values_list("email", flat=True)),
        subject=f"[{document.meeting.short_title}] Your proposal on {document.symbol or document.title}: "
        f"{proposal.get_status_display().lower()}",
        template="outcomes/email/proposal_decided.txt",
        context={"proposal": proposal, "document": document},
    )
