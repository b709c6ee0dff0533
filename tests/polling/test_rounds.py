"""Voting rounds and their polls (VOTE-2, CAL-5): ballots only on the round's voting day, through every path; the
issuance closed only through its door (polls_close), never by the generic advance."""
import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from elections.models import ElectionStateChange
from elections.services.elections import election_transition
from elections.services.errors import RuleViolation
from elections.states import State
from polling import testing
from polling.models import BallotIssue
from polling.selectors import quorum_status
from polling.services.issuance import ballot_issue
from polling.services.rounds import current_round, polls_close, round_open

from .conftest import ELECTION_DAY

DAY_BEFORE = ELECTION_DAY - datetime.timedelta(days=1)
DAY_AFTER = ELECTION_DAY + datetime.timedelta(days=1)


@pytest.fixture
def ready(direct_election, voters, station):
    """Election A in the voting state (candidates posted), election day 2026-12-20."""
    return testing.set_state(direct_election, State.VOTING)


@pytest.mark.parametrize(("today", "allowed"), [(ELECTION_DAY - datetime.timedelta(days=24), False),
                                                (DAY_BEFORE, False), (ELECTION_DAY, True), (DAY_AFTER, False)])
def test_cal_5_ballots_are_issued_only_on_election_day(ready, voters, station, settings, today, allowed):
    settings.CLOCK_TODAY = today
    if allowed:
        ballot_issue(election=ready, registration=voters[0], station=station, actor=None)
        assert BallotIssue.objects.count() == 1
    else:
        with pytest.raises(RuleViolation) as refused:
            ballot_issue(election=ready, registration=voters[0], station=station, actor=None)
        assert refused.value.rule == "CAL-5" and "2026-12-20" in str(refused.value)
        assert not BallotIssue.objects.exists()


def test_cal_5_the_issuance_page_refuses_a_ballot_the_day_before_and_says_why(
        ready, voters, station, settings, client_as, clerk_a):
    settings.CLOCK_TODAY = DAY_BEFORE
    client = client_as(clerk_a)
    url = reverse("polling:issue", args=[ready.pk, station.pk])
    response = client.post(url, {"registration": voters[0].pk})
    assert response.status_code == 302 and not BallotIssue.objects.exists()
    assert any("CAL-5" in str(m) for m in get_messages(response.wsgi_request))
    overview = client.get(reverse("polling:overview", args=[ready.pk]))
    assert [rule for rule, _m in overview.context["issuance_problems"]] == ["CAL-5"]


def test_cal_5_a_quorum_cannot_be_reached_weeks_early(ready, voters, station, settings):
    """Finding 3 of issue 9: 524 ballots issued 24 days early made the quorum bar say reached."""
    settings.CLOCK_TODAY = ELECTION_DAY - datetime.timedelta(days=24)
    for registration in voters:
        with pytest.raises(RuleViolation):
            ballot_issue(election=ready, registration=registration, station=station, actor=None)
    assert quorum_status(ready).attended == 0 and not quorum_status(ready).reached


def test_vote_2_the_generic_advance_cannot_close_the_issuance(ready, clerk_a, client_as, settings):
    settings.CLOCK_TODAY = ELECTION_DAY
    response = client_as(clerk_a).post(reverse("election_transition", args=[ready.pk]), {"to": "counting"})
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.state == State.VOTING
    with pytest.raises(RuleViolation) as refused:
        election_transition(election=ready, to=State.COUNTING, actor=clerk_a)
    assert refused.value.rule == "VOTE-2"


@pytest.mark.parametrize(("today", "allowed"), [(DAY_BEFORE, False), (ELECTION_DAY, True), (DAY_AFTER, True)])
def test_vote_2_the_issuance_closes_on_the_voting_day_or_later(ready, clerk_a, settings, today, allowed):
    settings.CLOCK_TODAY = today
    if not allowed:
        with pytest.raises(RuleViolation) as refused:
            polls_close(election=ready, actor=clerk_a)
        assert refused.value.rule == "CAL-5"
        return
    election = polls_close(election=ready, actor=clerk_a)
    assert election.state == State.COUNTING
    change = ElectionStateChange.objects.get(election=ready)
    assert (change.door, change.rule, change.actor) == ("polls_close", "VOTE-2", clerk_a)
    assert ready.audit_entries.filter(action="polling.round.polls_closed").exists()


def test_vote_2_the_close_button_asks_for_confirmation_and_leads_to_the_count(
        ready, voters, station, clerk_a, client_as, settings):
    settings.CLOCK_TODAY = ELECTION_DAY
    client = client_as(clerk_a)
    ballot_issue(election=ready, registration=voters[0], station=station, actor=clerk_a)
    url = reverse("polling:polls_close", args=[ready.pk])
    assert client.post(url).status_code == 302
    ready.refresh_from_db()
    assert ready.state == State.VOTING  # not confirmed
    response = client.post(url, {"confirm": "1"})
    assert response["Location"] == reverse("counting:overview", args=[ready.pk])
    ready.refresh_from_db()
    assert ready.state == State.COUNTING
    # once closed, no more ballots of the round
    with pytest.raises(RuleViolation) as refused:
        ballot_issue(election=ready, registration=voters[1], station=station, actor=clerk_a)
    assert refused.value.rule == "VOTE-2"


def test_vote_2_no_going_back_to_nomination_once_a_ballot_is_issued(ready, voters, station, clerk_a, settings):
    settings.CLOCK_TODAY = ELECTION_DAY
    ballot_issue(election=ready, registration=voters[0], station=station, actor=clerk_a)
    with pytest.raises(RuleViolation) as refused:
        election_transition(election=ready, to=State.NOMINATION, actor=clerk_a, reason="重新提名")
    assert refused.value.rule == "VOTE-2"


def test_vote_2_before_any_ballot_the_election_may_go_back_to_nomination(ready, clerk_a):
    assert election_transition(election=ready, to=State.NOMINATION, actor=clerk_a,
                               reason="候选人退出").state == State.NOMINATION


def test_cal_5_a_later_round_is_held_on_its_own_voting_day(ready, voters, station, clerk_a, settings):
    settings.CLOCK_TODAY = ELECTION_DAY
    polls_close(election=ready, actor=clerk_a)
    later = round_open(election=ready, kind="further", actor=clerk_a, contests=[], voting_day=DAY_AFTER)
    ready.refresh_from_db()
    testing.set_state(ready, State.VOTING)
    assert current_round(ready) == later and later.day == DAY_AFTER
    with pytest.raises(RuleViolation) as refused:
        ballot_issue(election=ready, registration=voters[0], station=station, actor=clerk_a)
    assert refused.value.rule == "CAL-5"
    settings.CLOCK_TODAY = DAY_AFTER
    ballot_issue(election=ready, registration=voters[0], station=station, actor=clerk_a)
    assert BallotIssue.objects.filter(round=later).count() == 1


def test_cal_5_a_later_round_is_never_held_on_a_past_day(ready, clerk_a, settings):
    settings.CLOCK_TODAY = DAY_AFTER
    with pytest.raises(RuleViolation) as refused:
        round_open(election=ready, kind="further", actor=clerk_a, contests=[], voting_day=ELECTION_DAY)
    assert refused.value.rule == "CAL-5"
