"""0003 rebuilt the table on SQLite, which dropped the trigger of 0002: create it again."""

from django.db import migrations

from ccm_portal.documents import triggers


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_document_source")]

    operations = [migrations.RunPython(triggers.create, migrations.RunPython.noop)]
