"""The demo council's sample actions: Stockton's 14 recommendations of 2023/4 with what was done ("We did"), in
the report's order, and the 18 actions of 2025; loaded once, after the strategies."""
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from healthyplaces.actions import sample, services
from healthyplaces.actions.models import Action, ProgressUpdate
from healthyplaces.insights.models import Conversation, Insight
from healthyplaces.places.models import Neighbourhood

pytestmark = pytest.mark.django_db

SOURCE = yaml.safe_load(sample.SAMPLE.read_text(encoding="utf-8"))
FOOD_DESERT = "There is no supermarket within walking distance of the town centre flats, only corner shops charging more."


def run(*args):
    out = StringIO()
    call_command("actions", *args, stdout=out)
    return out.getvalue()


def test_the_sample_needs_the_strategies_first_and_says_so():
    with pytest.raises(CommandError, match="load-strategies"):
        run("load-sample")
    assert not Action.objects.exists()


def test_the_sample_loads_stocktons_14_recommendations_in_order_with_what_was_done_and_the_18_new_actions():
    from healthyplaces.accounts.models import Organisation

    run("load-strategies")
    assert "Loaded 32 sample actions" in run("load-sample")
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    assert list(council.areas.values_list("code", flat=True)) == ["E06000004"]

    said = list(services.actions_for_year(2024))
    assert [a.number for a in said] == list(range(1, 15))
    assert said[0].title == "Adopt Population Intervention Triangle (PIT) approach"
    assert said[13].title == "Embed the PIT approach in a logic model to monitor the HWS"
    assert all(a.is_sample and a.owner == council and a.report == "Director of Public Health Annual Report 2023/4"
               for a in said)
    assert [u.text for u in said[0].progress.all()] == [
        "Adopted by SBC Cabinet, Health and Wellbeing Board (HWB)", "Shared at Team Stockton"]
    # a line split by the appendix's page break is one update; 8 and 9 share their cell, so both carry it
    assert said[4].progress.first().text.endswith("drivers of inequality and inequity")
    assert [u.text for u in said[7].progress.all()] == [u.text for u in said[8].progress.all()]
    assert said[7].progress.count() == 4
    assert [u.text for u in said[13].progress.all()] == ["See Action 13"]
    assert said[0].status == "done" and said[0].progress.last().status == "done"
    assert said[0].focus_area.strategy.key == "stockton_hws_2025_2030"
    assert {p.key for p in said[0].principles.all()} == {"everybodys_business", "place_based"}

    new = list(services.actions_for_year(2025))
    assert [a.number for a in new] == list(range(1, 19))
    assert all(a.status == "not_started" and not a.progress.exists() for a in new)
    assert new[17].title.startswith("Explore potential opportunity for restorative")

    # every line of every "We did" in the file is there, once, in its order
    for report in SOURCE["reports"]:
        for item in report["actions"]:
            action = Action.objects.get(report_year=report["year"], number=item["number"])
            assert [u.text for u in action.progress.all()] == item.get("we_did", [])


def test_the_sample_makes_the_town_centre_neighbourhood_and_links_the_food_deep_dive_to_what_people_said():
    from healthyplaces.accounts.models import Organisation

    partners = Organisation.objects.create(name="Sample partners", kind="vcse")
    conversation = Conversation.objects.create(title="Sample: town centre", kind="street", held_on="2025-05-01",
                                               organisation=partners, is_sample=True)
    said = Insight.objects.create(conversation=conversation, organisation=partners, kind="barrier", summary=FOOD_DESERT)
    run("load-strategies")
    run("load-sample")
    hood = Neighbourhood.objects.get(name="Stockton town centre and Portrack")
    assert hood.published and hood.lsoas.count() > 0
    assert set(hood.lsoas.values_list("ward__name", flat=True)) == {"Stockton Town Centre"}
    food = Action.objects.get(report_year=2025, number=7)
    assert food.source_insight == said and food.source_theme_id == "L3_agriculture_food"
    assert set(services.actions_for_area(hood).values_list("report_year", "number")) == {
        (2024, 12), (2025, 7), (2025, 9), (2025, 10)}


def test_loading_the_sample_twice_changes_nothing():
    run("load-strategies")
    run("load-sample")
    before = (list(Action.objects.order_by("pk").values_list("pk", "title", "status", "updated_at")),
              list(ProgressUpdate.objects.order_by("pk").values_list("pk", "text")), Neighbourhood.objects.count())
    assert "nothing changed" in run("load-sample")
    assert "Unchanged" in run("load-strategies")
    after = (list(Action.objects.order_by("pk").values_list("pk", "title", "status", "updated_at")),
             list(ProgressUpdate.objects.order_by("pk").values_list("pk", "text")), Neighbourhood.objects.count())
    assert after == before
    assert Action.objects.count() == 32
