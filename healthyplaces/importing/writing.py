"""Writing checked rows: the one upsert every importer ends with.

An import names each row by its natural key (an LSOA's code and vintage, an indicator value's area,
sex, age, category and period). `upsert` inserts the rows whose key is new, updates those whose
values differ from what is held and leaves the rest alone, in one transaction, so importing the same
file again changes nothing; it says how many of each. The SQL is one prepared statement run for
many rows (valid on SQLite and PostgreSQL): the ORM's bulk_create builds SQL and a model instance for
every row, which made a 50,000-row import spend most of its time in the ORM.
"""
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from healthyplaces import query_planner

BATCH = 5000
# Values of these kinds go to the database driver as they are; the rest are prepared by their field.
PLAIN = {"CharField", "TextField", "SlugField", "FloatField", "IntegerField", "PositiveIntegerField",
         "PositiveSmallIntegerField", "SmallIntegerField", "BigIntegerField", "BooleanField", "ForeignKey",
         "OneToOneField"}


@dataclass
class Written:
    """How many rows an import created, updated and left unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other):
        return Written(self.created + other.created, self.updated + other.updated, self.unchanged + other.unchanged)

    def __str__(self):
        return f"{self.created} new, {self.updated} changed, {self.unchanged} unchanged"


def upsert(model, rows, *, key, held=None):
    """Insert new rows and update changed ones by their natural key, in one transaction.

    `rows` are dicts of field name (`lsoa_id` for a foreign key) to value, every row with the same
    fields; `key` the fields that name a row. `held` is what to match against (a queryset; all of
    the model's rows if not given). Fields a row does not give take their defaults on insert and
    are left as they are on update. Returns Written; once the surrounding transaction commits, the
    query planner's statistics for the table are refreshed.
    """
    rows = list(rows)
    if not rows:
        return Written()
    names = list(rows[0])
    values = [name for name in names if name not in key]
    held = model._default_manager.all() if held is None else held
    with transaction.atomic():
        existing = {tuple(found[:len(key)]): (found[len(key)], found[len(key) + 1:])
                    for found in held.values_list(*key, "pk", *values).iterator(chunk_size=BATCH)}
        new, changed, unchanged = [], [], 0
        for row in rows:
            found = existing.get(tuple(row[name] for name in key))
            if found is None:
                new.append(row)
            elif tuple(row[name] for name in values) != found[1]:
                changed.append((found[0], row))
            else:
                unchanged += 1
        insert(model, new)
        _update(model, values, changed)
        query_planner.after_commit(model)
    return Written(len(new), len(changed), unchanged)


def row_of(instance):
    """An unsaved model instance as a row for `insert` or `upsert`: its fields as save() would store them."""
    return {f.attname: f.pre_save(instance, True) for f in instance._meta.concrete_fields if not f.primary_key}


def insert(model, rows):
    """Insert rows (dicts as for `upsert`) known to be new; the caller finds their ids by a unique field,
    and after a bulk load asks for the planner's statistics (query_planner.after_commit), as upsert does."""
    rows = list(rows)
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    now = timezone.now()

    def prepared(field, row):
        if field.attname in row:
            value = row[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        return value if field.get_internal_type() in PLAIN else field.get_db_prep_save(value, connection)

    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table), ", ".join(connection.ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [[prepared(f, row) for f in fields] for row in rows[start:start + BATCH]])


def insert_columns(model, columns):
    """Insert a bulk load's new rows given as columns (field name to a sequence of plain values: text,
    numbers, booleans, None), without a dict per row: millions of rows (the postcodes) in seconds.
    PostgreSQL takes them by COPY; SQLite by one prepared statement. The caller runs it in its transaction."""
    names = list(columns)
    fields = [model._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    rows = zip(*(columns[name] for name in names))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(fields))})"
        while batch := list(islice(rows, BATCH * 10)):
            cursor.executemany(sql, batch)


@contextmanager
def indexes_built_after(model):
    """For a bulk load that replaces a table: its plain (not unique) indexes dropped before the inserts and built
    again after them. Building an index once over millions of rows is several times faster than keeping it up to
    date row by row (the postcodes: about 22 s against 60 s on SQLite). Only inside the caller's transaction: both
    databases roll DDL back, so a load that fails leaves the indexes as they were."""
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_built_after runs inside transaction.atomic")
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                           "WHERE indrelid = %s::regclass AND NOT indisunique AND NOT indisprimary", [table])
            indexes = cursor.fetchall()
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                           "AND sql IS NOT NULL AND sql NOT LIKE %s", [table, "CREATE UNIQUE%"])
            indexes = [(connection.ops.quote_name(name), sql) for name, sql in cursor.fetchall()]
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)


def _update(model, names, changed):
    """Set the named fields of each changed row (pk, row); a field kept up to date automatically is set to now."""
    if not changed:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f.attname in names]
    automatic = [f for f in meta.concrete_fields if getattr(f, "auto_now", False) and f.attname not in names]
    now = timezone.now()

    def prepared(field, value):
        return value if field.get_internal_type() in PLAIN else field.get_db_prep_save(value, connection)

    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        connection.ops.quote_name(meta.db_table),
        ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields + automatic),
        connection.ops.quote_name(meta.pk.column))
    with connection.cursor() as cursor:
        for start in range(0, len(changed), BATCH):
            cursor.executemany(sql, [[prepared(f, row[f.attname]) for f in fields]
                                     + [prepared(f, now) for f in automatic] + [pk]
                                     for pk, row in changed[start:start + BATCH]])
