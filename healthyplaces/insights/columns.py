"""What each column of a survey export holds: the choices a person makes on the import page (or with the
command's options), the guesses offered from the header names, and saved choices reused for the next file.

A survey or consultation tool exports one row per respondent, with one column per question; the
platform's own layout (`summary`, `kind`, `themes` …) is one case of this, and its headers are guessed
as themselves, so a file in that layout imports with no choice to make.
"""
import re
from dataclasses import dataclass, field

from .models import Insight, SurveyMapping

IGNORE, ANSWER = "ignore", "answer"
ROLES = [
    (IGNORE, "Ignore"),
    (ANSWER, "Answer text (one insight each)"),
    ("kind", "Kind (need, strength, barrier or idea)"),
    ("quote", "Quote"),
    ("quote_consent", "Quote consent (yes or no)"),
    ("themes", "Themes"),
    ("tags", "Local tags"),
    ("postcode", "Postcode"),
    ("lsoa", "LSOA codes"),
    ("ward", "Ward (name or code)"),
    ("neighbourhood", "Neighbourhood"),
    ("community", "Community"),
    ("age_band", "Age band"),
    ("date", "Date"),
]
ROLE_NAMES = dict(ROLES)

# The platform's own layout, column for column.
_OWN = {"summary": ANSWER, "quote": "quote", "quote consent": "quote_consent", "kind": "kind", "themes": "themes",
        "tags": "tags", "lsoas": "lsoa", "neighbourhood": "neighbourhood", "communities": "community"}
# Words in a header that say what it holds (the header's words, lower case, letters and digits only).
_WORDS = [
    ("postcode", {"postcode", "pcode", "post code", "postal code"}),
    ("lsoa", {"lsoa", "lsoa code", "lsoa11cd", "lsoa21cd"}),
    ("ward", {"ward", "ward name", "ward code"}),
    ("neighbourhood", {"neighbourhood", "neighborhood"}),
    ("community", {"community", "communities"}),
    ("age_band", {"age", "age band", "age group", "age range", "how old are you"}),
    ("date", {"date", "timestamp", "submitted", "submitted at", "date submitted", "completed", "response date"}),
    ("themes", {"theme", "themes"}),
]
# A column of free text: answered in a few of the first rows (or half of a shorter file) at least, this
# long on average, and mostly different from each other (a coded category filled in once is not).
TEXT_ANSWERS, TEXT_LENGTH, TEXT_DISTINCT = 3, 25, 0.5


def _words(header):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(header).lower()).split())


def guess_role(header, values):
    """What a column most likely holds, from its header, or from its values for the answers."""
    words = _words(header)
    if words in _OWN:
        return _OWN[words]
    for role, names in _WORDS:
        if words in names:
            return role
    given = [str(v).strip() for v in values if str(v).strip()]
    answered = len(given) >= max(1, min(TEXT_ANSWERS, (len(values) + 1) // 2))
    if (answered and sum(map(len, given)) / len(given) >= TEXT_LENGTH
            and len(set(given)) >= TEXT_DISTINCT * len(given)):
        return ANSWER
    return IGNORE


@dataclass
class Mapping:
    """What each column holds (`roles`, one a column, in the file's order) and the kind given to every
    answer (blank when a column holds the kind)."""

    roles: list
    kind: str = ""
    problems: list = field(default_factory=list)

    def columns(self, role):
        return [i for i, r in enumerate(self.roles) if r == role]

    def column(self, role):
        found = self.columns(role)
        return found[0] if found else None

    def check(self):
        """What stops these choices being used, in the person's words (empty when they can be)."""
        problems = []
        if not self.columns(ANSWER):
            problems.append("Choose at least one column that holds answer text.")
        for role, label in ROLES[2:]:
            if len(self.columns(role)) > 1:
                problems.append(f"Only one column can hold: {label.lower()}.")
        if self.kind and self.columns("kind"):
            problems.append("Choose a column that holds the kind, or one kind for every answer, not both.")
        elif not self.kind and not self.columns("kind"):
            problems.append("Choose the kind of every answer, or the column that holds it.")
        return problems


def guess(header, rows, sample=50):
    """The choices offered for a file: each column's role guessed from its header (and its first values)."""
    values = [[cells[i] if i < len(cells) else "" for _, cells in rows[:sample]] for i in range(len(header))]
    roles = [guess_role(h, v) for h, v in zip(header, values)]
    return Mapping(roles=roles, kind="")


def from_saved(saved, header):
    """Saved choices applied to a file's header: a column they name keeps its role, any other is ignored."""
    return Mapping(roles=[saved.columns.get(str(h).strip(), IGNORE) for h in header], kind=saved.kind)


def from_names(header, kind="", **columns):
    """Choices named by header (the command's options): `answer=[…]`, `postcode="Pcode"` …; the rest ignored.
    A name that is not a header is a problem."""
    names = [str(h).strip() for h in header]
    roles, problems = [IGNORE] * len(names), []
    for role, wanted in columns.items():
        for name in ([wanted] if isinstance(wanted, str) else wanted or []):
            if name in names:
                roles[names.index(name)] = role
            else:
                problems.append(f"the file has no column {name!r} (its columns: {', '.join(names)})")
    return Mapping(roles=roles, kind=kind, problems=problems)


def save(mapping, header, name, organisation, by):
    """Keep these choices under a name for the organisation (replacing choices of the same name)."""
    columns = {str(h).strip(): role for h, role in zip(header, mapping.roles) if role != IGNORE}
    saved, _ = SurveyMapping.objects.update_or_create(organisation=organisation, name=name.strip(), defaults={
        "columns": columns, "kind": mapping.kind, "saved_by": by})
    return saved


def saved_for(organisation):
    return SurveyMapping.objects.filter(organisation=organisation)

