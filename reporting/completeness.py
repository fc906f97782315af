"""What a report still lacks before it can be submitted: one list, read by the service and the pages.

Drafts save incomplete; submission asks every form for its status and, for a form marked
"changed", for its content: the text of a text form, at least one row of a table form (B, F,
I) and the victims' figures of form H. Each gap names the field it belongs to, so the form's
page shows it next to that field.
"""

from django.utils.translation import gettext_lazy as _

from .models import Form, FormEntry, Report

STATUS_MISSING = _("Say whether this form changed, is unchanged since an earlier report, or does not apply.")
TEXT_MISSING = _("Describe the measures, or mark the form unchanged or not applicable.")
ROWS_MISSING = {
    Form.B: _("Add at least one type of cluster munition, or mark the form unchanged or not applicable."),
    Form.F: _("Add at least one contaminated area, or mark the form unchanged or not applicable."),
    Form.I: _("Add at least one partner, or mark the form unchanged or not applicable."),
}
VICTIMS_MISSING = _("Give the number of victims, or mark the form unchanged or not applicable.")

# The field of each form's page a gap is shown next to ("rows": above the table of rows).
ROWS = "rows"


def gaps_of_entry(entry: FormEntry, *, row_counts: dict[str, int], has_victims: bool) -> list[tuple[str, str]]:
    """[(field, message)] for one form; `row_counts` maps a form letter to its number of rows."""
    if not entry.status:
        return [("status", str(STATUS_MISSING))]
    if entry.status != FormEntry.Status.CHANGED:
        return []
    if entry.form in ROWS_MISSING:
        return [] if row_counts.get(entry.form) else [(ROWS, str(ROWS_MISSING[entry.form]))]
    if entry.form == Form.H:
        return [] if has_victims else [("total", str(VICTIMS_MISSING))]
    return [] if entry.text.strip() else [("text", str(TEXT_MISSING))]


def gaps(report: Report) -> dict[str, list[tuple[str, str]]]:
    """{form letter: [(field, message)]} for every form with a gap; empty when the report is complete."""
    counts = {
        Form.B: report.stockpiles.count(),
        Form.F: report.areas.count(),
        Form.I: report.cooperation.count(),
    }
    has_victims = hasattr(report, "victims") and report.victims is not None
    found = {}
    for entry in report.entries.all():
        entry_gaps = gaps_of_entry(entry, row_counts=counts, has_victims=has_victims)
        if entry_gaps:
            found[entry.form] = entry_gaps
    return found
