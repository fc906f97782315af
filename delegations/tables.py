"""The secretariat's sortable, paginated tables of delegations and participants (django-tables2).

Their column names are the sort keys the selectors accept (selectors_lists.STAFF_SORTS for
the participants), so a sort link, the page and the exports agree.
"""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ccm_portal.meetings.models import Meeting
from ccm_portal.tables import SortedBySelector, StaffTable

from .selectors_lists import staff_rows


class StaffRowsData(SortedBySelector):
    """Participants in the selector's order, turned into the table's cells one page at a time."""

    def __init__(self, participants, meeting: Meeting):
        super().__init__(list(participants))
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
