"""Revisions carry a fingerprint of their frozen text, so an identical text is not circulated twice."""

import hashlib
import json

from django.db import migrations, models


def _fingerprint(snapshot):
    # A frozen copy of outcomes.models.snapshot_fingerprint.
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def fill(apps, schema_editor):
    Revision = apps.get_model("outcomes", "Revision")
    for revision in Revision.objects.only("pk", "snapshot").iterator():
        Revision.objects.filter(pk=revision.pk).update(fingerprint=_fingerprint(revision.snapshot))


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="fingerprint",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
