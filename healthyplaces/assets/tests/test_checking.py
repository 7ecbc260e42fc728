"""Checking values: themes, postcodes and coordinates."""
import pytest

from healthyplaces.assets import checking


@pytest.mark.django_db
def test_themes_are_read_by_id_or_name():
    assert checking.parse_themes("L1_lifestyle; Housing") == (["L1_lifestyle", "L3_housing"], [])
    assert checking.parse_themes("Astrology") == ([], ["Astrology"])


@pytest.mark.django_db
def test_assets_take_their_themes_from_the_one_taxonomy():
    """Issue 11, Tidy: one theme taxonomy. Assets read a JSON copy of it, kept in step with insights'
    table by a test, and named a theme as the copy had cut it at its comma."""
    from healthyplaces.insights import taxonomy
    from healthyplaces.insights.models import Theme

    assert checking.themes()["X_built_environment"] == ("Built environment / place (e.g. green space, transport)",
                                                        "L3_living_working")
    # A theme that a migration adds to the table is one assets can be tagged with.
    Theme.objects.create(code="X_test_theme", name="A theme added later", parent_id="L3_living_working", position=99)
    taxonomy.theme_names.cache_clear()
    try:
        assert checking.parse_themes("A theme added later") == (["X_test_theme"], [])
        assert ("X_test_theme", "— A theme added later") in checking.theme_choices()
    finally:
        taxonomy.theme_names.cache_clear()


@pytest.mark.parametrize("text,expected", [("ts181ab", "TS18 1AB"), (" SW1A 1AA ", "SW1A 1AA"), ("M1 1AE", "M1 1AE"),
                                           ("TS18", None), ("12345", None), ("TS18 1ABC", None)])
def test_postcodes(text, expected):
    assert checking.normalise_postcode(text) == expected


def test_coordinates():
    assert checking.check_coordinates(54.57, -1.32) is None
    assert "swapped" in checking.check_coordinates(-1.32, 54.57)
    assert "outside England" in checking.check_coordinates(55.95, -3.19)  # Edinburgh
    assert "not a place on Earth" in checking.check_coordinates(100, 101)
