"""Outcome documents name their agenda item by the item's primary key instead of its number.

Agenda numbers are recalculated when items move, so a document linked by number ("2") would
follow whichever item is numbered 2 after a renumbering. The key (a plain integer: outcomes and
sessions may not know each other, so no ForeignKey) stays on the same item. Each linked document
gets the key of the item of its meeting's agenda that has its number now; a number the agenda no
longer has links nothing, and the document prints its stored text (the heading it was saved with).
Backwards, the key's current number is written back.
"""

from django.db import migrations, models


def link_by_key(apps, schema_editor):
    OutcomeDocument = apps.get_model("outcomes", "OutcomeDocument")
    AgendaItem = apps.get_model("ccm_sessions", "AgendaItem")
    linked = OutcomeDocument.objects.exclude(agenda_item_number="")
    for meeting_id in linked.values_list("meeting_id", flat=True).distinct():
        keys = dict(AgendaItem.objects.filter(agenda__meeting_id=meeting_id).values_list("number", "pk"))
        for document in linked.filter(meeting_id=meeting_id).only("pk", "agenda_item_number"):
            key = keys.get(document.agenda_item_number)
            if key is not None:
                OutcomeDocument.objects.filter(pk=document.pk).update(agenda_item_ref=key)


def number_by_key(apps, schema_editor):
    OutcomeDocument = apps.get_model("outcomes", "OutcomeDocument")
    AgendaItem = apps.get_model("ccm_sessions", "AgendaItem")
    for document in OutcomeDocument.objects.filter(agenda_item_ref__isnull=False).only("pk", "agenda_item_ref"):
        number = AgendaItem.objects.filter(pk=document.agenda_item_ref).values_list("number", flat=True).first()
        OutcomeDocument.objects.filter(pk=document.pk).update(agenda_item_number=number or "")


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0008_link_agenda_items"),
        ("ccm_sessions", "0003_translated_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="outcomedocument",
            name="agenda_item_ref",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="agenda item"),
        ),
        migrations.RunPython(link_by_key, number_by_key),
    ]
