"""Keep the database's query planner informed after bulk loads.

SQLite picks indexes from the statistics that ANALYZE gathers; without them it guesses. With
100,000 assets it guessed a walk through every current asset rather than the LSOA index for an
area search (75 ms instead of 1 ms). PostgreSQL's autovacuum analyses tables by itself, but only
some time after a load, so it is asked at once too.
"""
from django.db import connection, transaction


def refresh_planner_statistics(*models):
    """ANALYZE the tables of these models (and their many-to-many tables)."""
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")  # samples each index: milliseconds, however large the table
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def after_commit(*models):
    """Refresh the statistics once the surrounding transaction has committed its bulk load."""
    transaction.on_commit(lambda: refresh_planner_statistics(*models))
