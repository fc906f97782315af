"""Reads for the list of participants, badges and check-in: what the pages, exports and renderers show.

Nothing here writes a row (tests/test_layering.py checks it); the writes are in services_lists.py.
"""

import hashlib
from collections.abc import Sequence
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ccm_portal import pagecache, versions
from ccm_portal.documents.models import Document, Source
from ccm_portal.jobs import services as jobs
from ccm_portal.jobs.models import RenderJob
from ccm_portal.meetings.models import Category, Meeting

from . import names
from .badges import BADGES_KIND, BadgeSet, parse_token, signature_matches
from .checkin import BadgeRefused
from .filters import ParticipantFilter
from .lists import (
    LOP_KIND,
    LOP_PDF_TEMPLATE,
    ROW_FIELDS,
    Variant,
    delegation_sort_key,
    fingerprint_header,
    fold,
    group_for_list,
    in_list_order,
    lop_key,
    public_and_complete_fingerprints,
    template_digest,
)
from .models import CheckIn, Delegation, Participant, ParticipantListSettings

# ---------------------------------------------------------------- the list of participants


def lop_settings(meeting: Meeting) -> ParticipantListSettings:
    """The meeting's settings, or unsaved defaults (reading never writes).

    A saved row comes with the symbol the register gave the list (`printed_symbol` reads it)
    in the same query; the unsaved defaults ask the register when the symbol is printed.
    """
    registered = Document.objects.filter(meeting=OuterRef("meeting"), source=Source.PARTICIPANTS).values("symbol")
    found = (
        ParticipantListSettings.objects.filter(meeting=meeting)
        .annotate(register_symbol=Subquery(registered[:1]))
        .first()
    )
    if found is not None:
        found.meeting = meeting
        return found
    return ParticipantListSettings(meeting=meeting, symbol=ParticipantListSettings.default_symbol(meeting))


def public_lop_settings(meeting: Meeting) -> ParticipantListSettings:
    """`lop_settings` for the public list and its PDF: kept in the process under the list's version.

    The save of a settings row replaces that version (ccm_portal/pagecache.py), so a list made
    private is private at the next request. Each caller gets its own copy of the row.
    """
    version = pagecache.versions(meeting.pk, [pagecache.PARTICIPANTS])
    found = versions.local_copy(version, f"lop-settings:{meeting.pk}", lambda: lop_settings(meeting))
    found.meeting = meeting
    return found


def listed(meeting: Meeting, *, public: bool):
    """Participants who belong on the meeting's lists (approved, in an approved delegation)."""
    qs = Participant.objects.filter(
        delegation__meeting=meeting,
        delegation__status=Delegation.Status.APPROVED,
        status=Participant.Status.APPROVED,
    )
    if public:
        qs = qs.filter(public_consent=True)
    return qs


def list_of_participants(meeting: Meeting, *, public: bool):
    """The grouped list (lists.ListedCategory), in one query."""
    participants = (
        listed(meeting, public=public)
        .select_related("delegation")
        .only(
            "pk",
            "delegation_id",
            "title",
            "given_name",
            "family_name",
            "name_order",
            "function",
            "role",
            "role_order",
            "public_consent",
            "delegation__category",
            "delegation__sort_name",
            "delegation__kind",
            "delegation__meeting_id",
        )
    )
    return group_for_list(participants)


def lop_fingerprints(meeting: Meeting, settings_row: ParticipantListSettings | None = None) -> dict[str, str]:
    """The fingerprint of the public and the complete list as the data stands now; one query."""
    settings_row = settings_row or lop_settings(meeting)
    # In the order sorted() gives these tuples: the primary key comes first and is unique.
    rows = listed(meeting, public=False).order_by("pk").values_list(*ROW_FIELDS, "public_consent")
    public, complete = public_and_complete_fingerprints(
        fingerprint_header(meeting, settings_row, Variant.PUBLIC),
        fingerprint_header(meeting, settings_row, Variant.COMPLETE),
        rows,
    )
    return {Variant.PUBLIC: public, Variant.COMPLETE: complete}


def fingerprint_check_seconds() -> int:
    """How long, at most, a remembered fingerprint of the lists is used without reading the rows."""
    return getattr(settings, "LOP_FINGERPRINT_CHECK_SECONDS", 300)


def recent_lop_fingerprints(meeting: Meeting, settings_row: ParticipantListSettings | None = None) -> dict[str, str]:
    """`lop_fingerprints`, remembered in the cache under the list's version (ccm_portal/pagecache.py).

    Every save or delete of a participant, delegation or list setting (and of the meeting)
    replaces that version, so a change such as an approval is seen at the next request; a
    write that sends no signal (a bulk update) at most `fingerprint_check_seconds()` later.
    The day is part of the key (an undated list is dated today), and so is the template.
    The version is read before the rows: rows read while a change commits are remembered
    under a version that the commit replaces.
    """
    parts = [
        meeting.pk,
        pagecache.versions(meeting.pk, [pagecache.PARTICIPANTS]),
        timezone.localdate(timezone=meeting.tzinfo).isoformat(),
        template_digest(LOP_PDF_TEMPLATE),
    ]
    key = "lop-fingerprints:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    found = cache.get(key)
    if found is None:
        found = lop_fingerprints(meeting, settings_row)
        cache.set(key, found, fingerprint_check_seconds())
    return found


def current_lop_pdf(meeting: Meeting, variant: str):
    """The stored PDF made from the data as it stands now, in the active language, or None."""
    return jobs.stored_copy(kind=LOP_KIND, fingerprint=lop_fingerprints(meeting)[variant])


def lop_pdf_panel(meeting: Meeting, settings_row=None) -> list[dict]:
    """For the staff page: each variant's current copy, running job or last good copy.

    The fingerprints are the remembered ones (`recent_lop_fingerprints`): every save or delete of
    a participant, delegation or list setting replaces the list's version, so an approval shows
    at the next request, and the 5,000-row read and hash happens once per change, not per page.
    """
    settings_row = settings_row or lop_settings(meeting)
    # The copies in the reader's language: each language has its own (ccm_portal.jobs).
    remembered = recent_lop_fingerprints(meeting, settings_row)
    fingerprints = {v: jobs.language_fingerprint(f) for v, f in remembered.items()}
    lop_jobs = RenderJob.objects.filter(meeting=meeting, key__in=[lop_key(v) for v in Variant.ALL])
    recent = list(jobs.in_language(lop_jobs).order_by("-created_at", "-pk")[:20])
    labels = {Variant.PUBLIC: _("Public list (consented participants)"), Variant.COMPLETE: _("Complete list (staff)")}
    panel = []
    for variant in Variant.ALL:
        mine = [job for job in recent if job.key == lop_key(variant)]
        current = next((j for j in mine if j.is_done and j.fingerprint == fingerprints[variant] and j.file.name), None)
        active = next((j for j in mine if j.is_active), None)
        latest_done = next((j for j in mine if j.is_done and j.file.name), None)
        failed = mine[0] if mine and mine[0].is_failed else None
        panel.append(
            {
                "variant": variant,
                "label": labels[variant],
                "current": current,
                "active": active,
                "previous": latest_done if current is None else None,
                "failed": failed,
            }
        )
    return panel


# ---------------------------------------------------------------- staff list and filters


def arrival_subquery():
    return CheckIn.objects.filter(participant=OuterRef("pk"), outcome=CheckIn.Outcome.ARRIVED).values("at")[:1]


def staff_filter(meeting: Meeting, data=None):
    """The filter form of the staff list, over every listed participant with the staff columns."""
    base = listed(meeting, public=False).select_related("delegation").annotate(arrived_at=Subquery(arrival_subquery()))
    return ParticipantFilter(data or None, queryset=base, delegations=approved_delegations(meeting))


def _moment_key(value):
    # Not yet (None) after every time, in either direction of the sort.
    return (value is None, value.timestamp() if value else 0)


# The orders the staff may choose (the table's sortable columns); each sorts on folded text,
# as the list does, so that SQLite and PostgreSQL agree. Ties keep the list order.
STAFF_SORTS = {
    "delegation": lambda p: delegation_sort_key(p.delegation),
    "name": lambda p: (fold(p.family_name), fold(p.given_name)),
    "function": lambda p: fold(p.function),
    "role": lambda p: p.role_order,
    "gender": lambda p: p.gender,
    "public": lambda p: p.public_consent,
    "badge": lambda p: _moment_key(p.badge_printed_at),
    "arrived": lambda p: _moment_key(getattr(p, "arrived_at", None)),
}


def staff_order(sort: str | None) -> tuple[str, bool] | None:
    """The chosen order as (column, descending), or None for the list order."""
    sort = (sort or "").strip()
    name = sort.removeprefix("-")
    return (name, sort.startswith("-")) if name in STAFF_SORTS else None


# What the exports print and sort on (exports.row_builder, STAFF_SORTS, the list order): a
# model instance with only these is built in half the time at 5,000 rows.
EXPORT_FIELDS = (
    "delegation__category",
    "delegation__sort_name",
    "title",
    "given_name",
    "family_name",
    "name_order",
    "function",
    "role",
    "role_order",
    "gender",
    "email",
    "public_consent",
    "needs_visa_letter",
    "accessibility_needs",
    "badge_printed_at",
)


def staff_participants(
    meeting: Meeting, data=None, *, sort: str | None = None, filterset=None, fields=None
) -> list[Participant]:
    """Every listed participant with the staff columns, filtered (`data`: the page's parameters)
    and in the chosen order (the list order by default); one query. The page, its statistics
    and its exports all read it, so a file holds the rows the page shows, in the same order."""
    filterset = filterset if filterset is not None else staff_filter(meeting, data)
    rows = in_list_order(filterset.qs.only(*fields) if fields else filterset.qs)
    if order := staff_order(sort):
        name, descending = order
        rows.sort(key=STAFF_SORTS[name], reverse=descending)
    return rows


class ExportRow(SimpleNamespace):
    """A participant's exported columns (EXPORT_FIELDS), read as plain values: it reads like a
    Participant to exports.row_builder and to the sorts, without a model instance per row."""

    @property
    def list_name(self) -> str:
        return names.list_name(self)


def export_rows(meeting: Meeting, data=None, *, sort: str | None = None, filterset=None) -> list[ExportRow]:
    """`staff_participants(..., fields=EXPORT_FIELDS)` as plain rows: the same participants in the
    same order, for the exports; one query, and each name folded once for the list order."""
    filterset = filterset if filterset is not None else staff_filter(meeting, data)
    own = [name for name in EXPORT_FIELDS if not name.startswith("delegation__")]
    values = filterset.qs.order_by().values_list(
        "pk", "delegation_id", "delegation__category", "delegation__sort_name", *own, "arrived_at"
    )
    delegations: dict[int, SimpleNamespace] = {}
    folded: dict[str, str] = {}

    def f(text):
        if text not in folded:
            folded[text] = fold(text)
        return folded[text]

    keyed = []
    for pk, delegation_id, category, sort_name, *rest in values:
        delegation = delegations.get(delegation_id)
        if delegation is None:
            delegation = delegations[delegation_id] = SimpleNamespace(
                pk=delegation_id, category=category, sort_name=sort_name
            )
        row = ExportRow(
            pk=pk, delegation_id=delegation_id, delegation=delegation, **dict(zip(own, rest[:-1], strict=True))
        )
        row.arrived_at = rest[-1]
        # lists.in_list_order's key (delegation_sort_key, participant_sort_key), names folded once.
        keyed.append(
            ((category, f(sort_name), delegation_id), (row.role_order, f(row.family_name), f(row.given_name), pk), row)
        )
    keyed.sort(key=lambda item: (item[0], item[1]))
    rows = [item[2] for item in keyed]
    if order := staff_order(sort):
        name, descending = order
        rows.sort(key=STAFF_SORTS[name], reverse=descending)
    return rows


def _folded(name: str):
    """A folded key column compared by code point, as Python compares the folded strings of
    STAFF_SORTS and the list order: SQLite's default collation (BINARY) does; PostgreSQL's
    "C" collation does for its UTF-8 databases."""
    return Collate(F(name), "C") if connection.vendor == "postgresql" else F(name)


def _list_order() -> list:
    """lists.in_list_order in SQL: category, folded name, delegation, role, folded family and given names, pk."""
    return [
        F("delegation__category").asc(),
        _folded("delegation__sort_name_key").asc(),
        F("delegation_id").asc(),
        F("role_order").asc(),
        _folded("family_name_key").asc(),
        _folded("given_name_key").asc(),
        F("pk").asc(),
    ]


def _sort_columns(name: str) -> list:
    """The columns of STAFF_SORTS[name], in SQL, in their order."""
    return {
        "delegation": [F("delegation__category"), _folded("delegation__sort_name_key"), F("delegation_id")],
        "name": [_folded("family_name_key"), _folded("given_name_key")],
        "function": [_folded("function_key")],
        "role": [F("role_order")],
        "gender": [_folded("gender")],
        "public": [F("public_consent")],
        "badge": [F("badge_printed_at")],
        "arrived": [F("arrived_at")],
    }[name]


def staff_sql_order(sort: str | None) -> list:
    """The order of `staff_participants` as ORDER BY terms: the chosen column, then the list
    order for ties (Python's sort is stable, also reversed). A moment not yet come (None) sorts
    as _moment_key has it: after every time ascending, before them descending."""
    order = staff_order(sort)
    if order is None:
        return _list_order()
    name, descending = order
    terms = [
        column.desc(nulls_first=True) if descending else column.asc(nulls_last=True) for column in _sort_columns(name)
    ]
    return [*terms, *_list_order()]


class StaffPage(Sequence):
    """The staff list's participants in their order, read one page at a time.

    The database sorts (on the folded copies of the names that save() keeps, compared by
    code point as the Python sorts compare them) and reads only the slice asked for: a
    page costs a COUNT and the page's rows, whatever the length of the list.
    """

    def __init__(self, filterset, sort: str | None = None):
        self.queryset = filterset.qs.order_by(*staff_sql_order(sort))
        self._count = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __getitem__(self, key):
        if isinstance(key, slice):
            return list(self.queryset[key])
        if key < 0:
            key += len(self)
        return self.queryset[key]


def staff_page(meeting: Meeting, *, sort: str | None = None, filterset=None, data=None) -> StaffPage:
    """`staff_participants` for a paginated table: the same rows in the same order, read by page."""
    return StaffPage(filterset if filterset is not None else staff_filter(meeting, data), sort)


def staff_rows(participants, meeting: Meeting) -> list[dict]:
    """The staff table's cells as plain strings: a template reads dict keys far faster than it
    calls model methods and date filters, which matters at 1,500 rows."""
    categories = dict(Category.choices)
    roles = dict(Participant.Role.choices)
    genders = dict(Participant.Gender.choices)
    tz = meeting.tzinfo

    def moment(value):
        return date_format(timezone.localtime(value, tz), "SHORT_DATETIME_FORMAT") if value else "—"

    return [
        {
            "category": p.delegation.category,
            "category_label": categories.get(p.delegation.category, ""),
            "delegation": p.delegation.sort_name,
            "name": p.list_name,
            "function": p.function,
            "role": roles.get(p.role, p.role),
            "gender": genders.get(p.gender, p.gender),
            "public": p.public_consent,
            "badge": moment(p.badge_printed_at),
            "arrived": moment(getattr(p, "arrived_at", None)),
        }
        for p in participants
    ]


def approved_delegations(meeting: Meeting):
    """The choices of the filter and badge forms: the meeting's approved delegations, in list order."""
    return (
        Delegation.objects.filter(meeting=meeting, status=Delegation.Status.APPROVED)
        .only("pk", "sort_name", "category")
        .order_by("category", "sort_name")
    )


# ---------------------------------------------------------------- badges


def badge_participants(meeting: Meeting, params: dict) -> list[Participant]:
    """The participants of a set, in list order; only approved ones in approved delegations get badges."""
    qs = listed(meeting, public=False).select_related("delegation")
    which = params.get("set")
    if which == BadgeSet.UNPRINTED:
        qs = qs.filter(badge_printed_at__isnull=True)
    elif which == BadgeSet.DELEGATION:
        qs = qs.filter(delegation_id=params.get("delegation"))
    elif which == BadgeSet.CATEGORY:
        qs = qs.filter(delegation__category=params.get("category"))
    elif which == BadgeSet.PARTICIPANT:
        qs = qs.filter(pk=params.get("participant"))
    elif which != BadgeSet.ALL:
        raise ValueError(f"Unknown set of badges: {which!r}")
    return in_list_order(qs)


def describe_set(params: dict) -> str:
    return describe_sets([params])[0]


def describe_sets(param_sets: list[dict]) -> list[str]:
    """The descriptions of many badge sets, with at most two queries whatever their number."""

    def wanted(which):
        return {p.get(which) for p in param_sets if p.get("set") == which and p.get(which) is not None}

    delegation_ids, participant_ids = wanted(BadgeSet.DELEGATION), wanted(BadgeSet.PARTICIPANT)
    delegation_names = (
        dict(Delegation.objects.filter(pk__in=delegation_ids).values_list("pk", "sort_name")) if delegation_ids else {}
    )
    participant_names = (
        {p.pk: p.display_name for p in Participant.objects.filter(pk__in=participant_ids)} if participant_ids else {}
    )
    return [_describe(params, delegation_names, participant_names) for params in param_sets]


def _describe(params: dict, delegation_names: dict, participant_names: dict) -> str:
    which = params.get("set")
    if which == BadgeSet.UNPRINTED:
        return _("badges not printed yet")
    if which == BadgeSet.ALL:
        return _("all badges")
    if which == BadgeSet.CATEGORY:
        return _("badges of %(category)s") % {"category": Category(params["category"]).label}
    if which == BadgeSet.DELEGATION:
        return _("badges of %(name)s") % {"name": delegation_names.get(params.get("delegation")) or "?"}
    if which == BadgeSet.PARTICIPANT:
        return _("badge of %(name)s") % {"name": participant_names.get(params.get("participant")) or "?"}
    return which or ""


def recent_badge_sheets(meeting: Meeting, *, limit: int = 10) -> list[RenderJob]:
    """The latest badge jobs of the meeting, each with its `description`; three queries at most."""
    recent = list(RenderJob.objects.filter(meeting=meeting, kind=BADGES_KIND).select_related("requested_by")[:limit])
    for job, description in zip(recent, describe_sets([job.params for job in recent]), strict=True):
        job.description = description
    return recent


def print_counts(meeting: Meeting) -> dict:
    """How many listed participants have a printed badge, and how many not yet; one query."""
    row = listed(meeting, public=False).aggregate(
        printed=Count("pk", filter=Q(badge_printed_at__isnull=False)),
        unprinted=Count("pk", filter=Q(badge_printed_at__isnull=True)),
    )
    return {"printed": row["printed"] or 0, "unprinted": row["unprinted"] or 0}


# ---------------------------------------------------------------- check-in


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


def arrival_of(participant: Participant):
    return (
        CheckIn.objects.filter(participant=participant, outcome=CheckIn.Outcome.ARRIVED)
        .values_list("at", flat=True)
        .first()
    )


def search(meeting: Meeting, q: str) -> list[int]:
    """The ids of the participants of the meeting (any status) whose name or delegation matches,
    by family name, given name, then delegation (accents folded); one query of a few columns, so
    a page of them is then read whole (participants_by_ids) and the others not at all."""
    words = q.split()[:5]
    if not words:
        return []
    qs = Participant.objects.filter(delegation__meeting=meeting)
    for word in words:
        qs = qs.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(delegation__sort_name__icontains=word)
        )
    rows = qs.values_list(
        "pk", "family_name", "given_name", "delegation__category", "delegation__sort_name", "delegation_id"
    )
    rows = sorted(rows, key=lambda r: (fold(r[1]), fold(r[2]), r[3], fold(r[4]), r[5], r[0]))
    return [row[0] for row in rows]


def participants_by_ids(ids) -> list[Participant]:
    """The participants of these ids with their delegation, in the order of the ids; one query."""
    found = Participant.objects.select_related("delegation").in_bulk(list(ids))
    return [found[pk] for pk in ids if pk in found]


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
