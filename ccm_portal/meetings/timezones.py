"""Times on a meeting's pages are in the meeting's time zone; elsewhere in UTC.

`MeetingTimeZoneMiddleware` activates the zone of the meeting named by the URL (every URL
with `<slug:slug>` names a meeting), so that templates, forms and `localtime()` use it without
each template wrapping itself in `{% timezone %}`; pages reached by another key (a delegation,
an outcome document) get it from base.html, which wraps the content in the zone of the
`meeting` in their context. Times are written with the language's formats (ccm_portal/formats),
and the zone is named once per page (`zone_name`), or next to a lone time (`zone_offset`).
"""

from datetime import UTC, date, datetime, time, tzinfo

from django.utils import timezone
from django.utils.translation import gettext as _

from . import lookup
from .models import Meeting


class MeetingTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("slug")
        if not slug:
            return None
        meeting = lookup.by_slug(slug)
        if meeting is not None:
            timezone.activate(meeting.tzinfo)
        return None


def meeting_zone(meeting) -> tzinfo:
    """The meeting's zone, or UTC for anything that is not a meeting."""
    return meeting.tzinfo if isinstance(meeting, Meeting) else UTC


def _reference_moment(meeting) -> datetime:
    """Noon on the meeting's first day: the offset the meeting's days are held at."""
    day = getattr(meeting, "start_date", None) or date.today()
    return datetime.combine(day, time(12), tzinfo=meeting_zone(meeting))


def zone_offset(value: datetime | None = None, zone: tzinfo | None = None) -> str:
    """The offset from UTC of `zone` (the active one by default) at `value`: "UTC+7", "UTC+5:30", "UTC"."""
    zone = zone or timezone.get_current_timezone()
    moment = (value or timezone.now()).astimezone(zone)
    minutes = int(moment.utcoffset().total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(meeting) -> str:
    """The meeting's zone as a reader knows it: "Vientiane time (UTC+7)"."""
    if not isinstance(meeting, Meeting):
        return "UTC"
    return _("%(city)s time (%(offset)s)") % {
        "city": meeting.city,
        "offset": zone_offset(_reference_moment(meeting), meeting.tzinfo),
    }


def iso_datetime(value: datetime, zone: tzinfo | None = None) -> str:
    """A machine-readable time for <time datetime> and exports: ISO 8601 to the second, with the
    offset of `zone` (the active zone by default): "2010-11-09T08:00:00+07:00"."""
    return value.astimezone(zone or timezone.get_current_timezone()).isoformat(timespec="seconds")


def iso_minutes(value: datetime, zone: tzinfo, *, offset: bool = True) -> str:
    """ISO 8601 to the minute in `zone`, for stored texts and spreadsheets, the same in every
    language: "2010-11-09 08:00+07:00", or "2010-11-09 08:00" without the offset."""
    local = value.astimezone(zone)
    return (local if offset else local.replace(tzinfo=None)).isoformat(sep=" ", timespec="minutes")
