"""Options shared by the deprivation commands."""
from django.core.management.base import CommandError

from healthyplaces.places.models import DEFAULT_EDITION, DOMAINS, Edition
from healthyplaces.places.services import AreaNotFound, find_areas


def add_area_options(parser):
    parser.add_argument("--area", action="append", required=True,
                        help="local authority code or exact name, neighbourhood, ward, MSOA or region; repeat to combine")
    parser.add_argument("--edition", default=DEFAULT_EDITION, choices=Edition.values)
    parser.add_argument("--domain", default="imd", choices=list(DOMAINS))
    parser.add_argument("--format", default="table", choices=["table", "csv"])


def resolve(areas):
    try:
        return find_areas(areas)
    except AreaNotFound as error:
        raise CommandError(str(error)) from None
