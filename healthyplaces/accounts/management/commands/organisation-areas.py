from django.core.management.base import BaseCommand, CommandError

from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.services import set_areas


class Command(BaseCommand):
    help = ("Say which local authorities (codes such as E06000004) an organisation covers; its officers and analysts "
            "act on the records there. The organisation is made, as a council, if it is new. No codes: it covers none.")

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's name, e.g. 'Durham County Council'")
        parser.add_argument("codes", nargs="*", help="Local authority codes")
        parser.add_argument("--kind", default=Organisation.Kind.COUNCIL, choices=Organisation.Kind.values,
                            help="The kind of a new organisation (default: council)")

    def handle(self, *args, organisation, codes, kind, **options):
        try:
            found = set_areas(organisation, codes, kind=kind)
        except ValueError as error:
            raise CommandError(str(error)) from None
        areas = ", ".join(f"{a.name} ({a.code})" for a in found.areas.order_by("name")) or "no area"
        self.stdout.write(self.style.SUCCESS(f"{found} covers {areas}."))
