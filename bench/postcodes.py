"""Benchmark: loading every postcode in England from the national files (about 2.7 million rows each).

Runs on a fresh SQLite database in a temporary folder with England loaded first. The figure is printed with
its ratio to a baseline measured in the same run: reading the same three files with pandas and nothing
else (no checks, no transform, no writing). With --directory it also loads a national ONS Postcode Directory
in the 2025 layout, made from the shipped files (every UK postcode, 35 columns).
Target (issue 13): the postcode load of the full national file under 120 s.

    .venv/bin/python bench/postcodes.py [--directory]
"""
import argparse
import gzip
import tempfile
import time
import zipfile
from pathlib import Path

from timing import django_on_fresh_sqlite

TARGET = 120


def _parse_only(folder, shipped):
    import pandas as pd

    started = time.perf_counter()
    rows = 0
    for key in ("lookup", "directory"):
        rows += len(pd.read_csv(folder / shipped[key], dtype=str, keep_default_na=False, encoding="latin-1"))
    with zipfile.ZipFile(folder / shipped["code_point"]) as archive:
        for name in archive.namelist():
            if name.startswith("Data/CSV/") and name.endswith(".csv"):
                rows += len(pd.read_csv(archive.open(name), header=None, dtype=str, keep_default_na=False))
    return time.perf_counter() - started, rows


def _directory_file(folder, shipped, work):
    """A national directory in the 2025 layout, from the shipped cut (grid, authority) and lookup (doterm, LSOA)."""
    import pandas as pd

    directory = pd.read_csv(folder / shipped["directory"], dtype=str, keep_default_na=False)
    lookup = pd.read_csv(folder / shipped["lookup"], dtype=str, keep_default_na=False, encoding="latin-1")
    table = directory.merge(lookup[["pcds", "doterm", "lsoa11cd"]], on="pcds", how="left").fillna("")
    header = ("pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,lad25cd,wd25cd,"
              "nhser24cd,ctry25cd,rgn25cd,pcon24cd,ttwa15cd,itl25cd,npark16cd,lsoa21cd,msoa21cd,wz11cd,sicbl24cd,"
              "bua24cd,ruc21ind,oac11ind,lat,long,lep21cd1,lep21cd2,pfa23cd,imd20ind,icb23cd").split(",")
    out = pd.DataFrame({column: "" for column in header}, index=table.index)
    out["pcds"], out["doterm"] = table["pcds"], table["doterm"]
    out["east1m"], out["north1m"], out["lad25cd"] = table["oseast1m"], table["osnrth1m"], table["lad25cd"]
    out["ctry25cd"] = table["lad25cd"].str[0].map({"E": "E92000001", "W": "W92000004", "S": "S92000003",
                                                   "N": "N92000002"}).fillna("")
    out["lsoa21cd"] = table["lsoa11cd"].where(table["lsoa11cd"].str.startswith("E01"), "")
    path = Path(work) / "ONSPD_BENCH_UK.csv.gz"
    with gzip.open(path, "wt", compresslevel=1) as f:
        out.to_csv(f, index=False)
    return path, len(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directory", action="store_true", help="also load a national directory in ONS's layout")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="healthyplaces-bench-postcodes-"))
    django_on_fresh_sqlite(work)
    from django.conf import settings
    from django.core.management import call_command

    from healthyplaces.places import postcode_loading
    from healthyplaces.places.loading import load_england

    call_command("migrate", verbosity=0)
    load_england(settings.DATA_DIR)
    parse_seconds, rows = _parse_only(settings.DATA_DIR, postcode_loading.SHIPPED)

    started = time.perf_counter()
    load, _ = postcode_loading.load_shipped(settings.DATA_DIR)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    postcode_loading.load_shipped(settings.DATA_DIR)
    again = time.perf_counter() - started
    print(f"Postcodes: {rows:,} rows in the three national files; {load.rows:,} English postcodes written")
    print(f"  load        {seconds:6.1f} s   target < {TARGET} s   {'MET' if seconds < TARGET else 'MISSED'}"
          f"   ratio to reading the files with pandas alone ({parse_seconds:.1f} s): {seconds / parse_seconds:.1f}x")
    print(f"  second load {again:6.1f} s   (the same files: changes nothing)")
    if args.directory:
        path, directory_rows = _directory_file(settings.DATA_DIR, postcode_loading.SHIPPED, work)
        started = time.perf_counter()
        load = postcode_loading.load_directory(path)
        seconds = time.perf_counter() - started
        print(f"ONS Postcode Directory layout: {directory_rows:,} rows, {load.rows:,} English postcodes written")
        print(f"  load        {seconds:6.1f} s   target < {TARGET} s   {'MET' if seconds < TARGET else 'MISSED'}"
              f"   ratio to reading the shipped files with pandas alone: {seconds / parse_seconds:.1f}x")


if __name__ == "__main__":
    main()
