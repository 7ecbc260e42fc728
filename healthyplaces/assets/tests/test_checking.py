"""Checking values: themes, postcodes and coordinates."""
import json
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from healthyplaces.assets import checking

DATA = Path(checking.__file__).parent / "data"


def test_themes_match_the_copied_framework():
    framework = yaml.safe_load((settings.DATA_DIR / "frameworks" / "dahlgren_whitehead_rainbow.yaml").read_text())
    ids = [i["id"] for i in framework["items"]] + [c["id"] for i in framework["items"] for c in i.get("children", [])]
    ids += [x["id"] for x in framework["usage"]["platform_extensions"]]
    assert set(checking.themes()) == set(ids)


def test_themes_are_read_by_id_or_name():
    assert checking.parse_themes("L1_lifestyle; Housing") == (["L1_lifestyle", "L3_housing"], [])
    assert checking.parse_themes("Astrology") == ([], ["Astrology"])
    assert json.loads((DATA / "themes.json").read_text())["id"] == "dahlgren_whitehead_rainbow"


@pytest.mark.parametrize("text,expected", [("ts181ab", "TS18 1AB"), (" SW1A 1AA ", "SW1A 1AA"), ("M1 1AE", "M1 1AE"),
                                           ("TS18", None), ("12345", None), ("TS18 1ABC", None)])
def test_postcodes(text, expected):
    assert checking.normalise_postcode(text) == expected


def test_coordinates():
    assert checking.check_coordinates(54.57, -1.32) is None
    assert "swapped" in checking.check_coordinates(-1.32, 54.57)
    assert "outside England" in checking.check_coordinates(55.95, -3.19)  # Edinburgh
    assert "not a place on Earth" in checking.check_coordinates(100, 101)
