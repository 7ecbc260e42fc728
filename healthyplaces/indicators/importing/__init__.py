"""Imports of indicator values and of deaths and populations: one function each, for the page and the command.

Every row is checked before anything is written; each problem is reported as `FILE, line N: reason`
and the import is refused whole (healthyplaces.importing's `Problems` and `ImportRefused`). The write is one
transaction keyed on the natural key of each row, so importing the same file again changes nothing.

One module per kind of file: `fingertips` (OHID's exports), `counts` (numerators and denominators),
`mortality` (deaths and populations, and the ONS file shipped in data/mortality/); `common` holds what they share.
"""
from healthyplaces.importing import ImportRefused

from .common import ImportResult, write_values
from .counts import import_counts, read_counts, write_counts
from .fingertips import import_fingertips, read_fingertips, write_fingertips
from .mortality import import_mortality, load_ons_mortality, read_mortality, read_mortality_dataset, write_mortality

__all__ = ["ImportRefused", "ImportResult", "import_fingertips", "import_counts", "import_mortality",
           "load_ons_mortality", "read_counts", "read_fingertips", "read_mortality", "read_file", "run_import",
           "write_file", "write_values"]


def read_file(kind, data, filename, *, method="proportion", dataset_name="", group_kind="decile", authority=""):
    """Check a file (and compute its values from counts), writing nothing: what the page holds for the job."""
    if kind == "fingertips":
        return read_fingertips(data, filename)
    if kind == "counts":
        return read_counts(data, filename, method)
    if kind == "mortality":
        return read_mortality_dataset(data, filename, dataset_name, group_kind, authority)
    raise ValueError(f"Unknown kind of file {kind!r}: fingertips, counts or mortality")


def write_file(kind, parsed, filename, *, polarity=None, method="proportion", dataset_name="", group_kind="decile",
               user=None):
    """Write what `read_file` returned, in one transaction."""
    if kind == "fingertips":
        return write_fingertips(parsed, filename, polarity=polarity or None, user=user)
    if kind == "counts":
        return write_counts(parsed, filename, method, polarity=polarity or None, user=user)
    if kind == "mortality":
        return write_mortality(parsed, filename, dataset_name, group_kind, user=user)
    raise ValueError(f"Unknown kind of file {kind!r}: fingertips, counts or mortality")


def run_import(kind, data, filename, *, polarity=None, method="proportion", dataset_name="", group_kind="decile",
               authority="", user=None):
    """The one import of the page (read here, written by its job) and the `import-indicators` command."""
    parsed = read_file(kind, data, filename, method=method, dataset_name=dataset_name, group_kind=group_kind,
                       authority=authority)
    return write_file(kind, parsed, filename, polarity=polarity, method=method, dataset_name=dataset_name,
                      group_kind=group_kind, user=user)
