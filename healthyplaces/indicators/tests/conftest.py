"""Fixtures for the indicators tests: the synthetic Fingertips export."""
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "fingertips_sample.csv"


@pytest.fixture
def sample_bytes():
    return SAMPLE.read_bytes()


@pytest.fixture
def imported(db):
    """The synthetic export, imported with 'lower is better'."""
    from healthyplaces.indicators.importing import import_fingertips

    return import_fingertips(SAMPLE.read_bytes(), SAMPLE.name, polarity="low")
