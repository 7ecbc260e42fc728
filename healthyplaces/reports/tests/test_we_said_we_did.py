"""The annual "We said, we did" appendix: built in the background, kept as a version, its PDF read back as text."""
import io
import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.actions.models import Action
from healthyplaces.jobs import services as jobs
from healthyplaces.jobs.models import Job
from healthyplaces.reports import services, tasks
from healthyplaces.reports.models import ReportVersion

from .stockton import RECOMMENDATIONS, make_recommendations

pytestmark = pytest.mark.django_db


def pdf_text(data):
    """Every page's text, its runs of white space made one space (a cell's text wraps onto lines, a hyphenated
    word after its hyphen: "Stockton-on-Tees" may read "Stockton- on-Tees")."""
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(data))).pages).split())
    return re.sub(r"(\w)- (\w)", r"\1-\2", text)


def words(text):
    return " ".join(text.split())


@pytest.fixture
def council(people):
    return Organisation.objects.get(name="Stockton-on-Tees Borough Council")


def test_the_pdf_lists_the_14_recommendations_in_the_reports_order_each_with_what_was_done(people, council):
    make_recommendations(council)
    version = services.build("we-said-we-did", by=people[Role.OFFICER], year=2024)
    text = pdf_text(version.pdf)
    said = [text.index(f"{number}. {words(title)}") for number, (title, _) in enumerate(RECOMMENDATIONS, start=1)]
    assert said == sorted(said)
    for (title, did), start, end in zip(RECOMMENDATIONS, said, said[1:] + [len(text)]):
        assert start < text.index(words(did), start) < end, f"{title!r} is not followed by its progress"
    assert "We said:" in text and "We did:" in text and "Director of Public Health Report 2023/4" in text
    # the web page says the same
    for title, did in RECOMMENDATIONS:
        assert words(title).replace("&", "&amp;").replace("'", "&#x27;") in words(version.html)
    assert version.organisation == council and version.local_authority_id == "E06000004" and not version.public


def test_it_builds_in_the_background_and_each_build_is_kept_as_a_version(people, council):
    make_recommendations(council)
    officer = people[Role.OFFICER]
    first = jobs.start(tasks.build_report, officer, kind="we-said-we-did", by=officer.pk, organisation=council.pk,
                       year=2024, area="")
    second = jobs.start(tasks.build_report, officer, kind="we-said-we-did", by=officer.pk, organisation=council.pk,
                        year=2024, area="")
    assert [first.status, second.status] == [Job.Status.DONE, Job.Status.DONE]
    versions = list(ReportVersion.objects.filter(kind="we-said-we-did"))
    assert len(versions) == 2 and first.result["url"] != second.result["url"]
    assert all(bytes(v.pdf).startswith(b"%PDF") for v in versions)


def test_a_build_without_its_year_stops_and_says_why(people, council):
    officer = people[Role.OFFICER]
    job = jobs.start(tasks.build_report, officer, kind="we-said-we-did", by=officer.pk, organisation=council.pk)
    assert job.status == Job.Status.FAILED and "Give the year" in job.failure
    assert not ReportVersion.objects.exists()


def test_text_is_escaped_in_the_page_and_reads_as_written_in_the_pdf(people, council):
    action = Action.objects.create(title="<script>alert('x')</script> Healthy <b>food</b>", owner=council,
                                   report_year=2024, number=1)
    action.progress.create(date=date(2025, 1, 1), text="<img src=x onerror=alert(1)> & more", organisation=council)
    version = services.build("we-said-we-did", by=people[Role.OFFICER], year=2024)
    assert "<script>" not in version.html and "<img" not in version.html and "<b>food" not in version.html
    assert "&lt;script&gt;" in version.html and "&lt;img src=x onerror=alert(1)&gt; &amp; more" in version.html
    text = "".join(pdf_text(version.pdf).split())  # a line may break after "</"
    assert "<script>alert('x')</script>Healthy<b>food</b>" in text and "<imgsrc=xonerror=alert(1)>&more" in text


def test_the_command_writes_the_pdf_or_the_html_with_its_style_sheet(council, tmp_path):
    make_recommendations(council)
    pdf, html = tmp_path / "appendix.pdf", tmp_path / "appendix.html"
    call_command("reports", "build", "we-said-we-did", "--year", "2024", "--output", str(pdf), stderr=io.StringIO())
    assert "14. Embed the PIT approach in a logic model to monitor the HWS" in pdf_text(pdf.read_bytes())
    call_command("reports", "build", "we-said-we-did", "--year", "2024", "--output", str(html),
                 "--organisation", council.name, stderr=io.StringIO())
    page = html.read_text()
    assert "<style>" in page and "rel=\"stylesheet\"" not in page and "1. Adopt Population Intervention" in page
    with pytest.raises(CommandError, match="Give the year"):
        call_command("reports", "build", "we-said-we-did", "--output", str(pdf))
    with pytest.raises(CommandError, match=r"\.pdf or \.html"):
        call_command("reports", "build", "we-said-we-did", "--year", "2024", "--output", str(tmp_path / "x.doc"))
    with pytest.raises(CommandError, match="No organisation"):
        call_command("reports", "build", "we-said-we-did", "--year", "2024", "--output", str(pdf),
                     "--organisation", "Nobody")


def test_the_stockton_demo_appendix_has_its_14_recommendations_in_order_each_with_what_was_done(people, council):
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("actions", "load-strategies", **quiet)
    call_command("actions", "load-sample", **quiet)
    loaded = list(Action.objects.filter(report_year=2024, owner=council).order_by("number"))
    assert [a.number for a in loaded] == list(range(1, 15))
    version = services.build("we-said-we-did", by=people[Role.OFFICER], year=2024)
    text = pdf_text(version.pdf)
    table = text[:text.index("By focus area")]
    starts = [table.index(words(f"{a.number}. {a.title}")) for a in loaded]
    assert starts == sorted(starts)
    for action, start, end in zip(loaded, starts, starts[1:] + [len(table)]):
        updates = list(action.progress.all())
        assert updates, action.title
        for update in updates:
            assert start < table.index(words(update.text), start) < end, (action.number, update.text)
    # grouped by the strategy's focus areas after the table
    for name in {a.focus_area.name for a in loaded}:
        assert words(name) in text[text.index("By focus area"):]
