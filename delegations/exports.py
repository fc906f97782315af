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
    if text.startswith(FORMULA_PREFIXES) or _first_visible(text).startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _local(value: datetime | None, meeting: Meeting) -> str:
    # ISO 8601 in the meeting's time zone, in every language: a spreadsheet sorts and
    # converts it, where a localised "8 novembre 2010" would be text.
    if not value:
        return ""
    return iso_minutes(value, meeting.tzinfo, offset=False)


def participant_row(participant: Participant, meeting: Meeting) -> list[str]:
    labels = dict(Category.choices)
    return [
        str(labels.get(participant.delegation.category, "")),
        participant.delegation.sort_name,
        participant.title,
        participant.given_name,
        participant.family_name,
        participant.list_name,
        participant.function,
        participant.get_role_display(),
        participant.get_gender_display(),
        participant.email,
        _("yes") if participant.public_consent else _("no"),
        _("yes") if participant.needs_visa_letter else _("no"),
        participant.accessibility_needs,
        _local(participant.badge_printed_at, meeting),
        _local(getattr(participant, "arrived_at", None), meeting),
    ]


def statistics(participants) -> dict:
    """Participants by category and gender, with totals and the share of women; pure Python."""
    genders = list(Participant.Gender.choices)
    table = {value: {g: 0 for g, _label in genders} for value, _label in Category.choices}
    heads = {g: 0 for g, _label in genders}
    delegations = {value: set() for value, _label in Category.choices}
    for participant in participants:
        category = participant.delegation.category
        table.setdefault(category, {g: 0 for g, _label in genders})
        table[category][participant.gender] = table[category].get(participant.gender, 0) + 1
        delegations.setdefault(category, set()).add(participant.delegation_id)
        if participant.role == Participant.Role.HEAD:
            heads[participant.gender] = heads.get(participant.gender, 0) + 1
    rows = []
    for value, label in Category.choices:
        counts = table[value]
        total = sum(counts.values())
        rows.append(
            {
                "category": value,
                "label": str(label),
                "delegations": len(delegations[value]),
                "counts": [counts[g] for g, _label in genders],
                "total": total,
                "women_share": round(100 * counts[Participant.Gender.FEMALE] / total, 1) if total else None,
            }
        )
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(genders))]
    grand = sum(totals)
    female_index = [g for g, _label in genders].index(Participant.Gender.FEMALE)
    heads_total = sum(heads.values())
    return {
        "genders": [(g, str(label)) for g, label in genders],
        "rows": rows,
        "totals": totals,
        "total": grand,
        "delegations": sum(row["delegations"] for row in rows),
        "women_share": round(100 * totals[female_index] / grand, 1) if grand else None,
        "heads": [heads[g] for g, _label in genders],
        "heads_total": heads_total,
        "heads_women_share": round(100 * heads[Participant.Gender.FEMALE] / heads_total, 1) if heads_total else None,
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


def participants_csv(participants, meeting: Meeting) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accented and non-Latin names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _key, label in COLUMNS])
    for participant in participants:
        writer.writerow([safe_text(value) for value in participant_row(participant, meeting)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def statistics_csv(stats: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in statistics_rows(stats):
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _text_cell(sheet, value):
    # An explicit string cell: openpyxl would otherwise store "=..." as a formula.
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = safe_text(value)
    cell.data_type = "s"
    return cell


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
    for participant in participants:
        sheet.append([_text_cell(sheet, value) for value in participant_row(participant, meeting)])
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
