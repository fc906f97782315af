"""Version 1 of the open API: the public data of meetings, read only.

Each endpoint reads through the selectors the public pages use, so the API shows what
those pages show and nothing more: published meetings, the agenda and programme, the
outcome documents once published (their adopted text, never a draft or a circulated
revision), the public list of participants (approved participants of approved
delegations who consented, only while the list is published) and the treaty-status
register. Lists are paginated (`limit`, `offset`; `count` is the total) and take filters
as query parameters; a filter value outside its list is a 422 naming the parameter.
"""

from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import Country
from ninja import Field, Path, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import LimitOffsetPagination, paginate

from ccm_portal import pagecache
from ccm_portal.documents import selectors as register
from ccm_portal.documents.models import MATRIX_LANGUAGES, Document, Series, Suffix
from ccm_portal.meetings.models import Category, Language, Meeting, TreatyStatus
from ccm_portal.translated import ALL_LANGUAGES, column
from delegations import selectors_lists as participant_lists
from delegations.models import Delegation, Participant
from outcomes import agenda as outcome_agenda
from outcomes import selectors as outcome_selectors
from outcomes.models import OutcomeDocument
from reporting import selectors as reporting
from reporting.models import Report
from sessions import selectors as programme
from sessions.models import AgendaItem, MeetingSession, ThematicArea, agenda_symbol

from . import schemas
from .caching import public_read

router = Router()

# Ids and offsets beyond what a database integer holds, and text with a NUL (which PostgreSQL
# refuses in a query), are a 422 naming the parameter rather than a database error.
MAX_ID = 2**31 - 1
NO_NUL = r"^[^\x00]*$"

CATEGORY_CODES = {value: member.name.lower() for member, value in zip(Category, Category.values, strict=True)}


class Page(LimitOffsetPagination):
    """`limit` (1-200, default 50) rows from `offset`; `count` is the number of rows of the whole list."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200, description="Rows per page (at most 200).")
        offset: int = Field(0, ge=0, le=MAX_ID, description="Rows to skip.")


def _listing(path: str, schema, tag: str, summary: str, *areas, **read):
    """A paginated list endpoint: GET `path`, answered through `public_read(*areas, **read)`."""

    def register(view):
        view = router.get(path, response=list[schema], tags=[tag], summary=summary)(paginate(Page)(view))
        return decorate_view(public_read(*areas, **read))(view)

    return register


def _one(path: str, schema, tag: str, summary: str, *areas, **read):
    """An endpoint answering one object: GET `path`, through `public_read(*areas, **read)`."""

    def register(view):
        return decorate_view(public_read(*areas, **read))(
            router.get(path, response=schema, tags=[tag], summary=summary)(view)
        )

    return register


# ---------------------------------------------------------------- building blocks


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def _coded(choices, value) -> dict | None:
    if value in ("", None):
        return None
    return {"code": str(value), "label": str(dict(choices.choices).get(value, value))}


def _country(value) -> dict | None:
    if not value:
        return None
    return {"code": value.code, "name": str(value.name)}


def _texts(row, field: str) -> dict[str, str]:
    """The texts of a translated field per portal language, only those entered."""
    texts = {}
    for language in ALL_LANGUAGES:
        text = getattr(row, column(field, language), None)
        if text:
            texts[language] = text
    return texts


def _local(moment, meeting: Meeting):
    return timezone.localtime(moment, meeting.tzinfo) if moment else None


def _meeting_links(request, meeting: Meeting) -> dict[str, str]:
    base = f"/api/v1/meetings/{meeting.slug}"
    return {
        "html": _absolute(request, meeting.get_absolute_url()),
        "api": _absolute(request, f"{base}/"),
        "agenda": _absolute(request, f"{base}/agenda/"),
        "sessions": _absolute(request, f"{base}/sessions/"),
        "rooms": _absolute(request, f"{base}/rooms/"),
        "outcomes": _absolute(request, f"{base}/outcomes/"),
        "documents": _absolute(request, f"{base}/documents/"),
        "participants": _absolute(request, f"{base}/participants/"),
    }


def _meeting(request, meeting: Meeting) -> dict:
    return {
        "slug": meeting.slug,
        "kind": _coded(Meeting.Kind, meeting.kind),
        "number": meeting.number,
        "title": meeting.title,
        "title_translations": _texts(meeting, "title"),
        "short_title": meeting.short_title,
        "symbol_prefix": meeting.symbol_prefix,
        "city": meeting.city,
        "city_translations": _texts(meeting, "city"),
        "country": _country(meeting.country),
        "venue": meeting.venue,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "time_zone": meeting.time_zone,
        "official_languages": list(meeting.official_languages),
        "links": _meeting_links(request, meeting),
    }


class _Rows:
    """Rows (a queryset or a list) turned into dicts page by page: ninja's paginator counts them
    (in the database for a queryset) and slices them, and only the page's rows are built."""

    def __init__(self, rows, build):
        self.rows = rows
        self.build = build

    def __len__(self):
        return self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)

    def __getitem__(self, key):
        return [self.build(row) for row in self.rows[key]]


# ---------------------------------------------------------------- meetings


class MeetingFilters(Schema):
    kind: Literal[tuple(Meeting.Kind.values)] | None = Field(None, description="Kind of meeting.")  # type: ignore[valid-type]
    year: int | None = Field(None, ge=1900, le=2200, description="Year of the first day.")
    from_date: date | None = Field(None, description="Meetings ending on or after this day.")


@_listing("/meetings/", schemas.MeetingOut, "meetings", "Published meetings", meeting_param=None)
def meetings(request, filters: Query[MeetingFilters]):
    """The published meetings, the latest first."""
    qs = Meeting.objects.published().order_by("-start_date", "pk")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(start_date__year=filters.year)
    if filters.from_date:
        qs = qs.filter(end_date__gte=filters.from_date)
    return _Rows(qs, lambda meeting: _meeting(request, meeting))


@_one(
    "/meetings/{meeting}/",
    schemas.MeetingDetailOut,
    "meetings",
    "One published meeting",
    pagecache.MEETING,
    pagecache.PROGRAMME,
)
def meeting_detail(request, meeting: str):
    """A meeting with its presiding state, registration period and the status of its agenda."""
    found = request.api_meeting
    agenda = programme.agenda_of(found)
    row = _meeting(request, found)
    row.update(
        presiding_state=_country(found.presiding_state),
        registration_opens=_local(found.registration_opens, found),
        registration_deadline=_local(found.registration_deadline, found),
        agenda=None
        if agenda is None
        else {
            "status": _coded(type(agenda).Status, agenda.status),
            "adopted_at": _local(agenda.adopted_at, found),
            "symbol": agenda_symbol(found),
        },
    )
    return row


# ---------------------------------------------------------------- agenda and programme


class AgendaFilters(Schema):
    thematic_area: Literal[tuple(ThematicArea.values)] | None = Field(None, description="Thematic area.")  # type: ignore[valid-type]


def _agenda_item(item: AgendaItem, numbers: dict[int, str]) -> dict:
    return {
        "number": item.number,
        "parent": numbers.get(item.parent_id),
        "title": item.title,
        "title_translations": _texts(item, "title"),
        "annotation": item.annotation,
        "annotation_translations": _texts(item, "annotation"),
        "thematic_area": _coded(ThematicArea, item.thematic_area),
        "coordinator": _country(item.coordinator),
        "added_after_adoption": item.added_after_adoption,
    }


@_listing(
    "/meetings/{meeting}/agenda/", schemas.AgendaItemOut, "agenda and programme", "Agenda items", pagecache.PROGRAMME
)
def agenda_items(request, meeting: str, filters: Query[AgendaFilters]):
    """The items of the meeting's agenda in order, sub-items after their item."""
    items = programme.agenda_items(programme.agenda_of(request.api_meeting))
    numbers = {item.pk: item.number for item in items}
    if filters.thematic_area:
        items = [item for item in items if item.thematic_area == filters.thematic_area]
    return [_agenda_item(item, numbers) for item in items]


class SessionFilters(Schema):
    kind: Literal[tuple(MeetingSession.Kind.values)] | None = Field(None, description="Kind of session.")  # type: ignore[valid-type]
    thematic_area: Literal[tuple(ThematicArea.values)] | None = Field(  # type: ignore[valid-type]
        None, description="Sessions of this area, or taking up an agenda item of it."
    )
    room: int | None = Field(None, ge=1, le=MAX_ID, description="Id of a room of the meeting.")
    day: date | None = Field(None, description="Sessions starting on this day, at the meeting's local time.")


def _room(room) -> dict:
    return {
        "id": room.pk,
        "name": room.name,
        "name_translations": _texts(room, "name"),
        "location": room.location or "",
        "location_translations": _texts(room, "location"),
        "capacity": room.capacity,
    }


def _session(request, session: MeetingSession, meeting: Meeting) -> dict:
    return {
        "id": session.pk,
        "kind": _coded(MeetingSession.Kind, session.kind),
        "title": session.title,
        "title_translations": _texts(session, "title"),
        "starts_at": _local(session.starts_at, meeting),
        "ends_at": _local(session.ends_at, meeting),
        "room": _room(session.room),
        "agenda_items": [item.number for item in session.agenda_items.all()],
        "thematic_area": _coded(ThematicArea, session.thematic_area),
        "chair": session.chair,
        "coordinator": _country(session.coordinator),
        "organisers": session.organisers,
        "description": session.description,
        "description_translations": _texts(session, "description"),
        "url": _absolute(request, reverse("ccm_sessions:session", kwargs={"slug": meeting.slug, "pk": session.pk})),
    }


@_listing(
    "/meetings/{meeting}/sessions/",
    schemas.SessionOut,
    "agenda and programme",
    "The programme of work",
    pagecache.PROGRAMME,
)
def sessions(request, meeting: str, filters: Query[SessionFilters]):
    """Plenary and thematic sessions and side events in time order, with their rooms and agenda items."""
    found = request.api_meeting
    # The programme page's selector, without the lists of speakers the API does not show.
    qs = (
        programme.programme_sessions(found, thematic_area=filters.thematic_area or "")
        .prefetch_related(None)
        .prefetch_related(Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("sort_order")))
    )
    if filters.room is not None:
        qs = qs.filter(room_id=filters.room)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.day:
        start = datetime.combine(filters.day, time(0), tzinfo=found.tzinfo)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
    return _Rows(qs, lambda session: _session(request, session, found))


@_listing(
    "/meetings/{meeting}/rooms/", schemas.RoomOut, "agenda and programme", "Rooms of the venue", pagecache.PROGRAMME
)
def rooms(request, meeting: str):
    """The rooms the programme uses, the largest first (as the programme's filter lists them)."""
    return _Rows(request.api_meeting.rooms.order_by("-capacity", "pk"), _room)


# ---------------------------------------------------------------- outcome documents


class OutcomeFilters(Schema):
    kind: Literal[tuple(OutcomeDocument.Kind.values)] | None = Field(None, description="Kind of document.")  # type: ignore[valid-type]


def _languages(request, document: OutcomeDocument, adopted) -> list[dict]:
    versions = []
    if adopted is not None:
        versions.append(
            {
                "language": document.original_language,
                "original": True,
                "issued_on": timezone.localtime(adopted.created_at, document.meeting.tzinfo).date(),
                "pdf": _absolute(
                    request, reverse("outcomes:revision_pdf", kwargs={"pk": document.pk, "number": adopted.number})
                ),
            }
        )
    order = {code: index for index, code in enumerate(Language.values)}
    for version in sorted(document.translations.all(), key=lambda t: order.get(t.language, 99)):
        if version.language == document.original_language:
            continue
        versions.append(
            {
                "language": version.language,
                "original": False,
                "issued_on": version.issued_on,
                "pdf": _absolute(
                    request, reverse("outcomes:translation", kwargs={"pk": document.pk, "language": version.language})
                ),
            }
        )
    return versions


def _outcome(request, document: OutcomeDocument, meeting: Meeting, items: outcome_agenda.Items) -> dict:
    """`items`: the meeting's agenda ({key: (number, title)}), read once for every row."""
    document.meeting = meeting
    adopted = document.adopted_revisions[-1] if document.adopted_revisions else None
    linked = outcome_agenda.linked_item(document, items)
    return {
        "id": document.pk,
        "symbol": document.symbol,
        "title": document.title,
        "kind": _coded(OutcomeDocument.Kind, document.kind),
        # The heading the PDFs print: the linked item as the agenda numbers and names it now, else
        # the document's stored text (no item linked, or the item was deleted).
        "agenda_item": outcome_agenda.agenda_item_label(document, items),
        "agenda_item_number": linked[0] if linked else None,
        "distribution": _coded(OutcomeDocument.Distribution, document.distribution),
        "original_language": document.original_language,
        "adopted_at": _local(document.adopted_at, meeting),
        "published_at": _local(document.published_at, meeting),
        "languages": _languages(request, document, adopted),
        "url": _absolute(request, document.get_absolute_url()),
        "api": _absolute(request, f"/api/v1/meetings/{meeting.slug}/outcomes/{document.pk}/"),
    }


def _sections(adopted) -> list[dict]:
    """The adopted text as frozen at adoption: the numbers are those it was adopted with."""
    if adopted is None:
        return []
    outline = outcome_selectors.snapshot_outline(adopted.snapshot)
    outcome_selectors.render_outline(outline)
    return [
        {
            "uid": section.uid,
            "roman": section.roman,
            "heading": section.heading,
            "paragraphs": [
                {
                    "uid": p.uid,
                    "kind": p.kind,
                    "label": p.label,
                    "number": p.number,
                    "action": p.action,
                    "text": p.text,
                    "html": str(p.html),
                }
                for p in section.paragraphs
            ],
        }
        for section in outline
    ]


@_listing(
    "/meetings/{meeting}/outcomes/",
    schemas.OutcomeOut,
    "outcome documents",
    "Published outcome documents",
    pagecache.OUTCOMES,
    pagecache.PROGRAMME,  # the agenda items' current numbers and titles
)
def outcomes(request, meeting: str, filters: Query[OutcomeFilters]):
    """The meeting's published outcome documents with their symbols and language versions, in order of publication."""
    found = request.api_meeting
    qs = outcome_selectors.published_documents(found)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    items = outcome_agenda.items_of(found)
    return _Rows(qs, lambda document: _outcome(request, document, found, items))


@_one(
    "/meetings/{meeting}/outcomes/{document_id}/",
    schemas.OutcomeDetailOut,
    "outcome documents",
    "One published outcome document with its text",
    pagecache.OUTCOMES,
    pagecache.PROGRAMME,
)
def outcome_detail(request, meeting: str, document_id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    """The adopted text: sections with their Roman numerals, paragraphs with their paragraph and action numbers."""
    found = request.api_meeting
    document = outcome_selectors.published_documents(found).filter(pk=document_id).first()
    if document is None:
        raise Http404
    row = _outcome(request, document, found, outcome_agenda.items_of(found))
    row["sections"] = _sections(document.adopted_revisions[-1] if document.adopted_revisions else None)
    return row


# ---------------------------------------------------------------- documents


class DocumentFilters(Schema):
    category: Literal[tuple(Document.Category.values)] | None = Field(None, description="Category of document.")  # type: ignore[valid-type]
    series: Literal[tuple(Series.values)] | None = Field(None, description="main, WP, INF or CRP.")  # type: ignore[valid-type]
    agenda_item: str | None = Field(
        None, max_length=12, pattern=NO_NUL, description='Number of an agenda item, e.g. "5" or "5(a)".'
    )
    q: str | None = Field(
        None, max_length=200, pattern=NO_NUL, description="Words to find in the symbol, titles, author or agenda item."
    )
    symbol: str | None = Field(None, max_length=200, pattern=NO_NUL, description="One document, by its full symbol.")


def _document(request, document: Document, meeting: Meeting) -> dict:
    document.meeting = meeting
    files = {row.language: row for row in document.files.all()}
    parent = document.parent if document.parent_id and document.parent.is_issued else None
    return {
        "symbol": document.symbol,
        "series": _coded(Series, document.series),
        "number": document.number,
        "parent": parent.symbol if parent else None,
        "relation": _coded(Suffix, document.suffix) if parent else None,
        "title": document.title,
        "title_translations": _texts(document, "title"),
        "category": _coded(Document.Category, document.category),
        "author": document.author,
        "author_states": [_country(Country(code)) for code in document.author_states or []],
        "agenda_item": {"number": document.agenda_item_number, "title": document.agenda_item_title}
        if document.agenda_item_number
        else None,
        "distribution": _coded(Document.Distribution, document.distribution),
        "original_language": document.original_language,
        "issued_on": document.issued_on,
        "languages": [
            {
                "language": code,
                "pdf": _absolute(
                    request,
                    reverse(
                        "documents:file",
                        kwargs={"slug": meeting.slug, "symbol_path": document.symbol_path, "language": code},
                    ),
                ),
                "size": files[code].size,
            }
            for code in MATRIX_LANGUAGES
            if code in files
        ],
        "url": _absolute(request, document.get_absolute_url()),
    }


@_listing("/meetings/{meeting}/documents/", schemas.DocumentOut, "documents", "The meeting's documents", store=False)
def documents(request, meeting: str, filters: Query[DocumentFilters]):
    """Every issued document of the meeting in symbol order (WP.10 after WP.9), with the languages it
    exists in; a document whose number is only reserved is not shown."""
    found = request.api_meeting
    qs = register.public_documents(
        found, category=filters.category or "", agenda_item=filters.agenda_item or "", query=filters.q or ""
    ).select_related("parent")
    if filters.series:
        qs = qs.filter(series=filters.series)
    if filters.symbol:
        qs = qs.filter(symbol=filters.symbol)
    return _Rows(qs, lambda document: _document(request, document, found))


# ---------------------------------------------------------------- participants


class ParticipantFilters(Schema):
    category: Literal[tuple(CATEGORY_CODES.values())] | None = Field(None, description="Category of delegation.")  # type: ignore[valid-type]
    delegation: str | None = Field(
        None, max_length=200, pattern=NO_NUL, description="Delegations whose name contains this text."
    )


def _participant(participant: Participant, countries: dict[int, object]) -> dict:
    delegation = participant.delegation
    return {
        "name": participant.list_name,
        "title": participant.title,
        "given_name": participant.given_name,
        "family_name": participant.family_name,
        "function": participant.function,
        "role": _coded(Participant.Role, participant.role),
        "delegation": {
            "name": delegation.sort_name,
            "kind": _coded(Delegation.Kind, delegation.kind),
            "category": {
                "code": CATEGORY_CODES.get(delegation.category, str(delegation.category)),
                "label": str(dict(Category.choices).get(delegation.category, "")),
            },
            "country": _country(countries.get(delegation.pk)),
        },
    }


@_listing(
    "/meetings/{meeting}/participants/",
    schemas.ParticipantOut,
    "participants",
    "The public list of participants",
    pagecache.PARTICIPANTS,
)
def participants(request, meeting: str, filters: Query[ParticipantFilters]):
    """The public list: approved participants of approved delegations who agreed to appear on
    public lists, in the order of the rules of procedure (category, delegation, head first).
    404 while the secretariat has not published the list."""
    found = request.api_meeting
    if not participant_lists.lop_settings(found).is_public:
        raise Http404
    wanted = filters.delegation.casefold() if filters.delegation else ""
    listed = participant_lists.list_of_participants(found, public=True)
    # The list's selector loads only the delegation fields the list prints: the states' codes in one query.
    countries = {
        delegation.pk: delegation.country
        for delegation in Delegation.objects.filter(meeting=found, kind=Delegation.Kind.STATE).only("pk", "country")
    }
    rows = []
    for category in listed:
        if filters.category and CATEGORY_CODES.get(category.value) != filters.category:
            continue
        for entry in category.delegations:
            if wanted and wanted not in entry.delegation.sort_name.casefold():
                continue
            rows.extend(entry.participants)
    return _Rows(rows, lambda participant: _participant(participant, countries))


# ---------------------------------------------------------------- treaty-status register


class TreatyFilters(Schema):
    status: Literal["state_party", "signatory", "observer_state"] | None = Field(
        None, description="Category of the state today."
    )
    instrument: Literal[tuple(TreatyStatus.Instrument.values)] | None = None  # type: ignore[valid-type]


def _treaty_row(row: TreatyStatus, today: date) -> dict:
    category = row.category_on(today)
    return {
        "country": _country(row.country),
        "status": {"code": CATEGORY_CODES[category], "label": str(Category(category).label)},
        "signature_date": row.signature_date,
        "instrument": _coded(TreatyStatus.Instrument, row.instrument),
        "ratification_date": row.ratification_date,
        "entry_into_force_date": row.entry_into_force_date,
        "is_demo": row.is_demo,
    }


@_listing(
    "/treaty-status/",
    schemas.TreatyStatusOut,
    "treaty status",
    "The treaty-status register",
    meeting_param=None,
    global_data=True,
)
def treaty_status(request, filters: Query[TreatyFilters]):
    """Each state's signature, ratification or accession and entry into force, by ISO code; its
    status is today's (a State Party once the Convention is in force for it)."""
    today = timezone.localdate()
    rows = [_treaty_row(row, today) for row in TreatyStatus.objects.order_by("country")]
    if filters.status:
        rows = [row for row in rows if row["status"]["code"] == filters.status]
    if filters.instrument:
        rows = [row for row in rows if row["instrument"]["code"] == filters.instrument]
    return rows


# ---------------------------------------------------------------- Article 7 transparency reports


class TransparencyFilters(Schema):
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.")
    year: int | None = Field(None, ge=1, le=9999)
    kind: Literal[tuple(Report.Kind.values)] | None = None  # type: ignore[valid-type]


def _transparency_report(request, report: Report) -> dict:
    published = report.status == Report.Status.PUBLISHED
    return {
        "country": _country(report.state.country),
        "kind": _coded(Report.Kind, report.kind),
        "period_from": report.period_from,
        "period_to": report.period_to,
        "year": report.year,
        "language": report.language,
        "submitted_on": report.submitted_on,
        "received_on": report.received_on,
        "published": published,
        "page": _absolute(request, reverse("reporting:public_report", args=[report.pk])) if published else None,
        "pdf": _absolute(request, reverse("reporting:public_report_pdf", args=[report.pk])) if published else None,
    }


@_listing(
    "/transparency-reports/",
    schemas.TransparencyReportOut,
    "transparency reports",
    "Article 7 reports received",
    meeting_param=None,
    store=False,
)
def transparency_reports(request, filters: Query[TransparencyFilters]):
    """The Article 7 reports the secretariat has received, newest first, as the public page lists
    them; a published one links its page and PDF. Drafts and reports not yet acknowledged are
    never listed."""
    reports = reporting.received_reports()
    if filters.country:
        reports = reports.filter(state__country=filters.country.upper())
    if filters.year:
        reports = reports.filter(year=filters.year)
    if filters.kind:
        reports = reports.filter(kind=filters.kind)
    return [_transparency_report(request, report) for report in reports]


@_listing(
    "/transparency-reports/figures/",
    schemas.TransparencyFiguresOut,
    "transparency reports",
    "Figures compiled from the published Article 7 reports, per year",
    meeting_param=None,
    store=False,
)
def transparency_figures(request):
    """Per year, the sums of the forms marked changed in published reports, public forms only: a
    form marked unchanged repeats figures counted in the report it refers to."""
    return [vars(row) for row in reporting.compiled_by_year(public_only=True)]
