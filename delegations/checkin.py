"""Check-in at the door: read a badge token (or find a name), show the card, record the arrival.

A token is refused when it is not a badge code, when its signature does not match
(altered or forged), and when it belongs to another meeting. A participant whose
registration is not approved, or whose delegation is not, is refused loudly: the
attempt is recorded and the card says so in red. The first arrival is recorded with
its time; a second check-in is recorded as a repeat and shown as such.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccm_portal.audit.services import log_action
from ccm_portal.meetings.models import Category, Meeting

from .badges import parse_token, signature_matches
from .lists import delegation_sort_key, fold, listed
from .models import CheckIn, Delegation, Participant


class BadgeRefused(Exception):
    """A token that does not open the door; the message is for the staff member."""


class CheckInForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Badge code"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "spellcheck": "false"}),
        help_text=gettext_lazy("Scan the QR code on the badge (the scanner types the code), or find the name below."),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), max_length=100, required=False)


def resolve_token(meeting: Meeting, raw: str) -> Participant:
    """The participant a badge token belongs to, for this meeting; BadgeRefused otherwise."""
    parsed = parse_token(raw)
    if parsed is None:
        raise BadgeRefused(_("This is not a badge code of the portal."))
    key, signature = parsed
    participant = Participant.objects.select_related("delegation", "delegation__meeting").filter(badge_key=key).first()
    if participant is None:
        raise BadgeRefused(_("No badge has this code: it was altered, or the badge was replaced."))
    holder_meeting = participant.delegation.meeting
    if not signature_matches(holder_meeting.pk, key, signature):
        raise BadgeRefused(_("This badge code has been altered: its signature does not match."))
    if holder_meeting.pk != meeting.pk:
        raise BadgeRefused(
            _("This badge is for another meeting (%(meeting)s), not this one.")
            % {"meeting": holder_meeting.short_title}
        )
    return participant


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


@transaction.atomic
def check_in(*, participant: Participant, by) -> CheckInResult:
    """Record a participant at the door and say what happened.

    Records the first arrival with its time; a later check-in is recorded as a
    repeat (with the first arrival time shown); a participant who is not approved,
    or whose delegation is not, is refused and the refusal is recorded too.
    """
    participant = Participant.objects.select_related("delegation").get(pk=participant.pk)
    now = timezone.now()
    if reason := refusal_reason(participant):
        CheckIn.objects.create(participant=participant, at=now, outcome=CheckIn.Outcome.REFUSED, note=reason, by=by)
        log_action(trail=participant.trail, actor=by, action="refused at check-in", subject=participant, detail=reason)
        return CheckInResult(participant, CheckIn.Outcome.REFUSED, now, reason=reason)
    first = CheckIn.objects.filter(participant=participant, outcome=CheckIn.Outcome.ARRIVED).first()
    if first is None:
        try:
            # A savepoint: two scanners reading the same badge at once meet the
            # one_arrival_per_participant constraint and the second is a repeat.
            with transaction.atomic():
                CheckIn.objects.create(participant=participant, at=now, outcome=CheckIn.Outcome.ARRIVED, by=by)
        except IntegrityError:
            first = CheckIn.objects.filter(participant=participant, outcome=CheckIn.Outcome.ARRIVED).first()
        else:
            log_action(trail=participant.trail, actor=by, action="checked in", subject=participant)
            return CheckInResult(participant, CheckIn.Outcome.ARRIVED, now, first_arrival=now)
    CheckIn.objects.create(participant=participant, at=now, outcome=CheckIn.Outcome.REPEAT, by=by)
    return CheckInResult(participant, CheckIn.Outcome.REPEAT, now, first_arrival=first.at)


def arrival_of(participant: Participant):
    return (
        CheckIn.objects.filter(participant=participant, outcome=CheckIn.Outcome.ARRIVED)
        .values_list("at", flat=True)
        .first()
    )


def search(meeting: Meeting, q: str, *, limit: int = 30) -> list[Participant]:
    """Participants of the meeting (any status) whose name or delegation matches; one query."""
    words = q.split()[:5]
    if not words:
        return []
    qs = Participant.objects.filter(delegation__meeting=meeting).select_related("delegation")
    for word in words:
        qs = qs.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(delegation__sort_name__icontains=word)
        )
    found = list(qs.order_by("family_name", "given_name", "pk")[: limit + 1])
    return sorted(found, key=lambda p: (fold(p.family_name), fold(p.given_name), delegation_sort_key(p.delegation)))


def live_counts(meeting: Meeting) -> list[dict]:
    """Arrivals against expected participants, by category in list order; two queries."""
    expected = dict(
        listed(meeting, public=False).values_list("delegation__category").annotate(n=Count("pk")).order_by()
    )
    arrived = dict(
        CheckIn.objects.filter(participant__delegation__meeting=meeting, outcome=CheckIn.Outcome.ARRIVED)
        .values_list("participant__delegation__category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = []
    for value, label in Category.choices:
        rows.append(
            {
                "category": value,
                "label": label,
                "expected": expected.get(value, 0),
                "arrived": arrived.get(value, 0),
            }
        )
    rows.append(
        {
            "category": None,
            "label": _("Total"),
            "colour": "",
            "expected": sum(r["expected"] for r in rows),
            "arrived": sum(r["arrived"] for r in rows),
        }
    )
    return rows
