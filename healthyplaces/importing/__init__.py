"""The one import framework: every importer reads, reports and writes through it.

- `reading`: open a CSV, Excel or JSON file within its limits (size, rows, cells per row, an .xlsx's
  unpacked size), each row with the line a person sees in their editor.
- `problems`: one `Problem` (file, line or document path, reason), `Problems` to collect them and one
  refusal, `ImportRefused`: any problem refuses the whole file and nothing is written.
- `packages`: a tabular data package (`datapackage.json` and its CSV files) from a zip or a folder.
- `writing`: one `upsert` that inserts new rows and updates changed ones by their natural key in one
  transaction, and says how many were created, updated and unchanged.

Formula-like cells (text starting with = + - @, a tab or a carriage return, which a spreadsheet
may run) have one rule each way. On the way in they are kept as written: "-3 degrees in the flat",
"+44 1642 …" and "@StocktonCouncil" are what people mean, and a web edit accepts them too. On the
way out every download goes through `healthyplaces.exports`, which puts an apostrophe before such a
cell, so a spreadsheet shows it as text and never runs it. No importer has a rule of its own.
"""
from .packages import read_data_package, read_zip
from .problems import MAX_PROBLEMS, NUL_REASON, ImportRefused, Problem, Problems, refuse
from .reading import (
    MAX_CELLS,
    MAX_UNPACKED,
    ColumnTable,
    Columns,
    Table,
    csv_header,
    decode,
    decode_with_encoding,
    nul_paths,
    read_columns,
    read_csv,
    read_json,
    read_records,
    read_table,
    read_workbook_sheets,
    read_xlsx,
    refuse_nul_lines,
)
from .writing import Written, indexes_built_after, insert, insert_columns, row_of, upsert

__all__ = ["MAX_CELLS", "MAX_PROBLEMS", "MAX_UNPACKED", "NUL_REASON", "ColumnTable", "Columns", "ImportRefused", "Problem", "Problems",
           "Table",
           "csv_header", "decode", "decode_with_encoding", "nul_paths", "read_columns", "read_csv", "read_data_package",
           "read_json", "read_records", "read_table", "read_workbook_sheets", "read_xlsx", "read_zip", "refuse", "refuse_nul_lines",
           "Written", "indexes_built_after", "insert", "insert_columns", "row_of", "upsert"]
