from django.db import migrations


class Migration(migrations.Migration):
    """The item's number is no longer stored (0009 replaced it by the item's key)."""

    dependencies = [
        ("outcomes", "0009_agenda_item_ref"),
    ]

    operations = [
        migrations.RemoveField(model_name="outcomedocument", name="agenda_item_number"),
    ]
