"""What the places part does: find areas, rank their LSOAs, summarise their deprivation, keep neighbourhoods."""
import difflib
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from healthyplaces.accounts import audit
from healthyplaces.importing import Problems, read_csv, refuse

from . import postcodes

from .models import (
    DEFAULT_EDITION,
    DOMAINS,
    EDITION_DOMAINS,
    ENGLAND_LSOAS,
    LSOA_VINTAGE,
    Deprivation,
    Edition,
    LocalAuthority,
    LocalAuthoritySummary,
    Lsoa,
    Msoa,
    Neighbourhood,
    Population,
    Postcode,
    Region,
    Ward,
)

LSOA_CODE = re.compile(r"^E01\d{6}$")
MAX_LSOA_ROWS = 40_000  # England has ENGLAND_LSOAS_2011 (32,844) LSOAs


class AreaNotFound(ValueError):
    """No area has that name; `suggestions` are the closest areas a person may have meant."""

    def __init__(self, message, suggestions=()):
        self.suggestions = list(suggestions)
        if self.suggestions:
            names = [str(a) for a in self.suggestions]
            message += " Did you mean " + (" or ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]) + "?"
        super().__init__(message)


@dataclass(frozen=True)
class Area:
    """Something a person can name: an authority, ward, MSOA, region, neighbourhood or LSOA."""

    kind: str  # "local_authority", "neighbourhood", "ward", "msoa", "region", "lsoa"
    code: str
    name: str
    obj: object = None

    def __str__(self):
        return self.name if self.kind == "neighbourhood" else f"{self.name} ({self.code})"

    def lsoas(self, edition=DEFAULT_EDITION):
        """The LSOAs of the edition's geography that make up this area."""
        vintage = LSOA_VINTAGE[Edition(edition)]
        base = Lsoa.objects.filter(vintage=vintage)
        if self.kind == "local_authority":
            authority = self.obj
            if authority.is_current:
                # The authority and the former districts it replaced, as a list so the index is used.
                codes = list(LocalAuthority.objects.filter(successor=authority).values_list("code", flat=True))
                return base.filter(local_authority_id__in=codes + [authority.code])
            if vintage == 2011:
                return base.filter(local_authority=authority)
            # A former district has no 2021 geography of its own: take the 2021 LSOAs whose codes it had.
            return base.filter(code__in=Lsoa.objects.filter(vintage=2011, local_authority=authority).values("code"))
        if self.kind == "neighbourhood":
            codes = self.obj.lsoas.values("code")
            return base.filter(code__in=codes)
        if self.kind == "region":
            return base.filter(local_authority__successor__region=self.obj)
        codes = {"ward": Q(ward=self.obj), "msoa": Q(msoa=self.obj), "lsoa": Q(pk=self.obj.pk)}[self.kind]
        own = Lsoa.objects.filter(vintage=2011).filter(codes).values("code")
        return base.filter(code__in=own)


def find_area(text, user=None):
    """Resolve a code or an exact name (any case) to one Area; neighbourhood drafts only within the person's reach."""
    from .permissions import visible

    text = (text or "").strip()
    if not text:
        raise AreaNotFound("Give an area: a local authority code or name, or a neighbourhood name.")
    upper = text.upper()
    authority = LocalAuthority.objects.filter(Q(code=upper) | Q(name__iexact=text)).order_by("-is_current").first()
    if authority:
        return Area("local_authority", authority.code, authority.name, authority)
    neighbourhood = visible(Neighbourhood.objects.filter(Q(name__iexact=text) | Q(slug=text.lower())), user).first()
    if neighbourhood:
        return Area("neighbourhood", neighbourhood.slug, neighbourhood.name, neighbourhood)
    for kind, model in (("ward", Ward), ("msoa", Msoa), ("region", Region)):
        found = model.objects.filter(Q(code=upper) | Q(name__iexact=text)).first()
        if found:
            return Area(kind, found.code, found.name, found)
    lsoa = Lsoa.objects.filter(vintage=2011).filter(Q(code=upper) | Q(name__iexact=text)).first()
    if lsoa:
        return Area("lsoa", lsoa.code, lsoa.name, lsoa)
    if postcodes.normalise(text):
        return _postcode_area(text)
    raise AreaNotFound(f"No local authority, neighbourhood, ward, MSOA, region or LSOA is called {text!r}.",
                       suggest_areas(text, user))


def _postcode_area(text):
    """The LSOA (2011) a postcode lies in, or lay in when it was terminated."""
    found = postcodes.find(text)
    lsoa = found and Lsoa.objects.filter(vintage=2011, code=found.lsoa11).first()
    if lsoa is None:
        why = "is not held" if found is None else "has no LSOA in the files held"
        raise AreaNotFound(f"The postcode {postcodes.normalise(text)} {why}.")
    return Area("lsoa", lsoa.code, lsoa.name, lsoa)


MAX_SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.82


def _likeness(text, name):
    """How like a name the text is (0 to 1): the whole name, its start, or one of its words (a typo of "Stockton")."""
    name = name.lower()
    parts = [name, name[:len(text)]] + [word for word in re.split(r"[\s,-]+", name) if len(word) > 3]
    return max(difflib.SequenceMatcher(None, text, part).ratio() for part in parts)


def suggest_areas(text, user=None):
    """The local authorities and neighbourhoods whose names or codes are closest to a mistyped one, best first."""
    from healthyplaces.accounts.permissions import can

    text = (text or "").strip().lower()
    if not text:
        return []
    candidates = {}
    for authority in LocalAuthority.objects.order_by("-is_current", "name"):
        area = Area("local_authority", authority.code, authority.name, authority)
        candidates.setdefault(authority.name.lower(), (area, max(_likeness(text, authority.name), _likeness(text, authority.code))))
    neighbourhoods = Neighbourhood.objects.order_by("name")
    if not can(user, "neighbourhood.view_draft"):
        neighbourhoods = neighbourhoods.filter(published=True)
    for neighbourhood in neighbourhoods:
        area = Area("neighbourhood", neighbourhood.slug, neighbourhood.name, neighbourhood)
        candidates.setdefault(neighbourhood.name.lower(), (area, _likeness(text, neighbourhood.name)))
    close = sorted((c for c in candidates.values() if c[1] >= SUGGESTION_CUTOFF), key=lambda c: (-c[1], c[0].name))
    return [area for area, _ in close[:MAX_SUGGESTIONS]]


AREA_KINDS = {"local_authority": "local authority", "neighbourhood": "neighbourhood", "ward": "ward", "msoa": "MSOA",
              "region": "region", "lsoa": "LSOA"}


def local_authority_containing(area):
    """The current local authority an area lies in (a ward's, an MSOA's or an LSOA's), or None for a larger area."""
    if area.kind == "region":
        return None
    lsoa = area.lsoas().select_related("local_authority__successor").first()
    if lsoa is None:
        return None
    authority = lsoa.local_authority.successor
    return Area("local_authority", authority.code, authority.name, authority)


class Areas:
    """Several areas treated as one (e.g. the seven former Northamptonshire districts)."""

    def __init__(self, areas):
        self.areas = list(areas)

    def __str__(self):
        return ", ".join(str(a) for a in self.areas)

    def lsoas(self, edition=DEFAULT_EDITION):
        query = Lsoa.objects.none()
        for area in self.areas:
            query = query | area.lsoas(edition)
        return query.distinct()


def find_areas(texts, user=None):
    areas = [find_area(t, user) for t in texts]
    return areas[0] if len(areas) == 1 else Areas(areas)


def check_domain(edition, domain):
    edition = Edition(str(edition))
    if domain not in DOMAINS:
        raise ValueError(f"Unknown domain {domain!r}; choose one of: {', '.join(DOMAINS)}")
    if domain not in EDITION_DOMAINS[edition]:
        raise ValueError(f"The {edition.label} files shipped here hold only: {', '.join(EDITION_DOMAINS[edition])}")
    return edition, DOMAINS[domain]


SORTS = {"rank": "rank", "name": "lsoa__name", "code": "lsoa__code"}


def ranked_lsoas(area, edition=DEFAULT_EDITION, domain="imd", deciles=None, sort="rank", descending=False):
    """The area's LSOAs with the domain's national rank and decile, most deprived first by default."""
    edition, dom = check_domain(edition, domain)
    rows = (
        Deprivation.objects.filter(edition=edition, lsoa__in=area.lsoas(edition))
        .select_related("lsoa__local_authority", "lsoa__ward", "lsoa__msoa")
        .exclude(**{f"{dom.rank_field}__isnull": True})
    )
    if deciles:
        rows = rows.filter(**{f"{dom.decile_field}__in": deciles})
    key = dom.rank_field if sort == "rank" else SORTS.get(sort, dom.rank_field)
    return rows.order_by(("-" if descending else "") + key, "lsoa__code")


def rank_of(row, domain):
    return getattr(row, DOMAINS[domain].rank_field)


def decile_of(row, domain):
    return getattr(row, DOMAINS[domain].decile_field)


def populations_by_code(codes):
    """Mid-2015 populations by LSOA code (2011 geography; a 2021 LSOA with the same code shares it)."""
    return dict(Population.objects.filter(lsoa__code__in=codes, lsoa__vintage=2011).values_list("lsoa__code", "total"))


@dataclass
class DomainSummary:
    domain: str
    label: str
    lsoa_count: int
    decile1_count: int
    decile1_share: float
    decile1_2_count: int
    decile1_2_share: float
    population: int
    decile1_population: int
    decile1_2_population: int
    mean_rank: float
    population_weighted_rank: float | None


def deprivation_summary(area, edition=DEFAULT_EDITION, domains=None):
    """Per domain: LSOAs in national decile 1 and deciles 1–2, people living there, average ranks."""
    edition = Edition(str(edition))
    domains = domains or EDITION_DOMAINS[edition]
    doms = [check_domain(edition, key)[1] for key in domains]
    fields = [f for dom in doms for f in (dom.rank_field, dom.decile_field)]
    rows = list(Deprivation.objects.filter(edition=edition, lsoa__in=area.lsoas(edition)).values("lsoa__code", *fields))
    population = populations_by_code([r["lsoa__code"] for r in rows])
    summaries = []
    for dom in doms:
        ranked = [(r[dom.rank_field], r[dom.decile_field], population.get(r["lsoa__code"])) for r in rows]
        ranked = [x for x in ranked if x[0] is not None]
        count = len(ranked)
        d1 = [x for x in ranked if x[1] == 1]
        d12 = [x for x in ranked if x[1] in (1, 2)]
        known = [x for x in ranked if x[2] is not None]
        total_pop = sum(x[2] for x in known)
        summaries.append(DomainSummary(
            domain=dom.key, label=dom.label, lsoa_count=count,
            decile1_count=len(d1), decile1_share=len(d1) / count if count else 0.0,
            decile1_2_count=len(d12), decile1_2_share=len(d12) / count if count else 0.0,
            population=total_pop,
            decile1_population=sum(x[2] or 0 for x in d1),
            decile1_2_population=sum(x[2] or 0 for x in d12),
            mean_rank=sum(x[0] for x in ranked) / count if count else 0.0,
            population_weighted_rank=(sum(x[0] * x[2] for x in known) / total_pop) if total_pop and len(known) == count else None,
        ))
    return summaries


def decile_counts(area, edition=DEFAULT_EDITION, domain="imd"):
    edition, dom = check_domain(edition, domain)
    counts = {d: 0 for d in range(1, 11)}
    for decile in Deprivation.objects.filter(edition=edition, lsoa__in=area.lsoas(edition)).values_list(dom.decile_field, flat=True):
        if decile:
            counts[decile] += 1
    return counts


def official_summaries(local_authority, edition=Edition.IOD2025):
    """The published local authority summary measures for the authority (or its successor)."""
    codes = {local_authority.code, local_authority.successor_id}
    return LocalAuthoritySummary.objects.filter(edition=edition, local_authority_code__in=codes)


class PlaceMatches:
    """Every place a search matches, authorities first, then neighbourhoods, LSOAs and wards.

    A sequence a Paginator can count and slice, so the page says how many places match and lists them all, a page
    at a time, without loading every match (a short word matches thousands of LSOAs).
    """

    def __init__(self, parts):
        self.parts = parts  # [(queryset, row function)]

    def count(self):
        return sum(self._counts)

    @property
    def _counts(self):
        if not hasattr(self, "_cached_counts"):
            self._cached_counts = [queryset.count() for queryset, _ in self.parts]
        return self._cached_counts

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        rows = []
        for (queryset, row), count in zip(self.parts, self._counts):
            if start < count and stop > 0:
                rows += [row(obj) for obj in queryset[max(start, 0):min(stop, count)]]
            start, stop = start - count, stop - count
        return rows


def search(text, user=None):
    """Places whose name or code matches, for the home page search: (kind, code, name, label) rows."""
    from .permissions import visible

    text = (text or "").strip()
    if len(text) < 2:
        return PlaceMatches([])
    upper = text.upper()

    def authority(a):
        label = "Local authority" if a.is_current else f"Former district, now part of {a.successor.name}"
        return ("local_authority", a.code, a.name, label)

    hoods = visible(Neighbourhood.objects.filter(Q(name__icontains=text) | Q(slug=text.lower())), user).order_by("name")
    return PlaceMatches(_postcode_matches(text, user) + [
        (LocalAuthority.objects.filter(Q(code=upper) | Q(name__icontains=text)).select_related("successor")
         .order_by("-is_current", "name"), authority),
        (hoods, lambda n: ("neighbourhood", n.slug, n.name, "Neighbourhood")),
        (Lsoa.objects.filter(vintage=2011).filter(Q(code=upper) | Q(name__icontains=text)).select_related("local_authority")
         .order_by("name", "code"), lambda lsoa: ("lsoa", lsoa.code, lsoa.name, f"LSOA in {lsoa.local_authority.name}")),
        (Ward.objects.filter(Q(code=upper) | Q(name__icontains=text)).select_related("local_authority").order_by("name", "code"),
         lambda w: ("ward", w.code, w.name, f"Ward (2019) in {w.local_authority.name}")),
    ])


def _postcode_matches(text, user):
    """A postcode typed in any spacing or case: its LSOA (its last, if terminated, said so), then the
    neighbourhoods that hold that LSOA."""
    from .permissions import visible

    postcode = postcodes.normalise(text)
    if postcode is None:
        return []

    def row(found):
        where = postcodes.place(found)
        return ("postcode", where.lsoa.code if where.lsoa else "", found.postcode, where.summary)

    lsoa11 = Postcode.objects.filter(postcode=postcode).values("lsoa11")
    hoods = visible(Neighbourhood.objects.filter(lsoas__vintage=2011, lsoas__code__in=lsoa11), user).distinct()
    return [(Postcode.objects.filter(postcode=postcode), row),
            (hoods.order_by("name"), lambda n: ("neighbourhood", n.slug, n.name, f"Neighbourhood holding {postcode}"))]


# Neighbourhoods


class NeighbourhoodInvalid(ValueError):
    pass


def parse_lsoa_codes(text_or_codes):
    """Codes from a list or free text (commas, spaces or new lines); checked against England's 2011 LSOAs."""
    if isinstance(text_or_codes, str):
        codes = [c for c in re.split(r"[\s,;]+", text_or_codes.upper()) if c]
    else:
        codes = [c.strip().upper() for c in text_or_codes if c.strip()]
    bad = [c for c in codes if not LSOA_CODE.match(c)]
    if bad:
        raise NeighbourhoodInvalid(f"Not LSOA codes: {', '.join(bad[:10])}")
    found = set(Lsoa.objects.filter(vintage=2011, code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise NeighbourhoodInvalid(f"No LSOA has the code(s): {', '.join(unknown[:10])}")
    return list(dict.fromkeys(codes))


def lsoa_codes_from_csv(data, filename="upload.csv"):
    """A CSV of LSOAs: a header with a column `lsoa_code` (or `LSOA11CD`), one LSOA a row.

    Refused whole (ImportRefused), naming each bad line, if any code is malformed, unknown or repeated.
    """
    table = read_csv(data, filename, max_rows=MAX_LSOA_ROWS)
    header = [h.strip().lower() for h in table.header]
    column = next((i for i, h in enumerate(header) if h in ("lsoa_code", "lsoa11cd", "lsoa code", "code")), None)
    if column is None:
        refuse(filename, 1, "the header needs a column named lsoa_code")
    problems, codes, seen = Problems(), [], {}
    problems.extend(table.problems)
    for line, row in table.rows:
        code = row[column].strip().upper() if column < len(row) else ""
        if not LSOA_CODE.match(code):
            problems.add(filename, line, f"{code!r} is not an LSOA code")
        elif code in seen:
            problems.add(filename, line, f"{code} is listed twice (first on line {seen[code]})")
        else:
            seen[code] = line
            codes.append((line, code))
    known = set(Lsoa.objects.filter(vintage=2011, code__in=[c for _, c in codes]).values_list("code", flat=True))
    for line, code in codes:
        if code not in known:
            problems.add(filename, line, f"no LSOA has the code {code}")
    if not codes and not problems:
        problems.add(filename, 0, "the file lists no LSOAs")
    problems.refuse_if_any()
    return [c for _, c in codes]


def _unique_slug(name, exclude_pk=None):
    base = slugify(name)[:120] or "neighbourhood"
    slug, n = base, 2
    while Neighbourhood.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_neighbourhood(name, lsoa_codes, *, by=None, description="", published=False, neighbourhood=None):
    """Create or update a neighbourhood (a new one is its maker's organisation's); the LSOA list replaces the
    old one. Audited."""
    from healthyplaces.accounts.permissions import organisation_for

    name = (name or "").strip()
    if not name:
        raise NeighbourhoodInvalid("Give the neighbourhood a name.")
    if len(name) > 120:
        raise NeighbourhoodInvalid("The name must be 120 characters or fewer.")
    clash = Neighbourhood.objects.filter(name__iexact=name)
    if neighbourhood:
        clash = clash.exclude(pk=neighbourhood.pk)
    if clash.exists():
        raise NeighbourhoodInvalid(f"A neighbourhood called {name!r} already exists.")
    codes = parse_lsoa_codes(lsoa_codes)
    if not codes:
        raise NeighbourhoodInvalid("Choose at least one LSOA.")
    with audit.acting_as(by or audit.current_actor()):
        if neighbourhood is None:
            organisation = organisation_for(by, "neighbourhood.create") if by else None
            neighbourhood = Neighbourhood.objects.create(
                name=name, slug=_unique_slug(name), description=description, published=published,
                created_by=by, organisation=organisation,
            )
            before = []
        else:
            before = list(neighbourhood.lsoas.values_list("code", flat=True))
            neighbourhood.name, neighbourhood.description, neighbourhood.published = name, description, published
            neighbourhood.slug = _unique_slug(name, exclude_pk=neighbourhood.pk)
            neighbourhood.save()
        neighbourhood.lsoas.set(Lsoa.objects.filter(vintage=2011, code__in=codes))
        audit.m2m_changed_record(neighbourhood, "lsoas", before, codes)
    return neighbourhood


def visible_neighbourhoods(user):
    """The published neighbourhoods, and the drafts within the person's reach (places/permissions.py)."""
    from .permissions import visible

    return visible(Neighbourhood.objects.all(), user)




POPULATION_NOT_HELD = {
    2011: "Not held for this LSOA.",
    2021: ("Not held: the populations held are the mid-2015 estimates of the Indices of Deprivation 2019, for "
           "2011 LSOAs, and this LSOA's code is new in 2021 (it was split, merged or redrawn)."),
}


def lsoa_profile(code, edition=DEFAULT_EDITION, user=None):
    """One LSOA's ranks and deciles against England, its population, where it sits and the neighbourhoods
    (that the person may see) it is part of."""
    from .permissions import visible

    edition = Edition(str(edition))
    lsoa = (Lsoa.objects.filter(code=code.upper(), vintage=LSOA_VINTAGE[edition])
            .select_related("local_authority__successor", "ward", "msoa").first())
    if lsoa is None:
        return None
    deprivation = Deprivation.objects.filter(lsoa=lsoa, edition=edition).first()
    domains = []
    for key in EDITION_DOMAINS[edition]:
        dom = DOMAINS[key]
        domains.append({
            "key": key, "label": dom.label, "short": dom.short,
            "rank": getattr(deprivation, dom.rank_field) if deprivation else None,
            "decile": getattr(deprivation, dom.decile_field) if deprivation else None,
        })
    population = Population.objects.filter(lsoa__code=lsoa.code, lsoa__vintage=2011).first()
    return {
        "why_not_held": "" if population else POPULATION_NOT_HELD[lsoa.vintage],
        "lsoa": lsoa, "edition": edition, "domains": domains, "england_count": ENGLAND_LSOAS[LSOA_VINTAGE[edition]],
        "population": population.total if population else None, "population_detail": population,
        "neighbourhoods": visible(Neighbourhood.objects.filter(lsoas__code=lsoa.code).distinct(), user),
    }
