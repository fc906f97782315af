"""Reads shared by the programme, agenda, speakers' list and secretariat pages.

Each returns everything its page shows in a fixed number of queries, whatever
the number of sessions or speakers.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ccm_portal.audit.models import AuditEntry
from ccm_portal.meetings.models import Meeting
from ccm_portal.tables import page_of
from ccm_portal.translated import shown
from delegations.models import Delegation

from .filters import SideEventFilter
from .models import Agenda, AgendaItem, MeetingSession, SideEventRequest, SpeakerEntry, SpeakersList

WAITING = SpeakerEntry.Status.INSCRIBED
WITHDRAWN = SpeakerEntry.Status.WITHDRAWN


def agenda_of(meeting: Meeting) -> Agenda | None:
    return Agenda.objects.filter(meeting=meeting).first()


def agenda_or_unsaved(meeting: Meeting) -> Agenda:
    """The meeting's agenda, or an empty provisional one not saved: the first write saves it, a read never does."""
    return agenda_of(meeting) or Agenda(meeting=meeting)


def agenda_items(agenda: Agenda | None) -> list[AgendaItem]:
    if agenda is None or agenda.pk is None:
        return []
    return list(agenda.items.order_by("sort_order"))


# The address parameter of the page of a history shown under a list of speakers or a request.
HISTORY_PAGE = "history"
# And of the page of the changes made to an adopted agenda.
CHANGES_PAGE = "changes"


def agenda_changes_since_adoption(agenda: Agenda, page=None):
    """One page of 25 of the changes made to an adopted agenda since its adoption, in the order
    they were made (`page`: its number from the address); None for an agenda not adopted."""
    if not agenda.is_adopted:
        return None
    changes = (
        AuditEntry.objects.filter(trail=agenda.trail, created_at__gt=agenda.adopted_at)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    return page_of(changes, page, field=CHANGES_PAGE)


def audit(trail: str, page=None):
    """One page of 25 of a trail's history, newest first (`page`: its number from the address)."""
    return page_of(AuditEntry.objects.filter(trail=trail).select_related("actor"), page, field=HISTORY_PAGE)


def _lists_with_counts():
    return SpeakersList.objects.annotate(
        waiting_count=Count("entries", filter=Q(entries__status=WAITING)),
        speaker_count=Count("entries", filter=~Q(entries__status=WITHDRAWN)),
    )


def programme_sessions(meeting: Meeting, *, thematic_area: str = "", room=None):
    """The meeting's sessions in time order, with rooms, agenda items and their lists of speakers."""
    qs = (
        MeetingSession.objects.filter(meeting=meeting)
        .select_related("room")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("sort_order")),
            Prefetch("agenda_items__speakers_lists", queryset=_lists_with_counts()),
            Prefetch("speakers_lists", queryset=_lists_with_counts()),
        )
        .order_by("starts_at", shown("room__name"), "pk")
    )
    if thematic_area:
        by_item = MeetingSession.objects.filter(agenda_items__thematic_area=thematic_area).values("pk")
        qs = qs.filter(Q(thematic_area=thematic_area) | Q(pk__in=by_item))
    if room is not None:
        qs = qs.filter(room=room)
    return qs


@dataclass
class Day:
    day: date
    sessions: list


def by_day(meeting: Meeting, sessions) -> list[Day]:
    """Sessions grouped by their local date at the meeting."""
    tz = meeting.tzinfo
    days: dict[date, list] = defaultdict(list)
    for session in sessions:
        days[session.starts_at.astimezone(tz).date()].append(session)
    return [Day(day, days[day]) for day in sorted(days)]


def session_lists(session: MeetingSession) -> list[SpeakersList]:
    """The session's own list of speakers and those of the agenda items it takes up, with their entries."""
    entries = SpeakerEntry.objects.select_related("delegation", "statement").order_by("position")
    item_ids = [item.pk for item in session.agenda_items.all()]
    return list(
        SpeakersList.objects.filter(Q(session=session) | Q(agenda_item_id__in=item_ids))
        .select_related("agenda_item", "session")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("agenda_item__sort_order", "pk")
    )


def session_for_page(meeting: Meeting, pk: int) -> MeetingSession:
    return (
        MeetingSession.objects.select_related("room", "meeting")
        .prefetch_related(Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("sort_order")))
        .get(meeting=meeting, pk=pk)
    )


def list_entries(speakers_list: SpeakersList) -> list[SpeakerEntry]:
    return list(
        SpeakerEntry.objects.filter(speakers_list=speakers_list)
        .select_related("delegation", "statement")
        .order_by("position")
    )


def speakers_list_for_meeting(meeting: Meeting, pk: int) -> SpeakersList:
    return SpeakersList.objects.select_related("agenda_item", "session", "meeting").get(meeting=meeting, pk=pk)


@dataclass
class LiveState:
    current: SpeakerEntry | None
    seconds_left: int | None
    next_up: list[SpeakerEntry]
    limit: int | None


def live_state(speakers_list: SpeakersList, now: datetime | None = None) -> LiveState:
    """Who speaks, how many seconds remain (negative once over time), and the next three waiting."""
    now = now or timezone.now()
    entries = list(
        SpeakerEntry.objects.filter(
            speakers_list=speakers_list, status__in=[SpeakerEntry.Status.SPEAKING, SpeakerEntry.Status.INSCRIBED]
        )
        .select_related("delegation")
        .order_by("position")
    )
    current = next((e for e in entries if e.status == SpeakerEntry.Status.SPEAKING), None)
    limit = speakers_list.time_limit_seconds
    seconds_left = None
    if current is not None and limit and current.started_at:
        seconds_left = int(limit - (now - current.started_at).total_seconds())
    waiting = [e for e in entries if e.status == WAITING]
    return LiveState(current=current, seconds_left=seconds_left, next_up=waiting[:3], limit=limit)


def staff_sessions(meeting: Meeting) -> list[MeetingSession]:
    return list(
        MeetingSession.objects.filter(meeting=meeting)
        .select_related("room", "side_event_request__delegation")
        .prefetch_related(Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("sort_order")))
        .order_by("starts_at", shown("room__name"), "pk")
    )


def programme_problems(meeting: Meeting, sessions: list[MeetingSession]) -> dict[int, list[str]]:
    """Clashes in the saved programme, per session pk, computed in memory from already-loaded sessions."""
    tz = meeting.tzinfo
    problems: dict[int, list[str]] = defaultdict(list)
    by_room = defaultdict(list)
    for session in sessions:
        by_room[session.room_id].append(session)
        first, last = session.starts_at.astimezone(tz).date(), session.ends_at.astimezone(tz).date()
        if first < meeting.start_date or last > meeting.end_date:
            problems[session.pk].append(_("outside the meeting's dates"))
        if session.expected_attendance and session.expected_attendance > session.room.capacity:
            problems[session.pk].append(
                _("%(expected)s expected, %(room)s seats %(seats)s")
                % {"expected": session.expected_attendance, "room": session.room.name, "seats": session.room.capacity}
            )
    for room_sessions in by_room.values():
        room_sessions.sort(key=lambda s: s.starts_at)
        for index, session in enumerate(room_sessions):
            for other in room_sessions[index + 1 :]:
                if other.starts_at >= session.ends_at:
                    break
                problems[session.pk].append(_("same room as “%(title)s”") % {"title": other.title})
                problems[other.pk].append(_("same room as “%(title)s”") % {"title": session.title})
    return dict(problems)


def side_event_queue(meeting: Meeting, data=None) -> SideEventFilter:
    """The side-event requests the page's parameters ask for (`.qs`), oldest first, and the filter form."""
    qs = (
        SideEventRequest.objects.filter(meeting=meeting)
        .select_related("delegation", "requested_by", "session__room", "decided_by")
        .order_by("created_at", "pk")
    )
    return SideEventFilter(data or None, queryset=qs)


def side_event_counts(meeting: Meeting) -> dict[str, int]:
    rows = SideEventRequest.objects.filter(meeting=meeting).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def speakers_index(meeting: Meeting) -> dict:
    """Every list of the meeting with its counts, and what could still get a list."""
    lists = list(
        _lists_with_counts()
        .filter(meeting=meeting)
        .select_related("agenda_item", "session")
        .order_by("agenda_item__sort_order", "session__starts_at", "pk")
    )
    with_list_items = {sl.agenda_item_id for sl in lists if sl.agenda_item_id}
    with_list_sessions = {sl.session_id for sl in lists if sl.session_id}
    agenda = agenda_of(meeting)
    items = [item for item in agenda_items(agenda) if item.pk not in with_list_items]
    sessions = [
        session
        for session in MeetingSession.objects.filter(meeting=meeting).order_by("starts_at", "pk")
        if session.pk not in with_list_sessions
    ]
    return {"lists": lists, "free_items": items, "free_sessions": sessions}


def accredited_delegations(meeting: Meeting):
    return Delegation.objects.filter(meeting=meeting, status=Delegation.Status.APPROVED).in_list_order()


def floor_page(delegation: Delegation) -> dict:
    """What a delegation's focal point sees: the lists it can join, its own places and its side-event requests."""
    meeting = delegation.meeting
    mine = SpeakerEntry.objects.filter(delegation=delegation).select_related("statement").order_by("position")
    lists = list(
        _lists_with_counts()
        .filter(meeting=meeting)
        .filter(Q(is_open=True) | Q(pk__in=SpeakerEntry.objects.filter(delegation=delegation).values("speakers_list")))
        .select_related("agenda_item", "session")
        .prefetch_related(Prefetch("entries", queryset=mine, to_attr="my_entries"))
        .order_by("agenda_item__sort_order", "session__starts_at", "pk")
    )
    for speakers_list in lists:
        speakers_list.my_statement = next((e for e in speakers_list.my_entries if not e.is_reply), None)
        speakers_list.my_reply = next((e for e in speakers_list.my_entries if e.is_reply), None)
    requests = list(
        SideEventRequest.objects.filter(delegation=delegation).select_related("session__room").order_by("created_at")
    )
    return {"lists": lists, "side_events": requests}
