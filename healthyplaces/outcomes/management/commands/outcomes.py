"""`healthyplaces outcomes load-sample|anonymise`: programmes and outcomes from the command line.

`anonymise` is the scheduled task of retention: run it daily (cron or the host's scheduler)."""
from django.core.management.base import BaseCommand, CommandError

from healthyplaces.accounts.models import User
from healthyplaces.outcomes import sample, services
from healthyplaces.outcomes.figures import programme_figures


class Command(BaseCommand):
    help = "Programmes and outcomes: load the labelled sample programme."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        load = commands.add_parser("load-sample", help="load the labelled sample peer advocacy programme (once)")
        load.add_argument("--worker", action="append", default=[], metavar="USERNAME",
                          help="name this person as one of its workers (repeat for more)")
        load.add_argument("--officer", action="append", default=[], metavar="USERNAME",
                          help="name this person as one of its officers (repeat for more)")

        commands.add_parser("anonymise", help="anonymise the records past their programme's retention (run daily)")

    def handle(self, *args, action, **options):
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _people(self, usernames):
        found = list(User.objects.filter(username__in=usernames))
        missing = set(usernames) - {user.username for user in found}
        if missing:
            raise CommandError(f"No such person: {', '.join(sorted(missing))}")
        return found

    def _load_sample(self, worker, officer, **options):
        programme = sample.load_sample(workers=self._people(worker), officers=self._people(officer))
        figures = programme_figures(programme)
        total = figures.total
        self.stdout.write(f"{programme.name}: {total['n']} people engaged, {total['goals_set'].count} with "
                          f"co-produced goals, {total['regular_contact'].count} in regular contact "
                          f"(/outcomes/{programme.slug}/summary/).")

    def _anonymise(self, **options):
        done = services.anonymise_past_retention()
        self.stdout.write(f"{len(done)} participant record{'s' if len(done) != 1 else ''} anonymised "
                          "(past their programme's retention).")
