"""Spot likely personal data in what people said, so the recorder can redact it before sharing.

It finds names in any position (spaCy's English model through Presidio, and first names from a list),
street addresses, phone numbers, e-mail addresses, full postcodes, dates of birth, health conditions and
other special-category details (religion, ethnic origin, sexuality, gender identity). It is tuned to flag
rather than miss, and it still cannot find everything, so the recorder reviews every insight before it
is shared. `bench/personal_data.py` measures it on generated sentences; the engine and where its model
and word lists come from are described in personal_data_engine.

The engine is built once per process on first use (a few seconds); `find_many` checks many texts in one
batch, which is several times faster than calling `find` for each.
"""
import re
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass

from . import personal_data_terms as terms

LABELS = {
    "name": "[name]",
    "address": "[address]",
    "phone": "[phone number]",
    "email": "[email address]",
    "postcode": "[postcode]",
    "date_of_birth": "[date of birth]",
    "health": "[health condition]",
    "special_category": "[sensitive detail]",
}
DESCRIPTIONS = {
    "name": "a name",
    "address": "a street address",
    "phone": "a phone number",
    "email": "an email address",
    "postcode": "a postcode",
    "date_of_birth": "a date of birth",
    "health": "a health condition",
    "special_category": "a religion, ethnic origin, sexuality or gender identity",
}
# When two findings overlap, the one of the kind earlier here is kept ("12 Mill Lane" is an address and
# "Parkinson's" a condition, though "Mill Lane" and "Parkinson" look like names to the model).
PRIORITY = ["email", "phone", "postcode", "date_of_birth", "address", "health", "special_category", "name"]

_NAME_WORD = r"[A-Z][a-zA-Z'\-]+"
# After these, a name in any case ("my name is sarah"); after the weaker ones, only a capitalised one.
_STRONG_PHRASES = r"my name is|my name's|my names|i am called|i'm called|im called"
_WEAK_PHRASES = (r"call me|they call me|name's|this is|is called|i am|i'm|my son|my daughter|my husband|my wife|"
                 r"my partner|my mum|my dad|my neighbour|my friend")
NAME = re.compile(
    rf"\b(?i:{_STRONG_PHRASES})\s+(?P<value>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}|(?i:[a-z][a-z'\-]+))"
)
NAME_AFTER_WEAK_PHRASE = re.compile(rf"\b(?i:{_WEAK_PHRASES}),?\s+(?P<value>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})")
# UK numbers: 11 digits from 0, or +44 and 10 digits; spaces, dashes and brackets allowed between.
PHONE = re.compile(r"(?<![\w+])(?P<value>(?:\+44\s?\(?0?\)?\s?|\(?0)\d(?:(?:\)\s?|[\s\-])?\d){8,9})(?!\d)")
POSTCODE = re.compile(r"\b(?P<value>(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}))\b",
                      re.IGNORECASE)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DAY = r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'\d{2}|\d{2})"
_DATE = (rf"(?:{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+{_YEAR}"
         rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
         r"|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2})")
DATE_OF_BIRTH = re.compile(
    rf"(?i:\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?|birthday is|birthday's|birthday)\s*(?:is|was)?\s*[:\-,]?\s*)"
    rf"(?P<value>(?i:{_DATE}))"
)
# "born in March 1985", "born in 1950", "my birthday is the 5th of May"
DATE_OF_BIRTH_PARTIAL = re.compile(
    rf"(?i:\bborn\s+in\s+)(?P<value>(?i:(?:{_MONTHS}\s+)?(?:19|20)\d{{2}}))\b"
    rf"|(?i:\bbirthday(?:\s+is|'s)\s+(?:on\s+)?)"
    rf"(?P<value2>(?i:{_DAY}\s+(?:of\s+)?{_MONTHS}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?))\b"
)
# Street addresses: "12 Mill Lane", "Flat 3, 22 High Street", "12a mill lane", "the house on Oxbridge Avenue".
_STREET_WORD = r"[A-Z][a-z'’]+(?:-[a-z]+-[A-Z][a-z]+)?"
_ALL_TYPES = "|".join(sorted(terms.STREET_TYPES, key=len, reverse=True))
_TYPES_ALONE = "|".join(sorted(set(terms.STREET_TYPES) - terms.STREET_TYPES_NEEDING_NUMBER, key=len, reverse=True))
_TYPES_LOWER = "|".join(sorted(terms.STREET_TYPES_IN_LOWER_CASE, key=len, reverse=True))
_FLAT = r"(?:(?i:flat|apartment|apt|unit|room)\.?\s+\d{1,4}[A-Za-z]?,?\s+)"
ADDRESS = re.compile(
    rf"(?P<value>{_FLAT}?\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_STREET_WORD}\s+){{1,3}}(?:{_ALL_TYPES})\b\.?"
    rf"|\b(?:{_STREET_WORD}\s+){{1,3}}(?:{_TYPES_ALONE})\b"
    rf"|{_FLAT}?\b\d{{1,4}}[a-z]?,?\s+(?:[a-z]+\s+){{1,2}}(?:{_TYPES_LOWER})\b)"
)


def _words(phrases):
    """One pattern for a list of words or phrases, longest first, with any spacing and either apostrophe."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]?") for p in ordered)


_HEALTH_ANYWHERE = _words(terms.HEALTH_PHRASES - terms.HEALTH_NEEDS_CONTEXT)
_HAS = (r"(?:have|has|had|having|got|gotten|with|diagnosed with|suffer(?:s|ed|ing)? (?:from|with)|living with|"
        r"lives with|because of|due to|on|off|needs?|uses?|using|in|is|am|i'm|he's|she's|was|been|my|his|her|their)")
HEALTH = re.compile(rf"(?i)(?<![\w\-])(?P<value>{_HEALTH_ANYWHERE})(?:'s|s)?(?![\w\-])")
HEALTH_IN_CONTEXT = re.compile(
    rf"(?i)(?:\b{_HAS}\s+|['’]s\s+)(?:got\s+|a\s+|an\s+|the\s+|my\s+|bad\s+|really\s+bad\s+)?"
    rf"(?P<value>{_words(terms.HEALTH_NEEDS_CONTEXT)})\b")
HEALTH_BY_ENDING = re.compile(rf"(?i)\b(?P<value>[a-z]{{3,}}(?:{'|'.join(terms.HEALTH_ENDINGS)}))\b")
HEALTH_NAMED = re.compile(
    rf"(?i)\b(?P<value>(?!(?:{'|'.join(terms.NOT_BEFORE_DISEASE)})\b)"
    r"[a-z][\w'’\-]*\s+(?:disease|syndrome|disorder)s?)\b")
_PERSON = (r"(?:i am|i'm|i’m|im|we are|we're|we’re|he is|he's|she is|she's|they are|they're|being|as an?|"
           r"my (?:son|daughter|husband|wife|partner|mum|mam|dad|mother|father|brother|sister|friend|neighbour|"
           r"child|kid|boy|girl|grandson|granddaughter|nan|grandad|family) is)")
_IDENTITY = _words(terms.RELIGION_TERMS | terms.ETHNICITY_TERMS | terms.SEXUALITY_TERMS)
SPECIAL_CATEGORY = re.compile(
    rf"(?i:\b{_PERSON}\s+(?:a\s+|an\s+|also\s+|not\s+|proud(?:ly)?\s+|devout\s+|openly\s+)*(?:[a-z]+\s+)?)"
    rf"(?P<value>(?i:{_IDENTITY}))\b"
    rf"|(?i:\b)(?P<value2>(?i:{_words(terms.RELIGION_TERMS | terms.ETHNICITY_TERMS)}))"
    r"(?i:\s+(?:family|background|heritage|descent|origin|household|parents|husband|wife|man|woman|lad|girl|boy))\b"
    rf"|(?i:\b)(?P<value3>(?i:{_words(terms.SEXUALITY_ANYWHERE)}))\b"
)

PATTERNS = [("phone", PHONE), ("postcode", POSTCODE), ("date_of_birth", DATE_OF_BIRTH),
            ("date_of_birth", DATE_OF_BIRTH_PARTIAL), ("address", ADDRESS), ("name", NAME),
            ("name", NAME_AFTER_WEAK_PHRASE), ("health", HEALTH), ("health", HEALTH_IN_CONTEXT),
            ("health", HEALTH_BY_ENDING), ("health", HEALTH_NAMED), ("special_category", SPECIAL_CATEGORY)]
# Words that follow a name phrase ("this is", "I'm") without being names.
NOT_NAMES_AFTER_PHRASE = {
    "the", "a", "an", "it", "not", "what", "why", "how", "where", "when", "my", "our", "their", "about", "because",
    "so", "very", "really", "just", "that", "this", "there", "here", "is", "all", "one", "important", "hard", "good",
    "bad", "great", "terrible", "on", "at", "in", "if", "back", "and", "but", "or", "i", "we", "you", "they", "he",
    "she", "from", "no", "yes", "english", "british", "christmas", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "stockton", "thornaby", "teesside", "gp", "nhs", "help", "someone", "anyone",
    "them", "him", "her", "me", "us", "support", "advice", "more"}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def description(self):
        return DESCRIPTIONS[self.kind]


_lock = threading.Lock()
_analyser = None
# What was found in recently checked texts: saving an insight checks the same text several times
# (flags, then redaction), and an import checks every row at the preview and again at the commit.
_remembered = OrderedDict()
REMEMBER = 20_000


def _engine():
    global _analyser
    if _analyser is None:
        from . import personal_data_engine

        _analyser = personal_data_engine.build(PATTERNS)
    return _analyser


def find(text):
    """Likely personal data in the text, in order, without overlaps."""
    return find_many([text])[0]


def find_many(texts, batch_size=64):
    """find() for each text, checked in batches (much faster for many texts)."""
    texts = [text or "" for text in texts]
    with _lock:
        found = {}
        for text in texts:
            if text in _remembered:
                found[text] = _remembered[text]
                _remembered.move_to_end(text)
        missing = list(dict.fromkeys(text for text in texts if text not in found))
        if missing:
            for text, results in zip(missing, _engine().analyze_iterator(missing, language="en",
                                                                          batch_size=batch_size)):
                found[text] = _remembered[text] = tuple(_choose(text, results))
            while len(_remembered) > REMEMBER:
                _remembered.popitem(last=False)
    return [list(found[text]) for text in texts]


def _choose(text, results):
    """Join overlapping findings of one kind, then keep the kind first in PRIORITY where kinds overlap."""
    spans = sorted((r.entity_type, r.start, r.end) for r in results)
    joined = []
    for kind, start, end in spans:
        start, end = _trim(kind, text, start, end)
        if end <= start:
            continue
        if joined and joined[-1][0] == kind and start < joined[-1][2]:
            joined[-1] = (kind, joined[-1][1], max(end, joined[-1][2]))
        else:
            joined.append((kind, start, end))
    joined.sort(key=lambda s: (PRIORITY.index(s[0]), s[1] - s[2]))
    chosen = []
    for kind, start, end in joined:
        if not any(start < f.end and f.start < end for f in chosen):
            chosen.append(Finding(kind, start, end, text[start:end]))
    return sorted(chosen, key=lambda f: f.start)


def _trim(kind, text, start, end):
    """A name found after a phrase loses the ordinary words that follow it ("this is Dave and...")."""
    if kind != "name":
        return start, end
    words = text[start:end].split()
    while words and words[-1].lower() in NOT_NAMES_AFTER_PHRASE:
        words.pop()
    if not words or words[0].lower() in NOT_NAMES_AFTER_PHRASE:
        return start, start
    return start, start + len(" ".join(words))


def redact(text, findings=None):
    """The text with each finding replaced by a label such as [phone number]."""
    text = text or ""
    findings = find(text) if findings is None else findings
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + LABELS[finding.kind] + text[finding.end:]
    return text


def flags_for(*pairs, **fields):
    """Findings for several fields, as plain dicts to store: [{"field", "kind", "text"}…]. Fields come
    by name, or as (field, text) pairs where one field holds several texts (an insight's tags); all are
    checked in one batch."""
    pairs = [*pairs, *fields.items()]
    flags = []
    for (field, _), found in zip(pairs, find_many([text for _, text in pairs])):
        flags += [{"field": field, **{k: v for k, v in asdict(f).items() if k in ("kind", "text")}} for f in found]
    return flags
