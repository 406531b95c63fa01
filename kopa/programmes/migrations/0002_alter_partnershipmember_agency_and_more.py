
import django.db.models.deletion
from django.db import migrations, models


def relabel_content_types(apps, schema_editor):
    """Audit entries find agencies through their content type: it moves with the models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("core", "AuditEntry")
    for model in ("agency", "agencymembership"):
        old = ContentType.objects.filter(app_label="programmes", model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label="agencies", model=model).first()
        if new is None:
            old.app_label = "agencies"
            old.save(update_fields=["app_label"])
        else:
            AuditEntry.objects.filter(content_type=old).update(content_type=new)
            old.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('directory', '0007_alter_importbatch_agency_alter_organisation_agencies_and_more'),
        ('events', '0004_alter_event_organiser_agency'),
        ('outreach', '0003_alter_campaign_agency_alter_followuptask_agency'),
        ('programmes', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0001_initial'),
    ]

    # Agency and AgencyMembership left for the agencies app; their tables stay, so only the state changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='partnershipmember',
                    name='agency',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='partnership_seats', to='agencies.agency'),
                ),
                migrations.AlterField(
                    model_name='workinggroup',
                    name='agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='working_groups', to='agencies.agency'),
                ),
                migrations.AlterField(
                    model_name='partnership',
                    name='coordinator',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='coordinated_partnerships', to='agencies.agency', verbose_name='coordinating agency'),
                ),
                migrations.RemoveField(
                    model_name='agencymembership',
                    name='agency',
                ),
                migrations.AlterField(
                    model_name='project',
                    name='agency',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='projects', to='agencies.agency', verbose_name='agency'),
                ),
                migrations.RemoveField(
                    model_name='agencymembership',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Agency',
                ),
                migrations.DeleteModel(
                    name='AgencyMembership',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, migrations.RunPython.noop),
    ]
