"""changes_since_approval was keyed by the field's translated label ("accessibility needs");
it is now keyed by the field name ("accessibility_needs") and labelled when shown."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

# The fields a focal point edits, as they were when this migration was written.
FIELDS = (
    "title",
    "given_name",
    "family_name",
    "function",
    "role",
    "email",
    "gender",
    "accessibility_needs",
    "needs_visa_letter",
    "public_consent",
)


def _labels(Participant) -> dict[str, str]:
    """Every label a field has had in any of the portal's languages, mapped to the field name."""
    names = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in FIELDS:
                label = str(Participant._meta.get_field(name).verbose_name)
                names[label] = name
                names[translation.gettext(label)] = name
    return names


def labels_to_names(apps, schema_editor):
    Participant = apps.get_model("delegations", "Participant")
    names = _labels(Participant)
    changed = []
    for participant in Participant.objects.exclude(changes_since_approval={}).only("pk", "changes_since_approval"):
        keyed = {names.get(key, key): values for key, values in participant.changes_since_approval.items()}
        if keyed != participant.changes_since_approval:
            participant.changes_since_approval = keyed
            changed.append(participant)
    Participant.objects.bulk_update(changed, ["changes_since_approval"], batch_size=500)


def names_to_labels(apps, schema_editor):
    Participant = apps.get_model("delegations", "Participant")
    changed = []
    for participant in Participant.objects.exclude(changes_since_approval={}).only("pk", "changes_since_approval"):
        keyed = {
            (str(Participant._meta.get_field(key).verbose_name) if key in FIELDS else key): values
            for key, values in participant.changes_since_approval.items()
        }
        if keyed != participant.changes_since_approval:
            participant.changes_since_approval = keyed
            changed.append(participant)
    Participant.objects.bulk_update(changed, ["changes_since_approval"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0004_remove_delegation_version"),
    ]

    operations = [
        migrations.RunPython(labels_to_names, names_to_labels),
    ]
