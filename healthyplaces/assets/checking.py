"""Checking an asset's values, from a form or an import row: the words people use, postcodes, places in England."""
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from healthyplaces.insights import taxonomy

from .models import Asset, Category

# England, generously: Isles of Scilly to Berwick, Land's End to Lowestoft.
ENGLAND = {"lat": (49.85, 55.82), "lon": (-6.45, 1.78)}
POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")
PHONE = re.compile(r"^\+?[\d ()-]{7,20}$")
EMAIL = EmailValidator()
WEB_ADDRESS = URLValidator(schemes=["http", "https"])
TEXT_FIELDS = ["name", "description", "communities_of_place", "communities_of_interest", "eligibility", "address",
               "opening_times", "accessibility", "cost", "contact_name", "provider", "external_id"]
# The longest each text may be: the model's, so a web edit, an import row and the database agree.
LIMITS = {f.name: f.max_length for f in Asset._meta.concrete_fields
          if f.name in TEXT_FIELDS + ["email", "phone", "website"] and f.max_length}
CATEGORY_WORDS = {
    # What people write in spreadsheets, mapped to the six kinds of asset.
    **{c.value: c.value for c in Category},
    **{c.label.lower(): c.value for c in Category},
    "people": "person", "individual": "person", "skills": "person",
    "group": "association", "groups": "association", "association": "association", "club": "association",
    "service": "institution", "services": "institution", "institution": "institution",
    "space": "space", "place": "space", "park": "space", "physical": "space", "physical space": "space",
    "economic": "economic", "business": "economic", "culture": "cultural", "cultural": "cultural",
}


def themes():
    """The determinants-of-health themes (Dahlgren and Whitehead), id → (name, parent): insights' one taxonomy."""
    return taxonomy.theme_names()


def theme_choices():
    return [(key, ("— " if parent else "") + name) for key, (name, parent) in themes().items()]


def normalise_postcode(text):
    """'ts181ab' → 'TS18 1AB'; None when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    match = POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


def postcode_district(postcode):
    return postcode.split(" ")[0] if postcode else ""


def check_coordinates(latitude, longitude):
    """A reason the pair cannot be an English location, or None."""
    lat_ok = ENGLAND["lat"][0] <= latitude <= ENGLAND["lat"][1]
    lon_ok = ENGLAND["lon"][0] <= longitude <= ENGLAND["lon"][1]
    if lat_ok and lon_ok:
        return None
    if ENGLAND["lat"][0] <= longitude <= ENGLAND["lat"][1] and ENGLAND["lon"][0] <= latitude <= ENGLAND["lon"][1]:
        return f"latitude {latitude} and longitude {longitude} look swapped"
    if not (-90 <= latitude <= 90) or not (-180 <= longitude <= 180):
        return f"latitude {latitude}, longitude {longitude} is not a place on Earth"
    return f"latitude {latitude}, longitude {longitude} is outside England"


def parse_category(text):
    return CATEGORY_WORDS.get((text or "").strip().lower())


def parse_themes(value):
    """Theme ids or names, separated by commas or semicolons; returns (ids, unknown)."""
    parts = value if isinstance(value, list) else re.split(r"[;,|]", value or "")
    by_name = {name.lower(): key for key, (name, _) in themes().items()}
    ids, unknown = [], []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        key = part if part in themes() else by_name.get(part.lower())
        (ids if key else unknown).append(key or part)
    return list(dict.fromkeys(ids)), unknown


@dataclass
class Checked:
    """Cleaned values; errors as (field, reason), the field None for a reason about several; warnings."""

    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def refuse(self, name, reason):
        self.errors.append((name, reason))

    @property
    def reasons(self):
        """The reasons alone, as an import row states them (each names its field)."""
        return [reason for _, reason in self.errors]


def _number(value):
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).strip())


def check_asset(raw):
    """Check one asset's fields, from a form or an import row: cleaned values, errors and warnings.

    Text is kept as written, formula-like or not (healthyplaces.importing's rule; downloads neutralise
    it). Anything wrong is an error on its field and the row is refused.
    """
    result = Checked()
    values = result.values
    for name in TEXT_FIELDS:
        values[name] = str(raw.get(name) or "").strip()
    if not values["name"]:
        result.refuse("name", "the name is missing")

    category = parse_category(raw.get("category"))
    if category is None:
        given = str(raw.get("category") or "").strip()
        result.refuse("category", f"unknown category {given!r}; use one of: {', '.join(Category.values)}" if given
                      else "the category is missing")
    values["category"] = category or ""

    theme_ids, unknown = parse_themes(raw.get("themes"))
    if unknown:
        result.refuse("themes", f"unknown theme(s): {', '.join(unknown)}")
    values["themes"] = ("," + ",".join(theme_ids) + ",") if theme_ids else ""

    postcode_text = str(raw.get("postcode") or "").strip()
    postcode = normalise_postcode(postcode_text) if postcode_text else ""
    if postcode is None:
        result.refuse("postcode", f"{postcode_text!r} is not a UK postcode")
        postcode = ""
    values["postcode"], values["postcode_district"] = postcode, postcode_district(postcode)

    try:
        latitude, longitude = _number(raw.get("latitude")), _number(raw.get("longitude"))
    except ValueError:
        result.refuse(None, "latitude and longitude must be numbers")
        latitude = longitude = None
    if (latitude is None) != (longitude is None):
        result.refuse(None, "give both latitude and longitude, or neither")
        latitude = longitude = None
    if latitude is not None:
        reason = check_coordinates(latitude, longitude)
        if reason:
            result.refuse(None, reason)
            latitude = longitude = None
    elif not result.errors:
        result.warnings.append("no coordinates, so it will not be on the map or in near searches")
    values["latitude"], values["longitude"] = latitude, longitude

    for name in ("minimum_age", "maximum_age"):
        try:
            age = _number(raw.get(name))
        except ValueError:
            age = -1
        if age is not None and not (0 <= age <= 120 and age == int(age)):
            result.refuse(name, f"{name.replace('_', ' ')} must be a whole number of years from 0 to 120")
            age = None
        values[name] = int(age) if age is not None else None
    if values["minimum_age"] is not None and values["maximum_age"] is not None and values["minimum_age"] > values["maximum_age"]:
        result.refuse(None, "the minimum age is above the maximum age")

    email = str(raw.get("email") or "").strip()
    values["email"] = _valid(result, "email", email, EMAIL, f"{email!r} is not an email address")
    website = str(raw.get("website") or "").strip()
    if "://" not in website and website.startswith("www."):
        website = "https://" + website
    values["website"] = _valid(result, "website", website, WEB_ADDRESS, f"{website!r} is not a web address (http or https)")
    phone = str(raw.get("phone") or "").strip()
    if phone and not PHONE.match(phone):
        result.refuse("phone", f"{phone!r} is not a telephone number")
        phone = ""
    values["phone"] = phone
    for name, longest in LIMITS.items():
        if len(values[name]) > longest:
            result.refuse(name, f"{name.replace('_', ' ')} is longer than {longest} characters")

    checked = raw.get("last_checked")
    if isinstance(checked, date):
        values["last_checked"] = checked
    elif checked:
        try:
            values["last_checked"] = date.fromisoformat(str(checked).strip()[:10])
        except ValueError:
            result.refuse("last_checked", f"last checked {checked!r} is not a date (YYYY-MM-DD)")
            values["last_checked"] = None
    else:
        values["last_checked"] = None
    values["published"] = _yes(raw.get("published"))
    values["contact_consent"] = _yes(raw.get("contact_consent"))
    values["listing_consent"] = _yes(raw.get("listing_consent")) or values["contact_consent"]
    if category == Category.PERSON and values["contact_consent"] and not _yes(raw.get("listing_consent")):
        result.warnings.append("they agreed to their contact details being published, so they are listed publicly too")
    return result


def _valid(result, name, text, validator, reason):
    """The text if it is blank or the validator accepts it; otherwise blank, with the reason on its field."""
    try:
        if text:
            validator(text)
    except ValidationError:
        result.refuse(name, reason)
        return ""
    return text


def _yes(value):
    return value is True or str(value or "").strip().lower() in ("1", "true", "yes", "y", "on")
