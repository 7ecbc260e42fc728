from django.core.management.base import BaseCommand, CommandError

from healthyplaces.assessments.frameworks import load_paths
from healthyplaces.importing import ImportRefused
from healthyplaces.assessments.models import Framework
from healthyplaces.exports import write_output


class Command(BaseCommand):
    help = "Load assessment frameworks from YAML (all or nothing), or list those loaded."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load framework YAML files; a changed file becomes a new version")
        load.add_argument("files", nargs="+", metavar="FILE")
        show = sub.add_parser("list", help="list the frameworks and their versions")
        show.add_argument("--format", default="table", choices=["table", "csv"])

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _load(self, files, **options):
        try:
            loaded, skipped = load_paths(files)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        for reason in skipped:
            self.stdout.write(f"Skipped {reason}")
        for version, created in loaded:
            what = "Loaded" if created else "Unchanged"
            self.stdout.write(f"{what}: {version.framework.key} version {version.number} ({version.source_file})")
        new = sum(1 for _, created in loaded if created)
        self.stdout.write(self.style.SUCCESS(f"{new} new framework version(s); {len(loaded) - new} unchanged; {len(skipped)} skipped."))

    def _list(self, format, **options):
        rows = [(f.key, f.get_kind_display(), v.number, v.loaded_at.strftime("%Y-%m-%d %H:%M"), v.source_file)
                for f in Framework.objects.all() for v in f.versions.all()]
        write_output(self.stdout, ["framework", "kind", "version", "loaded_at", "file"], rows, format)
