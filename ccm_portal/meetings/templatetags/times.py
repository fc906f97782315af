"""Times in templates: the meeting's zone, the language's formats, valid <time datetime>.

    {% load times %}
    {% time_zone_note meeting %}                    Times are in Vientiane time (UTC+7).
    {% local_time entry.created_at %}               <time datetime="2010-11-09T08:00:00+07:00">9 Nov 2010 08:00</time>
    {% local_time deadline "DATETIME_FORMAT" %}     the same with another of the language's formats
    {{ deadline|with_zone }}                        9 November 2010, 08:00 (UTC+7), for a time shown alone
    {{ value|iso }}                                 2010-11-09T08:00:00+07:00
    {{ deadline|weekday }}                          Tuesday

All of them use the active time zone: the meeting's on its pages (ccm_portal/meetings/timezones.py).
"""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ccm_portal.meetings.models import Meeting
from ccm_portal.meetings.timezones import iso_datetime, zone_name, zone_offset

register = template.Library()

FORMATS = {"DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT"}


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def iso(value) -> str:
    """ISO 8601 to the second with the active zone's offset; "" for anything that is not a datetime."""
    return iso_datetime(value) if isinstance(value, datetime) and timezone.is_aware(value) else ""


@register.filter
def with_zone(value, format_name: str = "DATETIME_FORMAT") -> str:
    """A time shown alone, with its offset from UTC: "9 November 2010, 08:00 (UTC+7)"."""
    if not isinstance(value, datetime):
        return ""
    if format_name not in FORMATS:
        format_name = "DATETIME_FORMAT"
    return _("%(time)s (%(offset)s)") % {
        "time": date_format(_local(value), format_name),
        "offset": zone_offset(value),
    }


@register.filter
def weekday(value) -> str:
    """The weekday's name in the page's language and the active zone: "Wednesday"."""
    if not isinstance(value, datetime):
        return ""
    return date_format(_local(value), "l")


@register.simple_tag
def local_time(value, format_name: str = "SHORT_DATETIME_FORMAT"):
    """<time datetime="…">…</time> in the active zone and one of the language's formats."""
    if not isinstance(value, datetime):
        return ""
    if format_name not in FORMATS:
        format_name = "SHORT_DATETIME_FORMAT"
    return format_html('<time datetime="{}">{}</time>', iso(value), date_format(_local(value), format_name))


@register.simple_tag(name="zone_name")
def zone_name_tag(meeting) -> str:
    """The meeting's zone as a reader knows it: "Vientiane time (UTC+7)"."""
    return zone_name(meeting)


@register.simple_tag
def time_zone_note(meeting) -> str:
    """The page's one statement of its zone: "Times are in Vientiane time (UTC+7)."."""
    return _("Times are in %(zone)s.") % {"zone": zone_name(meeting)}


@register.simple_tag(takes_context=True)
def page_time_zone(context):
    """The zone the page's content is shown in: its meeting's, else the active one (UTC off meeting pages)."""
    meeting = context.get("meeting")
    return meeting.tzinfo if isinstance(meeting, Meeting) else timezone.get_current_timezone()
