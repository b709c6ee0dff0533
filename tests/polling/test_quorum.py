"""VOTE-3 / VOTE-4 live: eligible by method, ballots issued, threshold under the profile, reached or not."""
import pytest

from elections.services.elections import election_create
from polling import testing
from polling.models import BallotIssue
from polling.selectors import quorum_status, quorum_statuses
from polling.services.rounds import current_round, round_open
from tests import factories

from .conftest import ELECTION_DAY, with_method


def issued(election, registrations):
    """Record ballots issued directly (the service is tested elsewhere; here only the counts matter)."""
    station = testing.staffed_station(election, name=f"会场{election.pk}-{len(registrations)}")
    round_obj = current_round(election)
    household = election.method == "household"
    BallotIssue.objects.bulk_create([
        BallotIssue(round=round_obj, registration=r, station=station,
                    household=r.resident.household if household else None)
        for r in registrations])


@pytest.mark.parametrize(("attended", "reached"), [(40, False), (41, True)])
def test_vote_3_four_fifths_of_51_representatives_is_41(direct_election, attended, reached):
    election = with_method(direct_election, "representative")
    regs = testing.make_voters(election, 60, representatives=51)  # 9 voters who are not representatives
    issued(election, regs[:attended])

    status = quorum_status(election)
    assert (status.eligible, status.attended, status.threshold, status.reached) == (51, attended, 41, reached)
    assert status.rule == "VOTE-3"


@pytest.mark.parametrize(("attended", "reached"), [(34, False), (35, True)])
def test_vote_3_national_model_needs_more_than_two_thirds_of_51(community_a, clerk_a, attended, reached):
    election = factories.election(community_a, actor=clerk_a, term=13, profile_key="national-model")
    election = with_method(election, "representative")
    regs = testing.make_voters(election, 51, representatives=51)
    issued(election, regs[:attended])

    status = quorum_status(election)
    assert (status.threshold, status.reached) == (35, reached)


@pytest.mark.parametrize(("attended", "reached"), [(600, False), (601, True)])
def test_vote_4_more_than_half_of_1200_voters_is_601(direct_election, attended, reached):
    regs = testing.make_voters(direct_election, 1200)
    issued(direct_election, regs[:attended])

    status = quorum_status(direct_election)
    assert (status.eligible, status.attended) == (1200, attended)
    assert (status.threshold, status.reached) == (601, reached)
    assert status.rule == "VOTE-4"
    assert status.missing == (0 if reached else 1)


@pytest.mark.parametrize(("households", "reached"), [(5, False), (6, True)])
def test_vote_4_household_method_counts_households(direct_election, households, reached):
    election = with_method(direct_election, "household")
    regs = testing.make_voters(election, 30, per_household=3)  # 10 households
    issued(election, [regs[3 * h] for h in range(households)])

    status = quorum_status(election)
    assert (status.eligible, status.attended) == (10, households)
    assert (status.threshold, status.reached) == (6, reached)


def test_vote_4_only_confirmed_voters_count(direct_election):
    testing.make_voters(direct_election, 10)
    testing.make_voters(direct_election, 5, status="pending")

    assert quorum_status(direct_election).eligible == 10


def test_cancelled_issuances_do_not_count(direct_election):
    regs = testing.make_voters(direct_election, 4)
    issued(direct_election, regs[:3])
    BallotIssue.objects.filter(registration=regs[0]).update(cancelled_at="2026-12-20T09:00:00+08:00",
                                                            cancel_reason="点错了人")

    assert quorum_status(direct_election).attended == 2


def test_vote_4_a_new_round_starts_its_count_from_nought(direct_election):
    regs = testing.make_voters(direct_election, 4)
    issued(direct_election, regs)
    round_open(election=direct_election, kind="further", actor=None, contests=[], voting_day=ELECTION_DAY)

    status = quorum_status(direct_election)
    assert (status.round_number, status.attended) == (2, 0)


def test_no_quorum_before_the_method_is_decided(election_a):
    assert quorum_status(election_a) is None


def test_the_dashboard_reads_many_elections_in_three_queries(community_a, community_b, clerk_a,
                                                            django_assert_num_queries):
    elections = []
    for term, community in enumerate([community_a, community_b, community_a], start=20):
        e = election_create(community=community, term=term, profile=factories.profile(), actor=clerk_a)
        e = with_method(e, "direct")
        issued(e, testing.make_voters(e, 3)[:2])
        elections.append(e)

    with django_assert_num_queries(3):
        statuses = quorum_statuses(elections)
    assert [(s.eligible, s.attended) for s in statuses.values()] == [(3, 2)] * 3
