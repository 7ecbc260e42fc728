"""Actions to a spreadsheet: the list's filters honoured, only what the person may see, every cell safe to open."""
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.actions.models import Action, ProgressUpdate
from healthyplaces.actions.transfer import COLUMNS

pytestmark = pytest.mark.django_db


def test_the_download_honours_the_filters_shows_only_what_may_be_seen_and_is_safe_in_a_spreadsheet(people, client_for):
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    risky = Action.objects.create(title="=HYPERLINK(\"http://example.com\")", owner=council, status="on_track",
                                  due_date=date(2027, 3, 31), lead="Public health team")
    ProgressUpdate.objects.create(action=risky, date=date(2026, 6, 1), text="First sessions run", organisation=council)
    Action.objects.create(title="Finished", owner=council, status="done")
    durham = Organisation.objects.create(name="Durham County Council", kind="council")
    Action.objects.create(title="Durham's own", owner=durham, status="on_track")
    client = client_for(people[Role.OFFICER])
    response = client.get("/actions/export/?status=on_track")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 2  # not the done one, not Durham's
    assert lines[1].split(",")[1].startswith("\"'=HYPERLINK")  # run as text, not as a formula
    assert "First sessions run" in lines[1] and "2027-03-31" in lines[1]
    book = load_workbook(io.BytesIO(client.get("/actions/export/?format=xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert sorted(r[1] for r in rows[1:]) == ["'=HYPERLINK(\"http://example.com\")", "Finished"]
    assert client_for(None).get("/actions/export/").status_code == 302  # sign in first
