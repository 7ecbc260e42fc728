"""Reading a tabular data package (Frictionless `datapackage.json` and its CSV files), from a zip or a folder.

A zip is refused from its directory before anything is unpacked: too many files, or more unpacked
bytes than MAX_UNPACKED (the directory's sizes are what Python's zip reader will unpack, never more).
Each CSV is then read by `read_csv` within the row and cell limits, its lines kept, so a problem
names the file inside the package and its line ("services.csv, line 4").
"""
import io
import json
import zipfile
from pathlib import PurePosixPath

from .problems import refuse
from .reading import MAX_CELLS, MAX_UNPACKED, ZIP_UNREADABLE, decode, read_csv

MAX_FILES = 200


def read_zip(data, filename, *, max_unpacked=MAX_UNPACKED):
    """The files of a zip as {path inside it: bytes}, folders and hidden files left out."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        refuse(filename, 0, "this is not a zip file that can be read")
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not any(
            part.startswith((".", "__MACOSX")) for part in PurePosixPath(m.filename).parts)]
        if len(members) > MAX_FILES:
            refuse(filename, 0, f"the zip holds {len(members):,} files; a package may have at most {MAX_FILES}")
        unpacked = sum(m.file_size for m in members)
        if unpacked > max_unpacked:
            refuse(filename, 0, f"the zip unpacks to {unpacked / 1048576:,.0f} MB; the limit is {max_unpacked // 1048576} MB")
        try:
            return {m.filename: archive.read(m) for m in members}
        except ZIP_UNREADABLE:
            refuse(filename, 0, "this is not a zip file that can be read")


def read_data_package(files, filename, *, max_rows, max_cells=MAX_CELLS):
    """A data package's tables: {resource name: (file name, Table)}.

    `files` maps paths to bytes (a zip's members, or a folder's files). With a `datapackage.json` its
    resources name the tables and their paths; without one, every .csv file is a table named by its file.
    """
    by_name = {PurePosixPath(path).name.lower(): path for path in files}
    descriptor = next((path for path in files if PurePosixPath(path).name.lower() == "datapackage.json"), None)
    if descriptor:
        try:
            package = json.loads(decode(files[descriptor], descriptor))
            resources = [(str(r.get("name") or PurePosixPath(str(r["path"])).stem), str(r["path"]))
                         for r in package.get("resources", []) if isinstance(r, dict) and isinstance(r.get("path"), str)]
        except (ValueError, KeyError, AttributeError):
            refuse(filename, 0, f"{descriptor} is not a data package descriptor (JSON with 'resources', each with a 'path')")
        base = PurePosixPath(descriptor).parent
        found = {}
        for name, path in resources:
            full = str(base / path) if str(base) != "." else path
            if full not in files:
                refuse(filename, 0, f"{descriptor} names {path!r}, which is not in the package")
            found[name] = full
    else:
        found = {PurePosixPath(path).stem: by_name[PurePosixPath(path).name.lower()]
                 for path in files if path.lower().endswith(".csv")}
    if not found:
        refuse(filename, 0, "the package holds no CSV files (a data package is a datapackage.json and its CSV files)")
    tables = {}
    for name, path in found.items():
        shown = PurePosixPath(path).name
        tables[name] = (shown, read_csv(files[path], shown, max_rows=max_rows, max_cells=max_cells))
    return tables
