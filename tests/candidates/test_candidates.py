"""Formal candidates (CAN-4), the differential margin through the service (CAN-5), withdrawal and replacement
(CAN-10), posting (CAN-6), structure indicators (SEAT-2, SEAT-4) and near relatives (CAN-9):
candidates/services/candidates.py."""
import datetime
import re

import pytest

from candidates.models import Candidate, CandidatePosting, NegativeCheck
from candidates.services.candidates import (VoteRow, candidate_indicators, candidate_withdraw, candidates_of,
                                            counting_staff_conflicts, decision_open,
                                            margin_status, near_relative_flags, posting_last_day,
                                            posting_needed)
from candidates.services.nominations import nominee_override_warnings, relation_record
from elections.models import AuditLog, Meeting
from elections.services.errors import RuleViolation
from tests import factories
from voters.models import Registration

from .conftest import BEFORE, ELECTION_DAY, decide, post_candidates, ready_nominee, rows_for, slate, to_nomination


def numbers(exc):
    """The numbers of a refusal's message, its rule id (CAN-5) left out."""
    return [int(n) for n in re.findall(r"\d+", re.sub(r"[A-Z]+-\d+", "", str(exc.value)))]


def margin_numbers(exc):
    """The numbers of a CAN-5 message (candidates, seats, needed), in whatever order the language puts them."""
    return sorted(numbers(exc))


def statuses(election):
    return {c.nominee.resident.name: c.status for c in candidates_of(election, status=None)}


# --- CAN-5 through the service: 1, 5 and 7 seats under both profiles ---------------------------------------

@pytest.fixture
def election_for(community_a, clerk_a):
    def make(profile_key, member_seats):
        election = factories.election(community_a, actor=clerk_a, profile_key=profile_key, member_seats=member_seats)
        return to_nomination(election, clerk_a)
    return make


# (profile, member seats, fewest member candidates)
MEMBER_CASES = [("seed-district-plan", 5, 6), ("seed-district-plan", 7, 9),
                ("national-model", 5, 6), ("national-model", 7, 8)]


@pytest.mark.parametrize(("profile_key", "seats", "needed"), MEMBER_CASES)
def test_can_5_refuses_members_one_short_of_the_margin(election_for, clerk_a, profile_key, seats, needed):
    election = election_for(profile_key, seats)
    people = slate(election, clerk_a, {"chair": 2, "vice_chair": 2, "member": needed - 1})
    with pytest.raises(RuleViolation) as exc:
        decide(election, clerk_a, rows_for(people))
    assert exc.value.rule == "CAN-5"
    assert margin_numbers(exc) == sorted([needed - 1, seats, needed])  # 8 candidates, 7 seats, 9 needed
    assert not Candidate.objects.exists() and not Meeting.objects.filter(kind="candidates").exists()


@pytest.mark.parametrize(("profile_key", "seats", "needed"), MEMBER_CASES)
def test_can_5_accepts_members_at_the_margin(election_for, clerk_a, profile_key, seats, needed):
    election = election_for(profile_key, seats)
    people = slate(election, clerk_a, {"chair": 2, "vice_chair": 2, "member": needed})
    decide(election, clerk_a, rows_for(people))
    assert margin_status(election)[2].candidates == needed
    assert all(row.problem is None for row in margin_status(election))


@pytest.mark.parametrize("profile_key", ["seed-district-plan", "national-model"])
def test_can_5_one_chair_seat_needs_two_candidates(election_for, clerk_a, profile_key):
    election = election_for(profile_key, 3)
    people = slate(election, clerk_a, {"chair": 1, "vice_chair": 2, "member": 4})
    with pytest.raises(RuleViolation) as exc:
        decide(election, clerk_a, rows_for(people))
    assert exc.value.rule == "CAN-5" and margin_numbers(exc) == [1, 1, 2]
    people["chair"].append(ready_nominee(election, "主任乙", clerk_a, ["chair"]))
    decide(election, clerk_a, rows_for(people))
    assert [r.candidates for r in margin_status(election)] == [2, 2, 4]


def test_can_5_national_profile_allows_at_most_3_more_members(election_for, clerk_a):
    election = election_for("national-model", 5)
    people = slate(election, clerk_a, {"chair": 2, "vice_chair": 2, "member": 9})
    with pytest.raises(RuleViolation) as exc:
        decide(election, clerk_a, rows_for(people))
    assert exc.value.rule == "CAN-5" and margin_numbers(exc) == [5, 8, 9]


# --- CAN-4: who may be chosen, and how ---------------------------------------------------------------------

def test_can_4_the_meeting_is_recorded_with_attendance_and_votes(decided):
    meeting = Meeting.objects.get(election=decided, kind="candidates")
    assert (meeting.representatives_total, meeting.present) == (51, 45)
    formal = candidates_of(decided)
    assert len(formal) == 8 and all(c.meeting == meeting for c in formal)
    assert statuses(decided)["候补甲"] == "reserve"
    assert AuditLog.objects.filter(action="elections.candidate.decided").count() == 9


def test_can_4_a_meeting_without_a_majority_present_decides_nothing(nominating, clerk_a):
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})
    with pytest.raises(RuleViolation) as exc:
        decide(nominating, clerk_a, rows_for(people, votes=20), total=51, present=25)
    assert exc.value.rule == "ORG-3" and not Candidate.objects.exists()


def test_can_4_votes_cannot_exceed_those_present(nominating, clerk_a):
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})
    with pytest.raises(RuleViolation) as exc:
        decide(nominating, clerk_a, rows_for(people, votes=46), present=45)
    assert exc.value.rule == "CAN-4"


def test_can_4_nobody_left_out_has_more_votes_than_someone_chosen(nominating, clerk_a):
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})
    passed_over = ready_nominee(nominating, "落选", clerk_a, ["member"])
    with pytest.raises(RuleViolation) as exc:
        decide(nominating, clerk_a, rows_for(people, votes=40) + [VoteRow(passed_over, "member", 44, False)])
    assert exc.value.rule == "CAN-4"


def test_can_4_the_formal_candidates_are_decided_once(decided, clerk_a):
    late = ready_nominee(decided, "迟到", clerk_a, ["member"])
    with pytest.raises(RuleViolation) as exc:
        decide(decided, clerk_a, [VoteRow(late, "member", 40, True)])
    assert exc.value.rule == "CAN-4"


def test_can_4_is_decided_in_the_nomination_phase_only(election_a, clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    with pytest.raises(RuleViolation) as exc:
        decide(election_a, clerk_a, [])
    assert exc.value.rule == "CAL-1"


def test_can_4_a_position_not_sought_cannot_be_voted(nominating, clerk_a):
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})
    rows = rows_for(people)
    rows[0] = VoteRow(rows[0].nominee, "member", rows[0].votes, True)
    with pytest.raises(RuleViolation) as exc:
        decide(nominating, clerk_a, rows)
    assert exc.value.rule == "CAN-4"


@pytest.mark.parametrize(("spoil", "rule"), [
    (lambda n: Registration.objects.filter(resident=n.resident).update(status="pending"), "CAN-1"),
    (lambda n: type(n.resident).objects.filter(pk=n.resident_id).update(lives_here=False), "CAN-1"),
    (lambda n: NegativeCheck.objects.filter(nominee=n, number=7).update(finding="found", evidence="违章建房未整改"),
     "CAN-2"),
    (lambda n: NegativeCheck.objects.filter(nominee=n, number=7).update(finding="", evidence=""), "CAN-2"),
])
def test_a_nominee_failing_a_hard_check_cannot_become_a_formal_candidate(nominating, clerk_a, spoil, rule):
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})
    spoil(people["member"][0])
    with pytest.raises(RuleViolation) as exc:
        decide(nominating, clerk_a, rows_for(people))
    assert exc.value.rule == rule and not Candidate.objects.exists()


def test_can_1_an_age_warning_blocks_until_overridden_then_the_nominee_is_chosen(nominating, clerk_a):
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 3})
    older = ready_nominee(nominating, "老成", clerk_a, ["member"], birth_date=datetime.date(1962, 1, 1))
    people["member"].append(older)
    with pytest.raises(RuleViolation) as exc:
        decide(nominating, clerk_a, rows_for(people))
    assert exc.value.rule == "CAN-1"
    nominee_override_warnings(nominee=older, actor=clerk_a, reason="群众基础好，身体健康")
    decide(nominating, clerk_a, rows_for(people))
    assert statuses(nominating)["老成"] == "formal"


# --- CAN-10: withdrawal and replacement --------------------------------------------------------------------

def member(election, name):
    return next(c for c in candidates_of(election, status=None) if c.nominee.resident.name == name)


def test_can_10_a_withdrawal_that_breaks_the_margin_brings_in_the_next_by_votes(decided, clerk_a):
    leaving = member(decided, "候选己")
    outcome = candidate_withdraw(candidate=leaving, actor=clerk_a, withdrawn_on=BEFORE,
                                 statement="因工作调动，本人自愿退出", today=BEFORE)
    assert outcome.withdrawn.status == "withdrawn"
    assert outcome.replacement.nominee.resident.name == "候补甲" and outcome.replacement.replaces == leaving
    assert margin_status(decided)[2].candidates == 4
    assert AuditLog.objects.filter(action__in=["elections.candidate.withdrawn",
                                               "elections.candidate.replaced"]).count() == 2


def test_can_10_no_replacement_while_the_margin_holds(nominating, clerk_a):
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 5})
    reserve = ready_nominee(nominating, "候补甲", clerk_a, ["member"])
    decide(nominating, clerk_a, rows_for(people) + [VoteRow(reserve, "member", 1, False)])
    outcome = candidate_withdraw(candidate=member(nominating, "候选己"), actor=clerk_a, withdrawn_on=BEFORE,
                                 statement="自愿退出", today=BEFORE)
    assert outcome.replacement is None and statuses(nominating)["候补甲"] == "reserve"


def test_can_10_a_tie_next_in_line_is_left_to_the_meeting(nominating, clerk_a):
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})
    tied = [ready_nominee(nominating, name, clerk_a, ["member"]) for name in ("候补甲", "候补乙")]
    decide(nominating, clerk_a, rows_for(people) + [VoteRow(n, "member", 10, False) for n in tied])
    outcome = candidate_withdraw(candidate=member(nominating, "候选己"), actor=clerk_a, withdrawn_on=BEFORE,
                                 statement="自愿退出", today=BEFORE)
    assert outcome.replacement is None and "候补甲" in outcome.unfilled and "候补乙" in outcome.unfilled
    # The supplementary meeting may then add a candidate, since the margin is short.
    decide(nominating, clerk_a, [VoteRow(tied[0], "member", 30, True), VoteRow(tied[1], "member", 20, False)])
    assert statuses(nominating)["候补甲"] == "formal" and margin_status(nominating)[2].problem is None


def test_can_5_a_list_left_short_by_a_withdrawal_cannot_be_posted(nominating, clerk_a):
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})
    decide(nominating, clerk_a, rows_for(people))
    assert posting_needed(nominating)
    outcome = candidate_withdraw(candidate=member(nominating, "候选己"), actor=clerk_a, withdrawn_on=BEFORE,
                                 statement="自愿退出", today=BEFORE)
    assert outcome.replacement is None and outcome.unfilled  # nobody next in line
    assert not posting_needed(nominating) and decision_open(nominating)
    with pytest.raises(RuleViolation) as exc:
        post_candidates(nominating, clerk_a, BEFORE)
    assert exc.value.rule == "CAN-5"


def test_can_10_a_withdrawal_is_in_writing_and_before_election_day(decided, clerk_a):
    candidate = member(decided, "候选己")
    with pytest.raises(RuleViolation) as exc:
        candidate_withdraw(candidate=candidate, actor=clerk_a, withdrawn_on=BEFORE, statement=" ", today=BEFORE)
    assert exc.value.rule == "CAN-10"
    with pytest.raises(RuleViolation) as exc:
        candidate_withdraw(candidate=candidate, actor=clerk_a, withdrawn_on=ELECTION_DAY, statement="退出",
                           today=ELECTION_DAY)
    assert exc.value.rule == "CAN-10"
    outcome = candidate_withdraw(candidate=candidate, actor=clerk_a, withdrawn_on=datetime.date(2026, 12, 19),
                                 statement="退出", today=datetime.date(2026, 12, 19))
    assert outcome.withdrawn.status == "withdrawn"


def test_a_formal_candidates_checks_are_frozen(decided, clerk_a):
    from candidates.services.nominations import negative_check_record

    check = member(decided, "候选己").nominee.negative_checks.first()
    with pytest.raises(RuleViolation) as exc:
        negative_check_record(check=check, actor=clerk_a, finding="found", evidence="x")
    assert exc.value.rule == "CAN-10"


# --- CAN-6: posting ----------------------------------------------------------------------------------------

def test_can_6_the_last_day_is_3_days_before_election_day_under_the_seed_profile(decided):
    assert posting_last_day(decided) == datetime.date(2026, 12, 17)


def test_can_6_posting_on_the_last_day_marks_the_checklist_step(decided, clerk_a):
    posting = post_candidates(decided, clerk_a, datetime.date(2026, 12, 17))
    assert posting.posted_on == datetime.date(2026, 12, 17)
    assert [c["name"] for c in posting.candidates][:2] == ["候选乙", "候选甲"]  # 乙 1 stroke, 甲 5
    step = decided.steps_done.get(step="candidates_posted")
    assert step.actor == clerk_a and step.done_on == step.entered_on == datetime.date(2026, 12, 17)


def test_can_6_posting_the_day_after_the_last_day_is_refused_naming_it(decided, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        post_candidates(decided, clerk_a, datetime.date(2026, 12, 18))
    assert exc.value.rule == "CAN-6"
    assert "2026-12-17" in str(exc.value) and 3 in numbers(exc)
    assert not decided.steps_done.filter(step="candidates_posted").exists()
    assert not CandidatePosting.objects.exists()


def test_can_6_the_national_profile_posts_5_days_before(election_for, clerk_a):
    election = election_for("national-model", 3)
    decide(election, clerk_a, rows_for(slate(election, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})))
    assert posting_last_day(election) == datetime.date(2026, 12, 15)
    with pytest.raises(RuleViolation):
        post_candidates(election, clerk_a, datetime.date(2026, 12, 16))
    post_candidates(election, clerk_a, datetime.date(2026, 12, 15))


def test_can_6_nothing_to_post_before_the_meeting(nominating, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        post_candidates(nominating, clerk_a, BEFORE)
    assert exc.value.rule == "CAN-4"


def test_can_10_a_changed_list_is_posted_again_up_to_election_day(decided, clerk_a):
    post_candidates(decided, clerk_a, datetime.date(2026, 12, 16))
    with pytest.raises(RuleViolation):  # the same list twice
        post_candidates(decided, clerk_a, datetime.date(2026, 12, 16))
    candidate_withdraw(candidate=member(decided, "候选己"), actor=clerk_a, withdrawn_on=datetime.date(2026, 12, 18),
                       statement="自愿退出", today=datetime.date(2026, 12, 18))
    again = post_candidates(decided, clerk_a, datetime.date(2026, 12, 19))
    assert "候补甲" in [c["name"] for c in again.candidates] and again.note


# --- SEAT-2, SEAT-4 indicators; CAN-9 flags ----------------------------------------------------------------

def test_seat_2_warns_when_no_woman_is_among_the_formal_candidates(decided):
    indicators = candidate_indicators(decided)
    assert indicators["women"] == 0
    assert "SEAT-2" in [w.rule for w in indicators["warnings"]]


def test_seat_2_and_seat_4_indicators_count_the_formal_candidates(nominating, clerk_a):
    people = slate(nominating, clerk_a, {"chair": 1, "vice_chair": 2, "member": 4})
    secretary = ready_nominee(nominating, "书记", clerk_a, ["chair"], sex="F", political_status="cpc",
                              education="bachelor", birth_date=datetime.date(1992, 1, 1))
    from candidates.services.nominations import nominee_update
    nominee_update(nominee=secretary, actor=clerk_a, is_party_secretary=True, committee_member=None)
    people["chair"].append(secretary)
    decide(nominating, clerk_a, rows_for(people))
    indicators = candidate_indicators(nominating)
    assert (indicators["total"], indicators["women"], indicators["party_members"]) == (8, 1, 1)
    assert indicators["young_graduates"] == 1 and indicators["age_bands"]["35"] == 1
    assert indicators["age_bands"]["50"] == 7  # the others were born 1980-05-01: 46 on election day
    assert [c.nominee.resident.name for c in indicators["one_shoulder"]] == ["书记"]
    assert indicators["warnings"] == []


def test_can_9_near_relatives_are_flagged_among_candidates_and_counting_staff(decided, clerk_a):
    first, second = member(decided, "候选己").nominee, member(decided, "候选庚").nominee
    relation_record(nominee=first, actor=clerk_a, kind="兄弟姐妹", role="nominee", relative_nominee=second)
    relation_record(nominee=first, actor=clerk_a, kind="配偶", role="counting_staff", relative_name="计票员")
    flags = near_relative_flags(decided)
    assert len(flags) == 2
    assert counting_staff_conflicts(decided, ["计票员", "候选甲", "路人"]).keys() == {"计票员", "候选甲"}

