"""The package stands alone: plain Python, no Django, everything public exported."""
import ast
from pathlib import Path

import healthyplaces.methods as methods

PACKAGE = Path(methods.__file__).parent


def test_no_django_import_anywhere():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), path


def test_public_functions_are_exported():
    expected = {"dsr", "funnel_limits", "funnel_points", "funnel_significance", "isr", "life_expectancy",
                "mean", "proportion", "quantiles", "rate", "rii", "sii", "smr"}
    assert expected <= set(methods.__all__)
    assert all(callable(getattr(methods, name)) for name in expected)
    assert methods.ESP2013.sum() == 100_000 and len(methods.ESP2013) == 19
