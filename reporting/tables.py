"""The secretariat's working lists of the reporting app (ccm_portal/tables.py draws them)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ccm_portal.tables import StaffTable


def dashboard_rows(standings) -> list[dict]:
    """One row per State Party; plain values so the table sorts them and the CSV writes them."""
    return [
        {
            "state": row.name,
            "code": row.state.country.code,
            "entry_into_force": row.state.entry_into_force_date,
            "due": row.due_count,
            "submitted": row.submitted_count,
            "late": row.late_count,
            "overdue": row.overdue_count,
            "overdue_list": ", ".join(
                str(item.year) if item.due.kind == "annual" else str(_("initial")) for item in row.overdue
            ),
            "next_due": row.upcoming.due if row.upcoming else None,
            "last_received": row.last_received,
        }
        for row in standings
    ]


def _date(value):
    return date_format(value, "DATE_FORMAT") if value else "—"


class DashboardTable(StaffTable):
    state = tables.Column(verbose_name=_("State Party"), attrs={"td": {"dir": "auto"}})
    entry_into_force = tables.Column(verbose_name=_("Entry into force"))
    due = tables.Column(verbose_name=_("Reports due"))
    submitted = tables.Column(verbose_name=_("Submitted"))
    late = tables.Column(verbose_name=_("Late"))
    overdue = tables.Column(verbose_name=_("Overdue"))
    next_due = tables.Column(verbose_name=_("Next deadline"))
    last_received = tables.Column(verbose_name=_("Last received"))

    region_label = _("Reporting by State Party")
    empty_text = _("No State Party matches.")

    class Meta(StaffTable.Meta):
        attrs = {**StaffTable.Meta.attrs, "data-testid": "reporting-dashboard"}

    def render_state(self, record):
        return format_html('<a href="{}">{}</a>', reverse("reporting:state", args=[record["code"]]), record["state"])

    def render_entry_into_force(self, value):
        return _date(value)

    def render_next_due(self, value):
        return _date(value)

    def render_last_received(self, value):
        return _date(value)

    def render_overdue(self, record):
        if not record["overdue"]:
            return "0"
        return format_html(
            '<span class="badge text-bg-danger">{}</span> <span class="small">{}</span>',
            record["overdue"],
            record["overdue_list"],
        )

    def render_late(self, value):
        if not value:
            return "0"
        return format_html('<span class="badge text-bg-warning">{}</span>', value)
