"""The `healthyplaces` console script: Django's management commands, with our settings."""
import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthyplaces.settings.development")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "healthyplaces"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
