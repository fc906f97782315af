"""The agenda item an outcome document belongs to, as its header prints it.

The agenda belongs to `sessions`, which this app may not import (.importlinter): sessions hands
a meeting's items down to delegations.agenda (SessionsConfig.ready()), each with its primary key,
and this module reads them there. A document names its item by that key
(`OutcomeDocument.agenda_item_ref`), not by its number, which the agenda recalculates when items
move: the header takes the item's current number and title when it is printed, so moving or
renaming the item changes the next render and the document stays on the same item. A document
with no linked item, or whose item was deleted, prints its text (`agenda_item`): the heading as
typed, or the last one it was saved or circulated with.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ccm_portal.languages import portal_language
from ccm_portal.meetings.models import Meeting
from delegations import agenda

Items = dict[int, tuple[str, str]]


def items_of(meeting: Meeting) -> Items:
    """{pk: (number, title)} of the meeting's agenda, in agenda order; {} while it has none."""
    return {item.pk: (item.number, item.title) for item in agenda.agenda_items(meeting)}


def heading(number: str, title: str, language: str | None = None) -> str:
    """ "Item 10(a): Vientiane Declaration", in `language` (the document's: its header is written in
    it, whoever circulates it) or the active one."""
    with translation.override(portal_language(language) or translation.get_language() or settings.LANGUAGE_CODE):
        return _("Item %(number)s: %(title)s") % {"number": number, "title": title}


def linked_item(document, items: Items | None = None) -> tuple[str, str] | None:
    """(number, title) of the document's item as the agenda has it now, or None (no link, or the
    item was deleted)."""
    if not document.agenda_item_ref:
        return None
    items = items_of(document.meeting) if items is None else items
    return items.get(document.agenda_item_ref)


def agenda_item_label(document, items: Items | None = None) -> str:
    """What the header prints: "Item 10(a): Vientiane Declaration", else the stored text."""
    found = linked_item(document, items)
    return heading(*found, document.original_language) if found else document.agenda_item


def choices(meeting: Meeting, items: Items | None = None) -> list[tuple[int, str]]:
    items = items_of(meeting) if items is None else items
    return [(pk, heading(number, title)) for pk, (number, title) in items.items()]
