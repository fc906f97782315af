"""Remove sensitive values that participant edits copied into the audit trail.

Until now `participant_update` recorded "label: old → new" for every changed field,
accessibility needs and e-mail addresses included. From now on it records only that
such a field changed (delegations/services.py, AUDIT_REDACTED_FIELDS). This rewrites
the entries already stored: an entry that mentions any sensitive field keeps the names
of the fields it changed and loses every value, because a value may itself contain
"; label: " and no parse of the old free text can be trusted to cut it exactly.
"""

from django.db import migrations

# The participant fields' labels as they were written into `detail`, in form order.
LABELS = [
    "title",
    "given name",
    "family name",
    "function",
    "role in the delegation",
    "e-mail",
    "gender",
    "accessibility needs",
    "needs a visa support letter",
    "may appear on public lists",
]
SENSITIVE = {"e-mail", "gender", "accessibility needs", "needs a visa support letter"}


def labels_in(detail: str) -> list[str]:
    """The field labels that start a "label: old → new" segment of an old-style detail."""
    found = []
    for label in LABELS:
        if detail.startswith(f"{label}: ") or f"; {label}: " in detail:
            found.append(label)
    return found


def scrubbed(detail: str) -> str | None:
    """The detail without values, or None when it names no sensitive field."""
    labels = labels_in(detail)
    if not SENSITIVE.intersection(labels):
        return None
    return "; ".join(f"{label} changed" for label in labels)


def scrub(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    changed = []
    for entry in AuditEntry.objects.filter(action="changed participant").only("pk", "detail").iterator():
        new = scrubbed(entry.detail)
        if new is not None and new != entry.detail:
            entry.detail = new
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["detail"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    # The values are gone for good: there is nothing to put back.
    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
