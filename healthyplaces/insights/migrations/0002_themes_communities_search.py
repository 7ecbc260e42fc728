"""The theme taxonomy, the communities known at the start, and the full-text index.

SQLite: an FTS5 table kept up to date by triggers. PostgreSQL: a GIN index on the same tsvector
expression that search.py queries. Both index only the redacted text.
"""
from django.db import migrations


def load_data(apps, schema_editor):
    from healthyplaces.insights.taxonomy import load_communities, load_themes

    load_themes(apps.get_model("insights", "Theme"))
    load_communities(apps.get_model("insights", "Community"))


def create_search_index(apps, schema_editor):
    from healthyplaces.insights import search

    if schema_editor.connection.vendor == "sqlite":
        for statement in search.SQLITE_INDEX_SQL:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("insights", "Insight"), search.postgres_index())


def drop_search_index(apps, schema_editor):
    from healthyplaces.insights import search

    if schema_editor.connection.vendor == "sqlite":
        for statement in search.SQLITE_DROP_SQL:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("insights", "Insight"), search.postgres_index())


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [
        migrations.RunPython(load_data, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
