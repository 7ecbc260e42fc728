"""Make one person per role in the browser tests' database (run by the live_site fixture), and the two councils
side by side: Stockton-on-Tees (everyone's but the partner's) and Durham, with an officer of its own."""
import sys

import django


def main(password):
    django.setup()
    from healthyplaces.accounts.models import Organisation, Role
    from healthyplaces.accounts.services import create_person, set_areas

    council = set_areas("Stockton-on-Tees Borough Council", ["E06000004"])
    durham = set_areas("Durham County Council", ["E06000047"])
    vcse = Organisation.objects.create(name="Catalyst Stockton", kind="vcse")
    for role in Role.values:
        create_person(f"{role}-person", role=role, organisation=vcse if role == Role.PARTNER else council,
                      password=password)
    create_person("durham-officer", role=Role.OFFICER, organisation=durham, password=password)


if __name__ == "__main__":
    main(sys.argv[1])
