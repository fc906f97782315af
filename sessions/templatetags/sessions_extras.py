"""Template filters of the programme pages."""

from django import template
from django.utils.translation import ngettext, pgettext

from sessions.dates import weekday_date

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """Seconds as m:ss; over time shows a leading minus ("-0:23"); "" for anything that is not a number."""
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return ""
    sign = "-" if seconds < 0 else ""
    minutes, rest = divmod(abs(seconds), 60)
    return f"{sign}{minutes}:{rest:02d}"


@register.filter
def time_left(seconds) -> str:
    """The room clock: "4:05" while a speaker is within the limit, "Overtime 0:23" past it; "" for
    anything that is not a number. static/js/sessions-live.js writes the same two shapes."""
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return ""
    if seconds < 0:
        return pgettext("speaking time past the limit", "Overtime %(clock)s") % {"clock": clock(-seconds)}
    return clock(seconds)


@register.filter
def minutes_label(seconds) -> str:
    """A speaking-time limit as words: "5 minutes", "90 seconds"."""
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return ""
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}


@register.filter(expects_localtime=True)
def day_heading(value) -> str:
    """A day of the meeting with its weekday, "Wednesday 10 November 2010" in English: the weekday
    and the language's DATE_FORMAT, in the order the translation gives; "" for no day."""
    return weekday_date(value) if value else ""
