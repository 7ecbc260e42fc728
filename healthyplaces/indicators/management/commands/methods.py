"""`healthyplaces methods life-expectancy|healthy-life-expectancy|dsr|proportion|rate|sii FILE --by COL[,COL…]` and
`healthyplaces methods decompose-gap FILE --between decile=1,decile=10 [--by sex] [--format csv]`."""
import contextlib
import io

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.methods.commandline import METHODS, run


class Command(BaseCommand):
    help = ("Compute a public-health statistic for one tidy CSV file and print CSV with 95% limits. "
            "life-expectancy needs startage (0, 1, 5 … 90), deaths and population; healthy-life-expectancy "
            "(Sullivan's method) startage, good_health (0 to 1), sample_size and deaths and population or lx and "
            "Lx; dsr x, n and ageband or startage; proportion and rate x and n; sii quantile, population, value "
            "and lowercl/uppercl or se. "
            "decompose-gap splits the gap in life expectancy between two groups (--between decile=1,decile=10) "
            "by age band and, where the file has a cause column, cause (Arriaga), from startage, deaths and "
            "population; it prints a table unless --format csv.")
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("method", choices=METHODS)
        parser.add_argument("file")
        parser.add_argument("--by", default="", help="grouping columns, separated by commas")
        parser.add_argument("--between", default="",
                            help="decompose-gap: the two groups, as COLUMN=FIRST,COLUMN=SECOND (e.g. decile=1,decile=10); "
                                 "a positive contribution widens the gap by which the second outlives the first")
        parser.add_argument("--format", choices=["table", "csv"], default="",
                            help="table or csv (default: csv, and a table for decompose-gap)")

    def handle(self, *args, method, file, by, between, format, **options):
        if method == "decompose-gap" and not between:
            raise CommandError("decompose-gap needs --between, e.g. --between decile=1,decile=10")
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            code = run(method, file, [c.strip() for c in by.split(",")], out=self.stdout, between=between, fmt=format)
        messages = errors.getvalue().strip()
        if code:
            raise CommandError(messages.removeprefix("error: ") or f"{method} failed", returncode=code)
        if messages:
            self.stderr.write(messages)
