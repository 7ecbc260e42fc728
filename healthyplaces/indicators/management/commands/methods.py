"""`healthyplaces methods life-expectancy|dsr|proportion|rate|sii FILE --by COL[,COL…]`: CSV in, CSV out."""
import contextlib
import io

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.methods.commandline import METHODS, run


class Command(BaseCommand):
    help = ("Compute a public-health statistic for one tidy CSV file and print CSV with 95% limits. "
            "life-expectancy needs startage (0, 1, 5 … 90), deaths and population; dsr x, n and ageband or "
            "startage; proportion and rate x and n; sii quantile, population, value and lowercl/uppercl or se.")
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("method", choices=METHODS)
        parser.add_argument("file")
        parser.add_argument("--by", default="", help="grouping columns, separated by commas")

    def handle(self, *args, method, file, by, **options):
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            code = run(method, file, [c.strip() for c in by.split(",")], out=self.stdout)
        messages = errors.getvalue().strip()
        if code:
            raise CommandError(messages.removeprefix("error: ") or f"{method} failed", returncode=code)
        if messages:
            self.stderr.write(messages)
