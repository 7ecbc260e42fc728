"""Bulk import from CSV and Excel: preview, atomic commit, re-runs, and every kind of bad input."""
import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from healthyplaces.accounts.models import AuditEvent, Role
from healthyplaces.insights import importing, search, services
from healthyplaces.insights.models import Community, Insight
from healthyplaces.uploads.models import HeldUpload

pytestmark = pytest.mark.django_db

HEADER = "summary,quote,quote_consent,kind,themes,tags,lsoas,neighbourhood,communities\n"
GOOD = (HEADER
        + "Damp in the flats,The walls are black,yes,barrier,L3_housing,damp,E01012188,,older-people-60-plus\n"
        + 'More benches in the park,,no,idea,"Built environment / place (e.g. green space, transport)",,,,\n'
        + "Ring Sam on 07700 900321 about the lunch club,,no,strength,L2_social_community,,,,\n")


@pytest.fixture
def conversation(people):
    return services.save_conversation(by=people[Role.PARTNER], title="Autumn survey", kind="survey",
                                      held_on=date(2026, 10, 1), lsoa_codes=["E01012187"],
                                      communities=list(Community.objects.filter(slug="adults-16-59")))


def refused(data, conversation, filename="survey.csv"):
    with pytest.raises(importing.ImportRefused) as error:
        importing.commit(data.encode() if isinstance(data, str) else data, filename, conversation, None)
    assert Insight.objects.count() == 0
    return [str(problem) for problem in error.value.problems]


def test_a_csv_is_previewed_then_committed_and_a_rerun_changes_nothing(people, client_for, conversation):
    client = client_for(people[Role.PARTNER])
    upload = SimpleUploadedFile("survey.csv", GOOD.encode(), content_type="text/csv")
    page = client.post("/insights/import/", {"conversation": conversation.pk, "file": upload}).content.decode()
    assert "Preview: 3 insights from survey.csv" in page and "1 with likely personal data" in page
    assert Insight.objects.count() == 0
    # The file waits in the database, not in the session that travels with every request.
    held = HeldUpload.objects.get()
    assert client.session["insights_import"] == str(held.token) and bytes(held.content) == GOOD.encode()
    response = client.post("/insights/import/", {"step": "confirm"})
    assert response.status_code == 302 and not HeldUpload.objects.exists()
    job = client.get(response["Location"]).content.decode()  # the import is a job; its page tells what it made
    assert "Imported 3 insights from survey.csv." in job
    assert f'href="/insights/conversations/{conversation.pk}/">See the conversation' in job
    insights = {i.summary: i for i in Insight.objects.all()}
    assert len(insights) == 3
    damp = insights["Damp in the flats"]
    assert damp.quote_consent and damp.kind == "barrier" and [t.code for t in damp.themes.all()] == ["L3_housing"]
    assert list(damp.lsoas.values_list("code", flat=True)) == ["E01012188"]
    assert list(damp.communities.values_list("slug", flat=True)) == ["older-people-60-plus"]
    benches = insights["More benches in the park"]  # empty places and communities: the conversation's
    assert list(benches.lsoas.values_list("code", flat=True)) == ["E01012187"]
    assert list(benches.communities.values_list("slug", flat=True)) == ["adults-16-59"]
    assert [t.code for t in benches.themes.all()] == ["X_built_environment"]
    assert [t.name for t in damp.tags.all()] == ["damp"]
    sam = insights["Ring Sam on 07700 900321 about the lunch club"]
    assert sam.needs_review and "07700" not in sam.summary_redacted
    assert all(i.organisation == conversation.organisation and i.recorded_by == people[Role.PARTNER]
               for i in insights.values())
    # Written in bulk: found by search at once, and the import is one event in the audit trail.
    assert [i.pk for i in search.find(search.Filters(text="benches"), user=people[Role.PARTNER])] == [benches.pk]
    event = AuditEvent.objects.get(action="import", model="insights.Insight")
    assert event.actor == people[Role.PARTNER] and event.changes["insights"] == 3
    assert importing.commit(GOOD.encode(), "survey.csv", conversation, people[Role.PARTNER]) == 0
    assert Insight.objects.count() == 3 and AuditEvent.objects.filter(model="insights.Insight").count() == 1


def test_an_excel_survey_export_imports(conversation, people):
    book = Workbook()
    sheet = book.active
    sheet.append(["Summary", "Kind", "Themes"])
    sheet.append(["Needs a youth club", "need", "L2_social_community"])
    sheet.append([None, None, None])
    sheet.append(["Great library", "strength", ""])
    data = io.BytesIO()
    book.save(data)
    assert importing.commit(data.getvalue(), "export.xlsx", conversation, people[Role.PARTNER]) == 2
    assert set(Insight.objects.values_list("summary", flat=True)) == {"Needs a youth club", "Great library"}


def test_formula_like_text_in_excel_is_kept_as_written(conversation, people):
    """Issue 11, one rule for formula-like cells on the way in: text that starts with = is kept as text
    (it was refused); a download puts an apostrophe before it (healthyplaces.exports)."""
    book = Workbook()
    book.active.append(["summary", "kind"])
    book.active.append(["=1+1 is what the sign said", "need"])
    book.active["A2"].data_type = "s"  # typed as text in the sheet, not a formula
    data = io.BytesIO()
    book.save(data)
    assert importing.commit(data.getvalue(), "export.xlsx", conversation, people[Role.PARTNER]) == 1
    assert list(Insight.objects.values_list("summary", flat=True)) == ["=1+1 is what the sign said"]


# Issue 12, bad input: each of these lines is left out with its reason, and the sound lines are imported.
BAD_ROWS = [
    ("Fine,,,need,,,E09999999,,", "survey.csv, line 2: no LSOA has the code 'E09999999'"),
    ("Fine,,,need,,,,Atlantis,", "survey.csv, line 2: no neighbourhood is called 'Atlantis'"),
    ("Fine,,,need,,,,,Pirates", "survey.csv, line 2: no community is called 'Pirates'; an officer can add it first"),
    ("Fine,,,need,L9_nothing,,,,", "survey.csv, line 2: no theme is called 'L9_nothing'"),
    (",a quote,,need,,,,,", "survey.csv, line 2: no answer: the summary is empty"),
    ("   ,,,need,,,,,", "survey.csv, line 2: no answer: the summary is empty"),
    ("Fine," + "q" * 10001 + ",,need,,,,,", "survey.csv, line 2: quote: Ensure this value has at most 10000 characters (it has 10001)."),
    ("Fine,,,complaint,,,,,", "survey.csv, line 2: kind must be need, strength, barrier or idea, not 'complaint'"),
    ("Fine,,maybe,need,,,,,", "survey.csv, line 2: quote_consent must be yes or no, not 'maybe'"),
    ("Fine,,,+need,,,,,", "survey.csv, line 2: kind must be need, strength, barrier or idea, not '+need'"),
]


@pytest.mark.parametrize("row,problem", BAD_ROWS, ids=[p.split(": ", 1)[1][:40] for _, p in BAD_ROWS])
def test_each_bad_line_is_reported_and_left_out_and_the_sound_lines_are_imported(conversation, people, row, problem):
    good = "A good row,,,need,,,,,\n"
    data = (HEADER + good + row + "\n" + good).encode()
    preview = importing.parse(data, "survey.csv", conversation)
    assert [str(p) for p in preview.problems] == [problem.replace("line 2", "line 3")]
    assert preview.lines_left_out == [3] and [r.line for r in preview.rows] == [2, 4]
    assert importing.commit_preview(preview, conversation, people[Role.PARTNER]) == 2
    assert sorted(Insight.objects.values_list("import_key", flat=True)) == [
        f"{conversation.pk}:{preview.digest[:40]}:{line}" for line in (2, 4)]


def test_files_that_are_not_utf8_or_not_tables_are_refused(conversation):
    neither = HEADER.encode() + b"Caf\x81 closed,,,need,,,,,\n"  # not UTF-8, and a byte Windows-1252 lacks
    assert refused(neither, conversation) == [
        "survey.csv, line 2: the file is not UTF-8 text, nor Windows-1252 (save it as 'CSV UTF-8')"]
    assert refused(b"", conversation) == ["survey.csv: the file is empty"]
    assert refused("quote,kind\nx,need\n", conversation) == [
        "survey.csv, line 1: choose at least one column that holds answer text"]
    assert refused(HEADER, conversation) == ["survey.csv: the file has no rows"]
    assert refused(b"PK\x03\x04not really", conversation, "export.xlsx") == ["export.xlsx: this is not an Excel workbook (.xlsx) that can be read"]
    assert refused(b"{}", conversation, "data.json") == ["data.json: choose a CSV (.csv) or Excel (.xlsx) file"]


def test_the_page_lists_problems_and_saves_nothing(people, client_for, conversation):
    upload = SimpleUploadedFile("survey.csv", (HEADER + ",,,need,,,,,\nOk,,,idea,,,E0,,\n").encode())
    page = client_for(people[Role.PARTNER]).post("/insights/import/", {"conversation": conversation.pk,
                                                                      "file": upload}).content.decode()
    assert "No line of the file can be imported" in page
    assert "survey.csv, line 2: no answer: the summary is empty" in page
    assert "survey.csv, line 3: no LSOA has the code &#x27;E0&#x27;" in page
    assert 'value="confirm"' not in page and Insight.objects.count() == 0
    # With no line to import, confirming does nothing.
    response = client_for(people[Role.PARTNER]).post("/insights/import/", {"step": "confirm"})
    assert response.status_code == 302 and Insight.objects.count() == 0


def test_confirming_an_import_queues_a_job_that_the_worker_writes(people, client_for, conversation):
    """Issue 11, Background work: the insights import confirmation is a task, not work done in the request."""
    from healthyplaces.jobs.models import Job
    from healthyplaces.jobs.testing import database_backend, run_worker

    client = client_for(people[Role.PARTNER])
    client.post("/insights/import/", {"conversation": conversation.pk,
                                      "file": SimpleUploadedFile("survey.csv", GOOD.encode())})
    with database_backend():
        job_page = client.post("/insights/import/", {"step": "confirm"})["Location"]
        assert Insight.objects.count() == 0 and Job.objects.get().status == Job.Status.WAITING
        run_worker()
    assert Insight.objects.count() == 3
    assert "Imported 3 insights from survey.csv." in client.get(job_page).content.decode()


def test_a_partner_may_import_only_into_its_own_organisations_conversations(people, client_for):
    council = services.save_conversation(by=people[Role.OFFICER], title="Council event", kind="event",
                                         held_on=date(2026, 10, 1), lsoa_codes=["E01012187"])
    upload = SimpleUploadedFile("survey.csv", GOOD.encode())
    page = client_for(people[Role.PARTNER]).post("/insights/import/", {"conversation": council.pk, "file": upload})
    assert "Select a valid choice" in page.content.decode()


def test_the_command_previews_and_imports(tmp_path, conversation, people, capsys):
    path = tmp_path / "survey.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("insights", "import", str(path), "--conversation", str(conversation.pk), "--user", "partner-person",
                 "--preview")
    assert ("3 insights from survey.csv (read as UTF-8), 3 new, 1 with likely personal data, 0 lines left out. "
            "Nothing written.") in capsys.readouterr().out
    call_command("insights", "import", str(path), "--conversation", str(conversation.pk), "--user", "partner-person")
    assert Insight.objects.count() == 3
    path.write_text(HEADER + "Fine,,,need,,,E09999999,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="survey.csv, line 2: no LSOA has the code 'E09999999'"):
        call_command("insights", "import", str(path), "--conversation", str(conversation.pk), "--user", "partner-person")
    assert Insight.objects.count() == 3


def test_a_nul_byte_is_refused_at_its_line_and_that_line_is_not_stored(conversation, people):
    """Issue 10, NUL bytes: on main the NUL was stored on SQLite and a 500 on PostgreSQL. Issue 12: its line
    alone is left out."""
    data = GOOD + "Bins\x00 overflow,,no,need,,,,,\n"
    preview = importing.parse(data.encode(), "survey.csv", conversation)
    assert [str(p) for p in preview.problems] == [
        "survey.csv, line 5: there is a NUL byte (character 0) here, which cannot be stored; remove it and import again"]
    assert importing.commit_preview(preview, conversation, people[Role.PARTNER]) == 3
    assert not Insight.objects.filter(summary__contains="Bins").exists()


def test_an_unterminated_quote_is_reported_at_the_line_where_it_opened(conversation):
    """Issue 10, quote errors: the quote opened on line 3 runs to the end of the file."""
    data = HEADER + "Damp,,no,barrier,,,,,\n" + '"More benches,,no,idea,,,,,\n' + "Bins,,no,need,,,,,\n"
    assert refused(data, conversation) == [
        "survey.csv, line 3: a quoted value starts here but its closing quote (\") is missing"]


def test_a_survey_with_more_rows_than_allowed_is_refused(conversation, monkeypatch):
    """Issue 10, import cost: the row limit stops the read (it was counted after reading the whole file)."""
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    assert refused(GOOD, conversation) == ["survey.csv: the file has more than 2 rows; import at most 2 at a time"]


def test_confirming_writes_the_previews_parse_without_reading_the_file_again(people, client_for, conversation,
                                                                             monkeypatch):
    """Issue 10, parse once: the held file is spoiled and the parser made to fail; confirm still imports."""
    client = client_for(people[Role.PARTNER])
    upload = SimpleUploadedFile("survey.csv", GOOD.encode())
    assert "Preview:" in client.post("/insights/import/", {"conversation": conversation.pk, "file": upload}).content.decode()
    HeldUpload.objects.update(content=b"\xff not the file")
    monkeypatch.setattr(importing, "parse", lambda *a, **k: pytest.fail("the file was parsed again"))
    monkeypatch.setattr(csv, "reader", lambda *a, **k: pytest.fail("the file was read again"))
    response = client.post("/insights/import/", {"step": "confirm"})
    assert response.status_code == 302
    assert Insight.objects.count() == 3
