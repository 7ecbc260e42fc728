"""Community assets from the command line.

    healthyplaces assets import FILE --partner ORG            # preview: what would change, nothing saved
    healthyplaces assets import FOLDER --partner ORG          # an HSDS 3.0 tabular package's CSV files
    healthyplaces assets import FILE --partner ORG --commit   # save, in one transaction
    healthyplaces assets sample --authority E06000004          # a labelled sample set for one authority
    healthyplaces assets scan-duplicates                       # open review pairs for duplicates across partners
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.accounts import audit
from healthyplaces.accounts.models import Organisation
from healthyplaces.exports import write_output
from healthyplaces.importing import ImportRefused

from ... import importing, sample, services


class Command(BaseCommand):
    help = "Import, sample and de-duplicate community assets."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        load = commands.add_parser("import", help="preview (or with --commit, save) a CSV, Excel, Open Referral JSON "
                                                  "file, or an HSDS 3.0 data package (.zip or folder)")
        load.add_argument("file", help="the file, or the folder of an HSDS 3.0 tabular data package")
        load.add_argument("--partner", required=True, help="the partner organisation's exact name")
        load.add_argument("--commit", action="store_true", help="save the valid rows (default: preview only)")
        load.add_argument("--format", default="table", choices=["table", "csv"], help="how to print the rows")
        load.add_argument("--max-mb", type=int, default=None, help="allow a larger file than the page does")
        made = commands.add_parser("sample", help="generate a clearly labelled sample asset set for a local authority")
        made.add_argument("--authority", required=True, help="local authority code or exact name")
        made.add_argument("--count", type=int, default=300)
        made.add_argument("--seed", type=int, default=1)
        commands.add_parser("scan-duplicates", help="look for probable duplicates across partners")

    def handle(self, *args, **options):
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _import(self, options):
        path = Path(options["file"])
        if not path.is_file() and not path.is_dir():
            raise CommandError(f"{path}: no such file or folder")
        partner = Organisation.objects.filter(name=options["partner"]).first()
        if partner is None:
            raise CommandError(f"No organisation is called {options['partner']!r}.")
        if options["max_mb"]:
            importing.MAX_BYTES = options["max_mb"] * 1024 * 1024
        try:
            if path.is_dir():
                files = {str(f.relative_to(path)): f.read_bytes() for f in sorted(path.rglob("*")) if f.is_file()}
                rows = importing.read_package(files, path.name)
            else:
                rows = importing.read(path.read_bytes(), path.name)
            if options["commit"]:
                with audit.acting_as(None):
                    result = importing.commit_rows(rows, path.name, partner)
            else:
                result = importing.preview_rows(rows, path.name, partner)
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        rows = [(importing.where(r), r.status, r.values.get("name", ""), "; ".join(r.errors or [d[1] for d in r.duplicates[:1]]))
                for r in result.rows if r.status != "unchanged"]
        write_output(self.stdout, ["where", "status", "name", "reason"], rows, options["format"])
        counts = result.counts
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        verb = "Saved" if options["commit"] else "Preview only, nothing saved (add --commit to save)"
        self.stderr.write(f"{verb}: {summary}.")

    def _sample(self, options):
        try:
            made = sample.generate(options["authority"], options["count"], options["seed"])
        except sample.SampleRefused as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"Sample data for {made['area']}: {made['assets']} assets from {made['partners']} "
                          f"sample partners, {made['duplicates']} probable duplicate pairs to review.")

    def _scan_duplicates(self, options):
        self.stderr.write(f"{services.scan_duplicates()} new probable duplicate pairs to review.")
