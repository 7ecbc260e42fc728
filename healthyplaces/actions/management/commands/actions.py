"""`healthyplaces actions load-strategies|load-sample`: strategies and the demo council's actions."""
from django.core.management.base import BaseCommand, CommandError

from healthyplaces.actions import sample, strategies
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
