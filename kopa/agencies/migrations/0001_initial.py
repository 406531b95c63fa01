
import django.db.models.deletion
import django_countries.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('programmes', '0001_initial'),  # created the tables this app now owns
    ]

    # Agency and AgencyMembership move here from programmes. Only Django's idea of the models moves:
# the tables keep their names (Meta.db_table), so no row is copied and no constraint rebuilt.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Agency',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('short_name', models.CharField(blank=True, max_length=40, verbose_name='short name')),
                        ('slug', models.SlugField(max_length=60, unique=True, verbose_name='slug')),
                        ('kind', models.CharField(choices=[('national_agency', 'National agency'), ('network', 'Youth network')], max_length=20, verbose_name='kind')),
                        ('country', django_countries.fields.CountryField(max_length=2, verbose_name='country')),
                        ('website', models.URLField(blank=True, verbose_name='website')),
                        ('description', models.JSONField(blank=True, default=dict, verbose_name='description')),
                    ],
                    options={
                        'verbose_name': 'agency',
                        'verbose_name_plural': 'agencies',
                        'db_table': 'programmes_agency',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='AgencyMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('admin', 'Agency admin'), ('staff', 'Agency staff')], default='staff', max_length=10, verbose_name='role')),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='agencies.agency')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agency_memberships', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'agency membership',
                        'verbose_name_plural': 'agency memberships',
                        'db_table': 'programmes_agencymembership',
                        'constraints': [models.UniqueConstraint(fields=('agency', 'user'), name='one_membership_per_agency_user')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
