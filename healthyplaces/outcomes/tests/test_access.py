"""Only the programme's named workers and officers reach its participants; identity is the workers' alone."""
from datetime import date

import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.permissions import can
from healthyplaces.accounts.services import create_person
from healthyplaces.outcomes.models import Participant, Programme
from healthyplaces.outcomes.permissions import participants_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(people):
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    made = Programme.objects.create(name="Peer advocacy", slug="peer-advocacy", kind="peer_advocacy",
                                    organisation=council)
    made.providers.add(council)
    made.areas.add("E06000004")
    made.workers.add(people[Role.WORKER])
    made.officers.add(people[Role.OFFICER])
    made.evaluators.add(people[Role.EVALUATOR])
    return made


def test_named_workers_and_officers_alone_see_participants(programme, people):
    participant = Participant.objects.create(programme=programme, reference="PA-0001", joined_on=date(2025, 1, 6))
    council = programme.organisation
    other_worker = create_person("other-worker", role=Role.WORKER, organisation=council)[0]
    assert can(people[Role.WORKER], "participant.view", participant)
    assert can(people[Role.WORKER], "participant.record", participant)
    assert can(people[Role.WORKER], "identity.view", participant)
    assert can(people[Role.OFFICER], "participant.view", participant)
    assert not can(people[Role.OFFICER], "identity.view", participant)
    assert not can(people[Role.OFFICER], "participant.record", participant)
    for refused in (other_worker, people[Role.ADMIN], people[Role.ANALYST], people[Role.EVALUATOR],
                    people[Role.PARTNER]):
        assert not can(refused, "participant.view", participant), refused
    assert list(participants_for(people[Role.WORKER], "participant.view")) == [participant]
    assert list(participants_for(other_worker, "participant.view")) == []
    assert can(people[Role.EVALUATOR], "programme.export_unsuppressed", programme)
    assert not can(people[Role.OFFICER], "programme.export_unsuppressed", programme)


def test_a_named_officer_of_another_council_is_refused(programme, people):
    durham = Organisation.objects.create(name="Durham County Council", kind="council")
    durham.areas.set(["E06000047"])
    officer = create_person("durham-officer", role=Role.OFFICER, organisation=durham)[0]
    programme.officers.add(officer)
    participant = Participant.objects.create(programme=programme, reference="PA-0002", joined_on=date(2025, 1, 6))
    assert not can(officer, "participant.view", participant)
