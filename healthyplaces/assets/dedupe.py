"""Find the same asset recorded twice, usually by two partners.

Records are normalised (case, punctuation, common abbreviations, phone digits, web domains), put
into blocks that share a postcode, a phone, an email, a web domain or a postcode district and name
word, and only pairs within a block are scored. Scoring compares name, address, postcode, phone,
email and website, counting only the fields both records have. The thresholds were set on the
labelled set in tests/test_dedupe.py, which measures precision and recall.
"""
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

ABBREVIATIONS = {
    "st": "street", "rd": "road", "ave": "avenue", "ln": "lane", "cl": "close", "dr": "drive", "cres": "crescent",
    "sq": "square", "pl": "place", "ctr": "centre", "cntr": "centre", "cen": "centre", "center": "centre",
    "comm": "community", "cmty": "community", "com": "community", "assoc": "association", "assn": "association",
    "grp": "group", "soc": "society", "ltd": "limited", "cafe": "cafe", "ch": "church", "svc": "service",
    "svcs": "services", "yth": "youth", "hse": "house", "lib": "library", "gdn": "garden", "gdns": "gardens",
    "pk": "park", "nbhd": "neighbourhood", "neighborhood": "neighbourhood", "vol": "volunteer", "orgn": "organisation",
    "organization": "organisation", "grdn": "garden", "hlth": "health", "mens": "men", "womens": "women",
}
STOPWORDS = {"the", "and", "of", "for", "at", "in", "a", "an"}
# A word this common in names says little about a match; blocks on it are skipped.
MAX_BLOCK = 60
# Two name words anywhere in England: a block this big is words like "community centre", not a name.
MAX_PAIR_BLOCK = 40
THRESHOLD = 0.80
NAME_FLOOR = 0.80
WEIGHTS = {"name": 0.40, "address": 0.15, "postcode": 0.15, "phone": 0.10, "email": 0.10, "website": 0.10}


def words(text):
    text = (text or "").lower().replace("&", " and ").replace("'", "")
    words = re.findall(r"[a-z0-9]+", text)
    return [ABBREVIATIONS.get(w, w) for w in words if w not in STOPWORDS]


def _phone(text):
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits if len(digits) >= 7 else ""


def _domain(url):
    match = re.match(r"^(?:[a-z]+://)?(?:www\.)?([^/?#:]+)", (url or "").strip().lower())
    return match.group(1) if match else ""


@dataclass(frozen=True)
class Prepared:
    name: str
    name_words: tuple
    address: str
    postcode: str
    district: str
    phone: str
    email: str
    website: str


def prepare(values):
    """The comparable form of an asset's name, address and contacts (a dict or an Asset)."""
    get = values.get if isinstance(values, dict) else lambda key, default="": getattr(values, key, default)
    name_words = words(get("name", ""))
    postcode = re.sub(r"\s+", "", (get("postcode", "") or "").upper())
    return Prepared(
        name=" ".join(name_words), name_words=tuple(name_words), address=" ".join(words(get("address", ""))),
        postcode=postcode, district=postcode[:-3] if len(postcode) >= 5 else "",
        phone=_phone(get("phone", "")), email=(get("email", "") or "").strip().lower(),
        website=_domain(get("website", "")),
    )


def blocking_keys(p):
    keys = set()
    if p.postcode:
        keys.add("pc:" + p.postcode)
    if p.phone:
        keys.add("ph:" + p.phone)
    if p.email:
        keys.add("em:" + p.email)
    if p.website:
        keys.add("web:" + p.website)
    # Name words: with the postcode district where known, and in pairs anywhere (a typo spoils one word).
    words = sorted({w[:4] for w in p.name_words if len(w) >= 4})
    for word in words:
        keys.add(f"nm:{p.district or '-'}:{word}")
    for i, first in enumerate(words):
        for second in words[i + 1:]:
            keys.add(f"n2:{first}:{second}")
    return keys


def score(a, b):
    """(score 0–1, name similarity, the fields that agree, how many fields both have) for two prepared records."""
    name = (fuzz.token_sort_ratio(a.name, b.name) + fuzz.token_set_ratio(a.name, b.name)) / 200
    if name < NAME_FLOOR:  # most candidates stop here, so the rest is not worked out
        return name, name, [], 1
    parts = {"name": name}
    if a.address and b.address:
        parts["address"] = fuzz.token_set_ratio(a.address, b.address) / 100
    if a.postcode and b.postcode:
        parts["postcode"] = 1.0 if a.postcode == b.postcode else (0.5 if a.district == b.district else 0.0)
    for key in ("phone", "email", "website"):
        if getattr(a, key) and getattr(b, key):
            parts[key] = 1.0 if getattr(a, key) == getattr(b, key) else 0.0
    total = sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)
    agree = [k for k, v in parts.items() if v >= 0.9]
    return total, name, agree, len(parts)


def is_duplicate(result):
    total, name, agree, compared = result
    if name < NAME_FLOOR:
        return False
    if compared == 1 or agree == ["name"]:  # the name is all that matches: it must be nearly the same
        return name >= 0.93 and total >= 0.90
    return total >= THRESHOLD


class Index:
    """Prepared records in blocks, to find a new record's likely duplicates without comparing all pairs."""

    def __init__(self):
        self.records = {}
        self.blocks = {}

    def add(self, key, prepared):
        self.records[key] = prepared
        for block in blocking_keys(prepared):
            self.blocks.setdefault(block, []).append(key)

    def candidates(self, prepared):
        found = set()
        for block in blocking_keys(prepared):
            members = self.blocks.get(block, ())
            if len(members) <= (MAX_PAIR_BLOCK if block.startswith("n2:") else MAX_BLOCK):
                found.update(members)
        return found

    def matches(self, prepared, exclude=()):
        """(key, score result) of duplicates of the record, best first."""
        keys = [key for key in self.candidates(prepared) if key not in exclude]
        # A first pass on names alone, in rapidfuzz's own loop: most candidates end here.
        names = [self.records[key].name for key in keys]
        found = []
        for _, _, i in process.extract(prepared.name, names, scorer=fuzz.token_set_ratio,
                                       score_cutoff=NAME_FLOOR * 100, limit=None):
            result = score(prepared, self.records[keys[i]])
            if is_duplicate(result):
                found.append((keys[i], result))
        found.sort(key=lambda item: -item[1][0])
        return found


def find_pairs(records, same_group_too=False):
    """Probable duplicate pairs among (key, group, values) records, e.g. group = the partner.

    Pairs within one group are left out unless asked for: a partner does not list an asset twice.
    """
    index = Index()
    groups = {}
    pairs = {}
    for key, group, values in records:
        prepared = prepare(values)
        for other, result in index.matches(prepared):
            if same_group_too or groups[other] != group:
                pair = tuple(sorted((key, other), key=str))
                pairs[pair] = max(pairs.get(pair, 0), result[0])
        index.add(key, prepared)
        groups[key] = group
    return pairs


def reasons(result):
    total, name, agree, _ = result
    return f"score {total:.2f}; name {name:.2f}; agree on: {', '.join(agree) or 'nothing'}"
