"""Spot likely personal data in what people said, so the recorder can redact it before sharing.

The detector is deliberately cautious: it flags names after phrases such as "my name is", phone
numbers, email addresses, full postcodes and dates of birth. It cannot find everything (a name
said without such a phrase passes), so the recorder reviews every flagged insight.
"""
import re
from dataclasses import asdict, dataclass

LABELS = {
    "name": "[name]",
    "phone": "[phone number]",
    "email": "[email address]",
    "postcode": "[postcode]",
    "date_of_birth": "[date of birth]",
}
DESCRIPTIONS = {
    "name": "a name",
    "phone": "a phone number",
    "email": "an email address",
    "postcode": "a postcode",
    "date_of_birth": "a date of birth",
}

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
EMAIL = re.compile(r"(?P<value>\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b)")
POSTCODE = re.compile(r"\b(?P<value>(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}))\b",
                      re.IGNORECASE)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+\d{{2,4}}"
         rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
         r"|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})")
DATE_OF_BIRTH = re.compile(
    rf"(?i:\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?|birthday is|birthday's)\s*(?:is|was)?\s*[:\-]?\s*)"
    rf"(?P<value>(?i:{_DATE}))"
)
# Words that follow "this is" without being names.
_NOT_NAMES = {"the", "a", "an", "it", "not", "what", "why", "how", "where", "when", "my", "our", "their",
              "about", "because", "so", "very", "really", "just", "that", "this", "there", "here", "is",
              "all", "one", "important", "hard", "good", "bad", "great", "terrible", "on", "at", "in", "if",
              "back", "and", "but", "or", "i", "we", "you", "they", "he", "she", "from", "not", "no", "yes",
              "english", "british", "christmas", "monday", "tuesday", "wednesday", "thursday", "friday",
              "saturday", "sunday", "stockton", "thornaby", "teesside", "gp", "nhs"}

PATTERNS = [("email", EMAIL), ("phone", PHONE), ("postcode", POSTCODE), ("date_of_birth", DATE_OF_BIRTH),
            ("name", NAME), ("name", NAME_AFTER_WEAK_PHRASE)]


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def description(self):
        return DESCRIPTIONS[self.kind]


def find(text):
    """Likely personal data in the text, in order, without overlaps."""
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text or ""):
            start, end = match.span("value")
            value = match.group("value")
            if kind == "name":
                words = value.split()
                while words and words[-1].lower() in _NOT_NAMES:
                    words.pop()
                if not words or words[0].lower() in _NOT_NAMES:
                    continue
                value = " ".join(words)
                end = start + len(value)
            if any(start < f.end and f.start < end for f in found):
                continue
            found.append(Finding(kind, start, end, value))
    return sorted(found, key=lambda f: f.start)


def redact(text, findings=None):
    """The text with each finding replaced by a label such as [phone number]."""
    text = text or ""
    findings = find(text) if findings is None else findings
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + LABELS[finding.kind] + text[finding.end:]
    return text


def flags_for(**fields):
    """Findings for several fields, as plain dicts to store: [{"field", "kind", "text"}…]."""
    flags = []
    for field, text in fields.items():
        flags += [{"field": field, **{k: v for k, v in asdict(f).items() if k in ("kind", "text")}}
                  for f in find(text)]
    return flags
