
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('outreach', '0002_interaction_composite_indexes_only'),
    ]

    # The agency relations now point at agencies.Agency; the same table, so only the state changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='campaign',
                    name='agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='campaigns', to='agencies.agency', verbose_name='agency'),
                ),
                migrations.AlterField(
                    model_name='followuptask',
                    name='agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_up_tasks', to='agencies.agency'),
                ),
            ],
            database_operations=[],
        ),
    ]
