"""What each insight is filed under (places, themes, communities, kind, date), and whether it is
shared beyond its organisation, held in memory.

Filtering and counting 200,000 insights by place, theme, community, kind and period in SQL took
up to half a second a search on SQLite; over numpy arrays it takes a few milliseconds. The arrays
are read once per process and then kept up to date: each search asks the database for a few
aggregates (how many insights, the newest id, the latest change to an insight and to a
conversation) and re-reads only what changed. A count that still disagrees after that (an
insight deleted, a transaction rolled back) rebuilds the whole index.
"""
import copy
import threading
from datetime import date, datetime, timedelta, timezone

import numpy as np
from django.db.models import Aggregate, Case, TextField, Value, When

from healthyplaces.places.models import Lsoa

from .models import Conversation, Insight

# Changes are re-read from a little before the last one seen, so an edit whose transaction
# committed late (with an earlier timestamp) is still picked up.
MARGIN = timedelta(minutes=10)
EPOCH = datetime(1970, 1, 2, tzinfo=timezone.utc)
KINDS = [k for k, _ in Insight.Kind.choices]

_lock = threading.Lock()
_current = None


class Joined(Aggregate):
    """Integer columns, row after row, in one comma-separated string: reading 200,000 rows this way
    takes a tenth of the time of a row each."""
    function = "GROUP_CONCAT"
    arg_joiner = " || ',' || "
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="STRING_AGG", arg_joiner=", ",
                           template="%(function)s(CONCAT_WS(',', %(expressions)s), ',')", **extra)


def _split(joined, columns):
    return np.fromstring(joined or "", dtype=np.int64, sep=",").reshape(-1, columns)


def _rows(queryset, *columns):
    """The columns' values (integers) as an array with a row per row."""
    return _split(queryset.order_by().aggregate(joined=Joined(*columns))["joined"], len(columns))


def _grouped(queryset, by, column):
    """[(value, array of the column's values)] for each value of `by`."""
    rows = queryset.order_by().values(by).annotate(joined=Joined(column)).values_list(by, "joined")
    return [(value, _split(joined, 1)[:, 0]) for value, joined in rows]


def _distinct(values):
    """Sorted distinct values (np.unique hashes large arrays, ten times slower here)."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _flattened(groups, number):
    """(member, number(value)) rows from [(value, members)]."""
    if not groups:
        return np.zeros((0, 2), dtype=np.int64)
    return np.column_stack([np.concatenate([members for _, members in groups]),
                            np.concatenate([np.full(len(members), number(value)) for value, members in groups])])


class Links:
    """One insight-to-something table: parallel arrays of insight positions and values."""

    def __init__(self):
        self.position = np.zeros(0, dtype=np.int64)
        self.value = np.zeros(0, dtype=np.int64)

    def replace(self, positions, pairs):
        """Drop the links of these insight positions, then add `pairs` (position, value)."""
        keep = ~np.isin(self.position, positions)
        self.position = np.concatenate([self.position[keep], pairs[:, 0]])
        self.value = np.concatenate([self.value[keep], pairs[:, 1]])

    def having(self, values):
        """Positions of insights linked to any of these values."""
        return self.position[np.isin(self.value, np.asarray(values, dtype=np.int64))]

    def counts(self, chosen, size):
        """How many chosen insights link to each value (values are 0 … size - 1)."""
        return np.bincount(self.value[chosen[self.position]], minlength=size)


class SearchIndex:
    def __init__(self):
        self.ids = np.zeros(0, dtype=np.int64)  # in the order first read: an insight keeps its position
        self.held_on = np.zeros(0, dtype=np.int64)  # its conversation's day (date.toordinal), 0 if unknown
        self.kind = np.zeros(0, dtype=np.int64)  # index into KINDS
        self.shared = np.zeros(0, dtype=bool)  # its redaction is confirmed, so others may see it
        self.lsoas, self.themes, self.communities, self.wards = Links(), Links(), Links(), Links()
        self.theme_codes, self.ward_names = [], []
        self._numbers = {"theme": {}, "ward": {}}
        self._ward_of_lsoa = {}
        self._sorted_ids = self._sorted_positions = np.zeros(0, dtype=np.int64)
        self.newest = np.zeros(0, dtype=np.int64)  # positions, newest conversation first, then highest id
        self.key = None

    def __len__(self):
        return len(self.ids)

    # Reading from the database

    @staticmethod
    def read_key():
        """Four look-ups, each from an index (asked together, SQLite would read every row for them)."""
        def latest(queryset, field):
            return queryset.order_by(f"-{field}").values_list(field, flat=True).first()
        return (Insight.objects.count(), latest(Insight.objects, "id"), latest(Insight.objects, "updated_at"),
                latest(Conversation.objects, "updated_at"))

    def refresh(self, key):
        """Bring the arrays up to date with the database, whose state is `key`."""
        if self.key is None:
            self._read(None)
        else:
            count, newest, insight_changed, conversation_changed = self.key
            if key[1:3] != (newest, insight_changed):
                self._read((insight_changed or EPOCH) - MARGIN)
            if key[3] != conversation_changed:
                self._read_days((conversation_changed or EPOCH) - MARGIN)
            if len(self.ids) != key[0]:
                self.__dict__.update(SearchIndex().__dict__)
                self._read(None)
        self.newest = np.lexsort((-self.ids, -self.held_on))
        self.key = key

    def _read(self, since):
        """Read the insights changed since then (every insight if None) and replace what is held for them."""
        insights = Insight.objects.all() if since is None else Insight.objects.filter(updated_at__gte=since)
        rows = _rows(insights.annotate(shared=Case(When(confirmed_at__isnull=True, then=Value(0)), default=Value(1))),
                     "id", "conversation_id", "shared")
        if not len(rows):
            return
        ids = rows[:, 0]
        new = ids[~np.isin(ids, self.ids)]
        if len(new):
            self.ids = np.concatenate([self.ids, new])
            self.held_on = np.concatenate([self.held_on, np.zeros(len(new), dtype=np.int64)])
            self.kind = np.concatenate([self.kind, np.zeros(len(new), dtype=np.int64)])
            self.shared = np.concatenate([self.shared, np.zeros(len(new), dtype=bool)])
            self._sorted_positions = np.argsort(self.ids, kind="stable")
            self._sorted_ids = self.ids[self._sorted_positions]
        positions = self._position_of(ids)
        self._set_days(positions, rows[:, 1], since)
        self.shared[positions] = rows[:, 2] == 1

        def linked(pairs):  # (insight id, value) pairs, as (position, value) of the insights just read
            pairs = pairs[np.isin(pairs[:, 0], ids)]  # not an insight added after `rows` was read
            return np.column_stack([self._position_of(pairs[:, 0]), pairs[:, 1]])

        kinds = linked(_flattened(_grouped(insights, "kind", "id"), KINDS.index))
        self.kind[kinds[:, 0]] = kinds[:, 1]

        def through(model):
            objects = getattr(Insight, model).through.objects
            return objects.all() if since is None else objects.filter(insight__updated_at__gte=since)

        lsoas = linked(_rows(through("lsoas"), "insight_id", "lsoa_id"))
        self.lsoas.replace(positions, lsoas)
        self.wards.replace(positions, self._wards_of(lsoas))
        self.communities.replace(positions, linked(_rows(through("communities"), "insight_id", "community_id")))
        themes = _grouped(through("themes"), "theme_id", "insight_id")
        self.themes.replace(positions, linked(_flattened(
            themes, lambda code: self._number("theme", self.theme_codes, code))))

    def _set_days(self, positions, conversations, since):
        """Each insight's day (a day number, 0 if unknown) from its conversation."""
        unique, inverse = np.unique(conversations, return_inverse=True)
        held = Conversation.objects.all() if since is None else Conversation.objects.filter(pk__in=unique.tolist())
        days = dict(held.values_list("pk", "held_on"))
        ordinals = np.array([days[c].toordinal() if days.get(c) else 0 for c in unique.tolist()], dtype=np.int64)
        self.held_on[positions] = ordinals[inverse]

    def _read_days(self, since):
        """A conversation's day may change after its insights were read."""
        rows = _rows(Insight.objects.filter(conversation__updated_at__gte=since), "id", "conversation_id")
        positions, known = self.positions(rows[:, 0])
        self._set_days(positions, rows[known, 1], since)

    def _wards_of(self, lsoa_links):
        """(position, ward) links from (position, LSOA) links, each insight counted once per ward."""
        lsoas = _distinct(lsoa_links[:, 1])
        self._learn_wards(lsoas.tolist())
        ward_of = np.array([self._ward_of_lsoa.get(pk, -1) for pk in lsoas.tolist()], dtype=np.int64)
        wards = ward_of[np.searchsorted(lsoas, lsoa_links[:, 1])] if len(lsoas) else np.zeros(0, dtype=np.int64)
        held = wards >= 0
        size = len(self.ward_names) + 1
        once = _distinct(lsoa_links[held, 0] * size + wards[held])  # one (insight, ward) number each
        return np.column_stack([once // size, once % size])

    def _learn_wards(self, lsoa_ids):
        unknown = [pk for pk in lsoa_ids if pk not in self._ward_of_lsoa]
        for start in range(0, len(unknown), 500):
            for pk, ward in Lsoa.objects.filter(id__in=unknown[start:start + 500], ward__isnull=False).values_list(
                    "id", "ward__name"):
                self._ward_of_lsoa[pk] = self._number("ward", self.ward_names, ward)

    def _number(self, kind, names, name):
        numbers = self._numbers[kind]
        if name not in numbers:
            numbers[name] = len(names)
            names.append(name)
        return numbers[name]

    def _position_of(self, ids):
        return self._sorted_positions[np.searchsorted(self._sorted_ids, np.asarray(ids, dtype=np.int64))]

    # Asking

    def positions(self, ids):
        """Positions of these insight ids, and a mask of which ids the index holds."""
        ids = np.asarray(ids, dtype=np.int64)
        at = np.searchsorted(self._sorted_ids, ids)
        known = at < len(self._sorted_ids)
        known[known] = self._sorted_ids[at[known]] == ids[known]
        return self._sorted_positions[at[known]], known

    def chosen(self, lsoa_ids=None, theme_codes=None, community_ids=None, kinds=None, date_from=None, date_to=None,
               unconfirmed=None):
        """A mask of the insights that pass every filter given (None: that filter is not set).
        `unconfirmed`: the ids of the unconfirmed insights wanted beside the shared ones."""
        mask = np.ones(len(self.ids), dtype=bool)
        if unconfirmed is not None:
            mask &= self.shared | np.isin(self.ids, np.asarray(list(unconfirmed), dtype=np.int64))
        if theme_codes is not None:
            theme_codes = [self._numbers["theme"][c] for c in theme_codes if c in self._numbers["theme"]]
        for links, values in ((self.lsoas, lsoa_ids), (self.themes, theme_codes), (self.communities, community_ids)):
            if values is not None:
                linked = np.zeros(len(self.ids), dtype=bool)
                linked[links.having(values)] = True
                mask &= linked
        if kinds is not None:
            mask &= np.isin(self.kind, [KINDS.index(k) for k in kinds if k in KINDS])
        if date_from is not None:
            mask &= self.held_on >= date_from.toordinal()
        if date_to is not None:
            mask &= self.held_on <= date_to.toordinal()
        return mask

    def counts(self, chosen):
        """Per theme code, ward name, community id, kind and quarter ((year, n) or None): how many chosen insights."""
        quarters = {}
        days = self.held_on[chosen]
        first = int(days.min()) if len(days) else 0
        per_day = np.bincount(days - first)
        for day in np.flatnonzero(per_day):
            n = per_day[day]
            day = int(day) + first
            when = date.fromordinal(day) if day else None
            quarter = (when.year, (when.month - 1) // 3 + 1) if when else None
            quarters[quarter] = quarters.get(quarter, 0) + int(n)
        communities, counts = np.unique(self.communities.value[chosen[self.communities.position]], return_counts=True)
        return {
            "theme": dict(zip(self.theme_codes, self.themes.counts(chosen, len(self.theme_codes)).tolist())),
            "ward": dict(zip(self.ward_names, self.wards.counts(chosen, len(self.ward_names)).tolist())),
            "community": dict(zip(communities.tolist(), counts.tolist())),
            "kind": dict(zip(KINDS, np.bincount(self.kind[chosen], minlength=len(KINDS)).tolist())),
            "quarter": quarters,
        }


def current():
    """The index, brought up to date with the database.

    An update works on a copy, so a search running in another thread keeps a consistent index.
    """
    global _current
    key = SearchIndex.read_key()
    with _lock:
        if _current is None or _current.key != key:
            fresh = copy.deepcopy(_current) if _current is not None else SearchIndex()
            fresh.refresh(key)
            _current = fresh
        return _current
