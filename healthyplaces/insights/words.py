"""The words that insight search matches: the same in Python for both databases.

Every word is reduced to its stem in Python, on the way into the index (Insight.search_words) and
in what people type, so "buses" finds "bus" and "loneliness" finds "lonely" on SQLite and
PostgreSQL alike; each database then only matches whole stems ("simple" words, no stemming of its
own), so both find the same insights.

The stemmer is Snowball's English one (Porter2). It leaves a few families apart that people expect
together ("buses" stems to "buse", "loneliness" to "loneli", "children" stays itself);
WORD_FAMILIES joins them. A family lists plain words, the first standing for them all: add a
family here when a search is seen to miss its kin, then run `manage.py insights reindex-words`
(the stored stems of existing insights are computed again).

Very common words ("the", "of", "to") are left out on both sides, so "access to green space" finds
"green space access" too; accents are dropped, so "cafe" finds "café".
"""
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_WORDS = 20

WORD_FAMILIES = [
    ("bus", "buses", "busses"),
    ("lonely", "loneliness", "lonelier", "loneliest", "lonesome"),
    ("child", "children", "childhood"),
    ("person", "people"),
    ("woman", "women"),
    ("man", "men"),
    ("safe", "safety", "safer", "safest"),
    ("mould", "mouldy"),
    ("damp", "dampness"),
    ("afford", "affordable", "affordability", "unaffordable"),
]

STOP_WORDS = frozenset(
    "a an and are as at be by for from has have i in is it its of on or so that the their them they this to "
    "was we were with you".split())

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)  # a few thousand distinct words in practice: each is stemmed once per process
def _stem(word):
    return _stemmer.stemWord(word)


def _family_of_stem():
    return {_stem(word): _stem(family[0]) for family in WORD_FAMILIES for word in family}


_FAMILY = _family_of_stem()


def stems(text):
    """The stems of a text's words, in order, common words left out."""
    text = (text or "").lower()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    found = []
    for word in WORD.findall(text):
        if word not in STOP_WORDS:
            stem = _stem(word)
            found.append(_FAMILY.get(stem, stem))
    return found


def query_stems(text):
    """The distinct stems of what someone typed (at most MAX_QUERY_WORDS): an insight must hold each."""
    return list(dict.fromkeys(stems(text)))[:MAX_QUERY_WORDS]


def indexed(*texts):
    """What Insight.search_words holds for these texts: their stems, separated by spaces."""
    return " ".join(stem for text in texts for stem in stems(text))
