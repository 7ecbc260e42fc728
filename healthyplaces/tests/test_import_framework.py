"""Issue 11, one import framework: one reader, one problem type and refusal, one rule for formula-like
cells each way, one upsert. The reader's limits are proved in test_reading.py."""
import csv
import io
import re
from datetime import date
from pathlib import Path
from unittest import mock

import pytest

from healthyplaces import importing, query_planner
from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.importing import ImportRefused, Problem

pytestmark = pytest.mark.django_db

PACKAGE = Path(importing.__file__).resolve().parent.parent
READER = Path(importing.__file__).resolve().parent / "reading.py"
EXPORTS = PACKAGE / "exports.py"
FORMULA_LIKE = ["=HYPERLINK(\"http://x\",\"click\")", "-3 degrees in the flat", "@StocktonCouncil", "+ more benches"]


def _csv(header, *rows):
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode()


def _cells(response):
    return [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]


def test_only_the_shared_reader_opens_csv_or_excel():
    """Issue 11: "the five readers go". No module but healthyplaces/importing/reading.py reads CSV or
    opens a workbook; healthyplaces/exports.py may write CSV and workbooks (downloads). Tests and conftest are
    left out."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.parts or path.name == "conftest.py" or path == READER:
            continue
        text = path.read_text(encoding="utf-8")
        reads = (re.search(r"^\s*(import|from)\s+openpyxl\b", text, re.MULTILINE) and path != EXPORTS) \
            or re.search(r"\bcsv\.(reader|DictReader)\b", text)
        if reads:
            found.append(f"{path.relative_to(PACKAGE)} reads CSV or Excel")
        elif path != EXPORTS and re.search(r"^\s*(import|from)\s+csv\b", text, re.MULTILINE):
            found.append(f"{path.relative_to(PACKAGE)} imports csv")
    assert found == []


def _refusal(function, *args, **kwargs):
    with pytest.raises(ImportRefused) as refused:
        function(*args, **kwargs)
    problems = refused.value.problems
    assert problems and all(isinstance(p, Problem) for p in problems), problems
    return [str(p) for p in problems]


def test_every_importer_refuses_with_the_one_refusal_naming_file_line_and_reason(people, tmp_path):
    """Issue 11: one problem type with line and reason and one refusal (the frameworks, the neighbourhood
    upload and the insights import each had their own)."""
    from healthyplaces.assessments.frameworks import load_texts
    from healthyplaces.assets import importing as assets
    from healthyplaces.indicators.importing import import_fingertips, import_mortality
    from healthyplaces.insights import importing as insights
    from healthyplaces.insights import services as insight_services
    from healthyplaces.places.loading import load_england
    from healthyplaces.places.services import lsoa_codes_from_csv

    partner = Organisation.objects.get(name="Catalyst Stockton")
    conversation = insight_services.save_conversation(by=people[Role.PARTNER], title="Survey", kind="survey",
                                                      held_on=date(2026, 10, 1), lsoa_codes=["E01012187"])
    assert _refusal(lsoa_codes_from_csv, b"lsoa_code\nE01012187\nE0101\n", "hood.csv") == [
        "hood.csv, line 3: 'E0101' is not an LSOA code"]
    assert _refusal(import_fingertips, b"Indicator ID\n1\n", "fingertips.csv")[0].startswith(
        "fingertips.csv, line 1: wrong header")
    assert _refusal(import_mortality, b"group,sex,year,age_band,deaths,population\n11,Male,2019,<1,5,100\n",
                    "deaths.csv", "Deaths")[0].startswith("deaths.csv, line 2: 'group' is '11'")
    assert _refusal(assets.commit, b"label,kind\nx,space\n", "assets.csv", partner) == [
        "assets.csv, line 1: the header needs a column named 'name' (and 'category')"]
    assert _refusal(insights.commit, b"summary,kind\nFine,complaint\n", "survey.csv", conversation, None) == [
        "survey.csv, line 2: kind must be need, strength, barrier or idea, not 'complaint'"]
    assert _refusal(load_texts, [("bad.yaml", "id: x\nname: [unclosed\n")])[0].startswith(
        "bad.yaml, line 3: not valid YAML")
    assert _refusal(load_texts, [("bad.yaml", "id: x\nname: X\nkind: teapot\n")]) == [
        "bad.yaml, kind: unknown kind 'teapot' (expected one of: assessment_framework, hia_matrix, taxonomy)"]
    assert _refusal(load_england, tmp_path)[0].endswith(f"file not found in {tmp_path}")


def test_formula_like_text_is_kept_on_the_way_in_and_neutralised_on_the_way_out(people, client_for):
    """Issue 11: one rule for formula-like cells. An import keeps them as written, as a web edit does
    (the assets import removed the leading sign, the insights and indicators imports refused the row);
    every download puts an apostrophe before them, so a spreadsheet shows them as text."""
    from healthyplaces.assets import importing as assets
    from healthyplaces.assets.models import Asset
    from healthyplaces.indicators.importing import import_fingertips
    from healthyplaces.insights import importing as insights
    from healthyplaces.insights import services as insight_services
    from healthyplaces.insights.models import Insight

    partner = Organisation.objects.get(name="Catalyst Stockton")
    header = ["name", "category", "description", "published"]
    assets.commit(_csv(header, *[[f"Club {n}", "association", text, "yes"] for n, text in enumerate(FORMULA_LIKE)]),
                  "assets.csv", partner, by=people[Role.PARTNER])
    assert sorted(Asset.objects.values_list("description", flat=True)) == sorted(FORMULA_LIKE)
    cells = _cells(client_for(people[Role.OFFICER]).get("/assets/assets.csv"))
    assert all("'" + text in cells for text in FORMULA_LIKE), cells

    conversation = insight_services.save_conversation(by=people[Role.PARTNER], title="Survey", kind="survey",
                                                      held_on=date(2026, 10, 1), lsoa_codes=["E01012187"])
    insights.commit(_csv(["summary", "kind"], *[[text, "need"] for text in FORMULA_LIKE]), "survey.csv",
                    conversation, people[Role.PARTNER])
    assert sorted(Insight.objects.values_list("summary", flat=True)) == sorted(FORMULA_LIKE)

    header = ["Indicator ID", "Indicator Name", "Area Code", "Area Type", "Sex", "Age", "Time period", "Value",
              "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator"]
    import_fingertips(_csv(header, ["F1", "=1+1 (a formula-like name)", "E01012195", "LSOA", "Persons", "All ages",
                                    "2019/20", "5", "", "", "", ""]), "fingertips.csv")
    response = client_for(people[Role.OFFICER]).get("/indicators/F1/values.csv")
    assert "'=1+1 (a formula-like name)" in _cells(response)


def test_the_upsert_counts_what_it_did_and_a_second_run_changes_nothing(django_capture_on_commit_callbacks):
    """Issue 11: one upsert, by natural key, in one transaction, with counts; the planner is told after commit."""
    from healthyplaces.indicators.models import MortalityCount, MortalityDataset

    dataset = MortalityDataset.objects.create(slug="upsert", name="Upsert", group_kind="decile")
    rows = [{"dataset_id": dataset.pk, "group": str(g), "sex": "Male", "year": 2019, "startage": 0,
             "deaths": g, "population": 100 * g} for g in (1, 2, 3)]
    key = ["dataset_id", "group", "sex", "year", "startage"]

    def run(rows):
        with mock.patch.object(query_planner, "refresh_planner_statistics") as refresh:
            with django_capture_on_commit_callbacks(execute=True):
                written = importing.upsert(MortalityCount, rows, key=key, held=dataset.counts.all())
        refresh.assert_called_with(MortalityCount)
        held = sorted(dataset.counts.values_list("group", "deaths", "population"))
        return (written.created, written.updated, written.unchanged), held

    assert run(rows) == ((3, 0, 0), [("1", 1, 100), ("2", 2, 200), ("3", 3, 300)])
    assert run(rows) == ((0, 0, 3), [("1", 1, 100), ("2", 2, 200), ("3", 3, 300)])
    changed = [rows[0], {**rows[1], "deaths": 7}, {**rows[2], "group": "4"}]
    assert run(changed) == ((1, 1, 1), [("1", 1, 100), ("2", 7, 200), ("3", 3, 300), ("4", 3, 300)])


def test_the_upsert_writes_nothing_when_a_row_fails():
    """Issue 11: the upsert is one transaction: a row the database refuses leaves the others unwritten."""
    from django.db import IntegrityError

    from healthyplaces.indicators.models import MortalityCount, MortalityDataset

    dataset = MortalityDataset.objects.create(slug="upsert", name="Upsert", group_kind="decile")
    good = {"dataset_id": dataset.pk, "group": "1", "sex": "Male", "year": 2019, "startage": 0, "deaths": 1,
            "population": 100}
    with pytest.raises(IntegrityError):
        importing.upsert(MortalityCount, [good, {**good, "group": "2", "population": None}],
                         key=["dataset_id", "group", "sex", "year", "startage"])
    assert not dataset.counts.exists()


def test_an_import_row_is_checked_as_the_web_edit_is(people):
    """Issue 11: the same form validates a web edit and an import row, with maximum lengths from the model:
    an asset row's problems are the asset form's field errors, an insight row's the insight form's."""
    from healthyplaces.assets import importing as assets
    from healthyplaces.assets.forms import AssetForm
    from healthyplaces.assets.models import Asset
    from healthyplaces.insights import importing as insights
    from healthyplaces.insights import services as insight_services
    from healthyplaces.insights.forms import InsightForm

    longest = Asset._meta.get_field("name").max_length
    values = {"name": "n" * (longest + 1), "category": "space", "postcode": "TS99", "email": "nobody"}
    form = AssetForm(data=values)
    assert not form.is_valid()
    assert set(form.errors) == {"name", "postcode", "email"}, form.errors  # on the fields, not the form
    page = sorted(message.lower() for name in ("postcode", "email") for message in form.errors[name])
    partner = Organisation.objects.get(name="Catalyst Stockton")
    row = assets.preview(_csv(list(values), list(values.values())), "assets.csv", partner).rows[0]
    assert sorted(reason.lower() for reason in row.errors if "longer than" not in reason) == page
    assert f"name is longer than {longest} characters" in row.errors

    conversation = insight_services.save_conversation(by=people[Role.PARTNER], title="Survey", kind="survey",
                                                      held_on=date(2026, 10, 1), lsoa_codes=["E01012187"])
    # A summary longer than the form takes is kept whole as the quote (issue 12), so the quote is checked.
    quote = "q" * (InsightForm.base_fields["quote"].max_length + 1)
    form = InsightForm(data={"summary": "Fine", "quote": quote, "kind": "need"})
    assert not form.is_valid()
    preview = insights.parse(_csv(["summary", "quote", "kind"], ["Fine", quote, "need"]), "survey.csv", conversation)
    assert [str(p) for p in preview.problems] == [f"survey.csv, line 2: quote: {m}" for m in form.errors["quote"]]
