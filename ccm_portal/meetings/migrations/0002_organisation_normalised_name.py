"""One organisation per normalised name.

Existing rows get their key; organisations whose names share a key are merged
into the oldest (an observer under Rule 1.2 wins over others), with their
delegations moved across. If two of them have a delegation at the same meeting
the migration stops and names them: which registration stands is a
secretariat's decision, not a migration's.
"""

import unicodedata
from collections import defaultdict

from django.db import IntegrityError, migrations, models, transaction


def _normalise(name):
    # A frozen copy of ccm_portal.meetings.models.normalise_name: migrations must not follow later edits.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name or "").casefold())
    return " ".join(folded.split())


def fill_and_merge(apps, schema_editor):
    Organisation = apps.get_model("meetings", "Organisation")
    groups = defaultdict(list)
    for organisation in Organisation.objects.order_by("pk"):
        organisation.normalised_name = _normalise(organisation.name)
        organisation.save(update_fields=["normalised_name"])
        groups[organisation.normalised_name].append(organisation)
    relations = [rel for rel in Organisation._meta.related_objects if rel.one_to_many or rel.one_to_one]
    for members in groups.values():
        if len(members) < 2:
            continue
        keep = sorted(members, key=lambda o: (not o.attends_as_of_right, o.pk))[0]
        for duplicate in members:
            if duplicate.pk == keep.pk:
                continue
            for rel in relations:
                model, field = rel.related_model, rel.field.name
                try:
                    with transaction.atomic():
                        model._base_manager.filter(**{field: duplicate}).update(**{field: keep})
                except IntegrityError:
                    raise RuntimeError(
                        f"Organisations {keep.name!r} (id {keep.pk}) and {duplicate.name!r} (id {duplicate.pk}) "
                        f"are one organisation but both have a {model._meta.verbose_name} that cannot be merged "
                        "(for example a delegation at the same meeting). Remove or rename one in the admin, "
                        "then migrate again."
                    ) from None
            duplicate.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("delegations", "0002_badges_checkin_list_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="normalised_name",
            field=models.CharField(default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(fill_and_merge, migrations.RunPython.noop),
    ]
