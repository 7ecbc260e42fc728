"""`healthyplaces actions load-strategies|load-sample|import|export`: strategies, the demo council's actions, and
actions in from and out to a spreadsheet."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F

from healthyplaces.accounts.models import User
from healthyplaces.actions import importing, sample, strategies, transfer
from healthyplaces.actions.models import Action
from healthyplaces.importing import ImportRefused


class Command(BaseCommand):
    help = "Actions: load the strategies (focus areas and principles) from data/strategies, load the sample actions."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        load = commands.add_parser("load-strategies", help="load strategy YAML files (all or nothing); "
                                                           "every file in data/strategies/ when none are named")
        load.add_argument("files", nargs="*", metavar="FILE")
        commands.add_parser("load-sample", help="load the Stockton-on-Tees Director of Public Health Report actions, "
                                                "marked as sample (once)")
        load = commands.add_parser("import", help="import actions from a CSV or .xlsx file (the download's columns): "
                                                  "every line checked, any problem refuses the whole file")
        load.add_argument("file")
        load.add_argument("--user", required=True, help="who is importing (a username)")
        load.add_argument("--preview", action="store_true", help="check and show, write nothing")
        out = commands.add_parser("export", help="write actions to a CSV or .xlsx file, spreadsheet-safe")
        out.add_argument("--output", required=True, metavar="FILE.csv|FILE.xlsx")
        out.add_argument("--status", action="append", default=[], choices=Action.Status.values)
        out.add_argument("--report-year", type=int)

    def handle(self, *args, action, **options):
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _load_strategies(self, files, **options):
        try:
            loaded = strategies.load_paths(files)
        except ImportRefused as refused:
            raise CommandError("Nothing loaded:\n" + "\n".join(map(str, refused.problems))) from None
        for strategy, changed in loaded:
            self.stdout.write(f"{'Loaded' if changed else 'Unchanged'}: {strategy.name} ({strategy.source_file})")

    def _load_sample(self, **options):
        try:
            added, updates = sample.load()
        except sample.SampleNotReady as error:
            raise CommandError(str(error)) from None
        if not added:
            self.stdout.write("The sample actions are loaded already: nothing changed.")
            return
        self.stdout.write(self.style.SUCCESS(f"Loaded {added} sample actions with {updates} progress updates "
                                             f"(Director of Public Health Reports, Stockton-on-Tees)."))

    def _import(self, file, user, preview, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}")
        person = User.objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"No one is called {user!r}.")
        try:
            rows = importing.read(path.read_bytes(), path.name, person)
        except ImportRefused as refused:
            raise CommandError("Import refused, nothing written:\n" + "\n".join(map(str, refused.problems))) from None
        if preview:
            for row in rows:
                self.stdout.write(f"line {row.line}: {row.action.title} ({row.action.owner}, {row.action.get_status_display()})")
            self.stdout.write(f"{len(rows)} actions from {path.name}. Nothing written.")
            return
        made = importing.commit(rows, person)
        self.stdout.write(self.style.SUCCESS(f"Imported {len(made)} actions from {path.name}."))

    def _export(self, output, status, report_year, **options):
        actions = Action.objects.all()  # the command line is the platform's own: every action
        if status:
            actions = actions.filter(status__in=status)
        if report_year:
            actions = actions.filter(report_year=report_year)
        actions = actions.order_by(F("due_date").asc(nulls_last=True), "id")
        if output.lower().endswith(".xlsx"):
            Path(output).write_bytes(transfer.xlsx_bytes(actions))
        else:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                transfer.write_csv(stream, actions)
        self.stdout.write(f"Wrote {actions.count()} actions to {output}.")
