"""Check-in at the door: who may be admitted, and what a check-in answers.

A token is refused when it is not a badge code, when its signature does not match
(altered or forged), and when it belongs to another meeting. A participant whose
registration is not approved, or whose delegation is not, is refused loudly: the
attempt is recorded and the card says so in red. The first arrival is recorded with
its time; a second check-in is recorded as a repeat and shown as such.

This module reads and writes no rows: a token is resolved and participants found in
selectors_lists.py, the check-in is recorded by services_lists.check_in.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from .models import CheckIn, Delegation, Participant


class BadgeRefused(Exception):
    """A token that does not open the door; the message is for the staff member."""


def refusal_reason(participant: Participant) -> str:
    """Why a participant may not be admitted, or "" if they may."""
    if participant.status == Participant.Status.REJECTED:
        return _("The registration of this participant was rejected.")
    if participant.status != Participant.Status.APPROVED:
        return _("The registration of this participant is not approved (it is waiting for a decision).")
    if participant.delegation.status == Delegation.Status.REJECTED:
        return _("The delegation of this participant was rejected.")
    if participant.delegation.status != Delegation.Status.APPROVED:
        return _("The delegation of this participant is not accredited.")
    return ""


@dataclass
class CheckInResult:
    participant: Participant
    outcome: str
    at: datetime
    first_arrival: datetime | None = None
    reason: str = ""

    @property
    def refused(self) -> bool:
        return self.outcome == CheckIn.Outcome.REFUSED

    @property
    def repeat(self) -> bool:
        return self.outcome == CheckIn.Outcome.REPEAT
