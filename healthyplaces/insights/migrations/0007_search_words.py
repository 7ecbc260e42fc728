"""Search matches stems made in Python (words.py), the same on SQLite and PostgreSQL.

Each insight gets `search_words`, the stems of its redacted summary and quote and of its tags, and
the full-text index moves onto that column: on SQLite an FTS5 table without a stemmer of its own
(the table is remade to add the column, which drops the old triggers, so they are dropped first and
made again after), on PostgreSQL a GIN index on its "simple" words.
"""
import importlib

from django.db import migrations, models


def drop_index(apps, schema_editor):
    """The old index going forwards, the new one backwards: the same table and index names."""
    from healthyplaces.insights import search

    if schema_editor.connection.vendor == "sqlite":
        for statement in search.SQLITE_DROP_SQL:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS insights_insight_search")


def restore_old_index(apps, schema_editor):
    old = importlib.import_module("healthyplaces.insights.migrations.0002_themes_communities_search")
    old.create_search_index(apps, schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("INSERT INTO insights_insight_fts(insights_insight_fts) VALUES ('rebuild')")


def fill_search_words(apps, schema_editor):
    from healthyplaces.insights import words

    Insight = apps.get_model("insights", "Insight")
    batch = []
    for insight in Insight.objects.prefetch_related("tags").only(
            "id", "summary_redacted", "quote_redacted").iterator(chunk_size=2000):
        insight.search_words = words.indexed(insight.summary_redacted, insight.quote_redacted,
                                             *(tag.name for tag in insight.tags.all()))
        batch.append(insight)
        if len(batch) == 2000:
            Insight.objects.bulk_update(batch, ["search_words"])
            batch = []
    Insight.objects.bulk_update(batch, ["search_words"])


def create_index(apps, schema_editor):
    from healthyplaces.insights import search

    if schema_editor.connection.vendor == "sqlite":
        for statement in search.SQLITE_INDEX_SQL:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("insights", "Insight"), search.postgres_index())


class Migration(migrations.Migration):
    dependencies = [("insights", "0006_confirmed_before_shared")]

    operations = [
        migrations.RunPython(drop_index, restore_old_index),
        migrations.AddField(model_name="insight", name="search_words",
                            field=models.TextField(blank=True, editable=False)),
        migrations.RunPython(fill_search_words, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
