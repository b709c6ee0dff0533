"""The polling plan (VOTE-2, VOTE-11, VOTE-6, CAN-9)."""
import pytest
from django.core.exceptions import ValidationError

from candidates.models import Relation
from elections.services.errors import RuleViolation
from elections.states import State
from polling import testing
from polling.services.issuance import ballot_issue
from polling.services.plan import plan_problems, staff_add, station_add, station_remove

from .conftest import with_rules


def add(election, kind, name):
    return station_add(election=election, kind=kind, name=name, actor=None)


def rules_of(problems):
    return [rule for rule, _message in problems]


def test_vote_2_an_election_meeting_is_the_one_main_venue(direct_election):
    add(direct_election, "meeting", "选举大会会场")

    with pytest.raises(RuleViolation) as exc:
        add(direct_election, "central", "中心投票站")
    assert exc.value.rule == "VOTE-2"


def test_vote_2_polling_points_need_a_central_station(direct_election):
    add(direct_election, "meeting", "选举大会会场")

    with pytest.raises(RuleViolation) as exc:
        add(direct_election, "point", "第一投票点")
    assert exc.value.rule == "VOTE-2"


def test_vote_2_a_central_station_with_points_and_mobile_boxes(direct_election):
    for kind, name in [("central", "中心投票站"), ("point", "第一投票点"), ("point", "第二投票点"),
                       ("mobile", "流动票箱")]:
        add(direct_election, kind, name)

    assert direct_election.polling_stations.count() == 4


def test_vote_2_mobile_boxes_are_opened_at_a_main_venue_added_first(direct_election):
    with pytest.raises(RuleViolation) as exc:
        add(direct_election, "mobile", "流动票箱")
    assert exc.value.rule == "VOTE-2"


def test_vote_11_each_station_needs_three_staff(direct_election):
    central = add(direct_election, "central", "中心投票站")
    for name, duty in [("甲", "chief"), ("乙", "issuer")]:
        staff_add(station=central, name=name, duty=duty, actor=None)
    assert "VOTE-11" in rules_of(plan_problems(direct_election))

    staff_add(station=central, name="丙", duty="teller", actor=None)
    assert plan_problems(direct_election) == []


def test_vote_11_the_minimum_comes_from_the_profile(direct_election):
    election = with_rules(direct_election, station_min_staff=5)
    testing.staffed_station(election, staff=4)

    assert "VOTE-11" in rules_of(plan_problems(election))


def test_vote_6_the_main_venue_records_its_counting_staff(direct_election):
    central = add(direct_election, "central", "中心投票站")
    for name in ["甲", "乙", "丙"]:
        staff_add(station=central, name=name, duty="issuer", actor=None)

    assert rules_of(plan_problems(direct_election)) == ["VOTE-6"]


def test_can_9_a_candidate_may_not_count(direct_election, candidates):
    central = add(direct_election, "central", "中心投票站")

    with pytest.raises(RuleViolation) as exc:
        staff_add(station=central, name=candidates[0].nominee.resident.name, duty="teller", actor=None)
    assert exc.value.rule == "CAN-9"


def test_can_9_a_near_relative_of_a_candidate_may_not_scrutinise(direct_election, candidates):
    Relation.objects.create(election=direct_election, nominee=candidates[0].nominee, kind="配偶",
                            role=Relation.Role.COUNTING_STAFF, relative_name="钱多多")
    central = add(direct_election, "central", "中心投票站")

    with pytest.raises(RuleViolation) as exc:
        staff_add(station=central, name="钱多多", duty="scrutineer", actor=None)
    assert exc.value.rule == "CAN-9"
    assert staff_add(station=central, name="钱多多", duty="issuer", actor=None).duty == "issuer"


def test_can_9_counting_staff_recorded_before_the_candidates_are_flagged_in_the_plan(direct_election):
    central = testing.staffed_station(direct_election, kind="central", name="中心投票站")
    staff_add(station=central, name="刘芳", duty="caller", actor=None)
    testing.make_formal_candidates(direct_election, {"chair": ["刘芳", "王建国"]})

    assert "CAN-9" in rules_of(plan_problems(direct_election))


def test_vote_2_a_station_that_issued_ballots_stays_on_record(direct_election, voters, on_election_day):
    station = testing.staffed_station(direct_election)
    election = testing.set_state(direct_election)
    ballot_issue(election=election, registration=voters[0], station=station, actor=None)

    with pytest.raises(RuleViolation):
        station_remove(station=station, actor=None)


def test_vote_2_the_plan_is_fixed_once_counting_begins(direct_election):
    testing.set_state(direct_election, State.COUNTING)

    with pytest.raises(RuleViolation) as exc:
        add(direct_election, "meeting", "选举大会会场")
    assert exc.value.rule == "VOTE-2"


def test_a_staff_members_name_follows_the_name_rule_on_every_path(direct_election):
    """Issue 12, item 3: the importer's name check, in the service behind the staff form too."""
    central = add(direct_election, "central", "中心投票站")
    with pytest.raises(ValidationError) as exc:
        staff_add(station=central, name='=HYPERLINK("http://evil.example/","点我")', duty="issuer", actor=None)
    assert "name" in exc.value.message_dict
    assert staff_add(station=central, name="王　五", duty="issuer", actor=None).name == "王五"
