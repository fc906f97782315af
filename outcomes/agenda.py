"""The agenda item an outcome document belongs to, as its header prints it.

The agenda belongs to `sessions`, which this app may not import (.importlinter): sessions hands
a meeting's items down to delegations.agenda (SessionsConfig.ready()), and this module reads them
there. A document names its item by number (`OutcomeDocument.agenda_item_number`); the header
takes the item's title from the agenda when it is printed, so renaming the item renames it in
the next render. A document with no linked item, or whose item has left the agenda, prints its
free text (`agenda_item`), the header it had before the link existed.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ccm_portal.languages import portal_language
from ccm_portal.meetings.models import Meeting
from delegations import agenda


def items_of(meeting: Meeting) -> dict[str, str]:
    """{number: title} of the meeting's agenda, in agenda order; {} while it has none. One query."""
    return dict(agenda.agenda_items(meeting))


def heading(number: str, title: str, language: str | None = None) -> str:
    """ "Item 10(a): Vientiane Declaration", in `language` (the document's: its header is written in
    it, whoever circulates it) or the active one."""
    with translation.override(portal_language(language) or translation.get_language() or settings.LANGUAGE_CODE):
        return _("Item %(number)s: %(title)s") % {"number": number, "title": title}


def linked_item(document, items: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(number, title) of the document's item on its meeting's agenda as it stands, or None."""
    if not document.agenda_item_number:
        return None
    items = items_of(document.meeting) if items is None else items
    title = items.get(document.agenda_item_number)
    return None if title is None else (document.agenda_item_number, title)


def agenda_item_label(document, items: dict[str, str] | None = None) -> str:
    """What the header prints: "Item 10(a): Vientiane Declaration", else the free text."""
    found = linked_item(document, items)
    return heading(*found, document.original_language) if found else document.agenda_item


def choices(meeting: Meeting, items: dict[str, str] | None = None) -> list[tuple[str, str]]:
    items = items_of(meeting) if items is None else items
    return [(number, heading(number, title)) for number, title in items.items()]
