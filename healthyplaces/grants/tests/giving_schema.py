"""Validation against the 360Giving schemas kept in tests/data/360giving (see its SOURCES.md)."""
import json
import re
from datetime import datetime
from pathlib import Path

import jsonschema
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).parent / "data" / "360giving"


def _formats():
    """jsonschema checks date-time only with a package we do not install; the schema's oneOf (a date-time, or a
    YYYY-MM-DD date) needs it checked, else a plain date matches both and fails. RFC 3339: a date, T, a time."""
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value):
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)", value):
            return False
        datetime.fromisoformat(value.replace("z", "Z"))
        return True

    return checker


def _validator():
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    # Both files name their dialect as http://json-schema.org/draft/2020-12/schema, which is not its exact id.
    resource = DRAFT202012.create_resource(grant)
    # The package refers to the grant schema as 1.4.2; the grant schema calls itself 1.4.3 (the same file).
    registry = Registry().with_resources([(grant["$id"], resource),
                                          (grant["$id"].replace("1.4.3", "1.4.2"), resource)])
    return jsonschema.Draft202012Validator(package, registry=registry, format_checker=_formats())


VALIDATOR = _validator()


def problems(document):
    """Each way the document breaks the standard, as 'path: message' (none when valid); for a grant matching
    neither of the schema's two forms (to an organisation, to an individual), what each form misses."""
    found = []
    for error in sorted(VALIDATOR.iter_errors(document), key=str):
        for each in error.context or [error]:
            found.append(f"{'/'.join(map(str, each.absolute_path))}: {each.message}")
    return sorted(set(found))
