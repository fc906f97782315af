"""Template filters of the programme pages."""

from django import template
from django.utils.translation import ngettext, pgettext_lazy

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


# The audit trail stores each action as a fixed English phrase (services.py); the history
# lists show it in the reader's language. An action not listed here is shown as stored.
AUDIT_ACTIONS = {
    "accepted clash": pgettext_lazy("audit action", "accepted clash"),
    "added item": pgettext_lazy("audit action", "added item"),
    "added item after adoption": pgettext_lazy("audit action", "added item after adoption"),
    "added right of reply": pgettext_lazy("audit action", "added right of reply"),
    "added room": pgettext_lazy("audit action", "added room"),
    "added session": pgettext_lazy("audit action", "added session"),
    "adopted agenda": pgettext_lazy("audit action", "adopted agenda"),
    "amended item after adoption": pgettext_lazy("audit action", "amended item after adoption"),
    "approved side event": pgettext_lazy("audit action", "approved side event"),
    "changed item": pgettext_lazy("audit action", "changed item"),
    "changed list settings": pgettext_lazy("audit action", "changed list settings"),
    "changed room": pgettext_lazy("audit action", "changed room"),
    "changed session": pgettext_lazy("audit action", "changed session"),
    "declined side event": pgettext_lazy("audit action", "declined side event"),
    "inscribed": pgettext_lazy("audit action", "inscribed"),
    "inscribed again": pgettext_lazy("audit action", "inscribed again"),
    "inserted speaker": pgettext_lazy("audit action", "inserted speaker"),
    "marked inscribed": pgettext_lazy("audit action", "marked inscribed"),
    "marked speaking": pgettext_lazy("audit action", "marked speaking"),
    "marked spoke": pgettext_lazy("audit action", "marked spoke"),
    "marked withdrawn": pgettext_lazy("audit action", "marked withdrawn"),
    "moved item": pgettext_lazy("audit action", "moved item"),
    "moved speaker": pgettext_lazy("audit action", "moved speaker"),
    "opened list of speakers": pgettext_lazy("audit action", "opened list of speakers"),
    "published statement": pgettext_lazy("audit action", "published statement"),
    "removed item": pgettext_lazy("audit action", "removed item"),
    "removed room": pgettext_lazy("audit action", "removed room"),
    "removed session": pgettext_lazy("audit action", "removed session"),
    "requested side event": pgettext_lazy("audit action", "requested side event"),
    "unpublished statement": pgettext_lazy("audit action", "unpublished statement"),
    "uploaded statement": pgettext_lazy("audit action", "uploaded statement"),
    "withdrew": pgettext_lazy("audit action", "withdrew"),
}


@register.filter
def audit_action(action) -> str:
    """A stored audit action ("moved speaker") in the active language."""
    return str(AUDIT_ACTIONS.get(action, action))
