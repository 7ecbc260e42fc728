"""Fixtures for the indicators tests: the synthetic Fingertips export and a fingerprint of what the part stores."""
import hashlib
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "fingertips_sample.csv"


def indicators_snapshot():
    """A fingerprint of every indicators table, to prove a refused import wrote nothing."""
    from django.apps import apps

    snapshot = {}
    for model in apps.get_app_config("indicators").get_models():
        digest = hashlib.sha256()
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
        snapshot[model._meta.label] = digest.hexdigest()
    return snapshot


@pytest.fixture
def sample_bytes():
    return SAMPLE.read_bytes()


@pytest.fixture
def imported(db):
    """The synthetic export, imported with 'lower is better'."""
    from healthyplaces.indicators.importing import import_fingertips

    return import_fingertips(SAMPLE.read_bytes(), SAMPLE.name, polarity="low")
