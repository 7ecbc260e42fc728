"""Issue 11, "One map": every map page hands the one script its data the same way, with the tile setting."""
import re

import pytest
from django.templatetags.static import static
from django.test import override_settings

from healthyplaces.accounts.models import Role
from healthyplaces.assets.views import _gap_shade
from healthyplaces.indicators.tests.conftest import SAMPLE

TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
TILES_CREDIT = "Tiles © Example & friends"


def _attribute(tag, name):
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


@pytest.fixture
def map_pages(people):
    from healthyplaces.indicators.importing import import_fingertips
    from healthyplaces.places.services import save_neighbourhood

    import_fingertips(SAMPLE.read_bytes(), SAMPLE.name, polarity="low")
    save_neighbourhood("Maps test", ["E01012187", "E01012188"], by=people[Role.OFFICER], published=True)
    return ["/places/local-authority/E06000004/", "/places/neighbourhoods/maps-test/", "/places/lsoa/E01012187/",
            "/places/neighbourhoods/new/?authority=E06000004", "/assets/", "/assets/gaps/?area=E06000004",
            "/indicators/99901/"]


@pytest.mark.django_db
def test_every_map_page_uses_the_one_map_with_the_tile_server_and_a_way_to_the_table(map_pages, people, client_for):
    """Issue 11: one map script used by every map, the tile setting honoured everywhere (the asset maps
    ignored it), and without JavaScript a message whose link reaches the table on the same page."""
    client = client_for(people[Role.OFFICER])
    with override_settings(MAP_TILE_URL=TILES, MAP_TILE_ATTRIBUTION=TILES_CREDIT):
        for url in map_pages:
            page = client.get(url).content.decode()
            maps = re.findall(r'<div class="hp-map"[^>]*>', page)
            assert len(maps) == 1, url
            assert _attribute(maps[0], "data-tile-url") == TILES, url
            assert _attribute(maps[0], "data-tile-attribution") == "Tiles © Example &amp; friends", url
            assert "Office for National Statistics" in _attribute(maps[0], "data-boundary-attribution"), url
            assert _attribute(maps[0], "data-geojson-url") or _attribute(maps[0], "data-geojson"), url
            scripts = re.findall(r'<script[^>]*src="([^"]*)"', page)
            assert [s for s in scripts if "map" in s or "leaflet" in s] == [static("healthyplaces/map.mjs")], url
            message = re.search(r'<p class="govuk-body hp-map-message">The map needs JavaScript.*?href="#([^"]+)"', page, re.S)
            assert message and f'id="{message.group(1)}"' in page, url


@pytest.mark.django_db
def test_the_lsoa_map_carries_its_boundary_in_the_page(client):
    """The one LSOA's map draws from a JSON script element, not a data attribute the script parses by hand."""
    page = client.get("/places/lsoa/E01012187/").content.decode()
    assert 'data-geojson="lsoa-map-data"' in page
    assert re.search(r'<script id="lsoa-map-data" type="application/json">\{"type": "FeatureCollection"', page)


def test_the_gap_map_shades_in_bands_of_two_assets_per_thousand():
    assert [_gap_shade(v) for v in (0, 1.99, 2, 5.5, 7.99, 8, 40, None)] == ["0", "0", "1", "2", "3", "4", "4", "none"]
