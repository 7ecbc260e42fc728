"""Reports from the command line.

    healthyplaces reports build we-said-we-did --year 2024 --output appendix.pdf
    healthyplaces reports build neighbourhood-profile --area "Stockton town centre and Portrack" --output profile.html
    healthyplaces reports build board-summary --area E06000004 --output board.pdf
    healthyplaces reports build community-summary --area "Stockton town centre and Portrack" --output summary.pdf
    healthyplaces reports build theme-deep-dive --area E06000004 --theme Housing --output housing.pdf

The report is drawn as the page draws it (the same template), as HTML or, by the output's extension, PDF. It
shows every organisation's actions unless --organisation names one; nothing is kept as a version.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from healthyplaces.accounts.models import Organisation

from ... import services
from ...models import Kind


class Command(BaseCommand):
    help = "Build a report as HTML or PDF."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        build = commands.add_parser("build", help="build a report to a file")
        build.add_argument("kind", choices=Kind.values)
        build.add_argument("--year", type=int, help="the year of the report whose recommendations to follow")
        build.add_argument("--area", default="", help="a local authority (code or name) or a neighbourhood")
        build.add_argument("--theme", default="", help="for a deep dive: the theme, by name or code")
        build.add_argument("--organisation", default="", help="the organisation whose report it is (exact name)")
        build.add_argument("--output", required=True, help="FILE.pdf or FILE.html")

    def handle(self, *args, **options):
        output = Path(options["output"])
        if output.suffix.lower() not in (".pdf", ".html"):
            raise CommandError(f"{output}: the output must end in .pdf or .html.")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(name=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation is called {options['organisation']!r}.")
        try:
            title, html, _ = services.render(options["kind"], year=options["year"], area=options["area"],
                                             theme=options["theme"], organisation=organisation)
        except services.ReportRefused as refused:
            raise CommandError(str(refused)) from None
        if output.suffix.lower() == ".pdf":
            output.write_bytes(services.pdf_of(html))
        else:
            output.write_text(services.standalone(html), encoding="utf-8")
        self.stderr.write(f"Wrote {title} to {output}.")
