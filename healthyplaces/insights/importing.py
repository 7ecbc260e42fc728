"""Bulk import of insights from a survey or consultation export (CSV or Excel), with a preview and an
atomic commit.

The person says what each column holds (columns.py): one row with several answered questions becomes
one insight per answer, keeping the question. Every row is checked before anything is written; each
problem is reported as `FILE, line N: reason` and that line is left out, while the sound lines are
written together in one transaction (a file with no sound line is refused). Places and communities a
row leaves empty are the conversation's. Each insight is keyed by the file's hash, its line and its
question, so importing the same file again adds nothing.
"""
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from healthyplaces import importing as imports
from healthyplaces.accounts import audit
from healthyplaces.importing import ImportRefused, Problem
from healthyplaces.places import postcodes
from healthyplaces.places.models import Lsoa, Ward

from . import columns as choices
from . import embeddings, personal_data, services
from .forms import InsightForm
from .models import Community, Insight, Theme

MAX_ROWS = 20000
YES = {"yes", "y", "true", "1", "agreed"}
NO = {"no", "n", "false", "0", ""}
KINDS = {**{k: k for k in Insight.Kind.values}, "needs": "need", "strengths": "strength", "barriers": "barrier",
         "ideas": "idea"}
# The platform's age bands (taxonomy.AGE_BANDS), as the ages each holds.
AGE_BANDS = [("children-0-15", 0, 15), ("adults-16-59", 16, 59), ("older-people-60-plus", 60, 150)]
NO_AGE = {"", "prefer not to say", "not known", "unknown", "n/a", "na", "not given", "rather not say"}
# The longest summary and quote, from the model (a longer answer keeps its full text as the quote).
MAX_SUMMARY, MAX_QUOTE = (Insight._meta.get_field(name).max_length for name in ("summary", "quote"))
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


@dataclass
class Row:
    """One insight to write: one answer of one line of the file."""

    line: int
    summary: str
    quote: str
    quote_consent: bool
    kind: str
    themes: list
    tags: list
    lsoa_codes: list | None
    neighbourhood: object
    communities: list | None
    question: str = ""
    column: int = 0
    said_on: date | None = None
    postcode: str = ""
    trimmed: bool = False
    flags: list = field(default_factory=list)
    exists: bool = False
    wards: list = field(default_factory=list)


@dataclass
class Preview:
    filename: str
    digest: str
    rows: list
    problems: list
    encoding: str = ""
    notes: list = field(default_factory=list)

    @property
    def new_rows(self):
        return [r for r in self.rows if not r.exists]

    @property
    def flagged(self):
        return [r for r in self.rows if r.flags]

    @property
    def trimmed(self):
        return [r for r in self.rows if r.trimmed]

    @property
    def lines_left_out(self):
        return sorted({p.line for p in self.problems if p.line})


def _split(value, commas=True):
    """Items of a cell: separated by semicolons (and by commas, for tags and codes)."""
    value = (value or "").replace(",", ";") if commas else (value or "")
    return [v.strip() for v in value.split(";") if v.strip()]


def _named(cell, known, missing, problems):
    """The things a cell names (separated by semicolons), by name or code in any case; each unknown one a problem."""
    found = []
    for name in _split(cell, commas=False):
        if name.lower() in known:
            found.append(known[name.lower()])
        else:
            problems.append(missing.format(name))
    return found


def _field_problems(texts):
    """The row's texts checked by the web form's own fields (InsightForm), so a row's problems read as the
    page's field errors do: the column, then the form's message."""
    problems = []
    for name, value in texts.items():
        try:
            InsightForm.base_fields[name].clean(value)
        except ValidationError as error:
            problems += [f"{name}: {message}" for message in error.messages]
    return problems


def trim(text, limit=MAX_SUMMARY):
    """The text cut at the last word that fits `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(None, 1)[0] if " " in cut[limit // 2:] else cut).rstrip() + "…"


def age_band(text):
    """(the platform's age band slug or None, a problem or None, a note or None) for an age or a band of ages."""
    words = " ".join(str(text).lower().replace("–", "-").replace("—", "-").split())
    if words in NO_AGE:
        return None, None, None
    numbers = [int(n) for n in re.findall(r"\d+", words)]
    if re.fullmatch(r"(under|below|less than) \d+", words):
        low, high = 0, numbers[0] - 1
    elif re.fullmatch(r"\d+ ?(\+|plus|and over|and above|or over|or older)", words):
        low, high = numbers[0], 150
    elif re.fullmatch(r"(over|older than) \d+", words):
        low, high = numbers[0] + 1, 150
    elif re.fullmatch(r"\d+ ?(-|to) ?\d+", words):
        low, high = numbers
    elif re.fullmatch(r"\d+", words):
        low = high = numbers[0]
    else:
        return None, f"the age band {str(text).strip()!r} is not an age or a range of ages (such as 25-34 or 65+)", None
    bands = [slug for slug, start, end in AGE_BANDS if low <= end and high >= start]
    if low > high or not bands:
        return None, f"the age band {str(text).strip()!r} is not an age or a range of ages (such as 25-34 or 65+)", None
    if len(bands) > 1:
        return None, None, (f"the age band {str(text).strip()!r} spans more than one of the platform's age bands "
                            "(0–15, 16–59, 60 and over), so no age band is recorded")
    return bands[0], None, None


def said_on(value):
    """(the day, None) from a date cell, or (None, a problem): a workbook's date, 2026-10-01 or 01/10/2026
    (day first, as in the UK), with or without a time after it."""
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    text = str(value).strip()
    if not text:
        return None, None
    day_part = re.split(r"[T ]", text, maxsplit=1)[0]
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(day_part, pattern).date(), None
        except ValueError:
            continue
    for pattern in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date(), None
        except ValueError:
            continue
    return None, f"the date {text!r} is not a date: write it as 2026-10-01 or 01/10/2026"


def postcode(text):
    """(the postcode written the standard way, or "", a problem or None)."""
    squeezed = "".join(str(text).upper().split())
    if not squeezed:
        return "", None
    match = POSTCODE.match(squeezed)
    if not match:
        return "", f"the postcode {str(text).strip()!r} is not a UK postcode"
    return f"{match.group(1)} {match.group(2)}", None


def _place_by_postcode(rows, filename, notes):
    """An answer with a postcode and no other place goes in its postcode's LSOA (a terminated one's last);
    a postcode England's files do not hold leaves it where the conversation was, with a note."""
    unplaced = [row for row in rows if row.postcode and row.lsoa_codes is None]
    held = postcodes.lsoa_codes(row.postcode for row in unplaced)
    for row in unplaced:
        if row.postcode in held:
            row.lsoa_codes = [held[row.postcode]]
        else:
            notes.append(Problem(filename, row.line, f"the postcode {row.postcode} is not in England's postcode files, "
                                                     "so the answer is placed where the conversation was"))


def read(data, filename):
    """The file's table, refused whole only for what no line can fix (empty, unreadable, no header)."""
    table = imports.read_table(data, filename, max_rows=MAX_ROWS)
    if not table.header:
        imports.refuse(filename, 0, "the file is empty")
    return table


def header_of(table):
    return [str(h).strip() for h in table.header]


def parse(data, filename, conversation, mapping=None):
    """Every row checked; a Preview with the rows to write and the problems found.

    `mapping` (columns.Mapping) says what each column holds; without one, the guesses from the header
    (the platform's own layout needs no choice). This is the one parse of an upload: the page holds the
    Preview beside the file and commits it with `commit_preview()`, without reading the file again.
    """
    table = read(data, filename)
    mapping = mapping or choices.guess(header_of(table), table.rows)
    refusal = mapping.problems + mapping.check()
    if refusal:
        raise ImportRefused([Problem(filename, 1, reason[:1].lower() + reason[1:].rstrip(".")) for reason in refusal])
    return _parse_rows(table, hashlib.sha256(data).hexdigest(), filename, conversation, mapping)


class _Places:
    """Looks up what a file's rows name: themes, communities, neighbourhoods and wards, each once."""

    def __init__(self, conversation):
        themes = Theme.objects.all()
        self.themes = {t.code.lower(): t for t in themes} | {t.name.lower(): t for t in themes}
        communities = Community.objects.all()
        self.communities = {c.slug: c for c in communities} | {c.name.lower(): c for c in communities}
        self.authorities = set(conversation.lsoas.values_list("local_authority_id", flat=True))
        self._wards = {}

    def ward(self, name):
        """(the ward, None) by code, or by name in the conversation's local authorities first; or (None, a problem)."""
        key = name.strip().lower()
        if key not in self._wards:
            found = list(Ward.objects.filter(code__iexact=key)) or list(Ward.objects.filter(name__iexact=key))
            local = [w for w in found if w.local_authority_id in self.authorities]
            found = local or found
            if len(found) == 1:
                self._wards[key] = (found[0], None)
            elif found:
                self._wards[key] = (None, f"{len(found)} wards are called {name.strip()!r}; give the ward's code (E05…)")
            else:
                self._wards[key] = (None, f"no ward is called {name.strip()!r}")
        return self._wards[key]


def _parse_rows(table, digest, filename, conversation, mapping):
    header = header_of(table)
    answers = mapping.columns(choices.ANSWER)
    own_layout = [header[i].lower() for i in answers] == ["summary"]

    def cell(cells, role):
        i = mapping.column(role)
        return "" if i is None or i >= len(cells) else (cells[i] if role == "date" else str(cells[i]).strip())

    # Check every answer, quote and tag for personal data in one batch (several times faster than row
    # by row); flags_for below and at commit is then answered from what this found.
    texts = [str(cells[i]).strip() for _, cells in table.rows for i in answers if i < len(cells)]
    texts += [cell(cells, "quote") for _, cells in table.rows]
    texts += [tag for _, cells in table.rows for tag in _split(cell(cells, "tags"))]
    personal_data.find_many([t for t in texts if t])
    known = _Places(conversation)
    problems, notes, parsed = list(table.problems), [], []
    for line, cells in table.rows:
        row_problems = []
        given = [(i, str(cells[i]).strip()) for i in answers if i < len(cells) and str(cells[i]).strip()]
        if not given:
            row_problems.append("no answer: " + ("the summary is empty" if own_layout
                                                 else "every answer column is empty"))
        quote = cell(cells, "quote")
        kind_text = mapping.kind or cell(cells, "kind")
        kind = KINDS.get(kind_text.lower())
        if kind is None:
            row_problems.append(f"kind must be need, strength, barrier or idea, not {kind_text!r}")
        consent = cell(cells, "quote_consent").lower()
        if consent not in YES | NO:
            row_problems.append(f"quote_consent must be yes or no, not {cell(cells, 'quote_consent')!r}")
        row_themes = _named(cell(cells, "themes"), known.themes, "no theme is called {!r}", row_problems)
        row_communities = _named(cell(cells, "community"), known.communities,
                                 "no community is called {!r}; an officer can add it first", row_problems)
        band, problem, note = age_band(cell(cells, "age_band"))
        row_problems += [problem] if problem else []
        notes += [Problem(filename, line, note)] if note else []
        row_communities += [known.communities[band]] if band in known.communities else []
        codes = [c.upper() for c in _split(cell(cells, "lsoa").replace(" ", ","))]
        neighbourhood = None
        if cell(cells, "neighbourhood"):
            neighbourhood = services.find_neighbourhood(cell(cells, "neighbourhood"))
            if neighbourhood is None:
                row_problems.append(f"no neighbourhood is called {cell(cells, 'neighbourhood')!r}")
        ward, problem = known.ward(cell(cells, "ward")) if cell(cells, "ward") else (None, None)
        wards = [ward] if ward else []
        row_problems += [problem] if problem else []
        day, problem = said_on(cell(cells, "date"))
        row_problems += [problem] if problem else []
        code, problem = postcode(cell(cells, "postcode"))
        row_problems += [problem] if problem else []
        tags = _split(cell(cells, "tags"))
        row_problems += _field_problems({"quote": quote, "tags": cell(cells, "tags")})
        placed = bool(codes or neighbourhood or wards)
        for column, answer in given:
            summary, full = trim(answer), ""
            if summary != answer:
                full = answer
                if quote:
                    row_problems.append(f"the answer to {header[column]!r} is longer than {MAX_SUMMARY:,} characters, "
                                        "so its full text is kept as the quote, but the row has a quote as well")
                elif len(answer) > MAX_QUOTE:
                    row_problems.append(f"the answer to {header[column]!r} has {len(answer):,} characters; an insight "
                                        f"keeps at most {MAX_QUOTE:,}")
            row_problems += _field_problems({"summary": summary})
            parsed.append(Row(line=line, summary=summary, quote=full or quote, quote_consent=consent in YES, kind=kind,
                              themes=row_themes, tags=tags, lsoa_codes=codes if placed else None,
                              neighbourhood=neighbourhood, wards=wards, communities=row_communities or None,
                              question="" if own_layout else header[column][:500], column=-1 if own_layout else column,
                              said_on=day, postcode=code, trimmed=bool(full),
                              flags=personal_data.flags_for(summary=summary, quote=full or quote)))
        problems += [Problem(filename, line, reason) for reason in dict.fromkeys(row_problems)]
    _place_by_postcode(parsed, filename, notes)
    wanted = {c for r in parsed for c in (r.lsoa_codes or [])}
    held = set(Lsoa.objects.filter(vintage=2011, code__in=wanted).values_list("code", flat=True))
    for line, code in dict.fromkeys((r.line, c) for r in parsed for c in r.lsoa_codes or [] if c not in held):
        problems.append(Problem(filename, line, f"no LSOA has the code {code!r}"))
    if not table.rows and not problems:
        problems.append(Problem(filename, 0, "the file has no rows"))
    problems.sort(key=lambda problem: problem.line)
    left_out = {p.line for p in problems}
    preview = Preview(filename=filename, digest=digest, rows=[r for r in parsed if r.line not in left_out],
                      problems=problems, encoding=table.encoding, notes=notes)
    return _mark_existing(preview, conversation)


def _mark_existing(preview, conversation):
    """Mark the rows an earlier import of the same file into the conversation already added."""
    existing = set(Insight.objects.filter(Q(import_key__startswith=_key_prefix(conversation, preview.digest)))
                   .values_list("import_key", flat=True))
    for r in preview.rows:
        r.exists = _key(conversation, preview.digest, r) in existing
    return preview


def _key_prefix(conversation, digest):
    return f"{conversation.pk}:{digest[:40]}:"


def _key(conversation, digest, row):
    """The file, the line and the answer's column; a `summary` in the platform's own layout keeps the key
    it always had (the line alone), so a file imported before is still known."""
    return f"{_key_prefix(conversation, digest)}{row.line}" + ("" if row.column < 0 else f".{row.column}")


def commit(data, filename, conversation, by, mapping=None):
    """Read, check and write a file (the command's way); see `commit_preview()`."""
    return commit_preview(parse(data, filename, conversation, mapping), conversation, by)


def commit_preview(preview, conversation, by):
    """Write every new sound row of a parsed file as an insight in one transaction; the lines with problems
    are left out, and a file with no sound line is refused.

    Embeddings are computed in batches first, so a slow model never holds the transaction open.
    The rows are written in bulk, with one audit event for the import (as assets imports do).
    Returns the number of insights added (0 when the file was imported before).
    """
    if preview.problems and not preview.rows:
        raise ImportRefused(preview.problems)
    filename, rows = preview.filename, _mark_existing(preview, conversation).new_rows
    vectors = embeddings.encode([personal_data.redact(r.summary) for r in rows])
    lsoas = {lsoa.code: lsoa.pk for lsoa in Lsoa.objects.filter(
        vintage=2011, code__in={code for r in rows for code in r.lsoa_codes or ()})}
    conversation_lsoas = list(conversation.lsoas.values_list("pk", flat=True))
    wards = {}

    def ward_lsoas(ward):
        if ward.pk not in wards:
            wards[ward.pk] = list(Lsoa.objects.filter(vintage=2011, ward=ward).values_list("pk", flat=True))
        return wards[ward.pk]

    conversation_communities = list(conversation.communities.values_list("pk", flat=True))
    with transaction.atomic():
        insights = []
        for index, row in enumerate(rows):
            insight = Insight(conversation=conversation, recorded_by=by, organisation=conversation.organisation,
                              import_key=_key(conversation, preview.digest, row), kind=row.kind,
                              quote_consent=row.quote_consent, neighbourhood=row.neighbourhood,
                              question=row.question, said_on=row.said_on, postcode=row.postcode)
            services.set_text(insight, row.summary, row.quote, vectors[index] if vectors is not None else None,
                              row.tags)
            insights.append(insight)
        this_file = Insight.objects.filter(import_key__startswith=_key_prefix(conversation, preview.digest))
        imports.upsert(Insight, [imports.row_of(insight) for insight in insights], key=["import_key"], held=this_file)
        ids = dict(this_file.values_list("import_key", "pk"))
        for insight in insights:
            insight.pk = ids[insight.import_key]
        links = {"lsoas": [], "communities": [], "themes": [], "tags": []}
        for row, insight in zip(rows, insights):
            if row.lsoa_codes is None:
                places = conversation_lsoas
            else:
                places = [lsoas[code] for code in row.lsoa_codes]
                places += list(row.neighbourhood.lsoas.values_list("pk", flat=True)) if row.neighbourhood else []
                places += [pk for ward in row.wards for pk in ward_lsoas(ward)]
            links["lsoas"] += [(insight.pk, pk) for pk in dict.fromkeys(places)]
            communities = conversation_communities if row.communities is None else [c.pk for c in row.communities]
            links["communities"] += [(insight.pk, pk) for pk in dict.fromkeys(communities)]
            links["themes"] += [(insight.pk, theme.pk) for theme in dict.fromkeys(row.themes)]
            links["tags"] += [(insight.pk, tag.pk) for tag in services.tags_from_text(",".join(row.tags))]
        for name, column in (("lsoas", "lsoa_id"), ("communities", "community_id"), ("themes", "theme_id"),
                             ("tags", "tag_id")):
            through = getattr(Insight, name).through
            through.objects.bulk_create([through(insight_id=a, **{column: b}) for a, b in links[name]], batch_size=2000)
        if rows:
            audit.record("import", "insights.Insight", "", f"{filename} into {conversation}",
                         {"file": filename, "conversation": conversation.pk, "insights": len(rows)}, actor=by)
    return len(rows)
