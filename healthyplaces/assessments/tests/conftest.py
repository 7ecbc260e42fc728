import shutil

import pytest

from healthyplaces.testing import SOURCE_DATA

FRAMEWORKS = SOURCE_DATA / "frameworks"


@pytest.fixture
def frameworks(db):
    """Every framework in data/frameworks loaded, as the demo does."""
    from healthyplaces.assessments.frameworks import load_paths

    loaded, skipped = load_paths(sorted(FRAMEWORKS.glob("*.yaml")))
    return {version.framework.key: version for version, _ in loaded}


@pytest.fixture
def framework_copies(tmp_path):
    """A copy of data/frameworks that a test may spoil."""
    target = tmp_path / "frameworks"
    shutil.copytree(FRAMEWORKS, target)
    return target
