"""What the assets part does: check and save assets, place them in LSOAs, find them, and find gaps."""
import json
import math
import re
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Count, Q

from healthyplaces.accounts import audit
from healthyplaces.places import services as places
from healthyplaces.places.models import DEFAULT_EDITION, Deprivation, Lsoa

from .models import PLACE_WITHHELD, UNLISTED, Asset, Category, SourceRecord

DATA = Path(__file__).resolve().parent / "data"
# An asset not checked for this long is flagged for review.
REVIEW_AFTER_DAYS = getattr(settings, "ASSETS_REVIEW_AFTER_DAYS", 365)
# England, generously: Isles of Scilly to Berwick, Land's End to Lowestoft.
ENGLAND = {"lat": (49.85, 55.82), "lon": (-6.45, 1.78)}
POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")
PHONE = re.compile(r"^\+?[\d ()-]{7,20}$")
FORMULA_START = ("=", "+", "-", "@")
EMAIL = EmailValidator()
WEB_ADDRESS = URLValidator(schemes=["http", "https"])
TEXT_FIELDS = ["name", "description", "communities_of_place", "communities_of_interest", "eligibility", "address",
               "opening_times", "accessibility", "cost", "contact_name", "provider", "external_id"]
LIMITS = {"name": 200, "communities_of_place": 300, "communities_of_interest": 300, "address": 300, "cost": 300,
          "contact_name": 150, "provider": 200, "external_id": 100}
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


@lru_cache(maxsize=1)
def themes():
    """The determinants-of-health themes (Dahlgren and Whitehead), id → (name, parent)."""
    data = json.loads((DATA / "themes.json").read_text())
    return {t["id"]: (t["name"], t["parent"]) for t in data["themes"]}


def theme_choices():
    return [(key, ("— " if parent else "") + name) for key, (name, parent) in themes().items()]


# Checking values


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
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def _number(value):
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).strip())


def check_asset(raw):
    """Check one asset's fields, from a form or an import row: cleaned values, errors and warnings.

    Text that a spreadsheet would run as a formula is neutralised (the leading sign removed) with a
    warning; everything else that is wrong is an error and the row is refused.
    """
    result = Checked()
    values = result.values
    for name in TEXT_FIELDS:
        text = str(raw.get(name) or "").strip()
        if text.startswith(FORMULA_START):
            stripped = text.lstrip("=+-@ \t")
            result.warnings.append(f"{name.replace('_', ' ')} began with {text[0]!r}, which a spreadsheet would run "
                                   "as a formula; the leading characters were removed")
            text = stripped
        if name in LIMITS and len(text) > LIMITS[name]:
            result.errors.append(f"{name.replace('_', ' ')} is longer than {LIMITS[name]} characters")
        values[name] = text
    if not values["name"]:
        result.errors.append("the name is missing")

    category = parse_category(raw.get("category"))
    if category is None:
        given = str(raw.get("category") or "").strip()
        result.errors.append(f"unknown category {given!r}; use one of: {', '.join(Category.values)}" if given
                             else "the category is missing")
    values["category"] = category or ""

    theme_ids, unknown = parse_themes(raw.get("themes"))
    if unknown:
        result.errors.append(f"unknown theme(s): {', '.join(unknown)}")
    values["themes"] = ("," + ",".join(theme_ids) + ",") if theme_ids else ""

    postcode_text = str(raw.get("postcode") or "").strip()
    postcode = normalise_postcode(postcode_text) if postcode_text else ""
    if postcode is None:
        result.errors.append(f"{postcode_text!r} is not a UK postcode")
        postcode = ""
    values["postcode"], values["postcode_district"] = postcode, postcode_district(postcode)

    try:
        latitude, longitude = _number(raw.get("latitude")), _number(raw.get("longitude"))
    except ValueError:
        result.errors.append("latitude and longitude must be numbers")
        latitude = longitude = None
    if (latitude is None) != (longitude is None):
        result.errors.append("give both latitude and longitude, or neither")
        latitude = longitude = None
    if latitude is not None:
        reason = check_coordinates(latitude, longitude)
        if reason:
            result.errors.append(reason)
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
            result.errors.append(f"{name.replace('_', ' ')} must be a whole number of years from 0 to 120")
            age = None
        values[name] = int(age) if age is not None else None
    if values["minimum_age"] is not None and values["maximum_age"] is not None and values["minimum_age"] > values["maximum_age"]:
        result.errors.append("the minimum age is above the maximum age")

    email = str(raw.get("email") or "").strip()
    if email:
        try:
            EMAIL(email)
        except ValidationError:
            result.errors.append(f"{email!r} is not an email address")
            email = ""
    values["email"] = email
    website = str(raw.get("website") or "").strip()
    if website:
        if "://" not in website and website.startswith("www."):
            website = "https://" + website
        try:
            WEB_ADDRESS(website)
        except ValidationError:
            result.errors.append(f"{website!r} is not a web address (http or https)")
            website = ""
    values["website"] = website
    phone = str(raw.get("phone") or "").strip()
    if phone and not PHONE.match(phone):
        result.errors.append(f"{phone!r} is not a telephone number")
        phone = ""
    values["phone"] = phone

    checked = raw.get("last_checked")
    if isinstance(checked, date):
        values["last_checked"] = checked
    elif checked:
        try:
            values["last_checked"] = date.fromisoformat(str(checked).strip()[:10])
        except ValueError:
            result.errors.append(f"last checked {checked!r} is not a date (YYYY-MM-DD)")
            values["last_checked"] = None
    else:
        values["last_checked"] = None
    values["published"] = _yes(raw.get("published"))
    values["contact_consent"] = _yes(raw.get("contact_consent"))
    values["listing_consent"] = _yes(raw.get("listing_consent")) or values["contact_consent"]
    if category == Category.PERSON and values["contact_consent"] and not _yes(raw.get("listing_consent")):
        result.warnings.append("they agreed to their contact details being published, so they are listed publicly too")
    return result


def _yes(value):
    return value is True or str(value or "").strip().lower() in ("1", "true", "yes", "y", "on")


# Geography


GRID = 0.02  # degrees


@lru_cache(maxsize=1)
def _geography():
    """2011 LSOA centroids (and boundaries where held) in memory, to place points fast."""
    from shapely import STRtree
    from shapely.geometry import shape

    grid = {}
    for pk, code, lat, lon in Lsoa.objects.filter(vintage=2011, latitude__isnull=False).values_list(
            "pk", "code", "latitude", "longitude"):
        grid.setdefault((int(lat // GRID), int(lon // GRID)), []).append((pk, code, lat, lon))
    shapes, shape_rows = [], []
    for pk, code, boundary in Lsoa.objects.filter(vintage=2011).exclude(boundary="").values_list("pk", "code", "boundary"):
        shapes.append(shape(json.loads(boundary)))
        shape_rows.append((pk, code))
    return grid, (STRtree(shapes) if shapes else None), shapes, shape_rows


@lru_cache(maxsize=1)
def _lsoa_centroids():
    """pk, latitude and longitude of every 2011 LSOA (those assets are placed in), to measure people from."""
    return np.array(list(Lsoa.objects.filter(vintage=2011, latitude__isnull=False).values_list(
        "pk", "latitude", "longitude")), dtype=np.float64).reshape(-1, 3)


def clear_geography_cache():
    _geography.cache_clear()
    _lsoa_centroids.cache_clear()


def locate_lsoa(latitude, longitude):
    """(pk, code) of the 2011 LSOA a point falls in: its boundary where held, else the nearest centroid."""
    if latitude is None or longitude is None:
        return None, ""
    from shapely.geometry import Point

    grid, tree, shapes, shape_rows = _geography()
    if tree is not None:
        point = Point(longitude, latitude)
        for index in tree.query(point):
            if shapes[index].covers(point):
                return shape_rows[index]
    # Nearest centroid: search grid cells in growing rings; one ring past the first find is enough.
    best, best_distance = (None, ""), float("inf")
    scale = math.cos(math.radians(latitude)) ** 2
    row, column = int(latitude // GRID), int(longitude // GRID)
    found_at = None
    for ring in range(0, 40):
        for r in range(row - ring, row + ring + 1):
            for c in range(column - ring, column + ring + 1):
                if max(abs(r - row), abs(c - column)) != ring:
                    continue
                for pk, code, lat, lon in grid.get((r, c), ()):
                    distance = (lat - latitude) ** 2 + scale * (lon - longitude) ** 2
                    if distance < best_distance:
                        best, best_distance = (pk, code), distance
        if best[0] is not None and found_at is None:
            found_at = ring
        if found_at is not None and ring >= found_at + 1:
            break
    return best


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance; the arguments may be numbers or numpy arrays (one point against many)."""
    lat1, lon1, lat2, lon2 = (np.radians(v) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * np.arcsin(np.sqrt(a))


# Saving


@transaction.atomic
def save_asset(values, *, partner, by=None, asset=None, origin="form"):
    """Create or update an asset from checked values, keeping what was supplied as a source record."""
    with audit.acting_as(by or audit.current_actor()):
        asset = asset or Asset(partner=partner)
        for name, value in values.items():
            setattr(asset, name, value)
        asset.lsoa_id, asset.lsoa_code = locate_lsoa(asset.latitude, asset.longitude)
        asset.save()
        SourceRecord.objects.create(asset=asset, partner=partner, supplied_by=by, origin=origin,
                                    data=_jsonable(values))
    return asset


def supplier(user, asset):
    """Whose record an edit is: the editor's organisation when the asset holds its records, else the asset's partner
    (an officer's correction)."""
    from healthyplaces.accounts.models import Organisation
    from healthyplaces.accounts.permissions import organisations_where

    own = asset.record_holders() & organisations_where(user, "asset.change")
    if not own or asset.partner_id in own:
        return asset.partner
    return Organisation.objects.filter(pk__in=own).order_by("pk").first()


def _jsonable(values):
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def form_initial(asset):
    initial = {name: getattr(asset, name) for name in TEXT_FIELDS + [
        "category", "postcode", "latitude", "longitude", "minimum_age", "maximum_age", "email", "website", "phone",
        "last_checked", "published", "listing_consent", "contact_consent"]}
    initial["themes"] = asset.theme_ids
    return initial


# Who sees what
#
# People as assets. A person listed for their skills is personal data, so what others see of them is
# what they agreed to, and staff and partners (who may see contact details: "asset.view_contact") see
# everything, as the people who work with them:
# - without `listing_consent` they are seen by staff and partners only: not on public pages, not by other
#   signed-in roles, not in gap analysis counts, not on the open API;
# - with it they are listed, but placed only by their LSOA: the point on the map and in the open API is
#   their LSOA's centroid, near searches measure from it and give the distance to the whole kilometre,
#   and a postcode matches them on its district (the part before the space) alone. An LSOA is built by
#   the ONS to hold 1,000 to 3,000 residents (400 to 1,200 households), the floor at which official
#   statistics are published without identifying anyone, and the asset's page names its LSOA anyway,
#   so the point tells no more than that. A fixed square (about 1 km) would, in the countryside, hold
#   a few homes; a postcode district has no centroid we hold.
# - with `contact_consent` as well, their address, postcode, contact details and exact point are shown.


def sees_people(user):
    """Staff and partners see every person listed as an asset, with their address and exact place."""
    from healthyplaces.accounts.permissions import can

    return can(user, "asset.view_contact")


def visible_to(user):
    """The assets a user may see: published ones (people only if listed, above), and drafts to those who
    may see drafts in the asset's partner organisation (all of them for administrators and officers)."""
    from healthyplaces.accounts.permissions import in_organisations

    assets = Asset.objects.current()
    if not sees_people(user):
        assets = assets.exclude(UNLISTED)
    return assets.filter(Q(published=True) | in_organisations(user, "asset.view_draft", "partner"))


def shows_contact(user, asset):
    """A person's contact details, address, postcode and exact place: for staff and partners, unless they consented
    to publishing them."""
    return not asset.place_withheld or sees_people(user)


def map_points(assets, limit, exact=False):
    """(pk, name, category, latitude, longitude) of the first `limit` assets that have a place; a person whose place
    is withheld at their LSOA's centroid unless `exact` (and left out when their LSOA is not known)."""
    for pk, name, category, consent, lat, lon, lsoa_lat, lsoa_lon in assets.filter(latitude__isnull=False).values_list(
            "pk", "name", "category", "contact_consent", "latitude", "longitude", "lsoa__latitude", "lsoa__longitude")[:limit]:
        if category == Category.PERSON and not consent and not exact:
            if lsoa_lat is None:
                continue
            lat, lon = lsoa_lat, lsoa_lon
        yield pk, name, category, lat, lon


def needs_review(asset, today=None):
    today = today or date.today()
    return asset.last_checked is None or asset.last_checked < today - timedelta(days=REVIEW_AFTER_DAYS)


def stale_assets(queryset, today=None):
    cutoff = (today or date.today()) - timedelta(days=REVIEW_AFTER_DAYS)
    return queryset.filter(Q(last_checked__isnull=True) | Q(last_checked__lt=cutoff))


# Finding


class PlaceNotFound(ValueError):
    pass


@dataclass
class Centre:
    label: str
    latitude: float
    longitude: float


COORDINATES = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def find_centre(text, user=None):
    """A point to search from: 'lat,lon', an LSOA, neighbourhood or local authority (its LSOAs' mean centroid)."""
    match = COORDINATES.match(text or "")
    if match:
        latitude, longitude = float(match.group(1)), float(match.group(2))
        reason = check_coordinates(latitude, longitude)
        if reason:
            raise PlaceNotFound(reason)
        return Centre(f"{latitude:.5f}, {longitude:.5f}", latitude, longitude)
    try:
        area = places.find_area(text, user)
    except places.AreaNotFound as error:
        raise PlaceNotFound(str(error)) from None
    points = list(area.lsoas(DEFAULT_EDITION).filter(latitude__isnull=False).values_list("latitude", "longitude"))
    if not points:
        raise PlaceNotFound(f"{area} has no LSOA centroids to measure from.")
    return Centre(str(area), sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def filter_assets(assets, category="", theme="", community="", q="", lsoa_codes=None):
    """The directory's filters, each optional."""
    if category:
        assets = assets.filter(category=category)
    if theme:
        assets = assets.filter(search_text__contains=f",{theme.lower()},")
    if community:
        assets = assets.filter(search_text__contains=community.lower())
    if lsoa_codes is not None:
        assets = assets.filter(lsoa_code__in=lsoa_codes)
    for word in (q or "").lower().split()[:5]:
        assets = assets.filter(search_text__contains=word)
    return assets


def near(assets, latitude, longitude, radius_km=5.0, exact=False):
    """(pk, distance km) of assets within the radius, nearest first.

    A person whose place is withheld is measured from their LSOA's centroid and the distance rounded to the
    whole kilometre (at least 1), unless `exact` (for those who may see their address; see "People as assets").
    The bounding box is read from one index (asset_near_visible_idx holds every column the box and the
    visibility rules test, so no table row is read), then numpy measures each candidate at once. People
    placed by their LSOA are found by the LSOAs within reach (measured in memory), in asset_person_lsoa_idx.
    """
    dlat = radius_km / 111.0
    dlon = radius_km / (111.320 * max(math.cos(math.radians(latitude)), 0.01))

    def measured(candidates, lat, lon):
        candidates = candidates.filter(**{f"{lat}__range": (latitude - dlat, latitude + dlat),
                                          f"{lon}__range": (longitude - dlon, longitude + dlon)})
        rows = np.array(list(candidates.order_by().values_list("pk", lat, lon)), dtype=np.float64).reshape(-1, 3)
        distances = haversine_km(latitude, longitude, rows[:, 1], rows[:, 2])
        inside = distances <= radius_km
        return rows[inside, 0], distances[inside]

    if exact:
        pks, distances = measured(assets, "latitude", "longitude")
    else:
        shown_pks, shown = measured(assets.exclude(PLACE_WITHHELD), "latitude", "longitude")
        lsoas = _lsoa_centroids()
        from_lsoas = haversine_km(latitude, longitude, lsoas[:, 1], lsoas[:, 2])
        within = from_lsoas <= radius_km
        reach = dict(zip(lsoas[within, 0].astype(int).tolist(), from_lsoas[within].tolist()))
        people = list(assets.filter(PLACE_WITHHELD, lsoa_id__in=list(reach)).order_by().values_list("pk", "lsoa_id"))
        withheld_pks = np.array([pk for pk, _ in people], dtype=np.float64)
        withheld = np.array([reach[lsoa] for _, lsoa in people], dtype=np.float64)
        pks = np.concatenate([shown_pks, withheld_pks])
        distances = np.concatenate([shown, np.maximum(1.0, np.round(withheld))])
    order = np.lexsort((pks, distances))
    return [(int(pks[i]), float(distances[i])) for i in order]


# Gap analysis


@dataclass
class GapRow:
    lsoa: object
    population: int | None
    imd_decile: int | None
    counts: dict
    total: int

    @property
    def per_thousand(self):
        return self.total * 1000 / self.population if self.population else None

    def category_per_thousand(self, category):
        return self.counts.get(category, 0) * 1000 / self.population if self.population else None


def gap_analysis(area):
    """Per LSOA of the area: published assets per 1,000 residents by category, beside the IMD decile."""
    lsoas = list(area.lsoas(DEFAULT_EDITION).order_by("code"))
    codes = [lsoa.code for lsoa in lsoas]
    populations = places.populations_by_code(codes)
    deciles = dict(Deprivation.objects.filter(edition=DEFAULT_EDITION, lsoa__in=lsoas).values_list("lsoa__code", "imd_decile"))
    counts = {}
    for code, category, n in (Asset.objects.public().filter(lsoa_code__in=codes)
                              .values_list("lsoa_code", "category").annotate(n=Count("pk")).order_by()):
        counts.setdefault(code, {})[category] = n
    return [GapRow(lsoa, populations.get(lsoa.code), deciles.get(lsoa.code), counts.get(lsoa.code, {}),
                   sum(counts.get(lsoa.code, {}).values())) for lsoa in lsoas]


def high_need_low_asset(rows):
    """LSOAs in the most deprived fifth nationally (IMD decile 1–2) with fewer assets per 1,000 than the area's median."""
    rates = [r.per_thousand for r in rows if r.per_thousand is not None]
    if not rates:
        return []
    median = statistics.median(rates)
    found = [r for r in rows if r.imd_decile in (1, 2) and r.per_thousand is not None and r.per_thousand < median]
    return sorted(found, key=lambda r: (r.per_thousand, r.imd_decile, r.lsoa.code))


GAP_COLUMNS = (["lsoa_code", "lsoa_name", "population_2015", "imd_decile_2019", "assets", "assets_per_1000"]
               + [f"{c}_per_1000" for c in Category.values] + ["high_need_low_asset"])


def gap_csv_rows(rows):
    flagged = {r.lsoa.code for r in high_need_low_asset(rows)}
    for r in rows:
        yield ([r.lsoa.code, r.lsoa.name, r.population, r.imd_decile, r.total, _round(r.per_thousand)]
               + [_round(r.category_per_thousand(c)) for c in Category.values] + ["yes" if r.lsoa.code in flagged else "no"])


def _round(value):
    return None if value is None else round(value, 2)


# De-duplication decisions


class MergeRefused(ValueError):
    pass


@transaction.atomic
def merge(candidate, keep, by):
    """Merge a probable duplicate pair into `keep`: the other's source records move to it, it is kept as merged.

    Empty fields of the kept asset are filled from the other; nothing is lost, because every
    partner's source record stays attached to the kept asset.
    """
    from .models import DuplicateCandidate

    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise MergeRefused("This pair has already been decided.")
    if keep.pk not in (candidate.first_id, candidate.second_id):
        raise MergeRefused("Keep one of the two assets in the pair.")
    other = candidate.second if keep.pk == candidate.first_id else candidate.first
    if keep.merged_into_id or other.merged_into_id:
        raise MergeRefused("One of these assets has already been merged into another.")
    with audit.acting_as(by):
        for name in TEXT_FIELDS + ["postcode", "postcode_district", "latitude", "longitude", "email", "phone",
                                   "website", "minimum_age", "maximum_age", "themes", "lsoa_code"]:
            if getattr(keep, name) in ("", None) and getattr(other, name) not in ("", None):
                setattr(keep, name, getattr(other, name))
        if keep.lsoa_id is None:
            keep.lsoa_id = other.lsoa_id
        keep.published = keep.published or other.published
        keep.last_checked = max(filter(None, [keep.last_checked, other.last_checked]), default=None)
        keep.save()
        SourceRecord.objects.filter(asset=other).update(asset=keep)
        Asset.objects.filter(merged_into=other).update(merged_into=keep)
        other.merged_into, other.published = keep, False
        other.save()
        candidate.status, candidate.decided_by, candidate.decided_at = DuplicateCandidate.Status.MERGED, by, _now()
        candidate.save()
        # Other open pairs that named the merged asset now name the kept one, or close.
        for pair in DuplicateCandidate.objects.filter(Q(first=other) | Q(second=other), status=DuplicateCandidate.Status.OPEN):
            pair.status, pair.decided_by, pair.decided_at = DuplicateCandidate.Status.MERGED, by, _now()
            pair.reasons = (pair.reasons + f"; closed: merged into {keep.pk}")[:300]
            pair.save()
    return keep


def keep_apart(candidate, by):
    from .models import DuplicateCandidate

    with audit.acting_as(by):
        candidate.status, candidate.decided_by, candidate.decided_at = DuplicateCandidate.Status.KEPT_APART, by, _now()
        candidate.save()
    return candidate


def _now():
    from django.utils import timezone

    return timezone.now()


def scan_duplicates():
    """Look for probable duplicates across partners among all current assets; new pairs are opened for review."""
    from . import dedupe
    from .models import DuplicateCandidate

    records = [(pk, partner, {"name": n, "address": a, "postcode": p, "phone": ph, "email": e, "website": w})
               for pk, partner, n, a, p, ph, e, w in Asset.objects.current().values_list(
                   "pk", "partner_id", "name", "address", "postcode", "phone", "email", "website").iterator(chunk_size=5000)]
    pairs = dedupe.find_pairs(records)
    known = set(DuplicateCandidate.objects.values_list("first_id", "second_id"))
    new = [DuplicateCandidate(first_id=a, second_id=b, score=s, reasons=f"score {s:.2f}")
           for (a, b), s in pairs.items() if (a, b) not in known and (b, a) not in known]
    DuplicateCandidate.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
