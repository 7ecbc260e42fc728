"""The longest summary, quote and description people may write, declared on the fields (forms and imports read them).

A text column has no length in the database, so nothing changes there: only Django's state. Letting Django alter the
fields would remake the insight table on SQLite, which drops the search index's triggers (0007).
"""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0008_insight_embedded_at'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name='community',
            name='description',
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AlterField(
            model_name='conversation',
            name='description',
            field=models.TextField(blank=True, max_length=4000),
        ),
        migrations.AlterField(
            model_name='conversation',
            name='description_redacted',
            field=models.TextField(blank=True, max_length=4000),
        ),
        migrations.AlterField(
            model_name='insight',
            name='quote',
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AlterField(
            model_name='insight',
            name='quote_redacted',
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AlterField(
            model_name='insight',
            name='summary',
            field=models.TextField(max_length=4000),
        ),
        migrations.AlterField(
            model_name='insight',
            name='summary_redacted',
            field=models.TextField(blank=True, max_length=4000),
        ),
    ])]
