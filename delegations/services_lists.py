"""Every write of the list of participants, badges and check-in.

Each function owns its transaction and its audit entry, like delegations/services.py;
the reads are in selectors_lists.py. Asking for a PDF starts (or reuses) a render job
through ccm_portal.jobs, which owns the job rows.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ccm_portal.access import authorize
from ccm_portal.audit.services import log_action
from ccm_portal.jobs import services as jobs
from ccm_portal.meetings.models import Meeting

from . import selectors_lists as selectors
from .badges import (
    BADGES_KIND,
    NoBadges,
    badges_fingerprint,
    new_badge_key,
    set_filename,
    set_key,
)
from .checkin import CheckInResult, refusal_reason
from .lists import LOP_KIND, LOP_SETTINGS_FIELDS, Variant, lop_filename, lop_key
from .models import BadgePrint, CheckIn, Participant, ParticipantListSettings

# ---------------------------------------------------------------- the list of participants


@transaction.atomic
def lop_settings_save(*, meeting: Meeting, data: dict, by) -> ParticipantListSettings:
    """Create or update the meeting's list-of-participants settings (rule delegations.manage_lists)."""
    authorize(by, "delegations.manage_lists", meeting)
    current, _created = ParticipantListSettings.objects.select_for_update().get_or_create(
        meeting=meeting, defaults={"symbol": ParticipantListSettings.default_symbol(meeting)}
    )
    for name in LOP_SETTINGS_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.updated_by = by
    current.full_clean()
    current.save()
    log_action(
        trail=f"meeting:{meeting.pk}",
        actor=by,
        action="updated list of participants settings",
        subject=meeting,
        detail=_("%(symbol)s, %(distribution)s, original %(language)s")
        % {
            "symbol": current.symbol,
            "distribution": current.get_distribution_display(),
            "language": current.get_original_language_display(),
        },
    )
    return current


def request_lop_pdf(*, meeting: Meeting, variant: str, by=None, recent: bool = False):
    """Find or start the render of the list as the data stands now; see jobs.request_render.

    `recent`: the fingerprint remembered under the list's version (selectors_lists.
    recent_lop_fingerprints), which spares the public PDF's every hit reading and hashing every row.
    """
    if variant not in Variant.ALL:
        raise ValueError(variant)
    fingerprints = selectors.recent_lop_fingerprints(meeting) if recent else selectors.lop_fingerprints(meeting)
    return jobs.request_render(
        kind=LOP_KIND,
        meeting=meeting,
        key=lop_key(variant),
        params={"variant": variant},
        fingerprint=fingerprints[variant],
        filename=lop_filename(meeting, variant),
        by=by,
    )


# ---------------------------------------------------------------- badges


@transaction.atomic
def ensure_badge_keys(*, participants, by=None) -> int:
    """Give each participant in the list a badge key if it has none; returns how many keys were written.

    The UPDATE touches a row only while it still has no key (the queryset's
    `badge_key IS NULL` stays in bulk_update's WHERE), so two renders running at once
    never replace a key that a printed badge already carries; the keys are then read
    back, whoever wrote them. One statement per batch of 500 rows. A key opens the
    door at check-in, so the keys given are recorded on the meeting's trail.
    """
    missing = [p for p in participants if not p.badge_key]
    if not missing:
        return 0
    fresh = [Participant(pk=p.pk, badge_key=new_badge_key()) for p in missing]
    written = Participant.objects.filter(badge_key__isnull=True).bulk_update(fresh, ["badge_key"], batch_size=500)
    rows = Participant.objects.filter(pk__in=[p.pk for p in missing]).values_list(
        "pk", "badge_key", "delegation__meeting_id"
    )
    keys, meeting_ids = {}, set()
    for pk, key, meeting_id in rows:
        keys[pk] = key
        meeting_ids.add(meeting_id)
    for participant in missing:
        participant.badge_key = keys.get(participant.pk)
    if written:
        for meeting_id in sorted(meeting_ids):
            log_action(
                trail=f"meeting:{meeting_id}",
                actor=by,
                action="issued badge keys",
                subject=f"meeting {meeting_id}",
                detail=ngettext("%(count)d participant", "%(count)d participants", written) % {"count": written},
            )
    return written


def request_badges(*, meeting: Meeting, params: dict, by=None):
    """Find or start the render of a set of badges; refuses an empty set (NoBadges)."""
    participants = selectors.badge_participants(meeting, params)
    if not participants:
        raise NoBadges(_("There is no badge to print in this set."))
    ensure_badge_keys(participants=participants, by=by)
    return jobs.request_render(
        kind=BADGES_KIND,
        meeting=meeting,
        key=set_key(params),
        params=params,
        fingerprint=badges_fingerprint(meeting, params, participants),
        filename=set_filename(meeting, params),
        by=by,
    )


@transaction.atomic
def badges_mark_printed(*, job, by) -> dict:
    """Record that the badges of a finished job were printed.

    A participant's first print sets `badge_printed_at`; every later one is
    recorded as a reprint. Returns the counts of first prints and reprints.
    """
    if job.kind != BADGES_KIND or not job.is_done:
        raise ValueError("Only a finished sheet of badges can be marked as printed.")
    authorize(by, "delegations.print_badges", job.meeting)
    ids = job.meta.get("participant_ids", [])
    participants = list(
        Participant.objects.select_for_update().filter(pk__in=ids, delegation__meeting_id=job.meeting_id)
    )
    now = timezone.now()
    first, prints = [], []
    for participant in participants:
        is_reprint = participant.badge_printed_at is not None
        if not is_reprint:
            participant.badge_printed_at = now
            first.append(participant)
        prints.append(BadgePrint(participant=participant, printed_at=now, by=by, is_reprint=is_reprint))
    Participant.objects.bulk_update(first, ["badge_printed_at"], batch_size=500)
    BadgePrint.objects.bulk_create(prints, batch_size=500)
    counts = {"first": len(first), "reprints": len(prints) - len(first)}
    if len(participants) == 1:
        participant = participants[0]
        log_action(
            trail=participant.trail,
            actor=by,
            action="reprinted badge" if counts["reprints"] else "printed badge",
            subject=participant,
        )
    log_action(
        trail=f"meeting:{job.meeting_id}",
        actor=by,
        action="printed badges",
        subject=job.meeting,
        detail=_("%(first)s, %(reprints)s (%(set)s)")
        % {
            "first": ngettext("%(count)d first print", "%(count)d first prints", counts["first"])
            % {"count": counts["first"]},
            "reprints": ngettext("%(count)d reprint", "%(count)d reprints", counts["reprints"])
            % {"count": counts["reprints"]},
            "set": selectors.describe_set(job.params),
        },
    )
    return counts


# ---------------------------------------------------------------- check-in


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
