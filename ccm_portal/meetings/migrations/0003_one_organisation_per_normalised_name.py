# The constraint comes in its own migration: PostgreSQL refuses to alter a table
# in the transaction that has just moved rows pointing at it (pending trigger events).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_organisation_normalised_name")]

    operations = [
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                fields=("normalised_name",), name="one_organisation_per_normalised_name"
            ),
        ),
    ]
