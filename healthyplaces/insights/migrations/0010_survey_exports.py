"""What a survey export gives with each answer (its question, day and postcode), and saved column choices.

On SQLite adding the columns remakes the insights table, which drops the full-text index's triggers, so
the index is dropped first and made again after (as in 0007). The quote's longer limit (a long answer is
kept whole as the quote) is Django's state only: a text column has no length (as in 0009).
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_index(apps, schema_editor):
    from healthyplaces.insights import search

    if schema_editor.connection.vendor == "sqlite":
        for statement in search.SQLITE_DROP_SQL:
            schema_editor.execute(statement)


def create_index(apps, schema_editor):
    from healthyplaces.insights import search

    if schema_editor.connection.vendor == "sqlite":
        for statement in search.SQLITE_INDEX_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_organisation_areas'),
        ('insights', '0009_text_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_index, create_index),
        migrations.AddField(
            model_name='insight',
            name='postcode',
            field=models.CharField(blank=True, help_text='The postcode given with the answer', max_length=8),
        ),
        migrations.AddField(
            model_name='insight',
            name='question',
            field=models.CharField(blank=True, help_text='The survey question it answers', max_length=500),
        ),
        migrations.AddField(
            model_name='insight',
            name='said_on',
            field=models.DateField(blank=True, help_text='When it was said, if the export gives the day', null=True),
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(model_name='insight', name='quote',
                                  field=models.TextField(blank=True, max_length=10000)),
            migrations.AlterField(model_name='insight', name='quote_redacted',
                                  field=models.TextField(blank=True, max_length=10000)),
        ]),
        migrations.CreateModel(
            name='SurveyMapping',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('columns', models.JSONField(default=dict)),
                ('kind', models.CharField(blank=True, choices=[('need', 'A need'), ('strength', 'A strength'), ('barrier', 'A barrier'), ('idea', 'An idea')], max_length=10)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                ('saved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('organisation', 'name'), name='unique_survey_mapping_name')],
            },
        ),
    ]
