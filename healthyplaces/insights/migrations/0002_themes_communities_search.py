"""The theme taxonomy, the communities known at the start, and the full-text index.

SQLite: an FTS5 table kept up to date by triggers. PostgreSQL: a GIN index on the same tsvector
expression that search.py queries. Both index only the redacted text.
"""
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def load_data(apps, schema_editor):
    from healthyplaces.insights.taxonomy import load_communities, load_themes

    load_themes(apps.get_model("insights", "Theme"))
    load_communities(apps.get_model("insights", "Community"))


# The index as it was made here, frozen: 0007 replaces it with one over Insight.search_words.
SQLITE_INDEX_SQL = [
    "CREATE VIRTUAL TABLE insights_insight_fts USING fts5(summary_redacted, quote_redacted, "
    "content='insights_insight', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER insights_insight_fts_insert AFTER INSERT ON insights_insight BEGIN "
    "INSERT INTO insights_insight_fts(rowid, summary_redacted, quote_redacted) "
    "VALUES (new.id, new.summary_redacted, new.quote_redacted); END",
    "CREATE TRIGGER insights_insight_fts_delete AFTER DELETE ON insights_insight BEGIN "
    "INSERT INTO insights_insight_fts(insights_insight_fts, rowid, summary_redacted, quote_redacted) "
    "VALUES ('delete', old.id, old.summary_redacted, old.quote_redacted); END",
    "CREATE TRIGGER insights_insight_fts_update AFTER UPDATE OF summary_redacted, quote_redacted "
    "ON insights_insight BEGIN "
    "INSERT INTO insights_insight_fts(insights_insight_fts, rowid, summary_redacted, quote_redacted) "
    "VALUES ('delete', old.id, old.summary_redacted, old.quote_redacted); "
    "INSERT INTO insights_insight_fts(rowid, summary_redacted, quote_redacted) "
    "VALUES (new.id, new.summary_redacted, new.quote_redacted); END",
]
SQLITE_DROP_SQL = [
    "DROP TRIGGER IF EXISTS insights_insight_fts_insert",
    "DROP TRIGGER IF EXISTS insights_insight_fts_delete",
    "DROP TRIGGER IF EXISTS insights_insight_fts_update",
    "DROP TABLE IF EXISTS insights_insight_fts",
]


def postgres_index():
    return GinIndex(SearchVector("summary_redacted", "quote_redacted", config="english"), name="insights_insight_search")


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_INDEX_SQL:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("insights", "Insight"), postgres_index())


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP_SQL:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("insights", "Insight"), postgres_index())


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [
        migrations.RunPython(load_data, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
