"""Full-text search of insights with filters and counts, one interface on SQLite and PostgreSQL.

Words are matched by their stems, made in Python by words.py for the stored text (Insight.search_words:
the redacted summary and quote, and the tags) and for what people type, so both databases find the
same insights. The database matches the stems: SQLite (the embedded default) through an FTS5 table
kept by triggers, PostgreSQL through its full-text search over the same column, with a GIN index.
Only the redacted text is indexed, so search never reveals personal data to people who may not
read it, and a search finds only the insights the person may see at all (sharing.py): an insight
not yet confirmed, with its tags, only within its own organisation. The filters and counts run over
the index held in memory (search_index.py).

Words found in more than RANKED_LIMIT insights are too common to rank by: scoring 100,000 matches
costs SQLite a fifth of a second and tells a reader little, so those results come newest first
and the page says so.
"""
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection

from healthyplaces.places.models import Lsoa

from . import search_index, sharing, words
from .models import Community, Insight, Theme

# The index holds Insight.search_words, the stems that words.py made of the redacted summary, quote
# and tags; both databases match those whole, with no stemming of their own, so they find the same.
SQLITE_INDEX_SQL = [
    "CREATE VIRTUAL TABLE insights_insight_fts USING fts5(search_words, "
    "content='insights_insight', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER insights_insight_fts_insert AFTER INSERT ON insights_insight BEGIN "
    "INSERT INTO insights_insight_fts(rowid, search_words) VALUES (new.id, new.search_words); END",
    "CREATE TRIGGER insights_insight_fts_delete AFTER DELETE ON insights_insight BEGIN "
    "INSERT INTO insights_insight_fts(insights_insight_fts, rowid, search_words) "
    "VALUES ('delete', old.id, old.search_words); END",
    "CREATE TRIGGER insights_insight_fts_update AFTER UPDATE OF search_words ON insights_insight BEGIN "
    "INSERT INTO insights_insight_fts(insights_insight_fts, rowid, search_words) "
    "VALUES ('delete', old.id, old.search_words); "
    "INSERT INTO insights_insight_fts(rowid, search_words) VALUES (new.id, new.search_words); END",
    "INSERT INTO insights_insight_fts(insights_insight_fts) VALUES ('rebuild')",
]
# A migration that rebuilds insights_insight on SQLite drops these triggers: it must run SQLITE_INDEX_SQL again.
SQLITE_DROP_SQL = [
    "DROP TRIGGER IF EXISTS insights_insight_fts_insert",
    "DROP TRIGGER IF EXISTS insights_insight_fts_delete",
    "DROP TRIGGER IF EXISTS insights_insight_fts_update",
    "DROP TABLE IF EXISTS insights_insight_fts",
]
CONFIG = "simple"  # PostgreSQL's words as they are: words.py has stemmed them already
RANKED_LIMIT = 20_000


def _vector():
    return SearchVector("search_words", config=CONFIG)


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


def _fts5_query(stems):
    # Each stem quoted, so nothing in what people type can act as an FTS5 operator.
    return " ".join(f'"{stem}"' for stem in stems)


def text_matches(text):
    """(ids, scores) of the insights containing every word (by its stem, words.py); scores (lower is
    better) are None when more than RANKED_LIMIT match."""
    stems = words.query_stems(text)
    if connection.vendor == "sqlite":
        match = "FROM insights_insight_fts WHERE insights_insight_fts MATCH %s"
        query = _fts5_query(stems)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {match}", [query])
            ranked = cursor.fetchone()[0] <= RANKED_LIMIT
            # One string of numbers rather than a row per match: a tenth of the time for 100,000 matches.
            cursor.execute(f"SELECT group_concat(rowid), group_concat(rank) {match}" if ranked else
                           f"SELECT group_concat(rowid), '' {match}", [query])
            ids, scores = cursor.fetchone()
        ids = np.fromstring(ids or "", dtype=np.int64, sep=",")
        return ids, (np.fromstring(scores or "", dtype=np.float64, sep=",") if ranked else None)
    query = SearchQuery(" ".join(stems), search_type="plain", config=CONFIG)
    matching = Insight.objects.annotate(search=_vector()).filter(search=query)
    if matching.count() > RANKED_LIMIT:
        return np.array(list(matching.values_list("id", flat=True)), dtype=np.int64), None
    rows = matching.annotate(score=-SearchRank(_vector(), query)).values_list("id", "score")
    rows = np.array(list(rows), dtype=np.float64).reshape(-1, 2)
    return rows[:, 0].astype(np.int64), rows[:, 1]


def _theme_codes(codes):
    codes = [c for c in codes if c]
    if not codes:
        return []
    return list(Theme.objects.filter(code__in=codes).values_list("code", flat=True)) + \
        list(Theme.objects.filter(parent_id__in=codes).values_list("code", flat=True))


def quarter_label(quarter):
    return f"{quarter[0]} Q{quarter[1]}" if quarter else "Unknown"


class Found:
    """The insights a search found, in the order shown: best match first when there is text
    (unless its words are too common to rank by), else newest first."""

    def __init__(self, index, positions, ranked, too_common):
        self.index = index
        self.positions = positions
        self.ranked = ranked
        self.too_common = too_common

    def __len__(self):
        return len(self.positions)

    def __getitem__(self, key):
        """Insight ids: one, or a slice of them (a page)."""
        return self.index.ids[self.positions[key]].tolist()

    def __iter__(self):
        for start in range(0, len(self), 500):
            yield from insights(self[start:start + 500])

    def counts(self):
        """How many of these insights fall under each theme, community, ward, kind and quarter."""
        chosen = np.zeros(len(self.index), dtype=bool)
        chosen[self.positions] = True
        figures = self.index.counts(chosen)
        names = dict(Theme.objects.values_list("code", "name"))
        communities = {c.pk: c for c in Community.objects.all()}
        kinds = dict(Insight.Kind.choices)

        def most_first(counts):
            return sorted(((n, key) for key, n in counts.items() if n), key=lambda item: (-item[0], item[1]))
        return {
            "theme": [(code, names.get(code, code), n) for n, code in most_first(figures["theme"])],
            "community": [(communities[pk].slug, communities[pk].name, n) for n, pk in most_first(figures["community"])
                          if pk in communities],
            "place": [(ward, ward, n) for n, ward in most_first(figures["ward"])[:20]],
            "kind": [(kind, kinds[kind], n) for n, kind in most_first(figures["kind"])],
            "period": [(quarter_label(q), quarter_label(q), n)
                       for q, n in sorted(figures["quarter"].items(), key=lambda item: item[0] or (9999, 9))],
        }


def find(filters, user=None):
    """The insights matching the filters that this person may see (see Found for their order).
    With no person (the command line), only the insights shared beyond their organisation."""
    index = search_index.current()
    lsoa_ids = None
    if filters.lsoa_codes is not None:
        lsoa_ids = list(Lsoa.objects.filter(vintage=2011, code__in=filters.lsoa_codes).values_list("id", flat=True))
    chosen = index.chosen(
        lsoa_ids=lsoa_ids, theme_codes=_theme_codes(filters.themes) if filters.themes else None,
        community_ids=(list(Community.objects.filter(slug__in=filters.communities).values_list("id", flat=True))
                       if filters.communities else None),
        kinds=filters.kinds or None, date_from=filters.date_from, date_to=filters.date_to,
        unconfirmed=sharing.unconfirmed_seen(user))
    if not words.query_stems(filters.text):
        return Found(index, index.newest[chosen[index.newest]], ranked=False, too_common=False)
    ids, scores = text_matches(filters.text)
    positions, known = index.positions(ids)
    keep = chosen[positions]
    positions = positions[keep]
    if scores is None:
        matched = np.zeros(len(index), dtype=bool)
        matched[positions] = True
        return Found(index, index.newest[matched[index.newest]], ranked=False, too_common=True)
    scores = scores[known][keep]
    order = np.lexsort((-index.ids[positions], scores))  # best score first, then the newest insight
    return Found(index, positions[order], ranked=True, too_common=False)


def insights(ids):
    """These insights, in this order, with their conversation and themes."""
    rows = Insight.objects.select_related("conversation").prefetch_related("themes").in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def page_of(filters, number, size=25, user=None):
    """One page of results and its insights; the whole result (a Found) is page.paginator.object_list."""
    page = Paginator(find(filters, user=user), size).get_page(number)
    return page, insights(list(page.object_list))


def search(filters, user=None):
    """The matching insights and their counts."""
    found = find(filters, user=user)
    return found, found.counts()
