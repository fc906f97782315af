"""Folded copies of the names the staff list sorts on (delegations.names.fold: no case, no
accents), so that the database sorts and pages the list and reads only the page shown.
Existing rows get their keys here; save() keeps them from then on."""

import unicodedata

from django.db import migrations, models


def _fold(text):
    # delegations.names.fold as it is today (a migration keeps its own copy).
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fill_keys(apps, schema_editor):
    Delegation = apps.get_model("delegations", "Delegation")
    Participant = apps.get_model("delegations", "Participant")
    delegations = list(Delegation.objects.only("pk", "sort_name"))
    for delegation in delegations:
        delegation.sort_name_key = _fold(delegation.sort_name)
    Delegation.objects.bulk_update(delegations, ["sort_name_key"], batch_size=500)
    participants = list(Participant.objects.only("pk", "family_name", "given_name", "function"))
    for participant in participants:
        participant.family_name_key = _fold(participant.family_name)
        participant.given_name_key = _fold(participant.given_name)
        participant.function_key = _fold(participant.function)
    Participant.objects.bulk_update(participants, ["family_name_key", "given_name_key", "function_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0010_working_paper_submissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="delegation",
            name="sort_name_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="participant",
            name="family_name_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="participant",
            name="given_name_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="participant",
            name="function_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
