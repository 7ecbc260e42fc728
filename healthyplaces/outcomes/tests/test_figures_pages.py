"""The programme figures for its named people, and the public summary with small numbers suppressed; the sample
programme's page shows Stockton's engaged, goals and regular-contact figures with intervals."""
import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.methods.programme_figures import share
from healthyplaces.outcomes.figures import in_regular_contact, programme_figures
from healthyplaces.outcomes.models import Contact, Goal, Participant, Programme

pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_regular_contact_needs_a_contact_in_each_of_the_last_weeks():
    weekly = [TODAY - timedelta(days=7 * week + 3) for week in range(8)]
    assert in_regular_contact(weekly, 8, TODAY)
    assert not in_regular_contact(weekly[:-1], 8, TODAY)  # nothing 7 to 8 weeks ago
    assert not in_regular_contact([on - timedelta(days=7) for on in weekly], 8, TODAY)  # nothing this week
    assert not in_regular_contact([TODAY + timedelta(days=1)] + weekly[1:], 8, TODAY)  # tomorrow does not count


def test_the_sample_programme_shows_engaged_goals_and_regular_contact_with_intervals(people, client_for):
    out = io.StringIO()
    call_command("outcomes", "load-sample", "--officer", people[Role.OFFICER].username, stdout=out)
    call_command("outcomes", "load-sample", stdout=io.StringIO())  # twice changes nothing
    programme = Programme.objects.get(sample=True)
    assert programme.participants.count() == 27 and programme.participants.filter(sample=False).count() == 0
    assert "27 people engaged" in out.getvalue()
    co_produced = Participant.objects.filter(programme=programme, goals__co_produced=True).distinct().count()
    expected = share(co_produced, 27)
    for page in (client_for(people[Role.OFFICER]).get(f"/outcomes/{programme.slug}/figures/"),
                 client_for(None).get(f"/outcomes/{programme.slug}/summary/")):
        text = " ".join(page.content.decode().split())
        assert "sample data" in text
        assert "People engaged</dt> <dd class=\"govuk-summary-list__value\">27</dd>" in text
        assert (f"{co_produced} of 27 ({round(expected.share * 100)}%; 95% confidence interval "
                f"{round(expected.lower * 100)}% to {round(expected.upper * 100)}%)") in text
    figures = programme_figures(programme)
    assert (figures.total["goals_set"].count, figures.total["regular_contact"].count) == (12, 22)  # Stockton's 44%, 83%
    change = figures.total["change:swemwbs:metric"]
    assert change.n == 24 and change.t_lower < change.change < change.t_upper


@pytest.fixture
def small_programme(people):
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    programme = Programme.objects.create(name="Small", slug="small", kind="funded_project", organisation=council)
    programme.officers.add(people[Role.OFFICER])
    for number in range(1, 13):  # 9 women, 3 men; goals for 6 women and 1 man
        participant = Participant.objects.create(programme=programme, reference=f"S-{number}", joined_on=TODAY - timedelta(days=90),
                                                 sex="female" if number <= 9 else "male")
        if number <= 6 or number == 10:
            Goal.objects.create(participant=participant, text="A goal", set_on=TODAY - timedelta(days=80))
        Contact.objects.create(participant=participant, on=TODAY, kind="phone")
    return programme


def test_the_public_summary_hides_small_numbers_and_what_would_reveal_them(small_programme, people, client_for):
    shown = programme_figures(small_programme)
    assert shown.total["goals_set"].count == 7
    public = programme_figures(small_programme, public=True)
    assert public.total["goals_set"].count == 7  # 7 of 12: the count and the rest (5) are both at least 5
    by_sex = dict((g["label"], g) for g in public.splits[1][1])
    assert by_sex["Male"]["hidden"] and by_sex["Male"]["n"] is None  # 3 men
    # with the men hidden, the women's figures would give the men's by subtraction from the total: hidden too
    assert by_sex["Female"]["hidden"] and by_sex["Female"]["goals_set"].count is None
    text = client_for(None).get("/outcomes/small/summary/").content.decode()
    assert "Not shown" in text and "Counts under 5 are not shown" in text
    assert ">1 of 3" not in text and "6 of 9" not in text
    officer_page = client_for(people[Role.OFFICER]).get("/outcomes/small/figures/").content.decode()
    assert "6 of 9" in officer_page and "1 of 3" in officer_page
