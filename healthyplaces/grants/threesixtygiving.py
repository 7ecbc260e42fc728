"""Awards as 360Giving open data: the standard's JSON package and its spreadsheet (the standard's own column titles).

Plain data in, plain data out (no database here), so the same code serves the public page, the
`healthyplaces grants export-360giving` command and the benchmark. `grants.awards` turns stored awards into
`Grant` records; this module only knows the standard:

- grant identifiers are `360G-` identifiers: the publisher's prefix (`settings.GRANTS_360GIVING_PREFIX`, given
  by 360Giving when a publisher registers) and the award's own reference;
- recipients are identified by org-id: a charity number (GB-CHC England and Wales, GB-SC Scotland, GB-NIC
  Northern Ireland), else a company number (GB-COH), else, for an unregistered community group, a `360G-`
  identifier under the publisher's prefix;
- beneficiary locations are ONS codes (LSOAs, wards, local authorities) with the codelist's geoCodeType.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

SCHEMA_VERSION = "1.4"

# ONS code prefixes (England and Wales) to the 360Giving geoCodeType codelist (codelists/geoCodeType.csv).
GEO_CODE_TYPES = {
    "E01": "LSOA", "W01": "LSOA", "E02": "MSOA", "W02": "MSOA", "E05": "WD", "W05": "WD",
    "E06": "UA", "W06": "UA", "E07": "NMD", "E08": "MD", "E09": "LONB", "E10": "CTY",
}


class NotPublishable(ValueError):
    """An award the standard cannot carry as it is (a bad prefix, a location code of no known type)."""


@dataclass(frozen=True)
class Organisation:
    """A recipient or a funder. `reference` is the platform's own id, used when no register holds it."""

    name: str
    reference: str
    charity_number: str = ""
    company_number: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class Place:
    code: str
    name: str = ""


@dataclass(frozen=True)
class Grant:
    reference: str  # unique among the publisher's awards, e.g. "AWD-12"
    title: str
    description: str
    amount_awarded: Decimal
    award_date: date
    recipient: Organisation
    funders: tuple  # of Organisation: the fund's partners, a shared pot has several
    programme_code: str
    programme_title: str
    from_open_call: bool
    amount_applied_for: Decimal | None = None
    places: tuple = ()  # of Place: where the people it serves live
    planned_start: date | None = None
    planned_end: date | None = None
    modified: datetime | None = None
    currency: str = "GBP"
    url: str = ""


def _prefix(prefix):
    if not re.fullmatch(r"360G-[A-Za-z0-9]+(-[A-Za-z0-9]+)*", prefix or ""):
        raise NotPublishable(f"The 360Giving prefix {prefix!r} is not one: it starts 360G- and then the publisher's "
                             "code in letters and digits (GRANTS_360GIVING_PREFIX).")
    return prefix


def grant_id(prefix, reference):
    return f"{_prefix(prefix)}-{reference}"


def org_id(organisation, prefix):
    """The org-id of an organisation: its charity's register, else Companies House, else our own 360G- id."""
    charity = re.sub(r"\s+", "", organisation.charity_number).upper()
    if charity:
        if charity.startswith("SC"):
            return f"GB-SC-{charity}"
        if charity.startswith("NIC"):
            return f"GB-NIC-{charity.removeprefix('NIC')}"
        return f"GB-CHC-{charity}"
    company = re.sub(r"\s+", "", organisation.company_number).upper()
    if company:
        return f"GB-COH-{company.zfill(8) if company.isdigit() else company}"
    return f"{_prefix(prefix)}-{organisation.reference}"


def geo_code_type(code):
    try:
        return GEO_CODE_TYPES[code[:3]]
    except KeyError:
        raise NotPublishable(f"The place code {code!r} is not one the 360Giving codelist has a type for "
                             "(an LSOA, MSOA, ward or local authority).") from None


def _amount(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _organisation(organisation, prefix):
    found = {"id": org_id(organisation, prefix), "name": organisation.name}
    if organisation.charity_number:
        found["charityNumber"] = organisation.charity_number.strip()
    if organisation.company_number:
        found["companyNumber"] = organisation.company_number.strip()
    if organisation.postcode:
        found["postalCode"] = organisation.postcode
    return found


def grant(record, prefix):
    """One award as a 360Giving grant object."""
    found = {
        "id": grant_id(prefix, record.reference),
        "title": record.title,
        "description": record.description,
        "currency": record.currency,
        "amountAwarded": _amount(record.amount_awarded),
        "awardDate": record.award_date.isoformat(),
        "recipientOrganization": [_organisation(record.recipient, prefix)],
        "fundingOrganization": [_organisation(funder, prefix) for funder in record.funders],
        "grantProgramme": [{"code": record.programme_code, "title": record.programme_title}],
        "fromOpenCall": "Yes" if record.from_open_call else "No",
    }
    if record.amount_applied_for is not None:
        found["amountAppliedFor"] = _amount(record.amount_applied_for)
    if record.places:
        found["beneficiaryLocation"] = [
            {"name": place.name or place.code, "countryCode": "GB", "geoCode": place.code,
             "geoCodeType": geo_code_type(place.code)} for place in record.places]
    if record.planned_start:
        dates = {"startDate": record.planned_start.isoformat()}
        if record.planned_end:
            dates["endDate"] = record.planned_end.isoformat()
        found["plannedDates"] = [dates]
    if record.url:
        found["url"] = record.url
    if record.modified:
        found["dateModified"] = record.modified.isoformat(timespec="seconds")
    return found


@dataclass
class Publisher:
    name: str
    prefix: str
    website: str = ""
    identifier: str = ""
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    title: str = ""
    issued: date = field(default_factory=date.today)


def package(records, publisher):
    """The 360Giving data package of the awards: {"grants": [...], "version": ..., "publisher": ...}."""
    found = {
        "grants": [grant(record, publisher.prefix) for record in records],
        "version": SCHEMA_VERSION,
        "title": publisher.title or f"Grants awarded through {publisher.name}",
        "issued": publisher.issued.isoformat(),
        "license": publisher.license,
        "publisher": {"name": publisher.name},
    }
    if publisher.website:
        found["publisher"]["website"] = publisher.website
    if publisher.identifier:
        found["publisher"]["identifier"] = publisher.identifier
    return found


# The spreadsheet: one row a grant, the standard's column titles (as 360Giving's templates and its flatten-tool
# write them), lists numbered from 0 ("Beneficiary Location:0:Geographic Code").

COLUMNS = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Applied For", ("amountAppliedFor",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Award Date", ("awardDate",)),
    ("URL", ("url",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Recipient Org:Charity Number", ("recipientOrganization", 0, "charityNumber")),
    ("Recipient Org:Company Number", ("recipientOrganization", 0, "companyNumber")),
    ("Recipient Org:Postal Code", ("recipientOrganization", 0, "postalCode")),
]
FUNDER_COLUMNS = [("Identifier", "id"), ("Name", "name")]
PROGRAMME_COLUMNS = [("Grant Programme:Code", ("grantProgramme", 0, "code")),
                     ("Grant Programme:Title", ("grantProgramme", 0, "title"))]
LOCATION_COLUMNS = [("Name", "name"), ("Country Code", "countryCode"), ("Geographic Code", "geoCode"),
                    ("Geographic Code Type", "geoCodeType")]
TAIL_COLUMNS = [("From An Open Call?", ("fromOpenCall",)), ("Last Modified", ("dateModified",))]


def _get(value, path):
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def spreadsheet(grants):
    """(columns, rows) of grant objects in the standard's spreadsheet form: one Funding Org (numbered when a pot
    has several) and as many Beneficiary Location columns as the widest grant needs."""
    grants = list(grants)
    funders = max((len(g.get("fundingOrganization", ())) for g in grants), default=1)
    locations = max((len(g.get("beneficiaryLocation", ())) for g in grants), default=0)
    columns = list(COLUMNS)
    for n in range(funders):
        number = f"{n}:" if funders > 1 else ""
        columns += [(f"Funding Org:{number}{title}", ("fundingOrganization", n, key)) for title, key in FUNDER_COLUMNS]
    columns += PROGRAMME_COLUMNS
    for n in range(locations):
        columns += [(f"Beneficiary Location:{n}:{title}", ("beneficiaryLocation", n, key))
                    for title, key in LOCATION_COLUMNS]
    columns += TAIL_COLUMNS
    return [title for title, _ in columns], [[_get(g, path) for _, path in columns] for g in grants]
