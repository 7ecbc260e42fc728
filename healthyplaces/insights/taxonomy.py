"""The theme taxonomy (Dahlgren–Whitehead determinants of health) and the communities known at the start.

Both are written to the database by migrations, so search can filter and count them like any table.
The themes have one source: TAXONOMY_FILE, loaded into the Theme table (migration 0002); every part
reads them from the table (insights, and assets through `theme_names()`). A change to the file
reaches the table through a new migration that calls `load_themes`.
"""
from functools import lru_cache

import yaml
from django.conf import settings

# The project's shared copy of the frameworks, with their sources in data/frameworks/SOURCES.md.
TAXONOMY_FILE = settings.BASE_DIR / "data" / "frameworks" / "dahlgren_whitehead_rainbow.yaml"

# Age bands match the mid-2015 population fields of places.Population, so their share is known.
AGE_BANDS = [
    ("Children and young people (0–15)", "children-0-15", "children_0_15"),
    ("Adults of working age (16–59)", "adults-16-59", "aged_16_59"),
    ("Older people (60 and over)", "older-people-60-plus", "aged_60_plus"),
]
# The inclusion-health groups named in the Northamptonshire document.
INCLUSION_HEALTH = [
    ("People who are homeless", "people-who-are-homeless"),
    ("Gypsy, Roma and Traveller communities", "gypsy-roma-traveller"),
    ("Vulnerable migrants and asylum seekers", "vulnerable-migrants-asylum-seekers"),
    ("Sex workers", "sex-workers"),
]


def themes():
    """(code, name, parent code) for each theme, innermost layer first, extensions last."""
    data = yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))
    rows = []
    for item in data["items"]:
        rows.append((item["id"], item["name"], None))
        for child in item.get("children", []):
            rows.append((child["id"], child["name"], item["id"]))
    for extension in data.get("usage", {}).get("platform_extensions", []):
        rows.append((extension["id"], extension["name"], extension.get("parent")))
    return rows


@lru_cache(maxsize=1)
def theme_names():
    """{code: (name, parent code)} of every theme, in the taxonomy's order, from the Theme table.

    Kept for the life of the process: only a migration changes the table, and a deploy restarts the server."""
    from .models import Theme

    return {code: (name, parent) for code, name, parent in Theme.objects.values_list("code", "name", "parent_id")}


def load_themes(Theme):
    """Create or update the themes (given the model, so migrations can pass their historical one)."""
    for position, (code, name, parent) in enumerate(themes()):
        Theme.objects.update_or_create(code=code, defaults={"name": name, "parent_id": parent, "position": position})


def load_communities(Community):
    for position, (name, slug, field) in enumerate(AGE_BANDS):
        Community.objects.update_or_create(slug=slug, defaults={
            "name": name, "kind": "age_band", "population_field": field, "position": position})
    for position, (name, slug) in enumerate(INCLUSION_HEALTH, start=10):
        Community.objects.update_or_create(slug=slug, defaults={
            "name": name, "kind": "inclusion_health", "position": position,
            "description": "An inclusion-health group (Northamptonshire)."})
