"""Days and times of the programme in words, by the active language's named formats.

No pattern is written here: the date comes from DATE_FORMAT or MONTH_DAY_FORMAT and the time
from TIME_FORMAT (English ones in ccm_portal/formats/en), the weekday from Django's own names,
and the translation decides the order ("Wednesday 10 November 2010" in English).
"""

from datetime import date, datetime, time

from django.utils.formats import date_format, time_format
from django.utils.translation import pgettext


def weekday_date(value: date | datetime) -> str:
    """The weekday and the full date: "Wednesday 10 November 2010"."""
    return pgettext("a weekday and a date, as in: Wednesday 10 November 2010", "%(weekday)s %(date)s") % {
        "weekday": date_format(value, "l"),
        "date": date_format(value, "DATE_FORMAT"),
    }


def weekday_day(value: date | datetime) -> str:
    """The weekday, day and month, for days within the meeting: "Wednesday 10 November"."""
    return pgettext("a weekday, a day and a month, as in: Wednesday 10 November", "%(weekday)s %(day)s") % {
        "weekday": date_format(value, "l"),
        "day": date_format(value, "MONTH_DAY_FORMAT"),
    }


def clock_time(value: time | datetime) -> str:
    """A time of day in the language's TIME_FORMAT: "13:15"."""
    return time_format(value, "TIME_FORMAT")
