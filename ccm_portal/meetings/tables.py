"""The meetings' sortable, paginated tables (django-tables2): the list of meetings and the
treaty-status register."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ccm_portal.tables import SortedBySelector, StaffTable

from .templatetags.meetings_extras import category_label


class MeetingTable(StaffTable):
    title = tables.Column(verbose_name=_("Meeting"), order_by=("title", "start_date"))
    kind = tables.Column(verbose_name=pgettext_lazy("kind of meeting", "Kind"), order_by=("kind", "start_date"))
    place = tables.Column(verbose_name=_("Place"), accessor="city", order_by=("city", "start_date"))
    dates = tables.Column(verbose_name=_("Dates"), accessor="start_date", attrs={"td": {"class": "text-nowrap"}})

    region_label = _("Meetings")
    empty_text = _("No meetings yet.")

    class Meta(StaffTable.Meta):
        attrs = {**StaffTable.Meta.attrs, "data-testid": "meeting-list"}
        order_by = ("dates",)

    def render_title(self, record):
        badge = ""
        if not record.is_published:
            badge = format_html(' <span class="badge text-bg-warning ms-1">{}</span>', _("Not published"))
        return format_html('<a href="{}" dir="auto">{}</a>{}', record.get_absolute_url(), record.title, badge)

    def render_kind(self, record):
        return record.get_kind_display()

    def render_place(self, record):
        return format_html('<span dir="auto">{}, {}</span>', record.city, record.country.name)

    def render_dates(self, record):
        return record.dates_display


class TreatyStatusTable(StaffTable):
    """The register in the reader's alphabetical order (the view sorts it; no column re-sorts)."""

    state = tables.Column(verbose_name=pgettext_lazy("a country", "State"), accessor="row", orderable=False)
    signature = tables.Column(
        verbose_name=pgettext_lazy("of a treaty", "Signature"), accessor="row__signature_date", orderable=False
    )
    ratification = tables.Column(
        verbose_name=_("Ratification or accession"), accessor="row__ratification_date", orderable=False
    )
    entry_into_force = tables.Column(
        verbose_name=_("Entry into force"), accessor="row__entry_into_force_date", orderable=False
    )
    category = tables.Column(verbose_name=_("Category today"), empty_values=(), orderable=False)
    edit = tables.Column(verbose_name=_("Actions"), accessor="row", orderable=False)

    region_label = _("Treaty status of each state")
    empty_text = _("The register is empty. Add states one by one or import a CSV file.")

    class Meta(StaffTable.Meta):
        attrs = {**StaffTable.Meta.attrs, "data-testid": "treaty-register"}

    def __init__(self, rows, *, on, **kwargs):
        # The category and its note are worked out for the page's rows only.
        super().__init__(SortedBySelector(rows), **kwargs)
        self.on = on

    def render_state(self, value):
        if value.is_demo:
            return format_html(
                '{} <span class="badge text-bg-warning ms-1">{}</span>', value.country.name, _("demonstration data")
            )
        return value.country.name

    def _date(self, value):
        return date_format(value, "DATE_FORMAT")

    def render_signature(self, value):
        return self._date(value)

    def render_entry_into_force(self, value):
        return self._date(value)

    def render_ratification(self, record, value):
        if record["row"].instrument == "accession":
            return format_html('{} <span class="text-muted">{}</span>', self._date(value), _("(accession)"))
        return self._date(value)

    def render_category(self, record):
        row = record["row"]
        note = row.category_note(self.on)
        label = category_label(row.category_on(self.on))
        if note:
            return format_html('{}<div class="small text-muted">{}</div>', label, note)
        return label

    def render_edit(self, value):
        return format_html(
            '<a href="{}" aria-label="{}">{}</a>',
            reverse("meetings:treaty_status_edit", args=[value.pk]),
            _("Edit %(country)s") % {"country": value.country.name},
            _("Edit"),
        )
