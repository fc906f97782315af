"""Template filters of the programme pages."""

from django import template

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
def minutes_label(seconds) -> str:
    """A speaking-time limit as words: "5 minutes", "90 seconds"."""
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return ""
    if seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} seconds"
