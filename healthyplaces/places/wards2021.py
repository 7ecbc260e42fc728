"""The 2021 geography's wards, and how 2011 and 2021 LSOAs correspond.

The project holds wards (2019 boundaries) for 2011 LSOAs only (the ONS best-fit lookup); no lookup of
2021 LSOAs to wards or to 2011 LSOAs could be shipped (data/SOURCES.md). So a 2021 LSOA's ward is known by
the first rule that applies, and the rule is kept beside it (`Lsoa.ward_basis`) for the page to say:
1. its code is unchanged from 2011: it is the same area, and keeps its 2011 LSOA's ward;
2. the postcodes held in it (from a postcode directory, or placed by its held boundary): the ward of
   the 2011 LSOAs most of them lie in;
3. else not held, with the reason.
"""
from collections import Counter, defaultdict

from django.db.models import Count

from .models import Lsoa, Postcode

UNCHANGED = "Its code is unchanged from 2011, so it is the same area and keeps its 2011 LSOA's ward."
NOT_HELD = ("Not held: its code is new in 2021, and the project holds no postcodes placed in it (a postcode "
            "directory with LSOA 2021, or its boundary) nor a 2021 LSOA to ward lookup.")


def by_postcodes(count, total):
    return (f"Where its postcodes fall: {count:,} of its {total:,} postcodes lie in 2011 LSOAs of this ward "
            f"(2019 boundaries).")


def assign_2021_wards():
    """Set every 2021 LSOA's ward and the rule that gave it (run after England's and each postcode load)."""
    wards_2011 = dict(Lsoa.objects.filter(vintage=2011).values_list("code", "ward_id"))
    postcodes = defaultdict(Counter)
    changed = Lsoa.objects.filter(vintage=2021).exclude(code__in=list(wards_2011))
    rows = (Postcode.objects.filter(lsoa21__in=changed.values("code")).exclude(lsoa11="")
            .values_list("lsoa21", "lsoa11").annotate(n=Count("postcode")))
    for lsoa21, lsoa11, n in rows:
        ward = wards_2011.get(lsoa11)
        if ward:
            postcodes[lsoa21][ward] += n
    updates = []
    for pk, code, held_ward, held_basis in Lsoa.objects.filter(vintage=2021).values_list("pk", "code", "ward_id",
                                                                                            "ward_basis"):
        if code in wards_2011:
            ward, basis = wards_2011[code], UNCHANGED
        elif postcodes[code]:
            (ward, count), = postcodes[code].most_common(1)
            basis = by_postcodes(count, sum(postcodes[code].values()))
        else:
            ward, basis = None, NOT_HELD
        if (held_ward, held_basis) != (ward, basis):
            updates.append(Lsoa(pk=pk, ward_id=ward, ward_basis=basis))
    Lsoa.objects.bulk_update(updates, ["ward", "ward_basis"], batch_size=2000)
    return len(updates)


def correspondence(area):
    """How the area's 2011 and 2021 LSOAs correspond: codes kept, 2011 LSOAs replaced and by which 2021
    LSOAs their postcodes now lie in, and 2021 LSOAs new; each side's LSOAs by code."""
    old = {lsoa.code: lsoa for lsoa in area.lsoas("2019")}
    new = {lsoa.code: lsoa for lsoa in area.lsoas("2025").select_related("ward")}
    kept = sorted(set(old) & set(new))
    ended = sorted(set(old) - set(new))
    started = sorted(set(new) - set(old))
    shared = defaultdict(Counter)
    for lsoa11, lsoa21, n in (Postcode.objects.filter(lsoa11__in=ended).exclude(lsoa21="")
                              .values_list("lsoa11", "lsoa21").annotate(n=Count("postcode"))):
        shared[lsoa11][lsoa21] += n
    replaced = [{"lsoa": old[code], "now": [(new.get(c) or c, n) for c, n in shared[code].most_common()]}
                for code in ended]
    return {"kept": [new[c] for c in kept], "replaced": replaced, "new": [new[c] for c in started],
            "old_count": len(old), "new_count": len(new)}
