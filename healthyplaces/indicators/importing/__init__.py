"""Imports of indicator values and of deaths and populations: one function each, for the page and the command.

Every row is checked before anything is written; each problem is reported as `FILE, line N: reason`
and the import is refused whole (healthyplaces.importing's `Problems` and `ImportRefused`). The write is one
transaction keyed on the natural key of each row, so importing the same file again changes nothing.

One module per kind of file: `fingertips` (OHID's exports), `counts` (numerators and denominators),
`mortality` (deaths and populations, and the ONS file shipped in data/mortality/); `common` holds what they share.
"""
from healthyplaces.importing import ImportRefused

from .common import ImportResult, write_values
from .counts import import_counts, read_counts
from .fingertips import import_fingertips, read_fingertips
from .mortality import import_mortality, load_ons_mortality, read_mortality

__all__ = ["ImportRefused", "ImportResult", "import_fingertips", "import_counts", "import_mortality",
           "load_ons_mortality", "read_counts", "read_fingertips", "read_mortality", "run_import", "write_values"]


def run_import(kind, data, filename, *, polarity=None, method="proportion", dataset_name="", group_kind="decile",
               user=None):
    """The one entry point of the import page and the `import-indicators` command."""
    if kind == "fingertips":
        return import_fingertips(data, filename, polarity=polarity or None, user=user)
    if kind == "counts":
        return import_counts(data, filename, method, polarity=polarity or None, user=user)
    if kind == "mortality":
        return import_mortality(data, filename, dataset_name, group_kind, user=user)
    raise ValueError(f"Unknown kind of file {kind!r}: fingertips, counts or mortality")
