"""The agenda items a delegation's paper can be submitted for.

The agenda belongs to `sessions`, which sits above this app, so this app cannot read it:
sessions hands over a function that lists a meeting's items (SessionsConfig.ready()), and
the paper forms and services ask here. Without it (an app set without sessions) no meeting
has items, and submitting says so.

Each item comes with its primary key in sessions: numbers are recalculated when items move
or are deleted, the key is what names the same item afterwards (outcomes links documents by it).
"""

from collections.abc import Callable
from typing import NamedTuple

from ccm_portal.meetings.models import Meeting


class Item(NamedTuple):
    pk: int  # the sessions AgendaItem's primary key: stable while the item exists
    number: str  # as numbered now ("10(a)"), changes when items move
    title: str


AgendaItems = Callable[[Meeting], list[Item]]
_provider: AgendaItems | None = None


def set_agenda_items_provider(provider: AgendaItems) -> None:
    global _provider
    _provider = provider


def agenda_items(meeting: Meeting) -> list[Item]:
    """[Item(pk, number, title)] of the meeting's agenda in agenda order; [] while it has none."""
    return [Item(*row) for row in _provider(meeting)] if _provider is not None else []


def numbered(meeting: Meeting) -> dict[str, str]:
    """{number: title} of the meeting's agenda in agenda order (the paper forms offer items by number)."""
    return {item.number: item.title for item in agenda_items(meeting)}
