from django.core.management.base import BaseCommand

from healthyplaces.accounts.services import ensure_admin


class Command(BaseCommand):
    help = "Create the first administrator with a random password, printed once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        password = ensure_admin(username)
        if password is None:
            self.stdout.write(f"The administrator {username!r} already exists; its password is unchanged.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Administrator created. Username: {username}  Password: {password}"))
            self.stdout.write("This password is shown only once: keep it, or reset it with `healthyplaces changepassword`.")
