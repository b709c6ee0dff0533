"""ORG-2 committee composition, ORG-3 meeting quorum, MTH-1 method decision, ORG-5 deferral."""
import datetime

import pytest

from elections.models import CommitteeMember
from elections.services.committee import committee_member_add, committee_member_leave, committee_problems
from elections.services.errors import RuleViolation
from elections.services.meetings import meeting_record
from elections.services.organisations import community_defer, community_resume
from tests import factories

DAY = datetime.date(2026, 10, 10)


def _add(election, actor, position, name="某某"):
    return committee_member_add(election=election, actor=actor, name=name, sex="F", position=position)


def test_org_2_five_members_make_a_complete_committee(election_a, clerk_a):
    for position in ("chair", "vice_chair", "vice_chair", "member"):
        _add(election_a, clerk_a, position)
    problems = committee_problems(election_a)
    assert len(problems) == 1 and "1" in problems[0]
    _add(election_a, clerk_a, "member")
    assert committee_problems(election_a) == []


def test_org_2_seven_members_are_allowed_six_are_not(election_a, clerk_a):
    for position in ("chair", "vice_chair", "vice_chair", "member", "member", "member"):
        _add(election_a, clerk_a, position)
    assert len(committee_problems(election_a)) == 1
    _add(election_a, clerk_a, "member")
    assert committee_problems(election_a) == []


def test_org_2_a_second_chair_or_a_fifth_member_is_refused(election_a, clerk_a):
    _add(election_a, clerk_a, "chair")
    with pytest.raises(RuleViolation) as exc:
        _add(election_a, clerk_a, "chair")
    assert exc.value.rule == "ORG-2"
    for _ in range(4):
        _add(election_a, clerk_a, "member")
    with pytest.raises(RuleViolation):
        _add(election_a, clerk_a, "member")
    assert CommitteeMember.objects.filter(election=election_a).count() == 5


def test_can_8_a_member_who_leaves_frees_the_seat(election_a, clerk_a):
    chair = _add(election_a, clerk_a, "chair")
    committee_member_leave(member=chair, actor=clerk_a, reason="接受居委会主任提名")
    _add(election_a, clerk_a, "chair", name="新主任")
    assert election_a.committee.filter(position="chair", active=True).get().name == "新主任"


def test_org_3_a_meeting_needs_more_than_half_present(election_a, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        meeting_record(election=election_a, actor=clerk_a, kind="committee", held_on=DAY,
                       representatives_total=50, present=25)
    assert exc.value.rule == "ORG-3"
    meeting = meeting_record(election=election_a, actor=clerk_a, kind="committee", held_on=DAY,
                             representatives_total=50, present=26)
    assert meeting.present == 26


def test_org_3_the_database_refuses_a_meeting_without_quorum(election_a):
    from django.db import IntegrityError
    from elections.models import Meeting
    with pytest.raises(IntegrityError):
        Meeting.objects.create(election=election_a, kind="other", held_on=DAY, representatives_total=51,
                               present=25)


def test_org_3_votes_cannot_exceed_those_present(election_a, clerk_a):
    with pytest.raises(RuleViolation):
        meeting_record(election=election_a, actor=clerk_a, kind="other", held_on=DAY, representatives_total=51,
                       present=30, votes_for=20, votes_against=11)


def test_mth_1_the_method_is_decided_by_more_than_half_of_those_present(election_a, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        meeting_record(election=election_a, actor=clerk_a, kind="method", held_on=DAY, representatives_total=51,
                       present=40, votes_for=20, method="household")
    assert exc.value.rule == "MTH-1"
    meeting_record(election=election_a, actor=clerk_a, kind="method", held_on=DAY, representatives_total=51,
                   present=40, votes_for=21, method="household")
    election_a.refresh_from_db()
    assert election_a.method == "household" and election_a.method_meeting.votes_for == 21
    assert election_a.steps_done.filter(step="method_decided").exists()


def test_the_committee_step_is_done_when_composition_and_meeting_are_both_there(election_a, clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    assert election_a.steps_done.filter(step="committee_formed").exists()
    committee_member_leave(member=election_a.committee.get(position="chair"), actor=clerk_a, reason="病故")
    assert not election_a.steps_done.filter(step="committee_formed").exists()


def test_org_5_resuming_needs_the_occupancy_threshold(community_a, supervisor_a):
    community_defer(community=community_a, actor=supervisor_a, reason="整体拆迁", occupancy_percent=30)
    with pytest.raises(RuleViolation) as exc:
        community_resume(community=community_a, actor=supervisor_a, occupancy_percent=59)
    assert exc.value.rule == "ORG-5"
    community_resume(community=community_a, actor=supervisor_a, occupancy_percent=60)
    community_a.refresh_from_db()
    assert not community_a.deferred


def test_org_5_a_deferral_needs_a_reason(community_a, supervisor_a):
    with pytest.raises(RuleViolation):
        community_defer(community=community_a, actor=supervisor_a, reason=" ")
