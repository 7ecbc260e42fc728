"""Actions in from a spreadsheet: a good file previewed then written in one go; each bad line named with its
reason and nothing written; what the download writes reads back."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.actions import importing, strategies
from healthyplaces.actions.models import Action
from healthyplaces.importing import ImportRefused

pytestmark = pytest.mark.django_db

HEADER = "title,owner,status,dropped_reason,focus_area,principles,places,start_date,due_date,partners\n"


@pytest.fixture
def loaded(people):
    strategies.load_paths()


def test_a_good_file_is_previewed_then_written_with_its_links(people, loaded, tmp_path):
    text = HEADER + ("Cooking sessions,Stockton-on-Tees Borough Council,on_track,,best_start,communities_centre; "
                     "prevention,E06000004; E01012187,2026-04-01,31/03/2027,Catalyst Stockton\n")
    rows = importing.read(text.encode(), "actions.csv", people[Role.OFFICER])
    assert [r.line for r in rows] == [2] and not Action.objects.exists()  # the preview writes nothing
    (made,) = importing.commit(rows, people[Role.OFFICER])
    assert (made.title, made.status, made.focus_area.key, str(made.due_date)) == (
        "Cooking sessions", "on_track", "best_start", "2027-03-31")
    assert {p.key for p in made.principles.all()} == {"communities_centre", "prevention"}
    assert [a.code for a in made.local_authorities.all()] == ["E06000004"]
    assert [lsoa.code for lsoa in made.lsoas.all()] == ["E01012187"]
    assert [p.name for p in made.partners.all()] == ["Catalyst Stockton"]


def test_every_bad_line_is_named_with_its_reason_and_nothing_is_written(people, loaded):
    text = HEADER + "\n".join([
        "No owner,,on_track,,,,,,,",
        "Unknown focus,Stockton-on-Tees Borough Council,on_track,,best_begining,,,,,",
        "Unknown principle,Stockton-on-Tees Borough Council,on_track,,best_start,kindness,,,,",
        "Unknown place,Stockton-on-Tees Borough Council,on_track,,,,Atlantis,,,",
        "Backwards,Stockton-on-Tees Borough Council,on_track,,,,,2026-05-01,2026-04-01,",
        "Dropped silently,Stockton-on-Tees Borough Council,dropped,,,,,,,",
        "Fine,Stockton-on-Tees Borough Council,on_track,,,,,,,",
    ]) + "\n"
    with pytest.raises(ImportRefused) as refused:
        importing.read(text.encode(), "actions.csv", people[Role.OFFICER])
    said = {p.line: p.reason for p in refused.value.problems}
    assert sorted(said) == [2, 3, 4, 5, 6, 7]
    assert "owner is missing" in said[2]
    assert "best_begining" in said[3] and "kindness" in said[4] and "Atlantis" in said[5]
    assert "due date must be on or after the start date" in said[6]
    assert "Say why the action was dropped" in said[7]
    assert not Action.objects.exists()


def test_a_partner_imports_only_its_own_organisations_actions_and_the_command_shares_the_service(
        people, loaded, tmp_path):
    path = tmp_path / "actions.csv"
    path.write_text(HEADER + "Council's,Stockton-on-Tees Borough Council,,,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: you may not record actions for Stockton-on-Tees Borough Council"):
        call_command("actions", "import", str(path), "--user", people[Role.PARTNER].username, stdout=StringIO())
    path.write_text(HEADER + "Catalyst's,Catalyst Stockton,,,,,,,,\n", encoding="utf-8")
    out = StringIO()
    call_command("actions", "import", str(path), "--user", people[Role.PARTNER].username, "--preview", stdout=out)
    assert "1 actions from actions.csv. Nothing written." in out.getvalue() and not Action.objects.exists()
    call_command("actions", "import", str(path), "--user", people[Role.PARTNER].username, stdout=StringIO())
    assert list(Action.objects.values_list("title", "owner__name")) == [("Catalyst's", "Catalyst Stockton")]


def test_what_the_download_writes_reads_back(people, loaded, tmp_path):
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    Action.objects.create(title="=Round trip", owner=council, status="at_risk", lead="Public health")
    out = tmp_path / "out.xlsx"
    call_command("actions", "export", "--output", str(out), stdout=StringIO())
    rows = importing.read(out.read_bytes(), "out.xlsx", people[Role.OFFICER])
    assert [(r.action.title, r.action.status, r.action.lead) for r in rows] == [("'=Round trip", "at_risk", "Public health")]


def test_the_import_page_previews_then_writes_and_lists_each_bad_line(people, loaded, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(people[Role.OFFICER])
    bad = HEADER + "No owner,,on_track,,,,,,,\n"
    response = client.post("/actions/import/", {"file": SimpleUploadedFile("bad.csv", bad.encode(), "text/csv")})
    assert response.status_code == 200 and "line 2" in response.content.decode() and not Action.objects.exists()
    good = HEADER + "Cooking sessions,Stockton-on-Tees Borough Council,on_track,,best_start,,,,,\n"
    response = client.post("/actions/import/", {"file": SimpleUploadedFile("good.csv", good.encode(), "text/csv")})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert [r.action.title for r in preview.context["rows"]] == ["Cooking sessions"] and not Action.objects.exists()
    assert client_for(people[Role.ANALYST]).get(response["Location"]).status_code == 403  # analysts do not import
    client = client_for(people[Role.OFFICER])
    assert client.post(response["Location"]).status_code == 302
    assert list(Action.objects.values_list("title", flat=True)) == ["Cooking sessions"]
    assert client.get(response["Location"]).status_code == 404  # used once
