
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('events', '0003_registration_reminder'),
    ]

    # The organiser agency now points at agencies.Agency; the same table, so only the state changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='event',
                    name='organiser_agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='agencies.agency', verbose_name='organising agency'),
                ),
            ],
            database_operations=[],
        ),
    ]
