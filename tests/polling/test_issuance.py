"""Ballot issuance (领票登记, VOTE-2, VOTE-12, PRX-4, VOTE-1): one ballot per voter (per household under the
household method), proxies collect for their principals, helpers are limited, mistakes are corrected."""
import datetime

import pytest

from elections.models import AuditLog
from elections.services.errors import RuleViolation
from elections.states import State
from polling import testing
from polling.models import BallotBatch, BallotIssue, StationStaff
from polling.services.issuance import ballot_issue, ballot_issue_cancel
from polling.services.proxies import proxy_apply, proxy_approve
from polling.services.rounds import current_round, round_open

from .conftest import ELECTION_DAY, with_method, with_rules

DAY = datetime.date(2026, 12, 10)


def issue(election, registration, station, actor=None, **kw):
    return ballot_issue(election=election, registration=registration, station=station, actor=actor, **kw)


def approved_proxy(election, principal, holder):
    proxy = proxy_apply(election=election, principal=principal, holder=holder, reason="illness",
                        authorisation_signed_on=DAY, authorisation_note="委托书", actor=None, applied_on=DAY)
    return proxy_approve(proxy=proxy, actor=None, decided_on=DAY)


def test_vote_2_a_voter_receives_the_ballot_of_the_current_round(voting, voters, station, clerk_a):
    issued = issue(voting, voters[0], station, clerk_a)

    assert (issued.round.number, issued.station, issued.issued_by) == (1, station, clerk_a)
    assert AuditLog.objects.filter(action="polling.ballot.issued", object_id=str(issued.pk)).count() == 1


def test_vote_2_nobody_receives_two_ballots(voting, voters, station, direct_election):
    other = testing.staffed_station(direct_election, kind="mobile", name="流动票箱1")
    issue(voting, voters[0], station)

    with pytest.raises(RuleViolation) as exc:
        issue(voting, voters[0], other)
    assert exc.value.rule == "VOTE-2"
    assert station.name in exc.value.messages[0]
    assert BallotIssue.objects.filter(registration=voters[0]).count() == 1


def test_vote_2_the_database_refuses_a_second_ballot_for_the_same_voter_and_round(voting, voters, station):
    from django.db import IntegrityError, transaction

    first = issue(voting, voters[0], station)
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotIssue.objects.create(round=first.round, registration=voters[0], station=station)


def test_vote_2_a_new_round_issues_everybody_a_new_ballot(voting, voters, station):
    issue(voting, voters[0], station)
    round_open(election=voting, kind="further", actor=None, contests=[], voting_day=ELECTION_DAY)

    assert issue(voting, voters[0], station).round.number == 2


def test_vote_2_ballots_are_issued_only_in_the_voting_state(direct_election, voters, station):
    testing.set_state(direct_election, State.NOMINATION)

    with pytest.raises(RuleViolation) as exc:
        issue(direct_election, voters[0], station)
    assert exc.value.rule == "VOTE-2"


def test_vot_4_only_confirmed_voters_receive_a_ballot(voting, voters, station):
    voters[0].status = "removed"
    voters[0].reason = "迁出"
    voters[0].save()

    with pytest.raises(RuleViolation) as exc:
        issue(voting, voters[0], station)
    assert exc.value.rule == "VOT-4"


def test_vote_11_no_ballot_at_a_station_with_fewer_than_three_staff(voting, voters, direct_election):
    short = testing.staffed_station(direct_election, name="中心投票站", kind="central", staff=2)

    with pytest.raises(RuleViolation) as exc:
        issue(voting, voters[0], short)
    assert exc.value.rule == "VOTE-11"
    StationStaff.objects.create(station=short, name="第三人", duty="issuer")
    assert issue(voting, voters[0], short)


def test_mth_1_one_ballot_per_household_under_the_household_method(voting, voters, station):
    election = with_method(voting, "household")
    issue(election, voters[0], station)  # voters 0–2 share a household

    with pytest.raises(RuleViolation) as exc:
        issue(election, voters[1], station)
    assert exc.value.rule == "VOTE-2"
    assert issue(election, voters[3], station).household == voters[3].resident.household


def test_mth_1_only_representatives_vote_under_the_representatives_method(direct_election, station, on_election_day):
    election = testing.set_state(with_method(direct_election, "representative"))
    regs = testing.make_voters(election, 4, representatives=2)

    assert issue(election, regs[0], station)
    with pytest.raises(RuleViolation) as exc:
        issue(election, regs[3], station)
    assert exc.value.rule == "MTH-1"


def test_prx_4_a_voter_who_gave_a_proxy_receives_no_ballot_in_person(direct_election, voters, station, on_election_day):
    approved_proxy(direct_election, voters[0], voters[1])
    election = testing.set_state(direct_election)

    with pytest.raises(RuleViolation) as exc:
        issue(election, voters[0], station)
    assert exc.value.rule == "PRX-4"
    assert voters[1].resident.name in exc.value.messages[0]


def test_prx_4_the_proxy_collects_each_principals_ballot_and_their_own(direct_election, voters, station, on_election_day):
    proxies = [approved_proxy(direct_election, p, voters[0]) for p in voters[1:4]]
    election = testing.set_state(direct_election)

    for proxy in proxies:
        assert issue(election, proxy.principal, station, proxy=proxy).proxy == proxy
    assert issue(election, voters[0], station).proxy is None
    with pytest.raises(RuleViolation) as exc:
        issue(election, voters[1], station, proxy=proxies[0])
    assert exc.value.rule == "VOTE-2"


def test_prx_4_a_proxy_collects_only_for_its_own_principal(direct_election, voters, station, on_election_day):
    proxy = approved_proxy(direct_election, voters[1], voters[0])
    election = testing.set_state(direct_election)

    with pytest.raises(RuleViolation) as exc:
        issue(election, voters[2], station, proxy=proxy)
    assert exc.value.rule == "PRX-4"


def test_prx_4_a_voter_who_already_voted_can_no_longer_give_a_proxy(voting, voters, station):
    issue(voting, voters[0], station)

    with pytest.raises(RuleViolation) as exc:
        proxy_apply(election=voting, principal=voters[0], holder=voters[1], reason="age",
                    authorisation_signed_on=DAY, authorisation_note="委托书", actor=None, applied_on=DAY)
    assert exc.value.rule == "PRX-4"


def test_vote_12_one_helper_writes_at_most_three_ballots(voting, voters, station):
    for voter in voters[:3]:
        issue(voting, voter, station, helper_name="  李 阿姨 ")

    with pytest.raises(RuleViolation) as exc:
        issue(voting, voters[3], station, helper_name="李 阿姨")
    assert exc.value.rule == "VOTE-12"
    assert issue(voting, voters[3], station, helper_name="王叔叔").helper_name == "王叔叔"


def test_vote_12_the_helper_limit_comes_from_the_profile(voting, voters, station):
    election = with_rules(voting, helper_max_ballots=1)
    issue(election, voters[0], station, helper_name="李阿姨")

    with pytest.raises(RuleViolation) as exc:
        issue(election, voters[1], station, helper_name="李阿姨")
    assert exc.value.rule == "VOTE-12"


def test_vote_2_a_mistaken_issuance_is_cancelled_with_its_reason_and_issued_again(voting, voters, station):
    first = issue(voting, voters[0], station)

    with pytest.raises(RuleViolation):
        ballot_issue_cancel(issue=first, actor=None, reason="")
    ballot_issue_cancel(issue=first, actor=None, reason="点错了人")
    again = issue(voting, voters[0], station)
    assert again.pk != first.pk
    assert BallotIssue.objects.filter(registration=voters[0], cancelled_at__isnull=True).count() == 1


def test_vote_1_issuance_records_no_serial_number_and_batches_name_no_voter():
    issue_fields = {f.name for f in BallotIssue._meta.get_fields()}
    batch_fields = {f.name for f in BallotBatch._meta.get_fields()}

    assert not {name for name in issue_fields if "serial" in name or "batch" in name}
    assert not {"registration", "resident", "voter", "issue", "issues"} & batch_fields


def test_the_first_round_opens_itself_once(direct_election):
    assert current_round(direct_election).pk == current_round(direct_election).pk
