"""Bad input of the outcomes issue: each refused naming the field, and nothing saved."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from healthyplaces.accounts.models import Organisation
from healthyplaces.outcomes import services
from healthyplaces.outcomes.models import Participant, Programme, Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    council = Organisation.objects.create(name="Stockton-on-Tees Borough Council", kind="council")
    return Programme.objects.create(name="Peer advocacy", slug="peer-advocacy", kind="peer_advocacy",
                                    organisation=council)


@pytest.mark.parametrize("reference, says", [("12/03/1984", "must not be a date"), ("1984-03-12", "must not be a date"),
                                             ("Jane Smith", "must not be a name"), ("Smith", "must not be a name"),
                                             ("", "Enter the participant's reference")])
def test_a_name_or_date_of_birth_in_the_reference_is_refused(programme, reference, says):
    with pytest.raises(ValidationError) as refused:
        services.add_participant(programme, reference=reference, joined_on=date(2025, 1, 6))
    assert says in refused.value.message_dict["reference"][0]
    assert not Participant.objects.exists()


def test_a_postcode_outside_england_is_refused_and_one_in_it_kept_only_as_its_lsoa(programme):
    with pytest.raises(ValidationError) as refused:
        services.add_participant(programme, reference="PA-0001", joined_on=date(2025, 1, 6), postcode="EH1 1YZ")
    assert "not a postcode in England" in refused.value.message_dict["postcode"][0]
    with pytest.raises(ValidationError, match="not a postcode"):
        services.add_participant(programme, reference="PA-0001", joined_on=date(2025, 1, 6), postcode="nowhere")
    assert not Participant.objects.exists()
    from healthyplaces.places.models import Postcode
    held = Postcode.objects.filter(local_authority_code="E06000004").exclude(lsoa11="").first()
    participant = services.add_participant(programme, reference="PA-0001", joined_on=date(2025, 1, 6),
                                           postcode=held.postcode.lower().replace(" ", ""))
    assert participant.lsoa.code == held.lsoa11
    assert held.postcode not in str(Participant.objects.filter(pk=participant.pk).values().first())


def test_a_measure_before_joining_or_off_its_scale_is_refused(programme):
    participant = services.add_participant(programme, reference="PA-0001", joined_on=date(2025, 1, 6))
    answers = {f"sw{i}": 3 for i in range(1, 8)}
    with pytest.raises(ValidationError) as refused:
        services.record_score(participant, measure="swemwbs", taken_on=date(2025, 1, 5), timepoint="start",
                              answers=answers)
    assert "before the participant joined" in refused.value.message_dict["taken_on"][0]
    with pytest.raises(ValidationError) as refused:
        services.record_score(participant, measure="swemwbs", taken_on=date(2025, 1, 6), timepoint="start",
                              answers={**answers, "sw4": 7})
    assert "outside its scale" in refused.value.message_dict["answers.sw4"][0]
    with pytest.raises(ValidationError) as refused:
        services.record_score(participant, measure="phq9", taken_on=date(2025, 1, 6), timepoint="start", answers={})
    assert "measure" in refused.value.message_dict
    assert not Score.objects.exists()
    incomplete = services.record_score(participant, measure="swemwbs", taken_on=date(2025, 1, 6), timepoint="start",
                                       answers={**answers, "sw7": None})
    assert incomplete.results == {} and "Not scored" in incomplete.note
    whole = services.record_score(participant, measure="swemwbs", taken_on=date(2025, 3, 6), timepoint="end",
                                  answers=answers)
    assert whole.results == {"raw": 21, "metric": 19.25}
