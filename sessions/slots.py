"""Side-event slots: the periods around the official sessions when side events usually run.

A slot is written "YYYY-MM-DD/period" (for example "2010-11-10/lunch") so that
a request can store its preferences as plain strings.
"""

from datetime import date, time, timedelta

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .dates import clock_time, weekday_day

# period: (label, local start, local end)
PERIODS = {
    "morning": (_("morning, before the session"), time(8, 30), time(9, 45)),
    "lunch": (_("lunchtime"), time(13, 15), time(14, 45)),
    "evening": (_("evening, after the session"), time(18, 15), time(19, 45)),
}


def meeting_days(meeting) -> list[date]:
    days = (meeting.end_date - meeting.start_date).days + 1
    return [meeting.start_date + timedelta(days=offset) for offset in range(max(days, 0))]


def slot_value(day: date, period: str) -> str:
    return f"{day.isoformat()}/{period}"


def parse_slot(value: str) -> tuple[date, str] | None:
    try:
        day_text, period = value.split("/", 1)
        day = date.fromisoformat(day_text)
    except (AttributeError, ValueError):
        return None
    if period not in PERIODS:
        return None
    return day, period


def slot_label(value: str) -> str:
    parsed = parse_slot(value)
    if parsed is None:
        return str(value)
    day, period = parsed
    label, start, end = PERIODS[period]
    return gettext("%(day)s, %(period)s (%(start)s-%(end)s)") % {
        "day": weekday_day(day),
        "period": label,
        "start": clock_time(start),
        "end": clock_time(end),
    }


def slot_times(value: str) -> tuple[date, time, time] | None:
    parsed = parse_slot(value)
    if parsed is None:
        return None
    day, period = parsed
    _label, start, end = PERIODS[period]
    return day, start, end


def slot_choices(meeting) -> list[tuple[str, str]]:
    return [
        (slot_value(day, period), slot_label(slot_value(day, period)))
        for day in meeting_days(meeting)
        for period in PERIODS
    ]
