"""Full-text search of insights with filters and counts, one interface on SQLite and PostgreSQL.

SQLite (the embedded default) uses an FTS5 table kept by triggers; PostgreSQL uses its own
full-text search over the same columns, with a GIN index. Only the redacted text is indexed, so
search never reveals personal data to people who may not read it.
"""
import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Count, Exists, F, OuterRef, Value
from django.db.models.functions import Concat
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncQuarter

from healthyplaces.places.models import Lsoa

from .models import Community, Insight, Theme

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
# A migration that rebuilds insights_insight on SQLite drops these triggers: it must run SQLITE_INDEX_SQL again.
SQLITE_DROP_SQL = [
    "DROP TRIGGER IF EXISTS insights_insight_fts_insert",
    "DROP TRIGGER IF EXISTS insights_insight_fts_delete",
    "DROP TRIGGER IF EXISTS insights_insight_fts_update",
    "DROP TABLE IF EXISTS insights_insight_fts",
]
CONFIG = "english"
WORD = re.compile(r"\w+", re.UNICODE)


def _vector():
    return SearchVector("summary_redacted", "quote_redacted", config=CONFIG)


def postgres_index():
    """The GIN index on exactly the expression that search() filters on."""
    return GinIndex(_vector(), name="insights_insight_search")


@dataclass
class Filters:
    text: str = ""
    lsoa_codes: list | None = None  # an area's LSOAs (2011 codes); None means anywhere
    themes: list = field(default_factory=list)  # theme codes; an insight matches a theme or any child of it
    communities: list = field(default_factory=list)  # community slugs
    kinds: list = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None


def words(text):
    return WORD.findall((text or "").lower())[:20]


def _fts5_query(text):
    # Each word quoted, so punctuation or FTS5 operators in what people type cannot break the query.
    return " ".join(f'"{w}"' for w in words(text))


def _text_match(queryset, text, ranked):
    if connection.vendor == "sqlite" and not ranked:
        # Self-contained, so the queryset still works as a subquery (for counts).
        return queryset.filter(id__in=RawSQL(
            "SELECT rowid FROM insights_insight_fts WHERE insights_insight_fts MATCH %s", [_fts5_query(text)]))
    if connection.vendor == "sqlite":
        # A join on the FTS table, so SQLite ranks every match in one pass.
        return queryset.extra(
            tables=["insights_insight_fts"],
            where=["insights_insight_fts.rowid = insights_insight.id", "insights_insight_fts MATCH %s"],
            params=[_fts5_query(text)],
            select={"rank": "insights_insight_fts.rank"},
            order_by=["rank", "-id"],
        )
    query = SearchQuery(" ".join(words(text)), search_type="plain", config=CONFIG)
    if not ranked:
        return queryset.annotate(search=_vector()).filter(search=query)
    return (queryset.annotate(search=_vector()).filter(search=query)
            .annotate(rank=SearchRank(_vector(), query)).order_by("-rank", "-id"))


def _theme_codes(codes):
    codes = [c for c in codes if c]
    if not codes:
        return []
    return list(Theme.objects.filter(code__in=codes).values_list("code", flat=True)) + \
        list(Theme.objects.filter(parent_id__in=codes).values_list("code", flat=True))


def _linked(queryset, through, probe, **lookup):
    """Keep insights with a matching row in a many-to-many table.

    When something else already picks the candidates (the full-text match, or an earlier filter),
    each candidate is checked with EXISTS, an index look-up; otherwise this filter picks them, as
    an IN subquery. Building a second large IN list costs more than probing.
    """
    if probe:
        # "+ 0" (or appending "") stops SQLite probing the (insight, other) index once per listed value: it reads the
        # candidate's few rows by insight and tests the value, which is far cheaper for long lists.
        (column, values), = lookup.items()
        column = column.removesuffix("__in")
        field = through._meta.get_field(column.removesuffix("_id"))
        value = (Concat(F(column), Value(""), output_field=CharField()) if isinstance(field.target_field, CharField)
                 else F(column) + 0)
        rows = through.objects.filter(insight_id=OuterRef("pk")).annotate(value=value).filter(value__in=values)
        return queryset.filter(Exists(rows))
    return queryset.filter(id__in=through.objects.filter(**lookup).values("insight_id"))


def filtered(filters, ranked=True):
    """Insights matching the filters, best match first when there is text, else newest first."""
    queryset = Insight.objects.defer("embedding")
    text = bool(words(filters.text))
    probe = text  # the most selective filter (usually the area) goes first and picks the candidates
    if filters.lsoa_codes is not None:
        lsoa_ids = list(Lsoa.objects.filter(vintage=2011, code__in=filters.lsoa_codes).values_list("id", flat=True))
        queryset, probe = _linked(queryset, Insight.lsoas.through, probe, lsoa_id__in=lsoa_ids), True
    if filters.themes:
        theme_codes = _theme_codes(filters.themes)
        queryset, probe = _linked(queryset, Insight.themes.through, probe, theme_id__in=theme_codes), True
    if filters.communities:
        community_ids = list(Community.objects.filter(slug__in=filters.communities).values_list("id", flat=True))
        queryset = _linked(queryset, Insight.communities.through, probe, community_id__in=community_ids)
    if filters.kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.date_from:
        queryset = queryset.filter(conversation__held_on__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(conversation__held_on__lte=filters.date_to)
    if text:
        return _text_match(queryset, filters.text, ranked)
    return queryset.order_by("-conversation__held_on", "-id")


def quarter_label(day):
    return f"{day.year} Q{(day.month - 1) // 3 + 1}" if day else "Unknown"


def counts(queryset):
    """How many of these insights fall under each theme, community, ward, kind and quarter."""
    ids = queryset.order_by().values("id")
    theme_rows = (Insight.themes.through.objects.filter(insight_id__in=ids).values("theme_id")
                  .annotate(n=Count("insight_id")).order_by("-n", "theme_id"))
    names = dict(Theme.objects.values_list("code", "name"))
    community_rows = (Insight.communities.through.objects.filter(insight_id__in=ids).values("community_id")
                      .annotate(n=Count("insight_id")).order_by("-n", "community_id"))
    communities = {c.pk: c for c in Community.objects.all()}
    place_rows = (Insight.lsoas.through.objects.filter(insight_id__in=ids, lsoa__ward__isnull=False)
                  .values("lsoa__ward__name").annotate(n=Count("insight_id", distinct=True))
                  .order_by("-n", "lsoa__ward__name")[:20])
    kind_rows = (Insight.objects.filter(id__in=ids).values("kind").annotate(n=Count("id")).order_by("-n", "kind"))
    kinds = dict(Insight.Kind.choices)
    period_rows = (Insight.objects.filter(id__in=ids).annotate(quarter=TruncQuarter("conversation__held_on"))
                   .values("quarter").annotate(n=Count("id")).order_by("quarter"))
    return {
        "theme": [(r["theme_id"], names.get(r["theme_id"], r["theme_id"]), r["n"]) for r in theme_rows],
        "community": [(communities[r["community_id"]].slug, communities[r["community_id"]].name, r["n"])
                      for r in community_rows],
        "place": [(r["lsoa__ward__name"], r["lsoa__ward__name"], r["n"]) for r in place_rows],
        "kind": [(r["kind"], kinds.get(r["kind"], r["kind"]), r["n"]) for r in kind_rows],
        "period": [(quarter_label(r["quarter"]), quarter_label(r["quarter"]), r["n"]) for r in period_rows],
    }


class _Ranked:
    """Ranked ids to page through, counted without the ranking: SQLite plans the ranked join badly
    for a count (seconds instead of milliseconds), and a count needs no order."""

    def __init__(self, filters):
        self.ranked = filtered(filters).values_list("id", flat=True)
        self.unranked = filtered(filters, ranked=False)

    def count(self):
        return self.unranked.count()

    def __getitem__(self, key):
        return self.ranked[key]


def page_of(filters, number, size=25):
    """One page of results: the database sorts only ids, then the page's rows are read by id."""
    page = Paginator(_Ranked(filters), size).get_page(number)
    ids = list(page.object_list)
    rows = Insight.objects.select_related("conversation").prefetch_related("themes").in_bulk(ids)
    return page, [rows[pk] for pk in ids if pk in rows]


def search(filters):
    """The matching insights (a queryset to page through) and their counts."""
    return filtered(filters), counts(filtered(filters, ranked=False))
