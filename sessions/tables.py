"""The sessions app's sortable, paginated staff tables (django-tables2)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ccm_portal.tables import StaffTable


def _moment(value) -> str:
    # The active time zone is the meeting's on its pages (MeetingTimeZoneMiddleware, {% timezone %}).
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


class SideEventTable(StaffTable):
    title = tables.Column(verbose_name=pgettext_lazy("a side-event request", "Request"))
    delegation = tables.Column(verbose_name=_("Delegation"), order_by=("delegation__sort_name",))
    expected_attendance = tables.Column(verbose_name=pgettext_lazy("expected attendance", "Expected"))
    preferred_slots = tables.Column(
        verbose_name=_("Preferred slots"), orderable=False, empty_values=(), attrs={"td": {"class": "small"}}
    )
    created_at = tables.Column(verbose_name=_("Received"), attrs={"td": {"class": "small"}})
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "created_at"))
    actions = tables.Column(
        verbose_name=_("Actions"), accessor="pk", orderable=False, attrs={"td": {"class": "text-end"}}
    )

    region_label = _("Side-event requests")
    empty_text = _("No request here.")

    class Meta(StaffTable.Meta):
        attrs = {**StaffTable.Meta.attrs, "data-testid": "side-event-queue"}

    def __init__(self, data, *, meeting, **kwargs):
        super().__init__(data, **kwargs)
        self.meeting = meeting

    def render_title(self, record):
        return format_html(
            '<strong dir="auto">{}</strong><div class="small text-muted" dir="auto">{}</div>',
            record.title,
            record.organisers,
        )

    def render_delegation(self, record):
        return format_html(
            '<span dir="auto">{}</span><div class="small text-muted">{}</div>',
            record.delegation.sort_name,
            record.requested_by.email,
        )

    def render_preferred_slots(self, record):
        return format_html_join(mark_safe("<br>"), "{}", ((label,) for label in record.preferred_slot_labels))

    def render_created_at(self, value):
        return _moment(value)

    def render_status(self, record):
        parts = [format_html("{}", record.get_status_display())]
        if record.session:
            parts.append(
                format_html(
                    '<div class="small"><bdi>{}</bdi>, {}</div>',
                    record.session.room.name,
                    _moment(record.session.starts_at),
                )
            )
        if record.decision_reason:
            parts.append(format_html('<div class="small text-muted" dir="auto">{}</div>', record.decision_reason))
        return format_html_join("", "{}", ((part,) for part in parts))

    def render_actions(self, record):
        label = _("Decide") if record.status == record.Status.PENDING else pgettext_lazy("open a request", "Open")
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("ccm_sessions:side_event_decide", args=[self.meeting.slug, record.pk]),
            label,
            record.title,
        )
