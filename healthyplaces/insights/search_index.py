"""What each insight is filed under (places, themes, communities, kind, date), held in memory.

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

from healthyplaces.places.models import Lsoa

from .models import Conversation, Insight

# Changes are re-read from a little before the last one seen, so an edit whose transaction
# committed late (with an earlier timestamp) is still picked up.
MARGIN = timedelta(minutes=10)
EPOCH = datetime(1970, 1, 2, tzinfo=timezone.utc)
KINDS = [k for k, _ in Insight.Kind.choices]

_lock = threading.Lock()
_current = None


def _pairs(rows):
    return np.array(list(rows), dtype=np.int64).reshape(-1, 2)


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
        rows = list(insights.order_by("id").values_list("id", "kind", "conversation__held_on"))
        if not rows:
            return
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        new = ids[~np.isin(ids, self.ids)]
        if len(new):
            self.ids = np.concatenate([self.ids, new])
            self.held_on = np.concatenate([self.held_on, np.zeros(len(new), dtype=np.int64)])
            self.kind = np.concatenate([self.kind, np.zeros(len(new), dtype=np.int64)])
            self._sorted_positions = np.argsort(self.ids, kind="stable")
            self._sorted_ids = self.ids[self._sorted_positions]
        positions = self._position_of(ids)
        self.kind[positions] = [KINDS.index(r[1]) for r in rows]
        self.held_on[positions] = [r[2].toordinal() if r[2] else 0 for r in rows]

        def links(model, field, number=None):
            through = getattr(Insight, model).through.objects
            chosen = through.all() if since is None else through.filter(insight__updated_at__gte=since)
            chosen = chosen.values_list("insight_id", field)
            pairs = _pairs(((pk, number(value)) for pk, value in chosen) if number else chosen)
            return pairs[np.isin(pairs[:, 0], ids)]  # not an insight changed after `rows` was read

        lsoa_pairs = links("lsoas", "lsoa_id")
        self._learn_wards(np.unique(lsoa_pairs[:, 1]).tolist())
        self.lsoas.replace(positions, self._positioned(lsoa_pairs))
        wards = {(pk, self._ward_of_lsoa[lsoa]) for pk, lsoa in lsoa_pairs.tolist() if lsoa in self._ward_of_lsoa}
        self.wards.replace(positions, self._positioned(_pairs(wards)))
        themes = links("themes", "theme_id", lambda code: self._number("theme", self.theme_codes, code))
        self.themes.replace(positions, self._positioned(themes))
        self.communities.replace(positions, self._positioned(links("communities", "community_id")))

    def _read_days(self, since):
        """A conversation's day may change after its insights were read."""
        rows = list(Insight.objects.filter(conversation__updated_at__gte=since).values_list("id", "conversation__held_on"))
        positions, known = self.positions([pk for pk, _ in rows])
        self.held_on[positions] = [day.toordinal() if day else 0 for (_, day), held in zip(rows, known) if held]

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

    def _positioned(self, pairs):
        return np.column_stack([self._position_of(pairs[:, 0]), pairs[:, 1]]) if len(pairs) else pairs

    # Asking

    def positions(self, ids):
        """Positions of these insight ids, and a mask of which ids the index holds."""
        ids = np.asarray(ids, dtype=np.int64)
        at = np.searchsorted(self._sorted_ids, ids)
        known = at < len(self._sorted_ids)
        known[known] = self._sorted_ids[at[known]] == ids[known]
        return self._sorted_positions[at[known]], known

    def chosen(self, lsoa_ids=None, theme_codes=None, community_ids=None, kinds=None, date_from=None, date_to=None):
        """A mask of the insights that pass every filter given (None: that filter is not set)."""
        mask = np.ones(len(self.ids), dtype=bool)
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
