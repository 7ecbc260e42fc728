"""Issue 12, survey and consultation exports: real layouts import as they come.

Each fixture is written here in the layout of a real export in `../shared/real-files/importers/`
(see its SOURCES.md), with the project's own invented answers:
- Santa Monica's open-ended wellbeing answers (`survey_santamonica_wellbeing_2014_open_ended.csv`):
  `Survey Year, Fullstring, Category 1, Sub-category 1 …`, Windows-1252, long answers, answers
  beginning with "-".
- i.AI Consult's consultation format (`survey_iai_consult_fixture_lgr_format.csv`): one column per
  question, headed by the question's text, closed and open questions side by side.
- Edinburgh's natural-neighbourhoods returns (`survey_edinburgh_natural_neighbourhoods_2013.csv`):
  `Record Id, Data Source, Allocated  NN, Pcode, Xcord, Ycord, Last  Modified, …` (double spaces in
  the headers, dates day first); postcodes here are English ones.
"""
import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from healthyplaces.accounts.models import Role
from healthyplaces.insights import columns, importing, services
from healthyplaces.insights.models import Community, Insight, SurveyMapping
from healthyplaces.places.models import Lsoa, Ward
from healthyplaces.uploads.models import HeldUpload

pytestmark = pytest.mark.django_db

LONG = ("The buses stop at six and the estate has no shop, so getting food means a taxi every week. " * 60).strip()
SANTA_MONICA = ("Survey Year,Fullstring,Category 1,Sub-category 1,Category 2,Sub-category 2\n"
                "2015,\"More benches by the caf\u00e9 \u2013 and shade\",Community,Green space,,\n"
                f"2015,\"{LONG}\",Transport,Buses,Personal,Food\n"
                "2015,-Decrease the rent  -more parking,Housing,Rent,,\n"
                "2015,=HYPERLINK(\"http://example.org\") is what the poster said,Other,,,\n"
                "2015,,,,,\n").encode("cp1252")

CONSULT = ("Respondent type - Respondent type,Location - address,Prop 1 Q1 - Do you agree or disagree with the proposal?,"
           "Prop 1 Q8 - Please use this space to explain your answers,Prop 2 Q1 - Do you agree or disagree with this proposal?,"
           "Prop 2 Q8 - Please use this space to explain your answers\n"
           "Individual,Stockton,Strongly agree,The youth club would finally have a building of its own,Agree,"
           "Another hall nearer the station would help older people get there\n"
           "Organisation,Stockton,Disagree,Our members cannot reach the new site without a car,Disagree,\n"
           "Individual,Stockton,Agree,,Strongly agree,A second site is better than one far away from everyone\n")


@pytest.fixture
def conversation(people):
    return services.save_conversation(by=people[Role.PARTNER], title="Wellbeing survey", kind="survey",
                                      held_on=date(2026, 10, 1), lsoa_codes=["E01012187"])


def test_a_windows_1252_export_with_long_and_formula_like_answers_imports_as_it_comes(conversation, people):
    """Issue 12: the Santa Monica layout. Windows-1252 is read and named; the answer column is guessed from
    its text; a long answer keeps its full text as the quote with the summary trimmed (it refused the file);
    answers starting with - or = are stored as written; an empty answer's line is left out, with its reason."""
    table = importing.read(SANTA_MONICA, "open-ended.csv")
    guessed = columns.guess(importing.header_of(table), table.rows)
    assert guessed.roles == ["ignore", "answer", "ignore", "ignore", "ignore", "ignore"]
    guessed.kind = "idea"
    preview = importing.parse(SANTA_MONICA, "open-ended.csv", conversation, guessed)
    assert preview.encoding == "Windows-1252"
    assert [str(p) for p in preview.problems] == ["open-ended.csv, line 6: no answer: every answer column is empty"]
    assert importing.commit_preview(preview, conversation, people[Role.PARTNER]) == 4
    insights = {i.summary[:12]: i for i in Insight.objects.all()}
    assert insights["More benches"].summary == "More benches by the caf\u00e9 \u2013 and shade"
    long, most = insights["The buses st"], Insight._meta.get_field("summary").max_length
    assert len(LONG) > most and long.quote == LONG and not long.quote_consent
    assert len(long.summary) <= most and long.summary.endswith("…") and LONG.startswith(long.summary[:-1])
    assert insights["-Decrease th"].summary == "-Decrease the rent  -more parking"
    assert insights['=HYPERLINK("'].summary == '=HYPERLINK("http://example.org") is what the poster said'
    assert {i.question for i in insights.values()} == {"Fullstring"} and {i.kind for i in insights.values()} == {"idea"}


def test_answers_are_guessed_from_long_varied_text_and_other_columns_from_their_names():
    """Issue 12, guesses from the header names: a coded category filled in once (Santa Monica's last
    sub-category) is not taken for answers; closed questions with a few short answers are not either."""
    rows = [f"answer number {n} about the buses and the shops" for n in range(50)]
    assert columns.guess_role("Fullstring", rows) == "answer"
    assert columns.guess_role("Sub-category 8", ["Aircraft noise over the northern estates"] + [""] * 49) == "ignore"
    assert columns.guess_role("Prop 1 Q1 - Do you agree?", ["Strongly agree", "Agree", "Disagree"] * 10) == "ignore"
    assert [columns.guess_role(h, []) for h in ("Pcode", "Post Code", "LSOA11CD", "Ward name", "Age group",
                                                "Date submitted", "Timestamp", "Communities", "summary")] == [
        "postcode", "postcode", "lsoa", "ward", "age_band", "date", "date", "community", "answer"]


def test_formula_like_answers_are_made_safe_in_the_export(conversation, people, capsys):
    """Issue 12: stored as written, an answer beginning with - or = leaves as text: the shared export rule
    (healthyplaces.exports) puts an apostrophe before it in the CSV the search command writes."""
    mapping = columns.Mapping(roles=["ignore", "answer", "ignore", "ignore", "ignore", "ignore"], kind="need")
    importing.commit(SANTA_MONICA, "open-ended.csv", conversation, people[Role.PARTNER], mapping)
    services.confirm_as_system([*Insight.objects.all(), conversation])
    call_command("insights", "search", "--format", "csv")
    summaries = [row[4] for row in csv.reader(io.StringIO(capsys.readouterr().out))][1:]
    assert "'-Decrease the rent  -more parking" in summaries
    assert "'=HYPERLINK(\"http://example.org\") is what the poster said" in summaries
    assert "More benches by the caf\u00e9 \u2013 and shade" in summaries


def test_a_consultation_with_several_open_questions_gives_one_insight_per_answer(conversation, people, client_for):
    """Issue 12: the consultation layout (question-text headers, UTF-8 with a byte order mark). The open
    questions are guessed as answers and the closed ones ignored; each answered question is an insight
    that keeps its question; the same file again adds nothing."""
    data = CONSULT.encode("utf-8-sig")
    table = importing.read(data, "consultation.csv")
    assert table.encoding == "UTF-8 with a byte order mark"
    mapping = columns.guess(importing.header_of(table), table.rows)
    assert mapping.roles == ["ignore", "ignore", "ignore", "answer", "ignore", "answer"]
    mapping.kind = "need"
    preview = importing.parse(data, "consultation.csv", conversation, mapping)
    assert not preview.problems
    assert [(r.line, r.question[:10]) for r in preview.rows] == [
        (2, "Prop 1 Q8 "), (2, "Prop 2 Q8 "), (3, "Prop 1 Q8 "), (4, "Prop 2 Q8 ")]
    assert importing.commit_preview(preview, conversation, people[Role.PARTNER]) == 4
    station = Insight.objects.get(summary__startswith="Another hall")
    assert station.question == "Prop 2 Q8 - Please use this space to explain your answers"
    assert list(station.lsoas.values_list("code", flat=True)) == ["E01012187"]  # the conversation's place
    page = client_for(people[Role.PARTNER]).get(f"/insights/{station.pk}/").content.decode()
    assert ('<dd class="govuk-summary-list__value" id="insight-question">Prop 2 Q8 - Please use this space to '
            'explain your answers</dd>') in page
    assert importing.commit(data, "consultation.csv", conversation, people[Role.PARTNER], mapping) == 0
    assert Insight.objects.count() == 4


def _stockton_ward():
    return Ward.objects.filter(local_authority_id="E06000004", lsoas__vintage=2011).distinct().order_by("code").first()


def test_place_community_age_band_and_date_columns_are_read_per_row(conversation, people):
    """Issue 12: a ward (by name, within the conversation's council), an LSOA, a community, an age band and a
    date place and date each insight; what cannot be read is a line's problem, and that line alone is left out."""
    ward = _stockton_ward()
    data = ("Response ID,What would make your area healthier?,Ward,LSOA,Age,Community,Date submitted,Kind\n"
            f"1,A safe crossing by the school,{ward.name},,65+,Unpaid carers,03/10/2026 14:22,need\n"
            "2,The allotments are a lifeline,,E01012188,25-34,,2026-10-04,strength\n"
            "3,Longer library hours,,,55-64,,,idea\n"
            "4,A bench at the bus stop,Nowhere Ward,,old,,31/02/2026,need\n").encode()
    Community.objects.create(name="Unpaid carers", slug="unpaid-carers", kind="interest")
    preview = importing.parse(data, "healthier.csv", conversation)
    assert [str(p) for p in preview.problems] == [
        "healthier.csv, line 5: the age band 'old' is not an age or a range of ages (such as 25-34 or 65+)",
        "healthier.csv, line 5: no ward is called 'Nowhere Ward'",
        "healthier.csv, line 5: the date '31/02/2026' is not a date: write it as 2026-10-01 or 01/10/2026"]
    assert [str(n) for n in preview.notes] == [
        "healthier.csv, line 4: the age band '55-64' spans more than one of the platform's age bands "
        "(0–15, 16–59, 60 and over), so no age band is recorded"]
    assert importing.commit_preview(preview, conversation, people[Role.PARTNER]) == 3
    crossing = Insight.objects.get(summary__startswith="A safe crossing")
    assert set(crossing.lsoas.values_list("code", flat=True)) == set(
        Lsoa.objects.filter(ward=ward, vintage=2011).values_list("code", flat=True))
    assert set(crossing.communities.values_list("slug", flat=True)) == {"unpaid-carers", "older-people-60-plus"}
    assert crossing.said_on == date(2026, 10, 3) and crossing.question == "What would make your area healthier?"
    allotments = Insight.objects.get(summary__startswith="The allotments")
    assert list(allotments.lsoas.values_list("code", flat=True)) == ["E01012188"]
    assert list(allotments.communities.values_list("slug", flat=True)) == ["adults-16-59"]
    assert allotments.kind == "strength" and allotments.said_on == date(2026, 10, 4)
    library = Insight.objects.get(summary__startswith="Longer library")
    assert library.said_on is None and list(library.lsoas.values_list("code", flat=True)) == ["E01012187"]


EDINBURGH = ("Record Id,Data Source,Allocated  NN,Pcode,Xcord,Ycord,Last  Modified,Generic Geography/Street name?\n"
             "1,Staff Survey,Norton,ts20 1aa,326549,676276,04/09/2013,\n"
             "2,Staff Survey,Hardwick,TS19  8BX,323515,672026,30/09/2013,generic\n"
             "3,General 1,Fairfield,not known,318957,674287,04/09/2013,\n")


def test_the_command_takes_the_columns_by_name_and_saves_them_for_the_next_file(tmp_path, conversation, capsys):
    """Issue 12: the Edinburgh layout on the command line: the options name the answer, postcode and date
    columns (the rest ignored) and one kind for all; the choices are saved for the organisation and reused.
    The postcode is kept as given, written the standard way; a bad one leaves its line out."""
    path = tmp_path / "natural-neighbourhoods.csv"
    path.write_text(EDINBURGH, encoding="utf-8")
    call_command("insights", "import", str(path), "--conversation", str(conversation.pk), "--user", "partner-person",
                 "--answer", "Allocated  NN", "--postcode", "Pcode", "--date", "Last  Modified", "--kind", "strength",
                 "--save-mapping", "Neighbourhood returns")
    out, err = capsys.readouterr()
    assert "Imported 2 insights into 'Wellbeing survey'. 1 line with problems was left out." in out
    assert "Left out: natural-neighbourhoods.csv, line 4: the postcode 'not known' is not a UK postcode" in err
    assert sorted(Insight.objects.values_list("summary", "postcode", "said_on", "kind")) == [
        ("Hardwick", "TS19 8BX", date(2013, 9, 30), "strength"), ("Norton", "TS20 1AA", date(2013, 9, 4), "strength")]
    saved = SurveyMapping.objects.get(organisation=conversation.organisation)
    assert (saved.name, saved.kind, saved.columns) == ("Neighbourhood returns", "strength", {
        "Allocated  NN": "answer", "Pcode": "postcode", "Last  Modified": "date"})
    path.write_text(EDINBURGH.replace("Norton", "Roseworth").replace("Hardwick", "Elm Tree"), encoding="utf-8")
    call_command("insights", "import", str(path), "--conversation", str(conversation.pk), "--user", "partner-person",
                 "--mapping", "Neighbourhood returns")
    assert Insight.objects.filter(summary__in=["Roseworth", "Elm Tree"], kind="strength").count() == 2
    with pytest.raises(CommandError, match="the file has no column 'Answer'"):
        call_command("insights", "import", str(path), "--conversation", str(conversation.pk), "--user",
                     "partner-person", "--answer", "Answer", "--kind", "need")


def test_an_answer_with_only_a_postcode_is_placed_in_its_postcodes_lsoa(tmp_path, conversation, capsys):
    """Issue 12 (and 13's postcodes): a postcode answer goes in the 2011 LSOA that the ONS postcode lookup gives
    it (TS20 1AA is E01012260 and TS19 8BX is E01012248 in the May 2022 lookup's own rows); a well-formed postcode
    the English files do not hold (an Edinburgh one) is placed where the conversation was, with a note."""
    path = tmp_path / "natural-neighbourhoods.csv"
    path.write_text(EDINBURGH.replace("not known", "EH1 1YZ"), encoding="utf-8")
    call_command("insights", "import", str(path), "--conversation", str(conversation.pk), "--user", "partner-person",
                 "--answer", "Allocated  NN", "--postcode", "Pcode", "--kind", "strength")
    out, err = capsys.readouterr()
    assert "Imported 3 insights" in out
    assert "line 4: the postcode EH1 1YZ is not in England's postcode files" in out + err
    placed = {i.summary: list(i.lsoas.values_list("code", flat=True)) for i in Insight.objects.all()}
    assert placed == {"Norton": ["E01012260"], "Hardwick": ["E01012248"], "Fairfield": ["E01012187"]}


def _upload(client, conversation, name, data):
    return client.post("/insights/import/", {"conversation": conversation.pk,
                                             "file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_the_page_offers_guesses_keeps_choices_shown_again_and_saves_them(people, client_for, conversation):
    """Issue 12: the page guesses each column from its name, says the encoding, shows the choices again with
    their error kept (no answer column chosen), previews and imports with the person's choices, and saves
    them by name for the organisation's next file."""
    client = client_for(people[Role.PARTNER])
    page = _upload(client, conversation, "open-ended.csv", SANTA_MONICA).content.decode()
    assert "Read as Windows-1252; 6 columns." in page
    assert '<option value="answer" selected>' in page and "Preview:" not in page  # no kind yet: no preview
    choices = {f"column_{n}": "ignore" for n in range(6)} | {"step": "columns", "kind": "barrier",
                                                            "column_2": "themes", "save_as": "Wellbeing"}
    again = client.post("/insights/import/", choices).content.decode()
    assert "Choose at least one column that holds answer text." in again
    assert '<option value="themes" selected>' in again and '<option value="barrier" selected>' in again
    assert not SurveyMapping.objects.exists()
    choices |= {"column_1": "answer", "column_2": "ignore"}
    preview = client.post("/insights/import/", choices).content.decode()
    assert "Preview: 4 insights from open-ended.csv" in preview and "1 line will be left out" in preview
    assert "1 answer longer than a summary holds, kept whole as the quote" in preview
    saved = SurveyMapping.objects.get(name="Wellbeing")
    assert saved.columns == {"Fullstring": "answer"} and saved.kind == "barrier"
    job = client.get(client.post("/insights/import/", {"step": "confirm"})["Location"]).content.decode()
    assert "Imported 4 insights from open-ended.csv. 1 line with problems was left out." in job
    assert set(Insight.objects.values_list("kind", flat=True)) == {"barrier"}
    # The next file: the saved choices are offered and used.
    page = _upload(client, conversation, "next.csv", SANTA_MONICA.replace(b"2015", b"2016")).content.decode()
    assert "Use choices saved before" in page
    used = client.post("/insights/import/", {"step": "saved", "saved": saved.pk}).content.decode()
    assert "Preview: 4 insights from next.csv" in used and '<option value="barrier" selected>' in used
    assert HeldUpload.objects.count() == 1
