"""The agenda items a delegation's paper can be submitted for.

The agenda belongs to `sessions`, which sits above this app, so this app cannot read it:
sessions hands over a function that lists a meeting's items (SessionsConfig.ready()), and
the paper forms and services ask here. Without it (an app set without sessions) no meeting
has items, and submitting says so.
"""

from collections.abc import Callable

from ccm_portal.meetings.models import Meeting

AgendaItems = Callable[[Meeting], list[tuple[str, str]]]
_provider: AgendaItems | None = None


def set_agenda_items_provider(provider: AgendaItems) -> None:
    global _provider
    _provider = provider


def agenda_items(meeting: Meeting) -> list[tuple[str, str]]:
    """[(number, title)] of the meeting's agenda in agenda order; [] while it has none."""
    return list(_provider(meeting)) if _provider is not None else []
