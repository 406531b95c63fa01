from django.db import migrations


def forwards(apps, schema_editor):
    from kopa.events import reference_data

    reference_data.load_places(apps.get_model("events", "Place"))
    reference_data.load_band_tables(apps.get_model("events", "BandTable"), apps.get_model("events", "DistanceBand"))


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
