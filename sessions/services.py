"""Every write to rooms, the agenda, sessions, side events, lists of speakers and statements.

Each function owns its transaction and its audit entry, refuses what the rules
do not allow with a `ProgrammeError` whose message is for the user, and sends
e-mail only after the transaction commits.
"""

import hashlib
import string
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ccm_portal import pagecache
from ccm_portal.access import allowed
from ccm_portal.audit.models import AuditEntry
from ccm_portal.audit.services import log_action
from ccm_portal.concurrency import ConcurrentEditError, check_version  # noqa: F401 - views catch services.ConcurrentEditError
from ccm_portal.meetings.models import Meeting
from ccm_portal.meetings.timezones import iso_minutes
from ccm_portal.translated import content_languages, submitted_texts
from ccm_portal.uploads import validate_pdf_upload
from delegations.models import Delegation

from . import notifications
from .dates import clock_time, weekday_day
from .models import (
    Agenda,
    AgendaItem,
    MeetingSession,
    Room,
    SideEventRequest,
    SpeakerEntry,
    SpeakersList,
    Statement,
)
from .slots import slot_choices


class ProgrammeError(Exception):
    """A request the rules do not allow; the message is for the user, `field` names the form field."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Clash:
    kind: str  # "room", "dates" or "capacity"
    message: str


class ClashError(ProgrammeError):
    """The session clashes; the secretariat may accept exactly these clashes by their signature."""

    def __init__(self, clashes: list[Clash]):
        self.clashes = clashes
        self.signature = clash_signature(clashes)
        super().__init__(
            _("This session clashes with the programme: %(clashes)s Tick “accept the clash” to save it anyway.")
            % {"clashes": " ".join(clash.message for clash in clashes)}
        )


class AlreadyInscribed(ProgrammeError):
    pass


def programme_trail(meeting: Meeting) -> str:
    return f"programme:{meeting.pk}"


def _require_planner(by) -> None:
    if not allowed(by, "ccm_sessions.plan_programme"):
        raise ProgrammeError(_("Only the secretariat and the presidency plan the programme."))


def _require_secretariat(by, perm: str = "ccm_sessions.manage_speakers") -> None:
    if not allowed(by, perm):
        raise ProgrammeError(_("Only the secretariat can do this."))


# Rooms ---------------------------------------------------------------------


@transaction.atomic
def room_save(*, meeting: Meeting, by, data: dict, room: Room | None = None, expected_version=None) -> Room:
    """Create or change a room; refuses a name already used at the meeting and a stale form."""
    _require_planner(by)
    first = content_languages(meeting)[0]
    names = submitted_texts(data, "name", first)
    rooms = Room.objects.filter(meeting=meeting).exclude(pk=getattr(room, "pk", None))
    for field, name in names.items():
        if name and rooms.filter(**{f"{field}__iexact": name}).exists():
            raise ProgrammeError(
                _("The meeting already has a room called “%(name)s”.") % {"name": name},
                field=field if field in data else "name",
            )
    name = next((value for value in names.values() if value), "")
    if room is None:
        room = Room(meeting=meeting)
        action = "added room"
    else:
        room = Room.objects.select_for_update().get(pk=room.pk)
        check_version(room, expected_version)
        room.version += 1
        action = "changed room"
    for field, value in {**names, **submitted_texts(data, "location", first)}.items():
        setattr(room, field, value)
    room.capacity = data["capacity"]
    try:
        with transaction.atomic():
            room.save()
    except IntegrityError:
        raise ProgrammeError(
            _("The meeting already has a room called “%(name)s”.") % {"name": name}, field="name"
        ) from None
    log_action(
        trail=programme_trail(meeting),
        actor=by,
        action=action,
        subject=room,
        detail=_("%(capacity)d seats") % {"capacity": room.capacity},
    )
    return room


@transaction.atomic
def room_delete(*, room: Room, by) -> None:
    """Remove a room; refuses one that sessions still use."""
    _require_planner(by)
    room = Room.objects.select_for_update().get(pk=room.pk)
    if room.sessions.exists():
        count = room.sessions.count()
        raise ProgrammeError(
            ngettext(
                "%(room)s still holds %(count)d session: move it to another room first.",
                "%(room)s still holds %(count)d sessions: move them to another room first.",
                count,
            )
            % {"room": room.name, "count": count}
        )
    log_action(trail=programme_trail(room.meeting), actor=by, action="removed room", subject=room)
    room.delete()


# Agenda --------------------------------------------------------------------


def agenda_for(meeting: Meeting) -> Agenda:
    """The meeting's agenda, created (provisional and empty) the first time it is asked for."""
    agenda, _created = Agenda.objects.get_or_create(meeting=meeting)
    return agenda


def _lock_agenda(agenda: Agenda) -> Agenda:
    """The agenda row, locked; an agenda not saved yet (pages show one before any item) is created by this write."""
    if agenda.pk is None:
        agenda, _created = Agenda.objects.get_or_create(meeting=agenda.meeting)
    return Agenda.objects.select_for_update().select_related("meeting").get(pk=agenda.pk)


def _letters(index: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: the letters of sub-items."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_lowercase[remainder] + letters
    return letters


def _renumber(agenda: Agenda) -> None:
    """Recompute every number and sort order from the positions.

    Numbers are unique per agenda, so changed rows first take a temporary
    number and then their final one: no row ever collides mid-update.
    """
    items = list(AgendaItem.objects.filter(agenda=agenda))
    tops = sorted((item for item in items if item.parent_id is None), key=lambda item: item.position)
    children = defaultdict(list)
    for item in items:
        if item.parent_id is not None:
            children[item.parent_id].append(item)
    wanted = {}
    for top_index, top in enumerate(tops, start=1):
        wanted[top.pk] = (str(top_index), top_index * 1000)
        for sub_index, sub in enumerate(sorted(children[top.pk], key=lambda item: item.position), start=1):
            wanted[sub.pk] = (f"{top_index}({_letters(sub_index)})", top_index * 1000 + sub_index)
    changed = [item for item in items if (item.number, item.sort_order) != wanted[item.pk]]
    if not changed:
        return
    if agenda.is_adopted:
        frozen = [item for item in changed if not item.number.startswith("~")]
        if frozen:
            raise ProgrammeError(_("The agenda is adopted: its numbering is frozen."))
    for item in changed:
        item.number = f"~{item.pk}"
    AgendaItem.objects.bulk_update(changed, ["number"])
    for item in changed:
        item.number, item.sort_order = wanted[item.pk]
    AgendaItem.objects.bulk_update(changed, ["number", "sort_order"])
    # bulk_update sends no post_save: the cached programme and agenda learn of it here.
    pagecache.bump(agenda.meeting_id, pagecache.PROGRAMME)


ITEM_FIELDS = ["thematic_area", "coordinator"]
# Entered per language (sessions/translation.py): the columns title_en, title_fr, ...
ITEM_TEXTS = ["title", "annotation"]


def _item_texts(agenda: Agenda, data: dict) -> dict:
    first = content_languages(agenda.meeting)[0]
    return {name: value for field in ITEM_TEXTS for name, value in submitted_texts(data, field, first).items()}


@transaction.atomic
def agenda_item_add(*, agenda: Agenda, by, data: dict, parent: AgendaItem | None = None) -> AgendaItem:
    """Add an item at the end of the agenda, or a sub-item at the end of its parent.

    Refuses a sub-item of a sub-item (numbering goes one level deep: 5(a)). On
    an adopted agenda the item is marked as added after adoption.
    """
    _require_planner(by)
    agenda = _lock_agenda(agenda)
    if parent is not None:
        if parent.agenda_id != agenda.pk:
            raise ProgrammeError(_("That item belongs to another agenda."), field="parent")
        if parent.parent_id is not None:
            raise ProgrammeError(
                _("Sub-items go one level deep (5(a)); %(number)s is already a sub-item.") % {"number": parent.number},
                field="parent",
            )
    siblings = AgendaItem.objects.filter(agenda=agenda, parent=parent)
    position = (siblings.aggregate(top=Max("position"))["top"] or 0) + 1
    item = AgendaItem.objects.create(
        agenda=agenda,
        parent=parent,
        position=position,
        number=f"~{uuid.uuid4().hex[:10]}",
        added_after_adoption=agenda.is_adopted,
        **{field: data.get(field, "") for field in ITEM_FIELDS},
        **_item_texts(agenda, data),
    )
    _renumber(agenda)
    item.refresh_from_db()
    log_action(
        trail=agenda.trail,
        actor=by,
        action="added item after adoption" if agenda.is_adopted else "added item",
        subject=item,
    )
    return item


def _display(item: AgendaItem, field: str) -> str:
    if field == "coordinator":
        return str(item.coordinator.name) if item.coordinator else ""
    if field == "thematic_area":
        return str(item.get_thematic_area_display())
    return str(getattr(item, field) or "")


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by, data: dict, expected_version: int | None) -> AgendaItem:
    """Change an item's wording, area or coordinator; after adoption the change is recorded as an amendment."""
    _require_planner(by)
    agenda = _lock_agenda(item.agenda)
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    check_version(current, expected_version)
    texts = _item_texts(agenda, data)
    fields = [*ITEM_FIELDS, *texts]
    before = {field: _display(current, field) for field in fields}
    for field in ITEM_FIELDS:
        if field in data:
            setattr(current, field, data[field])
    for field, value in texts.items():
        setattr(current, field, value)
    after = {field: _display(current, field) for field in fields}
    changes = [
        f"{AgendaItem._meta.get_field(field).verbose_name}: {before[field]} → {after[field]}"
        for field in fields
        if before[field] != after[field]
    ]
    if not changes:
        return current
    current.version += 1
    current.save()
    log_action(
        trail=agenda.trail,
        actor=by,
        action="amended item after adoption" if agenda.is_adopted else "changed item",
        subject=current,
        detail="; ".join(changes),
    )
    return current


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by, direction: str) -> AgendaItem:
    """Swap an item with its neighbour among its siblings; refused once the agenda is adopted."""
    _require_planner(by)
    agenda = _lock_agenda(item.agenda)
    if agenda.is_adopted:
        raise ProgrammeError(_("The agenda is adopted: its numbering is frozen, items can no longer move."))
    if direction not in ("up", "down"):
        raise ProgrammeError(_("Move an item up or down."))
    item = AgendaItem.objects.get(pk=item.pk)
    siblings = list(AgendaItem.objects.filter(agenda=agenda, parent_id=item.parent_id).order_by("position"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    neighbour_index = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour_index < len(siblings):
        raise ProgrammeError(
            (_("%(number)s is already first.") if direction == "up" else _("%(number)s is already last."))
            % {"number": item.number}
        )
    neighbour = siblings[neighbour_index]
    old_number = item.number
    mine, theirs = item.position, neighbour.position
    # Position 0 is never used by an item: a free place for the swap.
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    AgendaItem.objects.filter(pk=neighbour.pk).update(position=mine)
    AgendaItem.objects.filter(pk=item.pk).update(position=theirs)
    pagecache.bump(agenda.meeting_id, pagecache.PROGRAMME)
    _renumber(agenda)
    item.refresh_from_db()
    log_action(
        trail=agenda.trail,
        actor=by,
        action="moved item",
        subject=item,
        detail=_("%(old)s → %(new)s") % {"old": old_number, "new": item.number},
    )
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by) -> None:
    """Remove an item of a provisional agenda; refuses one with sub-items, sessions or a list of speakers."""
    _require_planner(by)
    agenda = _lock_agenda(item.agenda)
    if agenda.is_adopted:
        raise ProgrammeError(_("The agenda is adopted: items can no longer be removed."))
    item = AgendaItem.objects.get(pk=item.pk)
    if item.sub_items.exists():
        raise ProgrammeError(_("%(number)s has sub-items: remove them first.") % {"number": item.number})
    if item.sessions.exists():
        raise ProgrammeError(
            _("Sessions take up %(number)s: take it off those sessions first.") % {"number": item.number}
        )
    if item.speakers_lists.exists():
        raise ProgrammeError(_("%(number)s has a list of speakers.") % {"number": item.number})
    log_action(trail=agenda.trail, actor=by, action="removed item", subject=item)
    item.delete()
    _renumber(agenda)


@transaction.atomic
def agenda_adopt(*, agenda: Agenda, by) -> Agenda:
    """Record that the meeting adopted its agenda, freezing the numbering; refuses an empty one or a second time."""
    _require_planner(by)
    agenda = _lock_agenda(agenda)
    if agenda.is_adopted:
        raise ProgrammeError(_("The agenda was already adopted."))
    items = list(agenda.items.order_by("sort_order"))
    if not items:
        raise ProgrammeError(_("The agenda has no items yet."))
    agenda.status = Agenda.Status.ADOPTED
    agenda.adopted_at = timezone.now()
    agenda.adopted_by = by
    agenda.save(update_fields=["status", "adopted_at", "adopted_by", "updated_at"])
    log_action(
        trail=agenda.trail,
        actor=by,
        action="adopted agenda",
        subject=agenda.meeting.short_title,
        detail="\n".join(str(item) for item in items),
    )
    return agenda


# Sessions ------------------------------------------------------------------


def local_datetime(meeting: Meeting, day: date, at: time) -> datetime:
    """The aware instant of a local date and time at the meeting; refuses a time the clocks skip."""
    tz = meeting.tzinfo
    value = datetime.combine(day, at, tzinfo=tz)
    if value.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != value.replace(tzinfo=None):
        raise ProgrammeError(
            _("%(time)s does not exist on %(day)s in %(tz)s: the clocks change that night.")
            % {"time": clock_time(at), "day": date_format(day, "DATE_FORMAT"), "tz": meeting.time_zone}
        )
    return value


def _local(meeting: Meeting, value: datetime) -> datetime:
    return value.astimezone(meeting.tzinfo)


def clash_signature(clashes: list[Clash]) -> str:
    text = "\n".join(sorted(clash.message for clash in clashes))
    return hashlib.sha256(text.encode()).hexdigest()[:20] if clashes else ""


def find_clashes(
    *,
    meeting: Meeting,
    room: Room,
    starts_at: datetime,
    ends_at: datetime,
    expected_attendance: int | None = None,
    exclude_pk: int | None = None,
) -> list[Clash]:
    """What is wrong with this place and time: a double-booked room, a day outside the meeting, too few seats."""
    clashes = []
    overlapping = (
        MeetingSession.objects.filter(room=room, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk=exclude_pk)
        .order_by("starts_at")
    )
    for other in overlapping:
        start, end = _local(meeting, other.starts_at), _local(meeting, other.ends_at)
        clashes.append(
            Clash(
                "room",
                _("%(room)s is already booked on %(day)s from %(start)s to %(end)s for “%(title)s”.")
                % {
                    "room": room.name,
                    "day": weekday_day(start),
                    "start": clock_time(start),
                    "end": clock_time(end),
                    "title": other.title,
                },
            )
        )
    first, last = _local(meeting, starts_at).date(), _local(meeting, ends_at).date()
    if first < meeting.start_date or last > meeting.end_date:
        clashes.append(
            Clash(
                "dates",
                _("%(day)s is outside the meeting's dates (%(dates)s).")
                % {"day": date_format(first, "DATE_FORMAT"), "dates": meeting.dates_display},
            )
        )
    if expected_attendance and expected_attendance > room.capacity:
        clashes.append(
            Clash(
                "capacity",
                _("%(expected)d people are expected but %(room)s seats %(capacity)d.")
                % {"expected": expected_attendance, "room": room.name, "capacity": room.capacity},
            )
        )
    return clashes


def _default_from_items(session: MeetingSession, agenda_items: list[AgendaItem]) -> None:
    """A session on one thematic area takes the area and its Friend of the President from its items, unless set."""
    areas = {item.thematic_area for item in agenda_items if item.thematic_area}
    coordinators = {item.coordinator.code for item in agenda_items if item.coordinator}
    if not session.thematic_area and len(areas) == 1:
        session.thematic_area = areas.pop()
    if not session.coordinator and len(coordinators) == 1:
        session.coordinator = coordinators.pop()


SESSION_FIELDS = [
    "kind",
    "thematic_area",
    "chair",
    "coordinator",
    "organisers",
    "expected_attendance",
]
# Entered per language (sessions/translation.py): the columns title_en, title_fr, ...
SESSION_TEXTS = ["title", "description"]


@transaction.atomic
def session_save(
    *,
    meeting: Meeting,
    by,
    data: dict,
    session: MeetingSession | None = None,
    expected_version=None,
    accept_clashes: str = "",
) -> MeetingSession:
    """Create or change a session.

    Refuses a session that does not end after it starts, a room or agenda item
    of another meeting, and a stale form. Clashes (double-booked room, a day
    outside the meeting, too few seats) are refused unless `accept_clashes`
    carries the signature of exactly these clashes, in which case they are
    saved on the session and recorded in the audit trail.
    """
    _require_planner(by)
    starts_at, ends_at, room = data["starts_at"], data["ends_at"], data["room"]
    if ends_at <= starts_at:
        raise ProgrammeError(
            _("The session ends before it starts: the end must come after %(start)s.")
            % {"start": clock_time(_local(meeting, starts_at))},
            field="end_time",
        )
    if room.meeting_id != meeting.pk:
        raise ProgrammeError(_("Choose a room of this meeting."), field="room")
    # One booking of a room at a time: the room row serialises clash checks.
    room = Room.objects.select_for_update().get(pk=room.pk)
    agenda_items = list(data.get("agenda_items", []))
    if AgendaItem.objects.filter(pk__in=[item.pk for item in agenda_items], agenda__meeting=meeting).count() != len(
        agenda_items
    ):
        raise ProgrammeError(_("Choose agenda items of this meeting."), field="agenda_items")

    if session is None:
        session = MeetingSession(meeting=meeting, created_by=by)
        action = "added session"
    else:
        session = MeetingSession.objects.select_for_update().get(pk=session.pk)
        check_version(session, expected_version)
        session.version += 1
        action = "changed session"

    clashes = find_clashes(
        meeting=meeting,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        expected_attendance=data.get("expected_attendance"),
        exclude_pk=session.pk,
    )
    if clashes and accept_clashes != clash_signature(clashes):
        raise ClashError(clashes)

    for field in SESSION_FIELDS:
        if field in data:
            value = data[field]
            setattr(session, field, "" if value is None and field != "expected_attendance" else value)
    first = content_languages(meeting)[0]
    for field in SESSION_TEXTS:
        for name, value in submitted_texts(data, field, first).items():
            setattr(session, name, value)
    session.starts_at, session.ends_at, session.room = starts_at, ends_at, room
    _default_from_items(session, agenda_items)
    session.accepted_clashes = "\n".join(clash.message for clash in clashes)
    session.save()
    session.agenda_items.set(agenda_items)

    start, end = _local(meeting, starts_at), _local(meeting, ends_at)
    log_action(
        trail=programme_trail(meeting),
        actor=by,
        action=action,
        subject=session,
        detail=f"{iso_minutes(start, meeting.tzinfo)}–{end.time().isoformat('minutes')}, {room.name}",
    )
    if clashes:
        log_action(
            trail=programme_trail(meeting),
            actor=by,
            action="accepted clash",
            subject=session,
            detail=session.accepted_clashes,
        )
    return session


@transaction.atomic
def session_delete(*, session: MeetingSession, by) -> None:
    """Remove a session; refuses an approved side event (decline it instead) and one with a list of speakers."""
    _require_planner(by)
    session = MeetingSession.objects.select_for_update().select_related("meeting").get(pk=session.pk)
    if SideEventRequest.objects.filter(session=session).exists():
        raise ProgrammeError(
            _("This side event was approved from a request: decline the request instead, so its organisers are told.")
        )
    if session.speakers_lists.exists():
        raise ProgrammeError(_("This session has a list of speakers."))
    log_action(trail=programme_trail(session.meeting), actor=by, action="removed session", subject=session)
    session.delete()


# Side events ---------------------------------------------------------------


@transaction.atomic
def side_event_request(*, delegation: Delegation, by, data: dict) -> SideEventRequest:
    """A delegation asks for a side event; refuses a draft or rejected delegation and a title it already used."""
    if not allowed(by, "ccm_sessions.request_side_event", delegation):
        raise ProgrammeError(_("Only the delegation's focal points can request its side events."))
    if delegation.status not in (Delegation.Status.SUBMITTED, Delegation.Status.APPROVED):
        raise ProgrammeError(
            _("Submit the registration of %(name)s before requesting a side event.") % {"name": delegation.sort_name}
        )
    offered = {value for value, _label in slot_choices(delegation.meeting)}
    slots = list(data.get("preferred_slots", []))
    if not slots or not set(slots) <= offered:
        raise ProgrammeError(_("Choose one or more slots during the meeting."), field="preferred_slots")
    title = data["title"].strip()
    if SideEventRequest.objects.filter(delegation=delegation, title__iexact=title).exists():
        raise ProgrammeError(
            _("%(name)s has already requested a side event with this title.") % {"name": delegation.sort_name},
            field="title",
        )
    try:
        with transaction.atomic():
            request = SideEventRequest.objects.create(
                meeting=delegation.meeting,
                delegation=delegation,
                requested_by=by,
                title=title,
                organisers=data["organisers"],
                description=data.get("description", ""),
                expected_attendance=data["expected_attendance"],
                preferred_slots=slots,
            )
    except IntegrityError:
        raise ProgrammeError(
            _("%(name)s has already requested a side event with this title.") % {"name": delegation.sort_name},
            field="title",
        ) from None
    log_action(trail=request.trail, actor=by, action="requested side event", subject=request)
    log_action(trail=delegation.trail, actor=by, action="requested side event", subject=request)
    return request


@transaction.atomic
def side_event_approve(
    *,
    side_event: SideEventRequest,
    by,
    room: Room,
    starts_at: datetime,
    ends_at: datetime,
    accept_clashes: str = "",
) -> SideEventRequest:
    """Place a pending request in a room and slot as a side-event session and tell the focal points.

    Clashes follow the session rules (refused unless accepted by signature).
    """
    _require_secretariat(by, "ccm_sessions.manage_side_events")
    side_event = (
        SideEventRequest.objects.select_for_update().select_related("meeting", "delegation").get(pk=side_event.pk)
    )
    if side_event.status != SideEventRequest.Status.PENDING:
        raise ProgrammeError(_("This request has already been answered."))
    session = session_save(
        meeting=side_event.meeting,
        by=by,
        data={
            "kind": MeetingSession.Kind.SIDE_EVENT,
            "title": side_event.title,
            "organisers": side_event.organisers,
            "expected_attendance": side_event.expected_attendance,
            "description": side_event.description,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "room": room,
        },
        accept_clashes=accept_clashes,
    )
    side_event.status = SideEventRequest.Status.APPROVED
    side_event.session = session
    side_event.decided_by = by
    side_event.decided_at = timezone.now()
    side_event.decision_reason = ""
    side_event.save(update_fields=["status", "session", "decided_by", "decided_at", "decision_reason", "updated_at"])
    log_action(
        trail=side_event.trail,
        actor=by,
        action="approved side event",
        subject=side_event,
        detail=f"{room.name}, {iso_minutes(starts_at, side_event.meeting.tzinfo)}",
    )
    transaction.on_commit(partial(notifications.side_event_decided, side_event.pk))
    return side_event


@transaction.atomic
def side_event_decline(*, side_event: SideEventRequest, by, reason: str) -> SideEventRequest:
    """Decline a request with a reason (also cancels an approved one, removing its session); tells the focal points."""
    _require_secretariat(by, "ccm_sessions.manage_side_events")
    reason = reason.strip()
    if not reason:
        raise ProgrammeError(_("Give a reason; the focal point will read it."), field="reason")
    side_event = SideEventRequest.objects.select_for_update().get(pk=side_event.pk)
    if side_event.status == SideEventRequest.Status.DECLINED:
        raise ProgrammeError(_("This request has already been declined."))
    session = side_event.session
    if session is not None and session.speakers_lists.exists():
        raise ProgrammeError(_("The side event has a list of speakers; it cannot be cancelled."))
    side_event.status = SideEventRequest.Status.DECLINED
    side_event.session = None
    side_event.decision_reason = reason
    side_event.decided_by = by
    side_event.decided_at = timezone.now()
    side_event.save(update_fields=["status", "session", "decision_reason", "decided_by", "decided_at", "updated_at"])
    if session is not None:
        log_action(trail=programme_trail(side_event.meeting), actor=by, action="removed session", subject=session)
        session.delete()
    log_action(trail=side_event.trail, actor=by, action="declined side event", subject=side_event, detail=reason)
    transaction.on_commit(partial(notifications.side_event_decided, side_event.pk))
    return side_event


# Lists of speakers ---------------------------------------------------------


@transaction.atomic
def speakers_list_open(
    *,
    meeting: Meeting,
    by,
    agenda_item: AgendaItem | None = None,
    session: MeetingSession | None = None,
    time_limit_seconds: int | None = None,
) -> SpeakersList:
    """Open the list of speakers of an agenda item or of a session; refuses a second list for the same one."""
    _require_secretariat(by)
    if (agenda_item is None) == (session is None):
        raise ProgrammeError(_("A list of speakers belongs to one agenda item or to one session."))
    if agenda_item is not None and agenda_item.agenda.meeting_id != meeting.pk:
        raise ProgrammeError(_("Choose an agenda item of this meeting."))
    if session is not None and session.meeting_id != meeting.pk:
        raise ProgrammeError(_("Choose a session of this meeting."))
    existing = SpeakersList.objects.filter(agenda_item=agenda_item) if agenda_item else None
    if session is not None:
        existing = SpeakersList.objects.filter(session=session)
    if existing.exists():
        raise ProgrammeError(_("It already has a list of speakers."))
    try:
        with transaction.atomic():
            speakers_list = SpeakersList.objects.create(
                meeting=meeting, agenda_item=agenda_item, session=session, time_limit_seconds=time_limit_seconds
            )
    except IntegrityError:
        raise ProgrammeError(_("It already has a list of speakers.")) from None
    log_action(trail=speakers_list.trail, actor=by, action="opened list of speakers", subject=speakers_list)
    return speakers_list


def _lock_list(speakers_list: SpeakersList) -> SpeakersList:
    return SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)


def _touch(locked: SpeakersList) -> None:
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])


@transaction.atomic
def speakers_list_settings(
    *, speakers_list: SpeakersList, by, is_open: bool, time_limit_seconds: int | None
) -> SpeakersList:
    """Open or close inscription and set the speaking-time limit (None for no limit)."""
    _require_secretariat(by)
    locked = _lock_list(speakers_list)
    before = (locked.is_open, locked.time_limit_seconds)
    locked.is_open = is_open
    locked.time_limit_seconds = time_limit_seconds
    locked.version += 1
    locked.save(update_fields=["is_open", "time_limit_seconds", "version", "updated_at"])
    if before != (is_open, time_limit_seconds):
        limit = _("%(s)d s") % {"s": time_limit_seconds} if time_limit_seconds else _("none")
        log_action(
            trail=locked.trail,
            actor=by,
            action="changed list settings",
            subject=speakers_list,
            detail=_("inscription %(state)s; time limit %(limit)s")
            % {"state": _("open") if is_open else _("closed"), "limit": limit},
        )
    return locked


def _ordered_entries(locked: SpeakersList) -> list[SpeakerEntry]:
    return list(SpeakerEntry.objects.filter(speakers_list=locked).select_related("delegation").order_by("position"))


def _write_order(entries: list[SpeakerEntry]) -> None:
    """Give the entries positions 1..n in this order, touching only rows that move.

    Positions are unique per list, so moving rows first park far above any
    real position and then land: no row collides mid-update on any database.
    """
    moving = [entry for index, entry in enumerate(entries, start=1) if entry.position != index]
    if not moving:
        return
    park = 1_000_000
    for entry in moving:
        entry.position += park
    SpeakerEntry.objects.bulk_update(moving, ["position"])
    for index, entry in enumerate(entries, start=1):
        entry.position = index
    SpeakerEntry.objects.bulk_update(moving, ["position"])


def _category_place(entries: list[SpeakerEntry], entry: SpeakerEntry) -> list[SpeakerEntry]:
    """The list with `entry` placed by category, then time of inscription.

    A statement goes after every statement of its own or an earlier category,
    and after everyone who has already spoken or is speaking, so the list
    never reorders the past. Rights of reply stay at the end.
    """
    others = [other for other in entries if other.pk != entry.pk]
    statements = [other for other in others if other.kind == SpeakerEntry.Kind.STATEMENT]
    replies = [other for other in others if other.kind == SpeakerEntry.Kind.RIGHT_OF_REPLY]
    if entry.kind == SpeakerEntry.Kind.RIGHT_OF_REPLY:
        return statements + replies + [entry]
    done = (SpeakerEntry.Status.SPEAKING, SpeakerEntry.Status.SPOKE)
    index = 0
    for i, other in enumerate(statements):
        if other.delegation.category <= entry.delegation.category or other.status in done:
            index = i + 1
    return statements[:index] + [entry] + statements[index:] + replies


def _require_accredited(delegation: Delegation, speakers_list: SpeakersList) -> None:
    if delegation.meeting_id != speakers_list.meeting_id:
        raise ProgrammeError(_("%(name)s is not a delegation to this meeting.") % {"name": delegation.sort_name})
    if delegation.status != Delegation.Status.APPROVED:
        raise ProgrammeError(
            _(
                "%(name)s is not accredited to this meeting (its registration is %(status)s); "
                "only accredited delegations can take the floor."
            )
            % {"name": delegation.sort_name, "status": delegation.get_status_display().lower()}
        )


def _require_focal_point_or_secretariat(delegation: Delegation, by, perm: str) -> None:
    if not allowed(by, perm, delegation):
        raise ProgrammeError(_("Only the delegation's focal points can do this."))


def _place(
    locked: SpeakersList,
    delegation: Delegation,
    by,
    kind: str,
    *,
    at: int | None = None,
) -> tuple[SpeakerEntry, bool]:
    """Put a delegation on the locked list (new row, or its withdrawn row again); returns (entry, reused)."""
    entries = _ordered_entries(locked)
    existing = next((e for e in entries if e.delegation_id == delegation.pk and e.kind == kind), None)
    if existing is not None and existing.status != SpeakerEntry.Status.WITHDRAWN:
        what = _("a right of reply") if kind == SpeakerEntry.Kind.RIGHT_OF_REPLY else _("a statement")
        raise AlreadyInscribed(
            _("%(name)s is already on this list for %(what)s, at number %(position)d.")
            % {"name": delegation.sort_name, "what": what, "position": existing.position}
        )
    now = timezone.now()
    if existing is not None:
        entry = existing
        entry.require_transition(SpeakerEntry.Status.INSCRIBED, ProgrammeError)
        entry.status = SpeakerEntry.Status.INSCRIBED
        entry.inscribed_at, entry.inscribed_by = now, by
        entry.started_at = entry.ended_at = None
        entry.save(update_fields=["status", "inscribed_at", "inscribed_by", "started_at", "ended_at"])
    else:
        top = max((e.position for e in entries), default=0)
        try:
            with transaction.atomic():
                entry = SpeakerEntry.objects.create(
                    speakers_list=locked,
                    delegation=delegation,
                    kind=kind,
                    position=top + 1,
                    inscribed_at=now,
                    inscribed_by=by,
                )
        except IntegrityError:
            raise AlreadyInscribed(_("%(name)s is already on this list.") % {"name": delegation.sort_name}) from None
        entry.delegation = delegation
        entries.append(entry)
    if at is None or kind == SpeakerEntry.Kind.RIGHT_OF_REPLY:
        order = _category_place(entries, entry)
    else:
        # An explicit place counts from the top of the list; statements never go below rights of reply.
        others = [e for e in entries if e.pk != entry.pk]
        statements = [e for e in others if not e.is_reply]
        replies = [e for e in others if e.is_reply]
        statements.insert(min(max(at - 1, 0), len(statements)), entry)
        order = statements + replies
    _write_order(order)
    _touch(locked)
    return entry, existing is not None


@transaction.atomic
def speaker_inscribe(*, speakers_list: SpeakersList, delegation: Delegation, by) -> SpeakerEntry:
    """Inscribe a delegation to make a statement, in category order then time of inscription.

    Refuses a delegation that is not accredited, a closed list (except for the
    secretariat) and a second inscription; a withdrawn delegation is inscribed
    again on its old row, at the place a new inscription would take.
    """
    _require_focal_point_or_secretariat(delegation, by, "ccm_sessions.inscribe")
    locked = _lock_list(speakers_list)
    _require_accredited(delegation, locked)
    if not locked.is_open and not allowed(by, "ccm_sessions.manage_speakers"):
        raise ProgrammeError(_("This list of speakers is closed; ask the secretariat."))
    entry, reused = _place(locked, delegation, by, SpeakerEntry.Kind.STATEMENT)
    log_action(
        trail=locked.trail,
        actor=by,
        action="inscribed again" if reused else "inscribed",
        subject=delegation.sort_name,
        detail=_("number %(position)d") % {"position": entry.position},
    )
    return entry


@transaction.atomic
def speaker_insert(
    *, speakers_list: SpeakersList, delegation: Delegation, by, position: int | None = None
) -> SpeakerEntry:
    """The secretariat puts a delegation on the list, at `position` or else in category order."""
    _require_secretariat(by)
    locked = _lock_list(speakers_list)
    _require_accredited(delegation, locked)
    entry, _reused = _place(locked, delegation, by, SpeakerEntry.Kind.STATEMENT, at=position)
    log_action(
        trail=locked.trail,
        actor=by,
        action="inserted speaker",
        subject=delegation.sort_name,
        detail=_("number %(position)d") % {"position": entry.position},
    )
    return entry


@transaction.atomic
def right_of_reply_add(*, speakers_list: SpeakersList, delegation: Delegation, by) -> SpeakerEntry:
    """Add a right of reply at the end of the list; one per delegation and list."""
    _require_secretariat(by)
    locked = _lock_list(speakers_list)
    _require_accredited(delegation, locked)
    entry, _reused = _place(locked, delegation, by, SpeakerEntry.Kind.RIGHT_OF_REPLY)
    log_action(
        trail=locked.trail,
        actor=by,
        action="added right of reply",
        subject=delegation.sort_name,
        detail=_("number %(position)d") % {"position": entry.position},
    )
    return entry


def _locked_entry(entry: SpeakerEntry) -> tuple[SpeakersList, SpeakerEntry]:
    locked = _lock_list(entry.speakers_list)
    return locked, SpeakerEntry.objects.select_related("delegation").get(pk=entry.pk)


@transaction.atomic
def speaker_withdraw(*, entry: SpeakerEntry, by) -> SpeakerEntry:
    """Take a waiting delegation off the list; its focal point or the secretariat may."""
    _require_focal_point_or_secretariat(entry.delegation, by, "ccm_sessions.inscribe")
    locked, entry = _locked_entry(entry)
    if entry.status != SpeakerEntry.Status.INSCRIBED and not allowed(by, "ccm_sessions.manage_speakers"):
        raise ProgrammeError(
            _("%(name)s is %(status)s and can no longer withdraw.")
            % {"name": entry.delegation.sort_name, "status": entry.get_status_display().lower()}
        )
    if entry.status == SpeakerEntry.Status.WITHDRAWN:
        raise ProgrammeError(_("%(name)s has already withdrawn.") % {"name": entry.delegation.sort_name})
    entry.require_transition(SpeakerEntry.Status.WITHDRAWN, ProgrammeError)
    entry.status = SpeakerEntry.Status.WITHDRAWN
    entry.save(update_fields=["status"])
    _touch(locked)
    log_action(trail=locked.trail, actor=by, action="withdrew", subject=entry.delegation.sort_name)
    return entry


# How long after withdrawing a focal point may take the place back with "Undo": later, the old
# place would jump the delegations inscribed since, so they inscribe again instead.
WITHDRAWAL_UNDO_MINUTES = 10


@transaction.atomic
def speaker_undo_withdrawal(*, entry: SpeakerEntry, by) -> SpeakerEntry:
    """Put a withdrawn delegation back at the place it had (the Undo offered after withdrawing).

    Refuses an entry that is not withdrawn; for a focal point also a closed list and a withdrawal
    older than WITHDRAWAL_UNDO_MINUTES. The secretariat may reinstate at any time.
    """
    _require_focal_point_or_secretariat(entry.delegation, by, "ccm_sessions.inscribe")
    locked, entry = _locked_entry(entry)
    name = entry.delegation.sort_name
    if entry.status != SpeakerEntry.Status.WITHDRAWN:
        raise ProgrammeError(_("%(name)s is not withdrawn: there is nothing to undo.") % {"name": name})
    if not allowed(by, "ccm_sessions.manage_speakers"):
        if not locked.is_open:
            raise ProgrammeError(_("This list of speakers is closed; ask the secretariat."))
        withdrawn_at = (
            AuditEntry.objects.filter(trail=locked.trail, action="withdrew", subject=name)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if withdrawn_at is None or timezone.now() - withdrawn_at > timedelta(minutes=WITHDRAWAL_UNDO_MINUTES):
            raise ProgrammeError(
                _("It is too late to undo the withdrawal of %(name)s: inscribe again instead.") % {"name": name}
            )
    entry.require_transition(SpeakerEntry.Status.INSCRIBED, ProgrammeError)
    entry.status = SpeakerEntry.Status.INSCRIBED
    entry.started_at = entry.ended_at = None
    entry.save(update_fields=["status", "started_at", "ended_at"])
    _touch(locked)
    log_action(
        trail=locked.trail,
        actor=by,
        action="undid withdrawal",
        subject=name,
        detail=_("number %(position)d") % {"position": entry.position},
    )
    return entry


@transaction.atomic
def speaker_move(*, entry: SpeakerEntry, by, direction: str) -> SpeakerEntry:
    """Swap a speaker with its neighbour; statements stay above rights of reply. Secretariat only."""
    _require_secretariat(by)
    locked, entry = _locked_entry(entry)
    if direction not in ("up", "down"):
        raise ProgrammeError(_("Move a speaker up or down."))
    entries = _ordered_entries(locked)
    group = [e for e in entries if e.kind == entry.kind]
    index = next(i for i, e in enumerate(group) if e.pk == entry.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(group):
        raise ProgrammeError(
            (_("%(name)s is already first.") if direction == "up" else _("%(name)s is already last."))
            % {"name": entry.delegation.sort_name}
        )
    group[index], group[other] = group[other], group[index]
    statements = group if entry.kind == SpeakerEntry.Kind.STATEMENT else [e for e in entries if not e.is_reply]
    replies = group if entry.kind == SpeakerEntry.Kind.RIGHT_OF_REPLY else [e for e in entries if e.is_reply]
    _write_order(statements + replies)
    _touch(locked)
    moved = next(e for e in group if e.pk == entry.pk)
    log_action(
        trail=locked.trail,
        actor=by,
        action="moved speaker",
        subject=entry.delegation.sort_name,
        detail=_("%(old)d → %(new)d") % {"old": entry.position, "new": moved.position},
    )
    return moved


@transaction.atomic
def speaker_set_status(*, entry: SpeakerEntry, by, status: str) -> SpeakerEntry:
    """Mark a speaker speaking (whoever was speaking has then spoken), spoke, withdrawn or waiting again.

    Refuses any step SpeakerEntry.TRANSITIONS does not list (e.g. a speaker withdrawing mid-speech).
    """
    _require_secretariat(by)
    if status not in SpeakerEntry.Status.values:
        raise ProgrammeError(_("Unknown status."))
    locked, entry = _locked_entry(entry)
    entry.require_transition(status, ProgrammeError)
    now = timezone.now()
    if status == SpeakerEntry.Status.SPEAKING:
        for current in SpeakerEntry.objects.filter(speakers_list=locked, status=SpeakerEntry.Status.SPEAKING):
            current.require_transition(SpeakerEntry.Status.SPOKE, ProgrammeError)
            current.status, current.ended_at = SpeakerEntry.Status.SPOKE, now
            current.save(update_fields=["status", "ended_at"])
        entry.started_at, entry.ended_at = now, None
    elif status == SpeakerEntry.Status.SPOKE:
        entry.started_at = entry.started_at or now
        entry.ended_at = now
    elif status == SpeakerEntry.Status.INSCRIBED:
        entry.started_at = entry.ended_at = None
    entry.status = status
    entry.save(update_fields=["status", "started_at", "ended_at"])
    _touch(locked)
    log_action(
        trail=locked.trail,
        actor=by,
        action=f"marked {status}",
        subject=entry.delegation.sort_name,
        detail=_("number %(position)d") % {"position": entry.position},
    )
    return entry


# Statements ----------------------------------------------------------------


@transaction.atomic
def statement_upload(*, entry: SpeakerEntry, by, upload, publish: bool) -> Statement:
    """Store the PDF of a speech under a generated name, replacing an earlier one.

    Refuses anything the upload rules refuse and a speech the delegation withdrew.
    """
    _require_focal_point_or_secretariat(entry.delegation, by, "ccm_sessions.submit_statement")
    try:
        validate_pdf_upload(upload)
    except ValidationError as exc:
        raise ProgrammeError(" ".join(exc.messages), field="file") from None
    entry = SpeakerEntry.objects.select_for_update().select_related("speakers_list").get(pk=entry.pk)
    if entry.status == SpeakerEntry.Status.WITHDRAWN:
        raise ProgrammeError(_("This inscription was withdrawn; there is no speech to attach a statement to."))
    statement = Statement.objects.filter(entry=entry).first() or Statement(entry=entry)
    old = statement.file.name if statement.file else ""
    statement.original_name = (upload.name or "statement.pdf")[:200]
    statement.file.save("statement.pdf", upload, save=False)
    statement.is_published = publish
    statement.uploaded_by = by
    statement.uploaded_at = timezone.now()
    statement.save()
    if old:
        transaction.on_commit(partial(statement.file.storage.delete, old))
    log_action(
        trail=entry.speakers_list.trail,
        actor=by,
        action="uploaded statement",
        subject=entry.delegation.sort_name,
        detail=f"{statement.original_name} ({_('published') if publish else _('not published')})",
    )
    return statement


@transaction.atomic
def statement_set_published(*, statement: Statement, by, publish: bool) -> Statement:
    """Publish a statement on the session page, or take it off."""
    entry = statement.entry
    _require_focal_point_or_secretariat(entry.delegation, by, "ccm_sessions.submit_statement")
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.is_published == publish:
        return statement
    statement.is_published = publish
    statement.save(update_fields=["is_published"])
    log_action(
        trail=entry.speakers_list.trail,
        actor=by,
        action="published statement" if publish else "unpublished statement",
        subject=entry.delegation.sort_name,
    )
    return statement
