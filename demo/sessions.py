"""Demonstration data for the agenda, rooms, programme, side events and lists of speakers.

`seed(stdout=...)` runs after `manage.py seed_demo` and builds on what it made:
the 1MSP (Vientiane, 9-12 November 2010) gets an adopted agenda, rooms, fifteen
sessions over four days, side-event requests in each state and lists of
speakers; the 2MSP gets a provisional agenda.

Safe to run again: rows are found by their natural keys (room name, agenda of
a meeting, session title, request title of a delegation, list of an agenda
item) and only what is missing is created, through the services so numbering,
positions and the audit trail follow the same rules as the pages.

The agenda follows the usual shape of a Meeting of States Parties. Which state
acts as Friend of the President for which area, the side events and who spoke
in which order are illustrative, not the historical record.
"""

from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ccm_portal.accounts.models import User
from ccm_portal.audit.models import AuditEntry
from ccm_portal.audit.services import log_action
from ccm_portal.meetings.models import Meeting
from delegations.models import Delegation
from demo.accounts import SECRETARIAT_EMAIL
from demo.delegations import one_page_pdf
from sessions import services
from sessions.models import (
    Agenda,
    AgendaItem,
    MeetingSession,
    Room,
    SideEventRequest,
    SpeakerEntry,
    SpeakersList,
    Statement,
    ThematicArea,
)

A = ThematicArea

# (title, thematic area, Friend of the President, sub-items)
FIRST_MSP_AGENDA = [
    ("Official opening of the Meeting", "", "", []),
    ("Election of the President of the Meeting", "", "", []),
    ("Adoption of the agenda", "", "", []),
    ("Adoption of the rules of procedure", "", "", []),
    ("Election of the Vice-Presidents of the Meeting", "", "", []),
    ("Confirmation of the Secretary-General of the Meeting", "", "", []),
    ("Adoption of the programme of work", "", "", []),
    ("General exchange of views", A.GENERAL_EXCHANGE, "", []),
    (
        "Consideration of the general status and operation of the Convention",
        "",
        "",
        [
            ("Universalization", A.UNIVERSALIZATION, "NZ"),
            ("Stockpile destruction and retention", A.STOCKPILE_DESTRUCTION, "CH"),
            ("Clearance and risk reduction education", A.CLEARANCE, "NO"),
            ("Victim assistance", A.VICTIM_ASSISTANCE, "MX"),
            ("International cooperation and assistance", A.COOPERATION, "AU"),
            ("Transparency measures (Article 7)", A.TRANSPARENCY, "IE"),
            ("National implementation measures (Article 9)", A.NATIONAL_IMPLEMENTATION, "FR"),
            ("Compliance (Article 8)", A.COMPLIANCE, "CL"),
            ("Implementation support", A.IMPLEMENTATION_SUPPORT, "JP"),
        ],
    ),
    (
        "Consideration of the documents of the Meeting",
        "",
        "",
        [
            ("Vientiane Declaration", "", ""),
            ("Vientiane Action Plan", "", ""),
            ("Reporting formats under Article 7", A.TRANSPARENCY, ""),
            ("Work programme for 2011", "", ""),
        ],
    ),
    ("Date, duration and venue of the Second Meeting of States Parties", A.NEXT_MEETING, "", []),
    ("Any other business", "", "", []),
    ("Consideration and adoption of the final report", "", "", []),
    ("Official closure of the Meeting", "", "", []),
]

SECOND_MSP_AGENDA = [
    ("Official opening of the Meeting", "", "", []),
    ("Election of the President of the Meeting", "", "", []),
    ("Adoption of the agenda", "", "", []),
    ("Adoption of the programme of work", "", "", []),
    ("General exchange of views", A.GENERAL_EXCHANGE, "", []),
    (
        "Review of the status and operation of the Convention and of progress on the Vientiane Action Plan",
        "",
        "",
        [
            ("Universalization", A.UNIVERSALIZATION, ""),
            ("Stockpile destruction and retention", A.STOCKPILE_DESTRUCTION, ""),
            ("Clearance and risk reduction education", A.CLEARANCE, ""),
            ("Victim assistance", A.VICTIM_ASSISTANCE, ""),
            ("International cooperation and assistance", A.COOPERATION, ""),
            ("Transparency measures (Article 7)", A.TRANSPARENCY, ""),
            ("National implementation measures (Article 9)", A.NATIONAL_IMPLEMENTATION, ""),
            ("Compliance (Article 8)", A.COMPLIANCE, ""),
            ("Implementation support", A.IMPLEMENTATION_SUPPORT, ""),
        ],
    ),
    ("Date, duration and venue of the Third Meeting of States Parties", A.NEXT_MEETING, "", []),
    ("Any other business", "", "", []),
    ("Consideration and adoption of the final report", "", "", []),
    ("Official closure of the Meeting", "", "", []),
]

# name: (seats, where)
FIRST_MSP_ROOMS = {
    "Plenary Hall": (1200, "Lao National Convention Center, ground floor"),
    "Side Room 1": (120, "Lao National Convention Center, first floor"),
    "Side Room 2": (60, "Lao National Convention Center, first floor"),
}

# A few texts in French and Spanish beside their English (entered per language,
# sessions/translation.py), so that the 1MSP's agenda, rooms and programme show them on /fr/
# and /es/ pages; the texts not listed here show in English there.
TRANSLATIONS = {
    "Official opening of the Meeting": {
        "fr": "Ouverture officielle de l’Assemblée",
        "es": "Apertura oficial de la Reunión",
    },
    "Election of the President of the Meeting": {
        "fr": "Élection du Président de l’Assemblée",
        "es": "Elección del Presidente de la Reunión",
    },
    "Adoption of the agenda": {"fr": "Adoption de l’ordre du jour", "es": "Aprobación del programa"},
    "Adoption of the rules of procedure": {
        "fr": "Adoption du règlement intérieur",
        "es": "Aprobación del reglamento",
    },
    "Adoption of the programme of work": {
        "fr": "Adoption du programme de travail",
        "es": "Aprobación del programa de trabajo",
    },
    "General exchange of views": {"fr": "Échange de vues général", "es": "Intercambio general de opiniones"},
    "Plenary Hall": {"fr": "Salle plénière", "es": "Sala plenaria"},
    "Side Room 1": {"fr": "Salle annexe 1", "es": "Sala anexa 1"},
    "Side Room 2": {"fr": "Salle annexe 2", "es": "Sala anexa 2"},
    "Opening plenary": {"fr": "Séance plénière d’ouverture", "es": "Sesión plenaria de apertura"},
}


def _texts(field: str, english: str) -> dict:
    """{title_en: ..., title_fr: ..., title_es: ...} for an English text and its translations above."""
    return {f"{field}_en": english, **{f"{field}_{code}": text for code, text in TRANSLATIONS.get(english, {}).items()}}


PRESIDENT = "H.E. Mr. Bounkeut Sisavath (Lao People's Democratic Republic), President"
PLENARY = MeetingSession.Kind.PLENARY
THEMATIC = MeetingSession.Kind.THEMATIC
SIDE = MeetingSession.Kind.SIDE_EVENT

# (day, start, end, kind, title, room, agenda item numbers, coordinator, area)
FIRST_MSP_SESSIONS = [
    (9, "10:00", "13:00", PLENARY, "Opening plenary", "Plenary Hall", ["1", "2", "3", "4", "5", "6", "7"], "", ""),
    (9, "15:00", "18:00", PLENARY, "General exchange of views (1)", "Plenary Hall", ["8"], "", A.GENERAL_EXCHANGE),
    (10, "10:00", "13:00", PLENARY, "General exchange of views (2)", "Plenary Hall", ["8"], "", A.GENERAL_EXCHANGE),
    (10, "15:00", "16:30", THEMATIC, "Universalization", "Plenary Hall", ["9(a)"], "NZ", A.UNIVERSALIZATION),
    (
        10,
        "16:30",
        "18:00",
        THEMATIC,
        "Stockpile destruction and retention",
        "Plenary Hall",
        ["9(b)"],
        "CH",
        A.STOCKPILE_DESTRUCTION,
    ),
    (
        11,
        "10:00",
        "11:30",
        THEMATIC,
        "Clearance and risk reduction education",
        "Plenary Hall",
        ["9(c)"],
        "NO",
        A.CLEARANCE,
    ),
    (11, "11:30", "13:00", THEMATIC, "Victim assistance", "Plenary Hall", ["9(d)"], "MX", A.VICTIM_ASSISTANCE),
    (
        11,
        "15:00",
        "16:30",
        THEMATIC,
        "International cooperation and assistance",
        "Plenary Hall",
        ["9(e)"],
        "AU",
        A.COOPERATION,
    ),
    (
        11,
        "16:30",
        "18:00",
        THEMATIC,
        "Transparency, national implementation and compliance",
        "Plenary Hall",
        ["9(f)", "9(g)", "9(h)"],
        "IE",
        A.TRANSPARENCY,
    ),
    (
        12,
        "10:00",
        "11:00",
        THEMATIC,
        "Implementation support",
        "Plenary Hall",
        ["9(i)"],
        "JP",
        A.IMPLEMENTATION_SUPPORT,
    ),
    (
        12,
        "11:00",
        "13:00",
        PLENARY,
        "Consideration of the Vientiane Declaration and Action Plan",
        "Plenary Hall",
        ["10(a)", "10(b)", "10(c)", "10(d)"],
        "",
        "",
    ),
    (12, "15:00", "17:30", PLENARY, "Closing plenary", "Plenary Hall", ["11", "12", "13", "14"], "", ""),
]

# (delegation key, title, organisers, expected, preferred slots, outcome, placement or reason)
FIRST_MSP_SIDE_EVENTS = [
    (
        "HI",
        "Victim assistance in practice: services for survivors in Lao PDR",
        "Handicap International and the Lao People's Democratic Republic",
        90,
        ["2010-11-09/lunch", "2010-11-10/lunch"],
        "approved",
        ("Side Room 1", 9, "13:15", "14:45"),
    ),
    (
        "NO",
        "Stockpile destruction: sharing national experiences",
        "Norway and Norwegian People's Aid",
        50,
        ["2010-11-10/lunch"],
        "approved",
        ("Side Room 2", 10, "13:15", "14:45"),
    ),
    (
        "CMC",
        "Cluster munition remnants: what the 2010 monitoring found",
        "Cluster Munition Coalition",
        110,
        ["2010-11-11/lunch", "2010-11-11/evening"],
        "approved",
        ("Side Room 1", 11, "13:15", "14:45"),
    ),
    (
        "EU",
        "Funding mine action: coordination among donors",
        "European Union",
        70,
        ["2010-11-12/lunch"],
        "pending",
        None,
    ),
    (
        "AU",
        "Evening reception on cooperation and assistance",
        "Australia",
        200,
        ["2010-11-11/evening"],
        "declined",
        "Both side rooms seat fewer than 200 people and the Plenary Hall is being prepared for the "
        "next morning; please consider a lunchtime slot in Side Room 1 for up to 120 people.",
    ),
]

# Order of inscription on the general exchange of views; the list itself orders by category.
GENERAL_EXCHANGE_SPEAKERS = [
    "LA",
    "NO",
    "AU",
    "IE",
    "UN",
    "MX",
    "JP",
    "CMC",
    "TH",
    "FR",
    "NZ",
    "ICRC",
    "CH",
    "LB",
    "HI",
    "CL",
    "KH",
    "GICHD",
    "EC",
    "VA",
    "AF",
    "NPA",
    "EU",
]
GENERAL_EXCHANGE_SPOKEN = 9  # the first nine on the list have spoken, the tenth has the floor
VICTIM_ASSISTANCE_SPEAKERS = ["AF", "LA", "MX", "HI", "ICRC", "KH", "AU", "CMC", "NO"]
PUBLISHED_STATEMENTS = ["NO", "IE", "MX"]


def _at(meeting: Meeting, day: int, clock: str) -> datetime:
    """Local time at the meeting on `day` of the month it opens."""
    hours, minutes = (int(part) for part in clock.split(":"))
    on = date(meeting.start_date.year, meeting.start_date.month, day)
    return datetime.combine(on, time(hours, minutes), tzinfo=meeting.tzinfo)


class _Seeder:
    def __init__(self, stdout):
        self.stdout = stdout
        self.secretariat = User.objects.get(email=SECRETARIAT_EMAIL)
        self.created = {"rooms": 0, "agenda items": 0, "sessions": 0, "side-event requests": 0, "speakers": 0}

    # Lookups ----------------------------------------------------------------

    def delegations(self, meeting: Meeting) -> dict[str, Delegation]:
        found = {}
        for delegation in Delegation.objects.filter(meeting=meeting).select_related("organisation"):
            key = delegation.organisation.acronym if delegation.organisation_id else delegation.country.code
            found[key] = delegation
        return found

    def redate(self, since_pk: int, trails: list[str], when: datetime) -> None:
        """Audit entries this run wrote carry the date the step would have happened, as seed_demo does."""
        AuditEntry.objects.filter(pk__gt=since_pk, trail__in=trails).update(created_at=when)

    @staticmethod
    def last_audit_pk() -> int:
        return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    # Agenda -----------------------------------------------------------------

    def agenda(self, meeting: Meeting, spec, *, adopt_at: datetime | None, planned_at: datetime) -> Agenda:
        agenda = services.agenda_for(meeting)
        if agenda.items.exists():
            return agenda
        since = self.last_audit_pk()
        for title, area, coordinator, subs in spec:
            parent = services.agenda_item_add(
                agenda=agenda,
                by=self.secretariat,
                data={**_texts("title", title), "thematic_area": area, "coordinator": coordinator},
            )
            self.created["agenda items"] += 1
            for sub_title, sub_area, sub_coordinator in subs:
                services.agenda_item_add(
                    agenda=agenda,
                    by=self.secretariat,
                    data={**_texts("title", sub_title), "thematic_area": sub_area, "coordinator": sub_coordinator},
                    parent=parent,
                )
                self.created["agenda items"] += 1
        self.redate(since, [agenda.trail], planned_at)
        if adopt_at is not None:
            since = self.last_audit_pk()
            agenda = services.agenda_adopt(agenda=agenda, by=self.secretariat)
            Agenda.objects.filter(pk=agenda.pk).update(adopted_at=adopt_at)
            agenda.refresh_from_db()
            self.redate(since, [agenda.trail], adopt_at)
        return agenda

    # Rooms and sessions -----------------------------------------------------

    def rooms(self, meeting: Meeting) -> dict[str, Room]:
        rooms = {}
        for name, (capacity, location) in FIRST_MSP_ROOMS.items():
            room, created = Room.objects.get_or_create(
                meeting=meeting,
                name_en=name,
                defaults={"capacity": capacity, "location_en": location, **_texts("name", name)},
            )
            self.created["rooms"] += int(created)
            rooms[name] = room
        return rooms

    def sessions(self, meeting: Meeting, rooms: dict[str, Room], items: dict[str, AgendaItem]) -> None:
        since = self.last_audit_pk()
        for day, start, end, kind, title, room, numbers, coordinator, area in FIRST_MSP_SESSIONS:
            if MeetingSession.objects.filter(meeting=meeting, title_en=title).exists():
                continue
            services.session_save(
                meeting=meeting,
                by=self.secretariat,
                data={
                    "kind": kind,
                    **_texts("title", title),
                    "starts_at": _at(meeting, day, start),
                    "ends_at": _at(meeting, day, end),
                    "room": rooms[room],
                    "agenda_items": [items[number] for number in numbers],
                    "thematic_area": area,
                    "chair": PRESIDENT if kind == PLENARY else "",
                    "coordinator": coordinator,
                },
            )
            self.created["sessions"] += 1
        # The programme of work was drawn up about two weeks before the meeting.
        self.redate(since, [services.programme_trail(meeting)], _at(meeting, 9, "09:00") - timedelta(days=15))

    def side_events(self, meeting: Meeting, rooms: dict[str, Room], delegations: dict[str, Delegation]) -> None:
        decided_on = _at(meeting, 9, "12:00") - timedelta(days=8)
        for key, title, organisers, expected, slots, outcome, detail in FIRST_MSP_SIDE_EVENTS:
            delegation = delegations.get(key)
            if delegation is None or SideEventRequest.objects.filter(delegation=delegation, title=title).exists():
                continue
            since = self.last_audit_pk()
            focal = delegation.focal_points.first() or self.secretariat
            request = SideEventRequest.objects.create(
                meeting=meeting,
                delegation=delegation,
                requested_by=focal,
                title=title,
                organisers=organisers,
                expected_attendance=expected,
                preferred_slots=slots,
            )
            log_action(trail=request.trail, actor=focal, action="requested side event", subject=request)
            self.created["side-event requests"] += 1
            if outcome == "approved":
                room, day, start, end = detail
                session = services.session_save(
                    meeting=meeting,
                    by=self.secretariat,
                    data={
                        "kind": SIDE,
                        "title": title,
                        "organisers": organisers,
                        "expected_attendance": expected,
                        "starts_at": _at(meeting, day, start),
                        "ends_at": _at(meeting, day, end),
                        "room": rooms[room],
                    },
                )
                self.created["sessions"] += 1
                SideEventRequest.objects.filter(pk=request.pk).update(
                    status=SideEventRequest.Status.APPROVED,
                    session=session,
                    decided_by=self.secretariat,
                    decided_at=decided_on,
                )
                log_action(trail=request.trail, actor=self.secretariat, action="approved side event", subject=request)
            elif outcome == "declined":
                SideEventRequest.objects.filter(pk=request.pk).update(
                    status=SideEventRequest.Status.DECLINED,
                    decision_reason=detail,
                    decided_by=self.secretariat,
                    decided_at=decided_on,
                )
                log_action(
                    trail=request.trail,
                    actor=self.secretariat,
                    action="declined side event",
                    subject=request,
                    detail=detail,
                )
            self.redate(since, [request.trail, services.programme_trail(meeting)], decided_on)

    # Lists of speakers ------------------------------------------------------

    def speakers(self, meeting: Meeting, item: AgendaItem, keys, delegations, *, spoken: int, limit: int, day: int):
        speakers_list = SpeakersList.objects.filter(agenda_item=item).first()
        if speakers_list is None:
            speakers_list = services.speakers_list_open(
                meeting=meeting, by=self.secretariat, agenda_item=item, time_limit_seconds=limit
            )
        if speakers_list.entries.exists():
            return speakers_list
        since = self.last_audit_pk()
        opened = _at(meeting, day, "08:00")
        accredited = [delegations[key] for key in keys if key in delegations and delegations[key].status == "approved"]
        for minute, delegation in enumerate(accredited):
            entry = services.speaker_inscribe(speakers_list=speakers_list, delegation=delegation, by=self.secretariat)
            SpeakerEntry.objects.filter(pk=entry.pk).update(inscribed_at=opened + timedelta(minutes=7 * minute))
            self.created["speakers"] += 1
        entries = list(speakers_list.entries.order_by("position"))
        for entry in entries[:spoken]:
            services.speaker_set_status(entry=entry, by=self.secretariat, status=SpeakerEntry.Status.SPEAKING)
        if spoken and len(entries) > spoken:
            services.speaker_set_status(entry=entries[spoken], by=self.secretariat, status=SpeakerEntry.Status.SPEAKING)
        elif spoken:
            services.speaker_set_status(
                entry=entries[spoken - 1], by=self.secretariat, status=SpeakerEntry.Status.SPOKE
            )
        self.redate(since, [speakers_list.trail], opened)
        return speakers_list

    def statements(self, speakers_list: SpeakersList, delegations, when: datetime) -> None:
        since = self.last_audit_pk()
        for key in PUBLISHED_STATEMENTS:
            delegation = delegations.get(key)
            entry = speakers_list.entries.filter(delegation=delegation, kind=SpeakerEntry.Kind.STATEMENT).first()
            if entry is None or Statement.objects.filter(entry=entry).exists():
                continue
            name = f"Statement of {delegation.sort_name}, general exchange of views.pdf"
            services.statement_upload(
                entry=entry,
                by=self.secretariat,
                upload=SimpleUploadedFile(name, one_page_pdf(name), content_type="application/pdf"),
                publish=True,
            )
            Statement.objects.filter(entry=entry).update(uploaded_at=when)
        self.redate(since, [speakers_list.trail], when)

    def reply(self, speakers_list: SpeakersList, delegation: Delegation | None, when: datetime) -> None:
        if delegation is None or speakers_list.entries.filter(kind=SpeakerEntry.Kind.RIGHT_OF_REPLY).exists():
            return
        since = self.last_audit_pk()
        entry = services.right_of_reply_add(speakers_list=speakers_list, delegation=delegation, by=self.secretariat)
        SpeakerEntry.objects.filter(pk=entry.pk).update(inscribed_at=when)
        self.redate(since, [speakers_list.trail], when)

    # Run --------------------------------------------------------------------

    def run(self) -> None:
        first = Meeting.objects.get(slug="1msp")
        delegations = self.delegations(first)
        agenda = self.agenda(
            first,
            FIRST_MSP_AGENDA,
            adopt_at=_at(first, 9, "10:40"),
            planned_at=_at(first, 9, "09:00") - timedelta(days=60),
        )
        items = {item.number: item for item in agenda.items.all()}
        rooms = self.rooms(first)
        self.sessions(first, rooms, items)
        self.side_events(first, rooms, delegations)
        general = self.speakers(
            first,
            items["8"],
            GENERAL_EXCHANGE_SPEAKERS,
            delegations,
            spoken=GENERAL_EXCHANGE_SPOKEN,
            limit=5 * 60,
            day=9,
        )
        self.statements(general, delegations, _at(first, 9, "18:30"))
        self.reply(general, delegations.get("CL"), _at(first, 10, "12:40"))
        self.speakers(first, items["9(d)"], VICTIM_ASSISTANCE_SPEAKERS, delegations, spoken=0, limit=4 * 60, day=11)

        second = Meeting.objects.filter(slug="2msp").first()
        if second is not None:
            self.agenda(second, SECOND_MSP_AGENDA, adopt_at=None, planned_at=timezone.now())

        write = self.stdout.write
        write("Programme demonstration data is ready (1MSP agenda, rooms, sessions, side events, lists of speakers).\n")
        write("  Created by this run: " + ", ".join(f"{count} {what}" for what, count in self.created.items()) + ".\n")
        write(f"  Room screen of the general exchange of views: /meetings/1msp/speakers/{general.pk}/live/\n")


def seed(*, stdout) -> None:
    """Seed the programme of the 1MSP and the provisional agenda of the 2MSP; idempotent."""
    with transaction.atomic():
        _Seeder(stdout).run()
