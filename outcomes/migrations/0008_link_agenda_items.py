"""Link each outcome document's typed agenda item to the item of its meeting's agenda it names.

A text is linked when it is an item's number ("10(a)", "Item 10(a)"), an item's title, or both
("Item 10(a): Vientiane Declaration"), compared without case and surrounding spaces. A number
whose title differs from the agenda's is not linked (the agenda may have been renumbered since),
nor is a title that two items share. The typed text stays in every case: it is what the header
prints when the link is missing.
"""

import re

from django.db import migrations

TYPED = re.compile(r"^\s*(?:item\s+)?(\d+(?:\s*\([a-z]+\))?)\s*(?:[:.\-–—]\s*(.*))?$", re.IGNORECASE | re.DOTALL)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def match(text: str, items: dict[str, str]) -> str:
    """The number of the item `text` names, or ""."""
    typed = TYPED.match(text)
    if typed:
        number = re.sub(r"\s+", "", typed.group(1)).lower()
        title = (typed.group(2) or "").strip()
        if number in items and (not title or _fold(title) == _fold(items[number])):
            return number
        return ""
    same = [number for number, title in items.items() if _fold(title) == _fold(text)]
    return same[0] if len(same) == 1 else ""


def link(apps, schema_editor):
    OutcomeDocument = apps.get_model("outcomes", "OutcomeDocument")
    AgendaItem = apps.get_model("ccm_sessions", "AgendaItem")
    agendas = {}
    for document in OutcomeDocument.objects.exclude(agenda_item="").filter(agenda_item_number=""):
        if document.meeting_id not in agendas:
            agendas[document.meeting_id] = dict(
                AgendaItem.objects.filter(agenda__meeting_id=document.meeting_id).values_list("number", "title")
            )
        number = match(document.agenda_item, agendas[document.meeting_id])
        if number:
            OutcomeDocument.objects.filter(pk=document.pk).update(agenda_item_number=number)


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0007_agenda_item_link"),
        ("ccm_sessions", "0003_translated_texts"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
