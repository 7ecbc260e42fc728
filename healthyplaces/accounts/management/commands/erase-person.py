from django.core.management.base import BaseCommand, CommandError

from healthyplaces.accounts import audit, subject_access
from healthyplaces.accounts.models import User


class Command(BaseCommand):
    help = ("Erase a person's data on request: find their name, email or phone in insights and conversations, asset "
            "contacts and accounts, and list what would be erased; --confirm erases it (audited as --by).")

    def add_arguments(self, parser):
        parser.add_argument("identifier", help="the person's name, email or phone number, as written in the records")
        parser.add_argument("--by", required=True, metavar="USERNAME", help="the administrator acting on the request")
        parser.add_argument("--confirm", action="store_true", help="erase it; without this, nothing is changed")

    def handle(self, identifier, by, confirm, **options):
        actor = User.objects.filter(username=by).first()
        if actor is None:
            raise CommandError(f"No one is called {by!r}.")
        try:
            with audit.acting_as(actor):
                found = subject_access.erase(identifier, confirm=confirm)
        except ValueError as error:
            raise CommandError(str(error)) from None
        for record, what in found:
            self.stdout.write(f"{record}: {what}")
        if not found:
            self.stdout.write("No record holds that name, email or phone number.")
        elif confirm:
            self.stdout.write(self.style.SUCCESS(f"Erased from {len(found)} record(s); each change is in the audit trail."))
        else:
            self.stdout.write(f"{len(found)} record(s) would change. Nothing was erased: run again with --confirm.")
