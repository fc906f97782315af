"""E-mails about submitted papers, sent after the transaction commits (see notifications.py for the pattern).

The focal points of the submitting delegation are told when the secretariat has the paper, and
when it issues it (with its symbol and its page) or declines it (with the reason).
"""

from django.utils.translation import gettext as _

from ccm_portal.mail.services import notification

from .models import PaperSubmission
from .notifications import _focal_point_addresses, _send


def _submission(pk: int) -> PaperSubmission:
    return PaperSubmission.objects.select_related("delegation__meeting", "document__meeting").get(pk=pk)


@notification
def paper_submitted(submission_pk: int) -> None:
    submission = _submission(submission_pk)
    delegation = submission.delegation
    _send(
        to=_focal_point_addresses(delegation),
        subject=lambda: (
            _("[%(meeting)s] %(delegation)s: paper received by the secretariat")
            % {"meeting": delegation.meeting.short_title, "delegation": delegation.sort_name}
        ),
        template="delegations/email/paper_submitted.txt",
        context={"delegation": delegation, "submission": submission},
    )


@notification
def paper_decided(submission_pk: int) -> None:
    submission = _submission(submission_pk)
    delegation = submission.delegation
    names = {"meeting": delegation.meeting.short_title, "delegation": delegation.sort_name}
    issued = submission.status == PaperSubmission.Status.ISSUED
    _send(
        to=_focal_point_addresses(delegation),
        subject=lambda: (
            _("[%(meeting)s] %(delegation)s: your paper is issued as %(symbol)s")
            % {**names, "symbol": submission.document.symbol}
            if issued
            else _("[%(meeting)s] %(delegation)s: your paper was declined") % names
        ),
        template="delegations/email/paper_decided.txt",
        context={"delegation": delegation, "submission": submission, "issued": issued},
    )
