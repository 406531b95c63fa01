
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('directory', '0006_search_text_trigram_index_postgresql'),
    ]

    # The agency relations now point at agencies.Agency; the same table, so only the state changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='importbatch',
                    name='agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agencies.agency', verbose_name='agency'),
                ),
                migrations.AlterField(
                    model_name='organisation',
                    name='agencies',
                    field=models.ManyToManyField(blank=True, related_name='organisations', to='agencies.agency', verbose_name='in the inventory of'),
                ),
                migrations.AlterField(
                    model_name='organisationtag',
                    name='agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agencies.agency'),
                ),
                migrations.AlterField(
                    model_name='staffnote',
                    name='agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agencies.agency'),
                ),
                migrations.AlterField(
                    model_name='targetgroup',
                    name='agency',
                    field=models.ForeignKey(blank=True, help_text='Empty for the programme-wide categories.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='target_groups', to='agencies.agency', verbose_name='defined by agency'),
                ),
            ],
            database_operations=[],
        ),
    ]
