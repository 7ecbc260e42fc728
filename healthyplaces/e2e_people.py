"""Make one person per role in the browser tests' database (run by the live_site fixture)."""
import sys

import django


def main(password):
    django.setup()
    from healthyplaces.accounts.models import Organisation, Role
    from healthyplaces.accounts.services import create_person

    council = Organisation.objects.create(name="Stockton-on-Tees Borough Council", kind="council")
    vcse = Organisation.objects.create(name="Catalyst Stockton", kind="vcse")
    for role in Role.values:
        create_person(f"{role}-person", role=role, organisation=vcse if role == Role.PARTNER else council,
                      password=password)


if __name__ == "__main__":
    main(sys.argv[1])
