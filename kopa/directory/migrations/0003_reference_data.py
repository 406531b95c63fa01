from django.db import migrations


def forwards(apps, schema_editor):
    from kopa.directory import reference_data

    reference_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
