"""`healthyplaces grants load-sample-vote`: the sample residents' vote, counted by Equal Shares and awarded, once."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from healthyplaces.grants import counting, voting
from healthyplaces.grants.awards import package
from healthyplaces.grants.models import Award, Ballot, Round, VoteResult
from healthyplaces.grants.tests.giving_schema import problems
from healthyplaces.testing import database_snapshot


def load(*args):
    out = io.StringIO()
    call_command("grants", *args, stdout=out)
    return out.getvalue()


def test_the_sample_vote_is_counted_awarded_and_its_360giving_file_validates(durham):
    load("load-sample")
    said = load("load-sample-vote")
    round_ = Round.objects.get(decision=Round.Decision.VOTE)
    assert round_.status == Round.Status.DECIDED and said.startswith(str(round_))
    assert Ballot.objects.filter(round=round_).count() == 240  # 120 in each lot
    assert not Ballot.objects.filter(channel=Ballot.Channel.PAPER, checked_at__isnull=True).exists()
    for result in VoteResult.objects.filter(round=round_):
        _, election = voting.election(round_, result.lot)
        expected = counting.equal_shares(election)
        assert [f"APP-{pk:05d}" for pk in result.winners] == list(expected.winners)
        assert 0 < result.spent <= result.budget
    assert Award.objects.count() == sum(len(r.winners) for r in VoteResult.objects.all()) > 0
    assert problems(package()) == []
    before = database_snapshot(app="grants")
    load("load-sample-vote")
    assert database_snapshot(app="grants") == before


def test_the_sample_vote_needs_the_sample_fund(db):
    with pytest.raises(CommandError, match="Load the sample fund first"):
        load("load-sample-vote")
