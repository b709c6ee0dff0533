"""Nominations (CAN-3), the nominee's checks (CAN-1, CAN-2), acceptance and the election committee (CAN-8),
introductions (CAN-7) and near relatives (CAN-9): candidates/services/nominations.py."""
import datetime
import re

import pytest

from candidates.models import NegativeCheck, Nomination, Nominee, Relation
from candidates.services.nominations import (
    introductions_update,
    negative_check_record,
    negative_finding_resolve,
    nomination_record,
    nominee_accept,
    nominee_override_warnings,
    nominee_report,
    nominee_update,
    relation_record,
)
from elections.models import AuditLog, CommitteeMember, Override
from elections.services.errors import NeedsOverride, RuleViolation
from voters.models import Registration

from .conftest import BEFORE, add_resident, clear_negative_list, household, self_nominate, to_nomination


def numbers(exc):
    return {int(n) for n in re.findall(r"\d+", str(exc.value))}


def joint(election, actor, nominee, names, source="joint_voters"):
    return nomination_record(election=election, actor=actor, resident=nominee, source=source, positions=["member"],
                             nominated_on=BEFORE, supporters=names)


# --- sources (CAN-3) ---------------------------------------------------------------------------------------

def test_can_3_a_self_application_is_recorded_with_its_date_and_counts_as_accepted(nominating, clerk_a):
    resident = add_resident(nominating, "赵敏", sex="F")
    nomination = nomination_record(election=nominating, actor=clerk_a, resident=resident, source="self",
                                   positions=["member", "chair"], nominated_on=BEFORE, statement="愿为居民服务")
    nominee = nomination.nominee
    assert (nomination.source, nomination.nominated_on, nomination.positions) == ("self", BEFORE, ["chair", "member"])
    assert nominee.accepted_on == BEFORE
    assert nominee.positions_sought == ["chair", "member"]
    assert AuditLog.objects.filter(action="elections.nomination.recorded", object_id=str(nomination.pk)).exists()


def test_can_2_a_nominee_gets_the_frozen_negative_list_as_a_checklist(nominating, clerk_a):
    nominee = self_nominate(nominating, add_resident(nominating, "赵敏"), clerk_a)
    items = list(nominee.negative_checks.values_list("number", "item", "finding"))
    assert len(items) == len(nominating.rules.negative_list) == 10
    assert items[0] == (1, nominating.rules.negative_list[0], "")


def test_can_3_a_group_nomination_records_the_group_its_meeting_and_the_names(nominating, clerk_a):
    resident = add_resident(nominating, "钱进")
    nomination = nomination_record(
        election=nominating, actor=clerk_a, resident=resident, source="group", positions=["member"],
        nominated_on=BEFORE, group=resident.group, group_meeting_on=datetime.date(2026, 11, 28),
        supporters=["孙一", "孙二", "孙三"])
    assert nomination.group == resident.group and nomination.group_meeting_on == datetime.date(2026, 11, 28)
    assert nomination.supporter_names == ["孙一", "孙二", "孙三"]
    assert nomination.nominee.accepted_on is None  # the nominee has not said yes yet


def test_can_3_a_group_nomination_without_its_meeting_is_refused(nominating, clerk_a):
    resident = add_resident(nominating, "钱进")
    with pytest.raises(RuleViolation) as exc:
        nomination_record(election=nominating, actor=clerk_a, resident=resident, source="group",
                          positions=["member"], nominated_on=BEFORE, group=resident.group, supporters=["孙一"])
    assert exc.value.rule == "CAN-3"


def test_can_3_a_joint_nomination_needs_10_confirmed_voters(nominating, clerk_a):
    nominee = add_resident(nominating, "周正")
    names = [add_resident(nominating, f"联名{i}").name for i in range(10)]
    with pytest.raises(RuleViolation) as exc:
        joint(nominating, clerk_a, nominee, names[:9])
    assert exc.value.rule == "CAN-3" and {10, 9} <= numbers(exc)
    nomination = joint(nominating, clerk_a, nominee, names)
    assert len(nomination.supporters) == 10 and all(s["resident"] for s in nomination.supporters)


def test_can_3_joint_names_are_checked_against_the_voter_list(nominating, clerk_a):
    nominee = add_resident(nominating, "周正")
    names = [add_resident(nominating, f"联名{i}").name for i in range(9)]
    add_resident(nominating, "未确认", status=Registration.Status.PENDING)
    with pytest.raises(RuleViolation) as exc:
        joint(nominating, clerk_a, nominee, names + ["未确认"])
    assert "未确认" in str(exc.value) and exc.value.rule == "CAN-3"
    with pytest.raises(RuleViolation):
        joint(nominating, clerk_a, nominee, names + ["查无此人"])
    with pytest.raises(RuleViolation):
        joint(nominating, clerk_a, nominee, names + [names[0]])  # listed twice: 9 different voters


def test_can_3_voters_of_the_same_name_are_told_apart_by_the_end_of_their_number(nominating, clerk_a):
    nominee = add_resident(nominating, "周正")
    names = [add_resident(nominating, f"联名{i}").name for i in range(9)]
    first, second = add_resident(nominating, "王伟"), add_resident(nominating, "王伟")
    with pytest.raises(RuleViolation):
        joint(nominating, clerk_a, nominee, names + ["王伟"])
    nomination = joint(nominating, clerk_a, nominee, names + [f"王伟 {second.id_number[-4:]}"])
    assert nomination.supporters[-1]["resident"] == second.pk != first.pk


def test_can_3_household_representatives_nominate_jointly_only_under_the_household_method(election_a, clerk_a):
    election = to_nomination(election_a, clerk_a, method="household")
    nominee = add_resident(election, "吴刚")
    signers = [add_resident(election, f"户代表{i}", household=household(election.community, f"H{i}")).name
               for i in range(5)]
    with pytest.raises(RuleViolation) as exc:
        joint(election, clerk_a, nominee, signers[:4], source="joint_households")
    assert {5, 4} <= numbers(exc)
    nomination = joint(election, clerk_a, nominee, signers, source="joint_households")
    assert len({s["household"] for s in nomination.supporters}) == 5


def test_can_3_two_signatures_of_one_household_count_once(election_a, clerk_a):
    election = to_nomination(election_a, clerk_a, method="household")
    nominee = add_resident(election, "吴刚")
    homes = [household(election.community, f"H{i}") for i in range(4)]
    signers = [add_resident(election, f"户代表{i}", household=homes[i % 4]).name for i in range(5)]
    with pytest.raises(RuleViolation) as exc:
        joint(election, clerk_a, nominee, signers, source="joint_households")
    assert exc.value.rule == "CAN-3"


def test_can_3_household_joint_nomination_is_refused_under_the_direct_method(nominating, clerk_a):
    nominee = add_resident(nominating, "吴刚")
    signers = [add_resident(nominating, f"户代表{i}", household=household(nominating.community, f"H{i}")).name
               for i in range(5)]
    with pytest.raises(RuleViolation):
        joint(nominating, clerk_a, nominee, signers, source="joint_households")


def test_seat_3_a_resident_of_another_community_cannot_be_nominated(nominating, clerk_a, election_b):
    outsider = add_resident(election_b, "郑外", community=election_b.community)
    with pytest.raises(RuleViolation) as exc:
        self_nominate(nominating, outsider, clerk_a)
    assert exc.value.rule == "SEAT-3"
    assert not Nominee.objects.exists()


def test_a_second_nomination_adds_to_the_same_nominee(nominating, clerk_a):
    resident = add_resident(nominating, "冯远")
    nominee = self_nominate(nominating, resident, clerk_a, ["member"])
    self_nominate(nominating, resident, clerk_a, ["vice_chair"])
    assert Nominee.objects.count() == 1 and Nomination.objects.count() == 2
    assert nominee.positions_sought == ["vice_chair", "member"]
    assert NegativeCheck.objects.count() == 10  # one checklist per person


def test_nominations_are_not_taken_in_preparation(election_a, clerk_a):
    resident = add_resident(election_a, "冯远")
    with pytest.raises(RuleViolation) as exc:
        self_nominate(election_a, resident, clerk_a)
    assert exc.value.rule == "CAL-1"


def test_nominations_close_on_election_day(nominating, clerk_a):
    resident = add_resident(nominating, "冯远")
    with pytest.raises(RuleViolation):
        self_nominate(nominating, resident, clerk_a, today=datetime.date(2026, 12, 20))
    assert self_nominate(nominating, resident, clerk_a, today=datetime.date(2026, 12, 19))


# --- CAN-1 at the edges, through the nominee's report ------------------------------------------------------

def blocker_rules(nominee):
    return [rule for rule, _m in nominee_report(Nominee.objects.get(pk=nominee.pk)).blockers]


def test_can_1_a_nominee_who_is_not_a_confirmed_voter_is_blocked(nominating, clerk_a):
    nominee = self_nominate(nominating, add_resident(nominating, "陈默", status=Registration.Status.PENDING),
                            clerk_a)
    clear_negative_list(nominee)
    assert blocker_rules(nominee) == ["CAN-1"]
    Registration.objects.filter(resident=nominee.resident).update(status="confirmed")
    assert blocker_rules(nominee) == []


def test_can_1_a_nominee_who_does_not_live_here_is_blocked(nominating, clerk_a):
    nominee = self_nominate(nominating, add_resident(nominating, "陈默", lives_here=False), clerk_a)
    clear_negative_list(nominee)
    assert [c.code for c in nominee_report(nominee).hard] == ["CAN-1:not_living_here"]


@pytest.mark.parametrize(("birth_date", "warned"), [
    (datetime.date(1965, 12, 20), True),    # 61st birthday on election day
    (datetime.date(1965, 12, 21), False),   # 61st birthday the day after
    (datetime.date(1966, 12, 20), False),   # 60th birthday on election day
])
def test_can_1_the_age_warning_follows_election_day(nominating, clerk_a, birth_date, warned):
    nominee = self_nominate(nominating, add_resident(nominating, "褚老", birth_date=birth_date), clerk_a)
    assert [c.code for c in nominee_report(nominee).warnings] == (["CAN-1:over_age"] if warned else [])


def test_can_1_a_warning_blocks_until_confirmed_with_a_written_reason(nominating, clerk_a, supervisor_a):
    nominee = self_nominate(nominating, add_resident(nominating, "褚老", birth_date=datetime.date(1960, 3, 1),
                                                     education="junior"), clerk_a)
    clear_negative_list(nominee)
    assert blocker_rules(nominee) == ["CAN-1", "CAN-1"]
    with pytest.raises(NeedsOverride) as exc:
        nominee_override_warnings(nominee=nominee, actor=clerk_a, reason="  ")
    assert [w.rule for w in exc.value.warnings] == ["CAN-1", "CAN-1"]
    made = nominee_override_warnings(nominee=nominee, actor=clerk_a, reason="居民普遍拥护，身体健康，经验丰富")
    assert len(made) == 2 and blocker_rules(nominee) == []
    # Shown to the supervisor: the overrides of the election, with the reason and who gave it.
    shown = Override.objects.filter(election=nominating, object_id=str(nominee.pk))
    assert {(o.rule, o.reason, o.actor) for o in shown} == {("CAN-1", "居民普遍拥护，身体健康，经验丰富", clerk_a)}
    assert AuditLog.objects.filter(action="elections.warning.overridden").count() == 2


# --- CAN-2: the negative list ------------------------------------------------------------------------------

def test_can_2_unchecked_items_block_and_a_found_item_blocks_until_resolved(nominating, clerk_a):
    nominee = self_nominate(nominating, add_resident(nominating, "蒋清"), clerk_a)
    assert blocker_rules(nominee) == ["CAN-2"]
    checks = list(nominee.negative_checks.all())
    for check in checks:
        negative_check_record(check=check, actor=clerk_a, finding="clear", evidence="查询中国执行信息公开网，无记录")
    assert blocker_rules(nominee) == []
    found = negative_check_record(check=checks[8], actor=clerk_a, finding="found",
                                  evidence="列入失信被执行人名单（2025）京0108执1234号")
    assert found.checked_by == clerk_a and blocker_rules(nominee) == ["CAN-2"]
    negative_finding_resolve(check=found, actor=clerk_a, resolution="2026年11月已履行并被移出名单")
    assert blocker_rules(nominee) == []
    assert AuditLog.objects.filter(action="elections.negative_check.recorded").count() == 11


def test_can_2_a_check_needs_its_evidence(nominating, clerk_a):
    nominee = self_nominate(nominating, add_resident(nominating, "蒋清"), clerk_a)
    with pytest.raises(RuleViolation) as exc:
        negative_check_record(check=nominee.negative_checks.first(), actor=clerk_a, finding="clear", evidence=" ")
    assert exc.value.rule == "CAN-2"


def test_can_2_only_an_open_finding_is_resolved(nominating, clerk_a):
    nominee = self_nominate(nominating, add_resident(nominating, "蒋清"), clerk_a)
    check = negative_check_record(check=nominee.negative_checks.first(), actor=clerk_a, finding="clear",
                                  evidence="无")
    with pytest.raises(RuleViolation):
        negative_finding_resolve(check=check, actor=clerk_a, resolution="x")


# --- CAN-8: an election-committee member who accepts leaves the committee ----------------------------------

def test_can_8_a_committee_member_who_accepts_a_nomination_leaves_the_committee(nominating, clerk_a):
    member = CommitteeMember.objects.get(election=nominating, name="刘芳")
    resident = add_resident(nominating, "刘芳", sex="F")
    nomination = nomination_record(election=nominating, actor=clerk_a, resident=resident, source="group",
                                   positions=["member"], nominated_on=BEFORE, group=resident.group,
                                   group_meeting_on=BEFORE, supporters=["孙一"])
    nominee = nomination.nominee
    member.refresh_from_db()
    assert nominee.committee_member == member and member.active  # linked by name; not accepted yet
    clear_negative_list(nominee)
    assert blocker_rules(nominee) == ["CAN-3", "CAN-8"]
    nominee_accept(nominee=nominee, actor=clerk_a, accepted_on=BEFORE)
    member.refresh_from_db()
    assert not member.active and "CAN-8" in member.left_reason
    assert blocker_rules(nominee) == []
    assert AuditLog.objects.filter(action="elections.committee.member_left", object_id=str(member.pk)).exists()
    assert not nominating.steps_done.filter(step="committee_formed").exists()  # the vacancy is to be filled


def test_can_8_a_self_applying_committee_member_leaves_at_once(nominating, clerk_a):
    self_nominate(nominating, add_resident(nominating, "陈明"), clerk_a)
    assert not CommitteeMember.objects.get(election=nominating, name="陈明").active


def test_can_8_linking_an_accepted_nominee_to_a_committee_seat_makes_the_member_leave(nominating, clerk_a):
    nominee = self_nominate(nominating, add_resident(nominating, "张伟伟"), clerk_a)
    member = CommitteeMember.objects.get(election=nominating, name="张伟")  # a namesake the matching missed
    nominee_update(nominee=nominee, actor=clerk_a, is_party_secretary=True, committee_member=member)
    member.refresh_from_db()
    assert not member.active
    assert Nominee.objects.get(pk=nominee.pk).is_party_secretary


# --- CAN-7, CAN-9 ------------------------------------------------------------------------------------------

def test_can_7_introductions_are_on_record(nominating, clerk_a):
    nominee = self_nominate(nominating, add_resident(nominating, "沈青"), clerk_a)
    introductions_update(nominee=nominee, actor=clerk_a, committee_introduction="长期从事社区志愿服务。",
                         self_introduction="我将尽心尽力。")
    nominee.refresh_from_db()
    assert nominee.committee_introduction == "长期从事社区志愿服务。"
    assert AuditLog.objects.filter(action="elections.nominee.introductions_updated").count() == 1


def test_can_9_relations_are_of_the_kinds_the_profile_lists(nominating, clerk_a):
    a = self_nominate(nominating, add_resident(nominating, "韩冰"), clerk_a)
    b = self_nominate(nominating, add_resident(nominating, "杨洋"), clerk_a)
    with pytest.raises(RuleViolation) as exc:
        relation_record(nominee=a, actor=clerk_a, kind="同事", role="nominee", relative_nominee=b)
    assert exc.value.rule == "CAN-9"
    relation = relation_record(nominee=a, actor=clerk_a, kind="配偶", role="nominee", relative_nominee=b)
    assert relation.relative_name == "杨洋"
    with pytest.raises(RuleViolation):
        relation_record(nominee=a, actor=clerk_a, kind="配偶", role="nominee", relative_nominee=a)
    assert Relation.objects.count() == 1

