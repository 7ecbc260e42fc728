"""What the assets part does with records: save them, decide who sees what, and decide probable duplicates.

Checking values is in `checking`, finding assets in `finding`, gap analysis in `gaps`, and placing points
in LSOAs in `healthyplaces.places.geography`.
"""
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from healthyplaces.accounts import audit
from healthyplaces.places.geography import locate_lsoa

from .checking import TEXT_FIELDS
from .models import Asset, Category, SourceRecord

# An asset not checked for this long is flagged for review.
REVIEW_AFTER_DAYS = getattr(settings, "ASSETS_REVIEW_AFTER_DAYS", 365)


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
# what they agreed to, and the people who work with them see everything: the partners that listed them, the
# officers of the council they live in and the platform's administrators ("asset.view_contact" within reach,
# assets/permissions.py):
# - without `listing_consent` they are seen by those only: not on public pages, not by other signed-in
#   roles or councils, not in gap analysis counts, not on the open API;
# - with it they are listed, but placed only by their LSOA: the point on the map and in the open API is
#   their LSOA's centroid, near searches measure from it and give the distance to the whole kilometre,
#   and a postcode matches them on its district (the part before the space) alone. An LSOA is built by
#   the ONS to hold 1,000 to 3,000 residents (400 to 1,200 households), the floor at which official
#   statistics are published without identifying anyone, and the asset's page names its LSOA anyway,
#   so the point tells no more than that. A fixed square (about 1 km) would, in the countryside, hold
#   a few homes; a postcode district has no centroid we hold.
# - with `contact_consent` as well, their address, postcode, contact details and exact point are shown.


def sees_people(user):
    """Staff and partners see the exact place of people listed as assets (those within their reach also their
    contact details, `shows_contact`; people not listed only within reach, `visible_to`)."""
    from healthyplaces.accounts.permissions import can

    return can(user, "asset.view_contact")


def visible_to(user):
    """The assets a user may see: published ones (people only if listed, above), and drafts within reach:
    their partners' and, for a council's officers, those in its areas (assets/permissions.py)."""
    from .permissions import visible

    return visible(Asset.objects.current(), user)


def shows_contact(user, asset):
    """A person's contact details, address, postcode and exact place: for those within reach (assets/permissions.py),
    unless they consented to publishing them."""
    from healthyplaces.accounts.permissions import can

    return not asset.place_withheld or can(user, "asset.view_contact", asset)


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
