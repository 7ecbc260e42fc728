"""Building a report: its content (content.py) rendered by one template to HTML, and the same HTML to PDF
through WeasyPrint, kept as a dated version.

The PDF is drawn from exactly the HTML kept, with the same style sheet, so the two say the same. WeasyPrint
fetches nothing while it draws: the only resource a report names is its own style sheet, which is read from
this app's static folder (charts and maps are SVG within the page).
"""
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.templatetags.static import static

from healthyplaces.accounts.permissions import organisation_for
from healthyplaces.jobs.services import Progress

from . import content
from .content import BUILDERS, NEEDS_AREA, ReportRefused, find_place
from .models import Kind, ReportVersion

STYLESHEET = Path(__file__).parent / "static" / "reports" / "report.css"


def _fetcher():
    """A WeasyPrint URL fetcher that serves the report's style sheet and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.split("?")[0].endswith(static("reports/report.css")):
                return URLFetcherResponse(url, STYLESHEET.read_bytes(), {"Content-Type": "text/css"})
            raise ValueError(f"A report fetches nothing but its style sheet, not {url}")

    return ReportFetcher()


def pdf_of(html):
    """The PDF of a report's HTML."""
    from weasyprint import HTML

    return HTML(string=html, base_url="file:///report/", url_fetcher=_fetcher()).write_pdf()


def standalone(html):
    """The HTML with its style sheet written into it, for a file read away from the site (a download, the command).
    On the site the page links the style sheet instead: the Content-Security-Policy allows no inline style."""
    link = f'<link rel="stylesheet" href="{static("reports/report.css")}">'
    return html.replace(link, "<style>\n" + STYLESHEET.read_text(encoding="utf-8") + "</style>", 1)


def check_request(kind, year=None, area=None, theme=None):
    """Refuse what cannot be built, in the person's words: an unknown kind, a missing year or area."""
    if kind not in Kind.values:
        raise ReportRefused(f"There is no report called {kind!r}: choose one of {', '.join(Kind.values)}.")
    if kind == Kind.WE_SAID_WE_DID and not year:
        raise ReportRefused("Give the year of the report whose recommendations to follow (e.g. 2024 for 2023/4).")
    if kind in NEEDS_AREA and not (area or "").strip():
        raise ReportRefused("Give the area the report is about: a local authority or a neighbourhood.")
    if kind == Kind.THEME_DEEP_DIVE:
        content.find_theme(theme)


def render(kind, *, year=None, area=None, theme=None, organisation=None, by=None, today=None, progress=None):
    """(title, html, place) of a report, as it reads today."""
    check_request(kind, year, area, theme)
    progress = progress or Progress()
    place = find_place(area, by) if kind in NEEDS_AREA else None
    progress.stage("Gathering what the report says", total=2)
    context = BUILDERS[kind](year, place, theme, organisation, by, today or date.today())
    progress.advance()
    html = render_to_string("reports/document.html", {
        **context, "kind": kind, "kind_label": Kind(kind).label, "template": f"reports/kinds/{kind}.html",
        "built_on": today or date.today(), "organisation": organisation, "stylesheet": static("reports/report.css"),
        "site_name": getattr(settings, "SITE_NAME", "Healthy Places"),
    })
    progress.advance()
    return context["title"], html, place


def build(kind, *, by, year=None, area=None, theme=None, organisation=None, progress=None):
    """Build a report for the person, in the organisation they act for, and keep it as a new version."""
    organisation = organisation or organisation_for(by, "reports.build")
    if organisation is None:
        raise ReportRefused("Only an organisation's administrators, officers and analysts build reports.")
    progress = progress or Progress()
    title, html, place = render(kind, year=year, area=area, theme=theme, organisation=organisation, by=by,
                                progress=progress)
    progress.stage("Drawing the PDF", total=1)
    pdf = pdf_of(html)
    progress.advance()
    local_authority = place.local_authority if place else None
    if local_authority is None and kind == Kind.WE_SAID_WE_DID:
        local_authority = organisation.areas.order_by("code").first()
    with transaction.atomic():
        return ReportVersion.objects.create(
            kind=kind, title=title[:300], parameters={"year": year, "area": area or "", "theme": theme or ""}, year=year,
            area_name=place.name if place else "", organisation=organisation, local_authority=local_authority,
            public=bool(kind == Kind.COMMUNITY_SUMMARY and place and place.public), built_by=by, html=html, pdf=pdf)


__all__ = ["ReportRefused", "build", "check_request", "content", "pdf_of", "render", "standalone"]
