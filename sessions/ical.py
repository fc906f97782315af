"""iCalendar feeds of the programme of work, their text in the language of the request.

Times are written in the meeting's own time zone (TZID) with a VTIMEZONE
component for it, so calendar programs show venue time and convert it right;
the feed parses back to the same UTC instants.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ccm_portal.meetings.models import Meeting

from .models import MeetingSession

PRODID = "-//CCM Portal//Programme of work//EN"


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "ccm-portal.invalid"


def _event(meeting: Meeting, session: MeetingSession) -> Event:
    tz = meeting.tzinfo
    event = Event()
    event.add("uid", f"session-{session.pk}@{_uid_domain()}")
    event.add("dtstamp", session.updated_at.astimezone(UTC))
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("summary", _("%(meeting)s: %(session)s") % {"meeting": meeting.short_title, "session": session.title})
    place = ", ".join(part for part in [session.room.name, meeting.venue, meeting.city] if part)
    event.add("location", place)
    lines = [str(session.get_kind_display())]
    if session.organisers:
        lines.append(_("Organisers: %(organisers)s") % {"organisers": session.organisers})
    if session.chair:
        lines.append(_("Chair: %(chair)s") % {"chair": session.chair})
    if session.coordinator:
        lines.append(_("Coordinator (Friend of the President): %(name)s") % {"name": session.coordinator.name})
    lines.extend(
        _("Agenda item %(number)s: %(title)s") % {"number": item.number, "title": item.title}
        for item in session.agenda_items.all()
    )
    if session.description:
        lines.append(session.description)
    event.add("description", "\n".join(lines))
    event.add("url", f"{settings.SITE_URL}{session.get_absolute_url()}")
    event.add("categories", [str(session.get_kind_display())])
    return event


def calendar_bytes(meeting: Meeting, sessions) -> bytes:
    """A VCALENDAR with one VEVENT per session; sessions need room and agenda_items loaded."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("%(meeting)s programme of work") % {"meeting": meeting.short_title})
    calendar.add("x-wr-timezone", meeting.time_zone)
    for session in sessions:
        session.meeting = meeting  # for get_absolute_url without another query
        calendar.add_component(_event(meeting, session))
    calendar.add_missing_timezones()
    return calendar.to_ical()
