"""Bulk import of assets from CSV, Excel or Open Referral (ORUK, HSDS 3.0) files: a preview, then one atomic commit.

The page and the `healthyplaces assets import` command share `preview()` and `commit()`. Every
row is checked before anything is written; the preview sorts rows into new, updated, unchanged,
probable duplicate and invalid (each invalid row with its line and reason). The page parses the
file once, at upload (`read()`), and holds the rows; the commit matches them again against what is
held now and writes them in one transaction, so a re-run of the same file changes nothing.
"""
import re
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone

from healthyplaces import importing as imports
from healthyplaces import query_planner
from healthyplaces.accounts import audit
from healthyplaces.places import geography

from . import checking, dedupe, oruk_reading, services
from .models import Asset, DuplicateCandidate, SourceRecord, search_text

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
# Column headings people use, mapped to the asset's fields.
ALIASES = {
    "name": "name", "asset": "name", "asset name": "name", "title": "name",
    "description": "description", "category": "category", "type": "category", "kind": "category",
    "communities of place": "communities_of_place", "communities_of_place": "communities_of_place", "area served": "communities_of_place",
    "communities of interest": "communities_of_interest", "communities_of_interest": "communities_of_interest",
    "minimum age": "minimum_age", "minimum_age": "minimum_age", "min age": "minimum_age",
    "maximum age": "maximum_age", "maximum_age": "maximum_age", "max age": "maximum_age",
    "eligibility": "eligibility", "themes": "themes", "theme": "themes",
    "address": "address", "postcode": "postcode", "post code": "postcode", "postal_code": "postcode",
    "latitude": "latitude", "lat": "latitude", "longitude": "longitude", "lon": "longitude", "lng": "longitude",
    "long": "longitude", "opening times": "opening_times", "opening_times": "opening_times", "hours": "opening_times",
    "accessibility": "accessibility", "cost": "cost", "fees": "cost", "contact name": "contact_name",
    "contact_name": "contact_name", "email": "email", "phone": "phone", "telephone": "phone", "website": "website",
    "url": "website", "web": "website", "provider": "provider", "organisation": "provider", "organization": "provider",
    "id": "external_id", "external_id": "external_id", "reference": "external_id", "last checked": "last_checked",
    "last_checked": "last_checked", "published": "published", "contact consent": "contact_consent",
    "contact_consent": "contact_consent", "listing consent": "listing_consent", "listing_consent": "listing_consent",
}
COMPARED = ["name", "description", "category", "communities_of_place", "communities_of_interest", "minimum_age",
            "maximum_age", "eligibility", "themes", "address", "postcode", "latitude", "longitude", "opening_times",
            "accessibility", "cost", "contact_name", "email", "phone", "website", "provider", "last_checked",
            "published", "listing_consent", "contact_consent", "details"]


@dataclass
class Row:
    line: int
    values: dict
    status: str = "new"  # new, updated, unchanged, duplicate, invalid
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    existing: object = None  # the partner's own asset this row updates
    duplicates: list = field(default_factory=list)  # [(asset pk or "line N", reasons)]
    where: str = ""  # where it is in the file, when more than its line ("services.csv, line 4, service 'X'")


@dataclass
class Preview:
    filename: str
    partner: object
    rows: list

    def of(self, status):
        return [r for r in self.rows if r.status == status]

    @property
    def counts(self):
        counts = {s: 0 for s in ("new", "updated", "unchanged", "duplicate", "invalid")}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def problems(self):
        return [f"{self.filename}, {where(r)}: {reason}" for r in self.rows for reason in r.errors]

    @property
    def notes(self):
        return [f"{self.filename}, {where(r)}: {note}" for r in self.rows for note in r.warnings]


def where(row):
    return row.where or f"line {row.line}"


# Reading


def read(data, filename):
    """Every row of a CSV, Excel (.xlsx) or Open Referral file, read and checked: [Row].

    Open Referral comes as JSON (ORUK 3.0 or HSDS 3.0 services or service-at-locations), as an HSDS 3.0
    tabular data package (a .zip of its CSV files) or as the flattened service-at-location CSV (`sal_id`,
    `sal_name` …); oruk_reading reads them all.

    This is the one parse of an upload: the page holds its result beside the file, so the preview
    and the commit use it rather than reading the file again. A row is "new", or "invalid" with its
    reasons (a line refused while reading, e.g. for a NUL byte, is invalid too). Raises ImportRefused
    if the file as a whole cannot be read.
    """
    if len(data) > MAX_BYTES:
        imports.refuse(filename, 0, f"the file is {len(data) / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB")
    name = filename.lower()
    if name.endswith(".json"):
        document, text = imports.read_json(data, filename, max_bytes=MAX_BYTES)
        try:
            records = oruk_reading.json_records(document, text)
        except ValueError as error:
            imports.refuse(filename, 0, str(error))
        _refuse_if_too_many(records, filename)
        rows = checked_records(records)
    elif name.endswith(".zip"):
        rows = read_package(imports.read_zip(data, filename), filename)
    elif name.endswith((".csv", ".txt", ".xlsx")):
        table = imports.read_table(data, filename, max_rows=MAX_ROWS)
        if oruk_reading.is_flat(table.header):
            rows = checked_records(oruk_reading.flat_records(table.header, table.rows))
        else:
            columns = _headed(table.header, filename)
            rows = checked_rows([(line, {c: v for c, v in zip(columns, cells) if c}) for line, cells in table.rows])
        rows = [Row(problem.line, {}, "invalid", [problem.reason]) for problem in table.problems] + rows
    else:
        imports.refuse(filename, 0, "choose a .csv, .xlsx, Open Referral .json or HSDS data package .zip file")
    if not rows:
        imports.refuse(filename, 0, "the file has no assets in it")
    return sorted(rows, key=lambda row: row.line)


def read_package(files, filename):
    """An HSDS 3.0 tabular data package ({path: bytes}, from a zip or a folder), read and checked: [Row]."""
    tables = {}
    for name, (shown, table) in imports.read_data_package(files, filename, max_rows=MAX_ROWS).items():
        known = oruk_reading.table_name(name)
        if known:
            table.refuse_if_problems()  # a line of phones.csv left out would leave its service half-read
            header = [str(h).strip().lower() for h in table.header]
            # The same table twice (address.csv and addresses.csv, as ORUK's example has): both are read.
            tables.setdefault(known, (shown, []))[1].extend((line, dict(zip(header, cells))) for line, cells in table.rows)
    if "services" not in tables:
        imports.refuse(filename, 0, "the package has no services table (services.csv)")
    records = oruk_reading.package_records(tables)
    _refuse_if_too_many(records, filename)
    return checked_records(records)


def _refuse_if_too_many(records, filename):
    if len(records) > MAX_ROWS:
        imports.refuse(filename, 0, f"{len(records):,} assets is more than the {MAX_ROWS:,} one import may hold")


def checked_records(records):
    """Open Referral records (oruk_reading.Record) checked as a web edit is, with their details: a Row each."""
    rows = []
    for record in records:
        checked = checking.check_asset(record.raw)
        reasons = checked.reasons + record.reasons
        rows.append(Row(record.line, {**checked.values, "details": record.details}, "invalid" if reasons else "new",
                        reasons, checked.warnings + record.warnings, where=record.where))
    return rows


def checked_rows(raw_rows):
    """[(line, {field: value})] checked as a web edit is: a Row each, "new" or "invalid" with its reasons."""
    rows = []
    for line, raw in raw_rows:
        checked = checking.check_asset(raw)
        rows.append(Row(line, checked.values, "invalid" if checked.errors else "new", checked.reasons, checked.warnings))
    return rows


def _headed(header, filename):
    columns = [ALIASES.get(str(h or "").strip().lower().replace("-", " ")) for h in header]
    if "name" not in columns:
        imports.refuse(filename, 1, "the header needs a column named 'name' (and 'category')")
    return columns


# Checking against what is already held


def _own_key(values):
    return (" ".join(dedupe.words(values.get("name", ""))), values.get("postcode", ""))


def preview(data, filename, partner):
    """Read, check and match a file's rows; nothing is written. Raises ImportRefused if the file cannot be read."""
    return preview_rows(read(data, filename), filename, partner)


def preview_rows(rows, filename, partner):
    """Sort rows that `read()` returned into new, updated, unchanged, probable duplicate and invalid,
    against the assets held now; the rows given are left as they were."""
    rows = [replace(row, errors=list(row.errors)) for row in rows]
    own = Asset.objects.current().filter(partner=partner)
    by_external = {a.external_id: a for a in own.exclude(external_id="")}
    by_key = {_own_key({"name": a.name, "postcode": a.postcode}): a for a in own}
    index = dedupe.Index()
    for pk, *fields in (Asset.objects.current().exclude(partner=partner)
                        .values_list("pk", "name", "address", "postcode", "phone", "email", "website").iterator(chunk_size=5000)):
        index.add(pk, dedupe.prepare(dict(zip(("name", "address", "postcode", "phone", "email", "website"), fields))))

    seen = {}
    for row in rows:
        if row.status == "invalid":
            continue
        external, key = row.values.get("external_id"), _own_key(row.values)
        repeat = seen.get(("id", external)) if external else seen.get(("key", key))
        if repeat:
            row.status, row.errors = "invalid", [f"the same asset as line {repeat} (same {'id' if external else 'name and postcode'})"]
            continue
        seen[("id", external) if external else ("key", key)] = row.line
        existing = by_external.get(external) if external else by_key.get(key)
        if existing:
            row.existing = existing
            row.status = "updated" if _differs(existing, row.values) else "unchanged"
            continue
        prepared = dedupe.prepare(row.values)
        matches = index.matches(prepared)
        if matches:
            row.status = "duplicate"
            row.duplicates = [(other, dedupe.reasons(result)) for other, result in matches[:3]]
        index.add(f"line {row.line}", prepared)
    return Preview(filename, partner, rows)


def _differs(asset, values):
    return any(getattr(asset, name) != values.get(name) for name in COMPARED if name in values)


def commit(data, filename, partner, by=None):
    """Read, check and write a file's valid rows in one transaction; returns the preview it wrote."""
    return commit_rows(read(data, filename), filename, partner, by)


@transaction.atomic
def commit_rows(rows, filename, partner, by=None):
    """Write the valid rows that `read()` returned, matched again against what is held now, in one transaction."""
    result = preview_rows(rows, filename, partner)
    now = timezone.now()
    with audit.acting_as(by or audit.current_actor()):
        for row in result.of("updated"):
            services.save_asset(row.values, partner=partner, by=by, asset=row.existing, origin=f"{filename}, line {row.line}")
        creating = result.of("new") + result.of("duplicate")
        assets = []
        for row in creating:
            asset = Asset(partner=partner, **row.values)
            asset.lsoa_id, asset.lsoa_code = geography.locate_lsoa(asset.latitude, asset.longitude)
            asset.search_text = search_text(asset)
            assets.append(asset)
        imports.insert(Asset, [imports.row_of(asset) for asset in assets])
        pks = {}
        uids = [asset.uid for asset in assets]
        for start in range(0, len(uids), 900):
            pks.update(Asset.objects.filter(uid__in=uids[start:start + 900]).values_list("uid", "pk"))
        for asset in assets:
            asset.pk = pks[asset.uid]
        by_line = {row.line: asset for row, asset in zip(creating, assets)}
        imports.insert(SourceRecord, [imports.row_of(SourceRecord(
            asset=asset, partner=partner, supplied_by=by, supplied_at=now, origin=f"{filename}, line {row.line}",
            data=services._jsonable(row.values))) for row, asset in zip(creating, assets)])
        pairs = []
        for row in result.of("duplicate"):
            for other, reasons in row.duplicates:
                other_pk = by_line[int(other.split()[1])].pk if isinstance(other, str) else other
                score = float(re.match(r"score ([\d.]+)", reasons).group(1))
                pairs.append(DuplicateCandidate(first_id=other_pk, second=by_line[row.line], score=score, reasons=reasons))
        DuplicateCandidate.objects.bulk_create(pairs, batch_size=2000, ignore_conflicts=True)
        counts = result.counts
        audit.record("import", "assets.Asset", "", f"{filename} for {partner}",
                     {"file": filename, "partner": partner.name, **counts})
    query_planner.after_commit(Asset, SourceRecord, DuplicateCandidate)
    return result
