"""Full-text search: ranking, filters and counts, the same on SQLite and PostgreSQL; and the command."""
from datetime import date

import numpy as np
import pytest
from django.core.management import call_command

from healthyplaces.accounts.models import Role
from healthyplaces.insights import search_index
from healthyplaces.insights.search import Filters, search
from healthyplaces.places.services import find_area

pytestmark = pytest.mark.django_db


def ids(queryset):
    return [i.pk for i in queryset]


def test_the_best_match_comes_first(record):
    once = record(Role.OFFICER, "People mentioned housing once among many other things like parks and shops")
    often = record(Role.OFFICER, "Housing, housing, housing: damp housing and housing repairs",
                   quote="Housing is the problem")
    none = record(Role.OFFICER, "Parks and shops")
    results, counts = search(Filters(text="housing"))
    assert ids(results) == [often.pk, once.pk]
    assert none.pk not in ids(results)
    assert counts["kind"] == [("need", "A need", 2)]


def test_words_are_matched_by_stem_in_any_order_and_all_must_match(record):
    buses = record(Role.OFFICER, "The buses stopped running after the depot closed")
    record(Role.OFFICER, "The bus station is dirty")
    assert ids(search(Filters(text="stopping depots"))[0]) == [buses.pk]
    assert ids(search(Filters(text="depot stops"))[0]) == [buses.pk]
    assert ids(search(Filters(text="stopped station"))[0]) == []


def test_what_people_type_cannot_break_the_query(record):
    record(Role.OFFICER, "Quotes \"and\" brackets (are) fine")
    for text in ['"', "(", "AND OR NOT", "a* NEAR(b)", "x:y", "';DROP TABLE insights_insight;--", "💥"]:
        list(search(Filters(text=text))[0])
    assert len(ids(search(Filters(text='brackets"('))[0])) == 1


def test_search_does_not_find_insights_by_their_personal_data(record, people, client_for):
    record(Role.PARTNER, "Call Jo on 07700 900123 about the damp")
    assert ids(search(Filters(text="07700"))[0]) == []
    assert len(ids(search(Filters(text="damp"))[0])) == 1


def test_filters_by_area_theme_community_kind_and_period_with_counts(record):
    housing = record(Role.OFFICER, "Damp in flats", themes=["L3_housing"], kind="barrier",
                     communities=["older-people-60-plus"], held_on=date(2026, 2, 1))
    record(Role.OFFICER, "Damp in Corby flats", themes=["L3_housing"], lsoas=["E01026968"])
    record(Role.OFFICER, "Damp playground", themes=["X_built_environment"], communities=["children-0-15"],
           held_on=date(2026, 6, 1))
    stockton = list(find_area("E06000004").lsoas().values_list("code", flat=True))
    results, counts = search(Filters(text="damp", lsoa_codes=stockton))
    assert len(ids(results)) == 2
    assert {label for _, label, _ in counts["theme"]} == {"Housing", "Built environment / place (e.g. green space, transport)"}
    assert counts["place"][0][2] == 2
    assert [p[0] for p in counts["period"]] == ["2026 Q1", "2026 Q2"]
    # A layer matches its sub-themes: housing sits in living and working conditions.
    assert len(ids(search(Filters(themes=["L3_living_working"], lsoa_codes=stockton))[0])) == 2
    assert ids(search(Filters(themes=["L3_housing"], lsoa_codes=stockton))[0]) == [housing.pk]
    assert ids(search(Filters(text="damp", communities=["older-people-60-plus"]))[0]) == [housing.pk]
    assert ids(search(Filters(text="damp", kinds=["barrier"]))[0]) == [housing.pk]
    assert ids(search(Filters(date_from=date(2026, 1, 1), date_to=date(2026, 3, 1)))[0]) == [housing.pk]


def test_an_edited_insight_is_found_by_its_new_words_only(record, people):
    from healthyplaces.insights import services

    insight = record(Role.OFFICER, "Potholes on the high street")
    services.save_insight(by=people[Role.OFFICER], conversation=insight.conversation, insight=insight,
                          summary="Litter on the high street", kind="need", lsoa_codes=["E01012187"])
    officer = people[Role.OFFICER]  # the edit is not yet confirmed: shared with no one else, found by its recorder
    assert ids(search(Filters(text="potholes"), user=officer)[0]) == []
    assert ids(search(Filters(text="litter"), user=officer)[0]) == [insight.pk]
    insight.delete()
    assert ids(search(Filters(text="litter"), user=officer)[0]) == []


def test_the_search_page_filters_and_pages(people, client_for, record):
    for n in range(27):
        record(Role.OFFICER, f"Bins overflowing, report {n}", themes=["L3_water_sanitation"])
    client = client_for(people[Role.OFFICER])
    page = client.get("/insights/?q=bins&area=Stockton-on-Tees&theme=L3_water_sanitation").content.decode()
    assert "27 insights in Stockton-on-Tees" in page and "govuk-pagination" in page
    assert "Water and sanitation" in page
    assert "No insights match" in client.get("/insights/?q=zebra").content.decode()
    assert "No local authority" in client.get("/insights/?area=Nowhere-at-all").content.decode()


def test_the_command_searches_with_area_and_theme_as_csv(record, capsys):
    record(Role.OFFICER, "Damp in flats", themes=["L3_housing"], held_on=date(2026, 2, 1))
    record(Role.OFFICER, "=cmd| damp formula", themes=["L3_housing"])
    record(Role.OFFICER, "Damp in Corby", themes=["L3_housing"], lsoas=["E01026968"])
    call_command("insights", "search", "damp", "--area", "Stockton-on-Tees", "--theme", "L3_housing", "--format", "csv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,held_on,kind,themes,summary,conversation"
    assert len(lines) == 3 and "Corby" not in "".join(lines)
    assert any(",'=cmd| damp formula," in line for line in lines)  # neutralised for spreadsheets
    call_command("insights", "search", "damp", "--counts", "--format", "csv")
    assert "theme,Housing,3" in capsys.readouterr().out


def test_words_too_common_to_rank_list_the_newest_first_and_the_page_says_so(record, people, client_for, monkeypatch):
    from healthyplaces.insights import search as searching

    best = record(Role.OFFICER, "Housing housing housing", held_on=date(2024, 1, 1))
    newest = record(Role.OFFICER, "Housing repairs are slow and the housing office is shut", held_on=date(2026, 1, 1))
    middle = record(Role.OFFICER, "Housing costs", held_on=date(2025, 6, 1))
    found, _ = search(Filters(text="housing"))
    assert found.ranked and not found.too_common and ids(found)[0] == best.pk
    monkeypatch.setattr(searching, "RANKED_LIMIT", 2)
    found, counts = search(Filters(text="housing"))
    assert found.too_common and not found.ranked
    assert ids(found) == [newest.pk, middle.pk, best.pk]
    assert counts["kind"] == [("need", "A need", 3)]
    page = client_for(people[Role.OFFICER]).get("/insights/?q=housing").content.decode()
    assert 'id="too-common"' in page and "3 insights" in page
    assert search(Filters(text="repairs"))[0].ranked  # a rarer word is ranked again


def test_the_in_memory_index_follows_every_change(record, people):
    from healthyplaces.insights import services
    from healthyplaces.insights.models import Theme

    first = record(Role.OFFICER, "Street lights broken", themes=["L3_housing"], held_on=date(2026, 2, 1))
    assert search(Filters(themes=["L3_housing"]))[1]["period"] == [("2026 Q1", "2026 Q1", 1)]
    # A new insight, an insight given a new theme, a conversation moved to another day.
    second = record(Role.OFFICER, "Street lights at last", themes=["L3_housing"])
    services.save_insight(by=people[Role.OFFICER], conversation=first.conversation, insight=first,
                          summary=first.summary, kind="barrier", lsoa_codes=["E01012187"],
                          themes=list(Theme.objects.filter(code="X_built_environment")))
    assert ids(search(Filters(themes=["L3_housing"]))[0]) == [second.pk]
    assert ids(search(Filters(kinds=["barrier"]))[0]) == [first.pk]
    first.conversation.held_on = date(2024, 7, 1)
    first.conversation.save()
    assert ids(search(Filters(date_to=date(2024, 12, 31)))[0]) == [first.pk]
    assert search(Filters())[1]["period"] == [("2024 Q3", "2024 Q3", 1), ("2026 Q2", "2026 Q2", 1)]
    # What the index learnt change by change is what a fresh read of the database gives.
    kept = search_index.current()
    fresh = search_index.SearchIndex()
    fresh.refresh(search_index.SearchIndex.read_key())
    def nonzero(index):
        figures = index.counts(np.ones(len(index), dtype=bool))
        return {by: {value: n for value, n in counts.items() if n} for by, counts in figures.items()}
    assert sorted(kept.ids.tolist()) == sorted(fresh.ids.tolist()) and nonzero(kept) == nonzero(fresh)
    second.delete()
    found, counts = search(Filters(text="street lights"))
    assert ids(found) == [first.pk] and counts["kind"] == [("barrier", "A barrier", 1)]


def test_a_word_finds_its_plural_and_its_family_on_either_database(record):
    """Issue 11, a first-time user's pages: "buses" does not find "bus", "loneliness" does not find
    "lonely". The same stems on SQLite and PostgreSQL (this file runs on both)."""
    bus = record(Role.OFFICER, "The bus to the hospital takes an hour")
    buses = record(Role.OFFICER, "Buses stop running at seven")
    lonely = record(Role.OFFICER, "Older men say they feel lonely since the pub shut")
    loneliness = record(Role.OFFICER, "Loneliness is worse in winter")
    children = record(Role.OFFICER, "Nowhere for children to play")
    cafe = record(Role.OFFICER, "The café is a warm space")
    assert sorted(ids(search(Filters(text="buses"))[0])) == sorted([bus.pk, buses.pk])
    assert sorted(ids(search(Filters(text="bus"))[0])) == sorted([bus.pk, buses.pk])
    assert sorted(ids(search(Filters(text="loneliness"))[0])) == sorted([lonely.pk, loneliness.pk])
    assert sorted(ids(search(Filters(text="lonely"))[0])) == sorted([lonely.pk, loneliness.pk])
    assert ids(search(Filters(text="child"))[0]) == [children.pk]
    assert ids(search(Filters(text="cafe"))[0]) == [cafe.pk]
    # Common words do not have to be there: on PostgreSQL's English configuration they were dropped, on SQLite not.
    assert ids(search(Filters(text="the bus to a hospital"))[0]) == [bus.pk]


def test_tags_are_searched_and_shared_only_with_a_confirmed_insight(record, people):
    """Issue 11, a first-time user's pages: tags are not searched. Issue 10's rule still holds: an
    insight not yet confirmed, and so its tags, is found only by its own organisation."""
    shared = record(Role.OFFICER, "People asked for somewhere to sit", tags="warm spaces, Norton")
    unconfirmed = record(Role.PARTNER, "A request about the library", tags="warm spaces", confirmed=False)
    assert ids(search(Filters(text="warm space"))[0]) == [shared.pk]  # no person: only what is shared
    assert ids(search(Filters(text="norton sit"))[0]) == [shared.pk]  # words from the text and the tags together
    assert ids(search(Filters(text="warm"), user=people[Role.PANEL_MEMBER])[0]) == [shared.pk]
    assert sorted(ids(search(Filters(text="warm"), user=people[Role.PARTNER])[0])) == sorted([shared.pk, unconfirmed.pk])
    # Tags changed later are found by their new words only.
    from healthyplaces.insights import services

    services.review_redaction(shared, by=people[Role.OFFICER], summary_redacted=shared.summary_redacted,
                              quote_redacted="", tags=services.tags_from_text("benches"))
    assert ids(search(Filters(text="bench"))[0]) == [shared.pk]
    assert ids(search(Filters(text="norton"))[0]) == []


def test_reindexing_the_words_finds_insights_whose_stored_words_are_stale(record, capsys):
    """After a change to words.py, `insights reindex-words` makes the stored stems again."""
    from healthyplaces.insights.models import Insight

    insight = record(Role.OFFICER, "Loneliness among carers", tags="carers")
    Insight.objects.filter(pk=insight.pk).update(search_words="")
    assert ids(search(Filters(text="lonely"))[0]) == []
    call_command("insights", "reindex-words")
    assert "for 1 insights" in capsys.readouterr().out
    assert ids(search(Filters(text="lonely"))[0]) == [insight.pk]
    # The migration that added the column fills it the same way for the insights already there.
    from importlib import import_module

    from django.apps import apps

    Insight.objects.filter(pk=insight.pk).update(search_words="")
    import_module("healthyplaces.insights.migrations.0007_search_words").fill_search_words(apps, None)
    assert ids(search(Filters(text="carer lonely"))[0]) == [insight.pk]
