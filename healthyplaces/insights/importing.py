"""Bulk import of insights from CSV or Excel (survey exports), with a preview and an atomic commit.

Every row is checked before anything is written; each problem is reported as `FILE, line N: reason`
and the import is refused whole. Rows become insights of one conversation; places and communities
left empty are the conversation's. Each row is keyed by the file's hash and its line, so importing
the same file again adds nothing.
"""
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from healthyplaces import importing as imports
from healthyplaces.accounts import audit
from healthyplaces.importing import ImportRefused, Problem
from healthyplaces.places.models import Lsoa

from . import embeddings, personal_data, services
from .forms import InsightForm
from .models import Community, Insight, Theme

COLUMNS = ["summary", "quote", "quote_consent", "kind", "themes", "tags", "lsoas", "neighbourhood", "communities"]
REQUIRED = ["summary", "kind"]
MAX_ROWS = 20000
YES = {"yes", "y", "true", "1", "agreed"}
NO = {"no", "n", "false", "0", ""}
KINDS = {**{k: k for k in Insight.Kind.values}, "needs": "need", "strengths": "strength", "barriers": "barrier",
         "ideas": "idea"}


@dataclass
class Row:
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
    flags: list = field(default_factory=list)
    exists: bool = False


@dataclass
class Preview:
    filename: str
    digest: str
    rows: list
    problems: list

    @property
    def new_rows(self):
        return [r for r in self.rows if not r.exists]

    @property
    def flagged(self):
        return [r for r in self.rows if r.flags]


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


def _field_problems(record):
    """The row's texts checked by the web form's own fields (InsightForm), so a row's problems read as the
    page's field errors do: the column, then the form's message."""
    problems = []
    for name in ("summary", "quote", "tags"):
        try:
            InsightForm.base_fields[name].clean(record.get(name, ""))
        except ValidationError as error:
            problems += [f"{name}: {message}" for message in error.messages]
    return problems


def parse(data, filename, conversation):
    """Every row checked; a Preview with the rows to write and the problems found.

    This is the one parse of an upload: the page holds the Preview beside the file and commits it
    with `commit_preview()`, without reading the file again.
    """
    table = imports.read_table(data, filename, max_rows=MAX_ROWS)
    if not table.header:
        imports.refuse(filename, 0, "the file is empty")
    header = [str(h).strip().lower().replace(" ", "_") for h in table.header]
    problems = [Problem(filename, 1, f"the header needs a column named {name}") for name in REQUIRED if name not in header]
    if problems:
        raise ImportRefused(problems)
    problems = list(table.problems)
    digest = hashlib.sha256(data).hexdigest()
    themes = {t.code.lower(): t for t in Theme.objects.all()} | {t.name.lower(): t for t in Theme.objects.all()}
    communities = ({c.slug: c for c in Community.objects.all()} | {c.name.lower(): c for c in Community.objects.all()})
    parsed = []
    # Check every summary, quote and tag for personal data in one batch (several times faster than row
    # by row); flags_for below and at commit is then answered from what this found.
    columns = [header.index(name) for name in ("summary", "quote") if name in header]
    texts = [str(cells[i]).strip() for _, cells in table.rows for i in columns if i < len(cells)]
    if "tags" in header:
        column = header.index("tags")
        texts += [tag for _, cells in table.rows if column < len(cells) for tag in _split(str(cells[column]))]
    personal_data.find_many(texts)
    for line, cells in table.rows:
        record = {name: (str(cells[i]).strip() if i < len(cells) else "") for i, name in enumerate(header)}
        row_problems = _field_problems(record)
        summary, quote = record.get("summary", ""), record.get("quote", "")
        kind = KINDS.get(record.get("kind", "").lower())
        if kind is None:
            row_problems.append(f"kind must be need, strength, barrier or idea, not {record.get('kind', '')!r}")
        consent = record.get("quote_consent", "").lower()
        if consent not in YES | NO:
            row_problems.append(f"quote_consent must be yes or no, not {record.get('quote_consent')!r}")
        row_themes = _named(record.get("themes"), themes, "no theme is called {!r}", row_problems)
        row_communities = _named(record.get("communities"), communities,
                                 "no community is called {!r}; an officer can add it first", row_problems) or None
        codes = [c.upper() for c in _split((record.get("lsoas") or "").replace(" ", ","))]
        neighbourhood = None
        if record.get("neighbourhood"):
            neighbourhood = services.find_neighbourhood(record["neighbourhood"])
            if neighbourhood is None:
                row_problems.append(f"no neighbourhood is called {record['neighbourhood']!r}")
        problems += [Problem(filename, line, reason) for reason in row_problems]
        parsed.append(Row(line=line, summary=summary, quote=quote, quote_consent=consent in YES, kind=kind,
                          themes=row_themes, tags=_split(record.get("tags")),
                          lsoa_codes=codes if (codes or neighbourhood) else None, neighbourhood=neighbourhood,
                          communities=row_communities,
                          flags=personal_data.flags_for(summary=summary, quote=quote)))
    wanted = {c for r in parsed for c in (r.lsoa_codes or [])}
    known = set(Lsoa.objects.filter(vintage=2011, code__in=wanted).values_list("code", flat=True))
    for r in parsed:
        for code in r.lsoa_codes or []:
            if code not in known:
                problems.append(Problem(filename, r.line, f"no LSOA has the code {code!r}"))
    if not parsed and not problems:
        problems.append(Problem(filename, 0, "the file has no rows"))
    problems.sort(key=lambda problem: problem.line)
    return _mark_existing(Preview(filename=filename, digest=digest, rows=parsed, problems=problems), conversation)


def _mark_existing(preview, conversation):
    """Mark the rows an earlier import of the same file into the conversation already added."""
    existing = set(Insight.objects.filter(Q(import_key__startswith=_key_prefix(conversation, preview.digest)))
                   .values_list("import_key", flat=True))
    for r in preview.rows:
        r.exists = _key(conversation, preview.digest, r.line) in existing
    return preview


def _key_prefix(conversation, digest):
    return f"{conversation.pk}:{digest[:40]}:"


def _key(conversation, digest, line):
    return f"{_key_prefix(conversation, digest)}{line}"


def commit(data, filename, conversation, by):
    """Read, check and write a file (the command's way); see `commit_preview()`."""
    return commit_preview(parse(data, filename, conversation), conversation, by)


def commit_preview(preview, conversation, by):
    """Write every new row of a parsed file as an insight in one transaction; refused whole if any row is wrong.

    Embeddings are computed in batches first, so a slow model never holds the transaction open.
    The rows are written in bulk, with one audit event for the import (as assets imports do).
    Returns the number of insights added (0 when the file was imported before).
    """
    if preview.problems:
        raise ImportRefused(preview.problems)
    filename, rows = preview.filename, _mark_existing(preview, conversation).new_rows
    vectors = embeddings.encode([personal_data.redact(r.summary) for r in rows])
    lsoas = {lsoa.code: lsoa.pk for lsoa in Lsoa.objects.filter(
        vintage=2011, code__in={code for r in rows for code in r.lsoa_codes or ()})}
    conversation_lsoas = list(conversation.lsoas.values_list("pk", flat=True))
    conversation_communities = list(conversation.communities.values_list("pk", flat=True))
    with transaction.atomic():
        insights = []
        for index, row in enumerate(rows):
            insight = Insight(conversation=conversation, recorded_by=by, organisation=conversation.organisation,
                              import_key=_key(conversation, preview.digest, row.line), kind=row.kind,
                              quote_consent=row.quote_consent, neighbourhood=row.neighbourhood)
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
            if row.lsoa_codes is None and row.neighbourhood is None:
                places = conversation_lsoas
            else:
                places = [lsoas[code] for code in row.lsoa_codes or ()]
                places += list(row.neighbourhood.lsoas.values_list("pk", flat=True)) if row.neighbourhood else []
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
