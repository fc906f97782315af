"""The secretariat's sortable, paginated tables of delegations and participants (django-tables2).

Their column names are the sort keys the selectors accept (selectors_lists.STAFF_SORTS for
the participants), so a sort link, the page and the exports agree.
"""

from collections.abc import Sequence

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ccm_portal.meetings.models import Meeting
from ccm_portal.tables import SortedBySelector, StaffTable

from .selectors_lists import staff_rows


class StaffRowsData(SortedBySelector):
    """Participants in the selector's order, turned into the table's cells one page at a time."""

    def __init__(self, participants, meeting: Meeting):
        # A sequence (a list, or a StaffPage that reads only the rows asked for) stays as it is.
        super().__init__(participants if isinstance(participants, Sequence) else list(participants))
        self.meeting = meeting

    def __getitem__(self, key):
        if isinstance(key, slice):
            return staff_rows(self.data[key], self.meeting)
        return staff_rows([self.data[key]], self.meeting)[0]

    def __iter__(self):
        return iter(staff_rows(self.data, self.meeting))


class ParticipantTable(StaffTable):
    delegation = tables.Column(verbose_name=_("Delegation"))
    name = tables.Column(verbose_name=_("Name"), attrs={"td": {"dir": "auto"}})
    function = tables.Column(
        verbose_name=pgettext_lazy("participant job title", "Function"), attrs={"td": {"class": "small", "dir": "auto"}}
    )
    role = tables.Column(verbose_name=pgettext_lazy("participant", "Role"))
    gender = tables.Column(verbose_name=_("Gender"))
    public = tables.Column(verbose_name=pgettext_lazy("on public lists", "Public"))
    badge = tables.Column(verbose_name=_("Badge"), attrs={"td": {"class": "small"}})
    arrived = tables.Column(verbose_name=_("Arrived"), attrs={"td": {"class": "small"}})

    region_label = _("Participants")
    empty_text = _("No participant matches.")

    class Meta(StaffTable.Meta):
        attrs = {**StaffTable.Meta.attrs, "data-testid": "staff-list"}

    def __init__(self, participants, *, meeting: Meeting, **kwargs):
        super().__init__(StaffRowsData(participants, meeting), **kwargs)

    def render_delegation(self, record):
        return format_html(
            '<span class="badge badge-category-{}" title="{}">{}</span> <bdi>{}</bdi>',
            record["category"],
            record["category_label"],
            record["category"],
            record["delegation"],
        )

    def render_public(self, value):
        if value:
            return _("yes")
        return format_html('<span class="text-muted">{}</span>', _("no"))


# ---------------------------------------------------------------- the accreditation queue


class TickColumn(tables.Column):
    """A checkbox per row for the bulk decision; the header's "select all on this page" box
    appears only when static/js/select-all.js runs (without JavaScript each row is ticked alone,
    or the decision goes to every matching row through the form's own option)."""

    def __init__(self, *, field: str, label, **kwargs):
        self.field, self.label = field, label
        super().__init__(accessor="pk", orderable=False, empty_values=(), **kwargs)

    @property
    def header(self):
        return format_html(
            '<span class="visually-hidden">{}</span>'
            '<input class="form-check-input" type="checkbox" data-select-all="{}" aria-label="{}" hidden>',
            _("Select"),
            self.field,
            self.label,
        )


class QueueTable(StaffTable):
    """A queue whose rows can be ticked; `ticked` holds the ids ticked before a refused decision."""

    tick_field = ""

    def __init__(self, data, *, ticked=(), **kwargs):
        super().__init__(data, **kwargs)
        self.ticked = {str(pk) for pk in ticked}

    def tick_box(self, record, label):
        return format_html(
            '<input class="form-check-input" type="checkbox" name="{}" value="{}" aria-label="{}"{}>',
            self.tick_field,
            record.pk,
            label,
            mark_safe(" checked") if str(record.pk) in self.ticked else "",
        )


class DelegationQueueTable(QueueTable):
    tick = TickColumn(field="delegations", label=_("Select every delegation on this page"))
    sort_name = tables.Column(verbose_name=_("Delegation"), linkify=True, attrs={"a": {"dir": "auto"}})
    category = tables.Column(
        verbose_name=pgettext_lazy("participation category", "Category"), order_by=("category", "sort_name")
    )
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "category", "sort_name"))
    participant_count = tables.Column(verbose_name=_("Participants"))
    pending_count = tables.Column(verbose_name=_("Pending"))
    document = tables.Column(verbose_name=_("Document"), orderable=False, empty_values=())

    tick_field = "delegations"
    region_label = _("Delegations")
    empty_text = _("No delegation matches.")

    class Meta(StaffTable.Meta):
        attrs = {**StaffTable.Meta.attrs, "data-testid": "delegation-queue"}

    def render_tick(self, record):
        return self.tick_box(record, _("Select %(name)s") % {"name": record.sort_name})

    def render_sort_name(self, record, value):
        if record.invitation == "provisional":
            return format_html('{} <span class="badge text-bg-warning">{}</span>', value, _("provisional"))
        return value

    def render_category(self, record):
        return record.get_category_display()

    def render_status(self, record):
        return record.get_status_display()

    def render_document(self, record):
        if record.document:
            return _("yes")
        return format_html('<span class="text-danger">{}</span>', _("missing"))


class PendingParticipantTable(QueueTable):
    tick = TickColumn(field="participants", label=_("Select every participant on this page"))
    name = tables.Column(verbose_name=_("Participant"), accessor="pk", order_by=("family_name", "given_name"))
    delegation = tables.Column(
        verbose_name=_("Delegation"),
        accessor="delegation__sort_name",
        order_by=("delegation__category", "delegation__sort_name"),
    )
    role = tables.Column(verbose_name=pgettext_lazy("participant", "Role"), order_by=("role_order",))
    changes = tables.Column(
        verbose_name=_("Changed since approval"), accessor="pk", orderable=False, attrs={"td": {"class": "small"}}
    )

    tick_field = "participants"
    region_label = _("Pending participants")
    empty_text = _("No participant is waiting.")

    class Meta(StaffTable.Meta):
        attrs = {**StaffTable.Meta.attrs, "data-testid": "participant-queue"}

    def render_tick(self, record):
        return self.tick_box(record, _("Select %(name)s") % {"name": record.display_name})

    def render_name(self, record):
        return format_html(
            '<span dir="auto">{}</span><br><span class="small text-muted" dir="auto">{}</span>',
            record.list_name,
            record.function,
        )

    def render_delegation(self, record):
        return format_html(
            '<a href="{}" dir="auto">{}</a>', record.delegation.get_absolute_url(), record.delegation.sort_name
        )

    def render_role(self, record):
        return record.get_role_display()

    def render_changes(self, record):
        changes = record.changes_shown
        if not changes:
            return "—"
        return format_html_join(
            "",
            '{}: <del dir="auto">{}</del> → <ins dir="auto">{}</ins><br>',
            ((label, before, after) for label, before, after in changes),
        )
