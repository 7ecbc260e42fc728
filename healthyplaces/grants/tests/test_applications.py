"""Applying to a call-out and a panel's work, through the services: every refusal writes nothing."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.permissions import can, refusal
from healthyplaces.grants import services
from healthyplaces.grants.models import Application, Score
from healthyplaces.testing import database_snapshot


def data(**changes):
    values = dict(unregistered_group=True, applicant_name="Norton Knit and Natter", contact_name="Jo Bloggs",
                  title="Knit and natter mornings", amount=Decimal("900"),
                  budget_lines=[("Room hire", Decimal("600")), ("Wool and tea", Decimal("300"))],
                  answers={"need": "People on their own after the library closed", "people": 25})
    values.update(changes)
    return services.ApplicationData(**values)


def vcse():
    return Organisation.objects.get(name="Catalyst Stockton")


def test_a_submitted_application_keeps_its_budget_and_places(pot, people):
    application = services.save_application(pot, vcse(), data(lsoas=["E01012187"]), by=people[Role.PARTNER], submit=True)
    assert application.status == Application.Status.SUBMITTED and application.submitted_at
    assert [(line.item, line.amount) for line in application.budget_lines.all()] == [
        ("Room hire", Decimal("600")), ("Wool and tea", Decimal("300"))]
    assert list(application.lsoas.values_list("code", flat=True)) == ["E01012187"]


@pytest.mark.parametrize("changes, field, words", [
    ({"amount": Decimal("2500"), "budget_lines": [("Coach", Decimal("2500"))]}, "amount", "The most this call-out awards is £2,000.00"),
    ({"budget_lines": [("Room hire", Decimal("600"))]}, "budget", "add up to £600.00 but you asked for £900.00"),
    ({"budget_lines": []}, "budget", "Add at least one budget line"),
    ({"answers": {"people": 3}}, "q_need", "Answer the question: What need will your project meet?"),
])
def test_bad_applications_are_refused_and_nothing_is_stored(pot, people, changes, field, words):
    before = database_snapshot(app="grants")
    with pytest.raises(ValidationError) as refused:
        services.save_application(pot, vcse(), data(**changes), by=people[Role.PARTNER], submit=True)
    assert words in " ".join(refused.value.message_dict[field])
    assert database_snapshot(app="grants") == before


def test_after_the_deadline_even_a_draft_is_refused(pot, people):
    pot.closes_at = timezone.now() - timedelta(minutes=1)
    pot.save()
    with pytest.raises(ValidationError, match="This call-out closed on"):
        services.save_application(pot, vcse(), data(), by=people[Role.PARTNER])
    assert not Application.objects.exists()


def test_a_registered_only_call_out_refuses_an_unregistered_group(pot, people):
    pot.unregistered_groups = False
    pot.organisation_kinds = ["vcse"]
    pot.save()
    draft = services.save_application(pot, vcse(), data(), by=people[Role.PARTNER])  # a draft is kept...
    with pytest.raises(ValidationError) as refused:  # ... but not submitted
        services.save_application(pot, vcse(), data(), by=people[Role.PARTNER], application=draft, submit=True)
    assert refused.value.message_dict["unregistered_group"] == ["This call-out is open to registered organisations only."]
    developer = Organisation.objects.get(name="Tees Homes Ltd")
    reasons = services.eligibility(pot, unregistered_group=False, organisation_kind=developer.kind, amount=Decimal(1))
    assert reasons == {"unregistered_group": "This call-out is open to: voluntary, community or social enterprise organisation."}


def test_applicants_see_only_their_own(pot, people):
    own = services.save_application(pot, Organisation.objects.get(name="Tees Homes Ltd"), data(),
                                    by=people[Role.APPLICANT], submit=True)
    other = services.save_application(pot, vcse(), data(title="Walks"), by=people[Role.PARTNER], submit=True)
    applicant = people[Role.APPLICANT]
    assert can(applicant, "application.view", own) and not can(applicant, "application.view", other)
    assert list(services.applications_of(applicant)) == [own]
    assert can(people[Role.OFFICER], "applications.review", other)  # the council's officer, in its area
    assert refusal(people[Role.ANALYST], "application.view", other) == "Your role does not allow this."
    assert can(applicant, "application.edit", own) is False  # submitted: no longer changed
    assert refusal(applicant, "application.edit", own) == "This application has been submitted: it can no longer be changed."


def test_a_conflicted_member_can_neither_see_nor_score(pot, people):
    member = people[Role.PANEL_MEMBER]
    application = services.save_application(pot, vcse(), data(), by=people[Role.PARTNER], submit=True)
    assert can(member, "application.score", application)
    services.declare_conflict(application, member, "I am the group's treasurer")
    assert refusal(member, "application.view", application).startswith("You declared a conflict of interest")
    assert refusal(member, "application.score", application).startswith("You declared a conflict of interest")
    assert list(services.panel_applications(pot.round, member)) == []


def test_scores_on_the_scale_only_and_the_recommendation_within_budget(pot, people):
    member = people[Role.PANEL_MEMBER]
    criteria = services.principles(pot)
    assert len(criteria) == 6  # Durham's six principles
    a = services.save_application(pot, vcse(), data(), by=people[Role.PARTNER], submit=True)
    with pytest.raises(ValidationError) as refused:
        services.save_scores(a, member, {c.pk: (6 if i == 0 else 3, "") for i, c in enumerate(criteria)})
    assert refused.value.message_dict[f"score_{criteria[0].pk}"] == [
        "Score p1 must be a whole number from 0 to 5: you entered 6."]
    assert not Score.objects.exists()
    services.save_scores(a, member, {c.pk: (4, "Good") for c in criteria})
    assert services.panel_score(a) == Decimal("24.00")
    # A second application scored higher but too dear for what is left once both are counted: 10,000 budget.
    pot.max_amount = Decimal("10000")
    pot.save()
    b = services.save_application(pot, vcse(), data(title="Lunch club", amount=Decimal("9500"),
                                                    budget_lines=[("Meals", Decimal("9500"))]),
                                  by=people[Role.PARTNER], submit=True)
    c = services.save_application(pot, vcse(), data(title="Bus trips", amount=Decimal("500"),
                                                    budget_lines=[("Coach", Decimal("500"))]),
                                  by=people[Role.PARTNER], submit=True)
    services.save_scores(b, member, {k.pk: (5, "") for k in criteria})  # 30
    services.save_scores(c, member, {k.pk: (2, "") for k in criteria})  # 12
    with pytest.raises(ValidationError, match="differs from the members' mean of 12.00"):
        services.moderate(c, Decimal("25"), "", by=people[Role.OFFICER])
    services.moderate(c, Decimal("25"), "The panel agreed it reaches people nobody else does", by=people[Role.OFFICER])
    rows = services.recommendation(pot)
    # b 30 (9,500 funded, 500 left), c 25 moderated (500 fits exactly), a 24 (900 does not fit the 0 left)
    assert [(r.application.title, r.score, r.funded) for r in rows] == [
        ("Lunch club", Decimal("30.00"), True), ("Bus trips", Decimal("25.00"), True),
        ("Knit and natter mornings", Decimal("24.00"), False)]
    assert rows[2].reason == "£900.00 does not fit the £0.00 left."
