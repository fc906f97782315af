"""Exports for the secretariat: participants as CSV and XLSX with the page's filters, and statistics.

Every cell that a spreadsheet could read as a formula (starting with =, +, -, @,
a tab or a carriage return, also after leading whitespace or a byte-order mark, and
in their full-width forms) is neutralised: names and functions are typed by
delegates, and a list opened in Excel must not run what they typed.
"""

import csv
import io
import unicodedata
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ccm_portal.meetings.models import Category, Meeting
from ccm_portal.meetings.timezones import iso_minutes

from .models import Participant

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# The header row, in the language of the person exporting.
COLUMNS = [
    ("category", pgettext_lazy("participation category", "Category")),
    ("delegation", gettext_lazy("Delegation")),
    ("title", pgettext_lazy("honorific", "Title")),
    ("given_name", gettext_lazy("Given name")),
    ("family_name", gettext_lazy("Family name")),
    # In the order the participant writes it, family name in capitals, as the list prints it.
    ("list_name", gettext_lazy("Name as printed")),
    ("function", pgettext_lazy("participant job title", "Function")),
    ("role", pgettext_lazy("participant", "Role")),
    ("gender", gettext_lazy("Gender")),
    ("email", gettext_lazy("E-mail")),
    ("public_consent", gettext_lazy("On public lists")),
    ("needs_visa_letter", gettext_lazy("Visa letter")),
    ("accessibility_needs", gettext_lazy("Accessibility needs")),
    ("badge_printed_at", gettext_lazy("Badge printed")),
    ("arrived_at", gettext_lazy("Arrived")),
]


FORMULA_STARTS = ("=", "+", "-", "@")


def _first_visible(text: str) -> str:
    """The first character a spreadsheet would parse, as it reads it.

    Spreadsheets skip leading spaces, line breaks and a byte-order mark before a
    formula, and some read the full-width ＝ ＋ － ＠ as their ASCII forms; NFKC
    folds those (and the small forms) to ASCII.
    """
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        return unicodedata.normalize("NFKC", char)
    return ""


def safe_text(value) -> str:
    """Text a spreadsheet shows as typed, never evaluates: a formula-like value gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text[:1].isalnum():
        # Most cells: a letter or digit comes first, which is what a spreadsheet reads first.
        return text
    if text.startswith(FORMULA_PREFIXES) or _first_visible(text).startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _local(value: datetime | None, meeting: Meeting) -> str:
    # ISO 8601 in the meeting's time zone, in every language: a spreadsheet sorts and
    # converts it, where a localised "8 novembre 2010" would be text.
    if not value:
        return ""
    return iso_minutes(value, meeting.tzinfo, offset=False)


def row_builder(meeting: Meeting):
    """A function turning a participant into its row of text, with every label (category, role,
    gender, yes and no) translated once here rather than once per row."""
    categories = {value: str(label) for value, label in Category.choices}
    roles = {value: str(label) for value, label in Participant.Role.choices}
    genders = {value: str(label) for value, label in Participant.Gender.choices}
    yes, no = _("yes"), _("no")

    def row(participant: Participant) -> list[str]:
        return [
            categories.get(participant.delegation.category, ""),
            participant.delegation.sort_name,
            participant.title,
            participant.given_name,
            participant.family_name,
            participant.list_name,
            participant.function,
            roles.get(participant.role, participant.role),
            genders.get(participant.gender, participant.gender),
            participant.email,
            yes if participant.public_consent else no,
            yes if participant.needs_visa_letter else no,
            participant.accessibility_needs,
            _local(participant.badge_printed_at, meeting),
            _local(getattr(participant, "arrived_at", None), meeting),
        ]

    return row


def statistics(participants) -> dict:
    """Participants by category and gender, with totals and the share of women, counted in Python
    over rows already loaded (`statistics_of` asks the database for the same figures)."""
    counts: dict[tuple, int] = {}
    heads: dict[str, int] = {}
    delegations: dict[str, set] = {}
    for participant in participants:
        key = (participant.delegation.category, participant.gender)
        counts[key] = counts.get(key, 0) + 1
        delegations.setdefault(participant.delegation.category, set()).add(participant.delegation_id)
        if participant.role == Participant.Role.HEAD:
            heads[participant.gender] = heads.get(participant.gender, 0) + 1
    return _figures(counts, {category: len(ids) for category, ids in delegations.items()}, heads)


def statistics_of(participants: QuerySet) -> dict:
    """The figures of `statistics` for a queryset of participants (the staff list's, filtered),
    from two GROUP BY queries instead of loading every row."""
    participants = participants.order_by()
    counts, heads = {}, {}
    rows = participants.values("delegation__category", "gender").annotate(
        n=Count("pk"), heads=Count("pk", filter=Q(role=Participant.Role.HEAD))
    )
    for row in rows:
        counts[(row["delegation__category"], row["gender"])] = row["n"]
        if row["heads"]:
            heads[row["gender"]] = heads.get(row["gender"], 0) + row["heads"]
    delegations = dict(
        participants.values_list("delegation__category").annotate(n=Count("delegation_id", distinct=True))
    )
    return _figures(counts, delegations, heads)


def _figures(counts: dict[tuple, int], delegations: dict, heads: dict) -> dict:
    """The statistics from participants counted by (category, gender), delegations counted by
    category and heads of delegation by gender; categories in list order, unknown ones left out."""
    genders = [g for g, _label in Participant.Gender.choices]
    female = Participant.Gender.FEMALE
    rows = []
    for value, label in Category.choices:
        row_counts = [counts.get((value, g), 0) for g in genders]
        total = sum(row_counts)
        rows.append(
            {
                "category": value,
                "label": str(label),
                "delegations": delegations.get(value, 0),
                "counts": row_counts,
                "total": total,
                "women_share": round(100 * counts.get((value, female), 0) / total, 1) if total else None,
            }
        )
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(genders))]
    grand = sum(totals)
    heads_row = [heads.get(g, 0) for g in genders]
    heads_total = sum(heads_row)
    return {
        "genders": [(g, str(label)) for g, label in Participant.Gender.choices],
        "rows": rows,
        "totals": totals,
        "total": grand,
        "delegations": sum(row["delegations"] for row in rows),
        "women_share": round(100 * totals[genders.index(female)] / grand, 1) if grand else None,
        "heads": heads_row,
        "heads_total": heads_total,
        "heads_women_share": round(100 * heads.get(female, 0) / heads_total, 1) if heads_total else None,
    }


def statistics_rows(stats: dict) -> list[list]:
    header = [
        pgettext("participation category", "Category"),
        _("Delegations"),
        *[label for _g, label in stats["genders"]],
        _("Total"),
        _("Women %"),
    ]
    rows = [header]
    for row in stats["rows"]:
        rows.append([row["label"], row["delegations"], *row["counts"], row["total"], row["women_share"]])
    rows.append([_("All categories"), stats["delegations"], *stats["totals"], stats["total"], stats["women_share"]])
    rows.append([_("Heads of delegation"), "", *stats["heads"], stats["heads_total"], stats["heads_women_share"]])
    return rows


class _Line:
    """A file-like object that hands back what csv.writer writes, one row at a time."""

    def write(self, text: str) -> str:
        return text


CSV_ROWS_PER_CHUNK = 250


def participants_csv_lines(participants, meeting: Meeting):
    """The CSV export as a stream of UTF-8 chunks, a row each (the first with the byte-order
    mark and the header), for a StreamingHttpResponse: the file starts before the last row is read.

    The labels are translated now, in the request's language: the rows are written after the
    view has returned, when the language middleware has already switched back."""
    writer = csv.writer(_Line())
    row = row_builder(meeting)
    header = ("\ufeff" + writer.writerow([str(label) for _key, label in COLUMNS])).encode("utf-8")

    def lines():
        yield header
        # A chunk of rows at a time: one chunk a row costs more in the response than the row itself.
        chunk = []
        for participant in participants:
            chunk.append(writer.writerow([safe_text(value) for value in row(participant)]))
            if len(chunk) == CSV_ROWS_PER_CHUNK:
                yield "".join(chunk).encode("utf-8")
                chunk = []
        if chunk:
            yield "".join(chunk).encode("utf-8")

    return lines()


def participants_csv(participants, meeting: Meeting) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accented and non-Latin names correctly."""
    return b"".join(participants_csv_lines(participants, meeting))


def statistics_csv(stats: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in statistics_rows(stats):
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def participants_xlsx(participants, meeting: Meeting, stats: dict) -> bytes:
    """A workbook with the participants (as text cells) and a sheet of statistics."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Participants"))
    bold = Font(bold=True)
    header = []
    for _key, label in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    row = row_builder(meeting)
    for participant in participants:
        # Plain strings are string cells; the only text openpyxl would store as a formula starts
        # with "=", which safe_text never lets through. A WriteOnlyCell per value costs 2x more.
        sheet.append([safe_text(value) for value in row(participant)])
    summary = workbook.create_sheet(_("Statistics"))
    for index, row in enumerate(statistics_rows(stats)):
        cells = []
        for value in row:
            cell = WriteOnlyCell(summary, value=value if isinstance(value, int | float) else safe_text(value))
            if index == 0:
                cell.font = bold
            cells.append(cell)
        summary.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
