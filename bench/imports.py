"""Benchmark: what refusing an oversized import costs (time and peak memory), against reading only what the limit allows.

Two files an asset import must refuse, made here:
- a CSV of 1,000,000 small rows (4 MB, under the 20 MB upload cap);
- a 3.6 MB .xlsx of wide rows (2,000 cells a row), once as Excel writes it (its size declared at the
  top of the sheet) and once with no declared size (as some tools write it).
The baseline, measured in the same run, is reading the CSV's first 100,001 rows into a list with the
csv module: the least an importer that keeps its rows to check them must do to know the file has more
than 100,000 rows. Each figure is printed with its ratio to that baseline; peak memory is Python's own allocations (tracemalloc), in a second run.

    .venv/bin/python bench/imports.py
"""
import csv
import io
import itertools
import random
import tempfile
import time
import tracemalloc
import zipfile

from openpyxl.utils import get_column_letter
from timing import django_on_fresh_sqlite


def million_row_csv():
    return ("name,category\n" + "a,b\n" * 1_000_000).encode()


def wide_xlsx(target_bytes=3_600_000, width=2_000, declared=True):
    """A workbook of rows `width` cells wide (random numbers, so it compresses as real data does), about target_bytes.

    The sheet is written directly (openpyxl takes minutes to write a million cells); with `declared`
    its size is given at the top of the sheet, as Excel writes it.
    """
    from openpyxl import Workbook

    rng = random.Random(5)
    book = Workbook()
    book.active.append(["name", "category"])
    template = io.BytesIO()
    book.save(template)
    header = "<row>" + "".join(f'<c t="inlineStr"><is><t>c{i}</t></is></c>' for i in range(width)) + "</row>"
    rows = []
    while len(rows) * width * 3.3 < target_bytes:  # about 3.3 bytes a cell once compressed
        rows.append("<row>" + "".join(f"<c><v>{rng.randrange(100_000)}</v></c>" for _ in range(width)) + "</row>")
    dimension = f'<dimension ref="A1:{get_column_letter(width)}{len(rows) + 1}"/>' if declared else ""
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + dimension
             + "<sheetData>" + header + "".join(rows) + "</sheetData></worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(template) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, sheet if item.filename == "xl/worksheets/sheet1.xml" else old.read(item.filename))
    return out.getvalue(), len(rows)


def baseline(data):
    """The csv module reading the header and the first 100,001 rows into a list, and no more."""
    return list(itertools.islice(csv.reader(io.StringIO(data.decode("utf-8"), newline="")), 100_002))


def whole_file(data):
    """What the asset importer did before: every row parsed, then counted."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def refuse(data, filename):
    from healthyplaces.assets import importing
    from healthyplaces.importing import ImportRefused

    try:
        importing.read(data, filename)
    except ImportRefused as refused:
        return str(refused.problems[0])
    raise AssertionError(f"{filename} was not refused")


def seconds(function, *args, repeats=3):
    best = None
    for _ in range(repeats):
        started = time.perf_counter()
        function(*args)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best


def peak_mb(function, *args):
    tracemalloc.start()
    function(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1048576


def main():
    django_on_fresh_sqlite(tempfile.mkdtemp(prefix="healthyplaces-bench-imports-"))
    rows_csv = million_row_csv()
    xlsx_declared, wide_rows = wide_xlsx()
    xlsx_undeclared, _ = wide_xlsx(declared=False)
    base_s, base_mb = seconds(baseline, rows_csv), peak_mb(baseline, rows_csv)
    print("Refusing oversized imports (best of 3; peak memory from a separate run)")
    print(f"  baseline: csv module reads the first 100,001 of 1,000,000 rows   {base_s * 1000:8.1f} ms  {base_mb:7.1f} MB")
    whole_s = seconds(whole_file, rows_csv, repeats=1)
    print(f"  (before: the whole file parsed, then counted                      {whole_s * 1000:8.1f} ms, "
          f"{whole_s / base_s:5.2f}x the baseline)")
    cases = [(f"1,000,000-row CSV ({len(rows_csv) / 1e6:.1f} MB)", rows_csv, "million.csv"),
             (f"wide .xlsx, size declared ({len(xlsx_declared) / 1e6:.1f} MB, {wide_rows:,} rows of 2,000 cells)",
              xlsx_declared, "wide.xlsx"),
             (f"wide .xlsx, no size declared ({len(xlsx_undeclared) / 1e6:.1f} MB)", xlsx_undeclared, "wide.xlsx")]
    for label, data, filename in cases:
        reason = refuse(data, filename)
        spent, peak = seconds(refuse, data, filename), peak_mb(refuse, data, filename)
        print(f"  {label}")
        print(f"      refused in {spent * 1000:8.1f} ms  {peak:7.1f} MB   ratio to baseline {spent / base_s:5.2f}x time, "
              f"{peak / base_mb:5.2f}x memory")
        print(f"      ({reason})")


if __name__ == "__main__":
    main()
