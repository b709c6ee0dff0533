"""Wrap-up (AFT-3): the working committees with members from the elected, the consultation council and the
openness supervision group where the profile asks; a checklist whose missing items are warnings."""
import pytest

from aftermath.models import CommitteeSeat
from aftermath.selectors import wrap_up_checklist
from aftermath.services.handover import close_warnings, handover_start
from aftermath.services.wrapup import (
    resident_body_record,
    working_committee_add,
    working_committee_member_add,
)
from elections.models import RuleProfile
from elections.services.errors import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_office(certified_a, clerk_a):
    handover_start(election=certified_a.election, actor=clerk_a, outgoing_chair="周上届")
    certified_a.refresh()
    return certified_a


def seat(election, name):
    return CommitteeSeat.objects.get(election=election, name=name)


def test_aft_3_the_shipped_profiles_ask_for_their_wrap_up():
    seed, national = RuleProfile.objects.get(key="seed-district-plan"), RuleProfile.objects.get(key="national-model")
    assert seed.working_committees == ["人民调解委员会", "治安保卫委员会", "公共卫生委员会", "计划生育委员会"]
    assert (seed.consultation_council, seed.supervision_group) == (True, True)
    assert (len(national.working_committees), national.consultation_council, national.supervision_group) == (
        3, False, True)


def test_aft_3_nothing_is_set_up_before_the_new_committee_is_in_office(certified_a, clerk_a):
    with pytest.raises(RuleViolation) as refused:
        working_committee_add(election=certified_a.election, actor=clerk_a, name="人民调解委员会",
                              set_up_on=certified_a.election.results_certified_on)
    assert refused.value.rule == "AFT-3"


def test_aft_3_the_checklist_is_done_item_by_item(in_office, clerk_a):
    election = in_office.election
    day = election.results_certified_on
    assert [i.done for i in wrap_up_checklist(election)] == [False] * 6
    mediation = working_committee_add(election=election, actor=clerk_a, name="人民调解委员会", set_up_on=day)
    working_committee_member_add(committee=mediation, seat=seat(election, "陈秀英"), actor=clerk_a)
    assert not wrap_up_checklist(election)[0].done  # a member, but no head yet
    working_committee_member_add(committee=mediation, seat=seat(election, "范卫东"), actor=clerk_a, role="head")
    assert wrap_up_checklist(election)[0].done
    resident_body_record(election=election, actor=clerk_a, kind="supervision_group", set_up_on=day,
                         chosen_by="社区居民代表会议", members=[("赵监督", "head"), ("钱监督", "member")])
    items = {i.key: i.done for i in wrap_up_checklist(election)}
    assert items["body:supervision_group"] and not items["body:consultation_council"]
    assert len(close_warnings(election)) == 4  # three committees and the council are warnings


def test_aft_3_members_come_from_the_elected_and_each_committee_has_one_head(in_office, clerk_a):
    election = in_office.election
    committee = working_committee_add(election=election, actor=clerk_a, name="治安保卫委员会",
                                      set_up_on=election.results_certified_on)
    working_committee_member_add(committee=committee, seat=seat(election, "安国强"), actor=clerk_a, role="head")
    with pytest.raises(RuleViolation):
        working_committee_member_add(committee=committee, seat=seat(election, "高建华"), actor=clerk_a,
                                     role="head")
    with pytest.raises(RuleViolation):
        working_committee_member_add(committee=committee, seat=seat(election, "安国强"), actor=clerk_a)
    left = seat(election, "黄立新")
    CommitteeSeat.objects.filter(pk=left.pk).update(left_on=election.results_certified_on, left_reason="resigned")
    left.refresh_from_db()
    with pytest.raises(RuleViolation):
        working_committee_member_add(committee=committee, seat=left, actor=clerk_a)
    assert committee.members.count() == 1


def test_aft_3_a_body_has_exactly_one_head(in_office, clerk_a):
    with pytest.raises(RuleViolation):
        resident_body_record(election=in_office.election, actor=clerk_a, kind="consultation_council",
                             set_up_on=in_office.election.results_certified_on, chosen_by="居民会议",
                             members=[("甲", "member"), ("乙", "member")])


def test_aft_3_the_national_profile_asks_for_no_consultation_council(in_office):
    from elections.models import Election

    election = in_office.election
    snapshot = {**election.profile_snapshot, "consultation_council": False, "working_committees": ["人民调解委员会"]}
    Election.objects.filter(pk=election.pk).update(profile_snapshot=snapshot)
    election.refresh_from_db()
    assert [i.key for i in wrap_up_checklist(election)] == ["committee:人民调解委员会", "body:supervision_group"]
