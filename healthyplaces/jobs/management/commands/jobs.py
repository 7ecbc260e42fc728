from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.jobs import services as jobs


class Command(BaseCommand):
    help = "Background jobs: prune the records of finished ones."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        prune = sub.add_parser("prune", help="forget jobs that finished more than DAYS days ago (waiting and "
                                             "running jobs, and those finished since, are kept)")
        prune.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        prune.add_argument("--dry-run", action="store_true", help="say how many, and forget none")

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _prune(self, older_than, dry_run, **options):
        if older_than < 1:
            raise CommandError(f"--older-than must be at least 1 day, not {older_than}.")
        count = jobs.prune(timedelta(days=older_than), dry_run=dry_run)
        verb = "Would forget" if dry_run else "Forgot"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} job(s) finished more than {older_than} day(s) ago."))
