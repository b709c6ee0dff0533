"""Hand-computed counting scenarios through the counting services (VOTE-3…VOTE-10, VOTE-14, SEAT-2), each
stating its inputs and the expected elected list.

Every scenario: 20 voters plus the 9 formal candidates are registered (29: the quorum, more than half, is 15);
unless it says otherwise 20 ballots are issued in the first round, so more than half of those who took part
(VOTE-5) is 11 votes. Both typists enter the same counters' sheet, so each box is agreed (double entry is
tested in test_double_entry.py). Most scenarios use separate ballots per position so that the numbers read as
typed; the roll-down scenario uses one ballot (VOTE-14).
"""
import pytest

from counting.models import CountRound, TallyBox
from counting.results import election_results
from counting.services import entry as entry_services
from counting.services.rounds import round_close, round_next_open
from elections.services.errors import NeedsOverride
from tests.counting.helpers import (counting_setup, enter_totals, enter_twice, first_round, issue, line,
                                    totals_by_key)

pytestmark = pytest.mark.django_db

CANDIDATES = {
    "chair": [("安国强", "M"), ("白建军", "M")],
    "vice_chair": [("陈秀英", "F"), ("丁志明", "M")],
    "member": [("范卫东", "M"), ("高建华", "M"), ("黄立新", "M"), ("金海涛", "M"), ("刘芳", "F")],
}
SEPARATE = {"ballot_layout": "separate"}


@pytest.fixture
def setup(community_a, clerk_a):
    return counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)


def count_totals(setup, users, votes, *, issued=20, returned=None, valid=None, invalid=0, blank=0, reason=""):
    """Issue `issued` ballots of the current round, enter the sheet twice, close the round."""
    issue(setup, issued)
    count_round = first_round(setup, users[0]) if not CountRound.objects.filter(
        election=setup.election).exists() else CountRound.objects.filter(election=setup.election).last()
    returned = issued if returned is None else returned
    enter_twice(count_round, setup.station, users, returned=returned,
                valid=returned - invalid if valid is None else valid, invalid=invalid, blank=blank,
                totals=totals_by_key(setup, votes), reason=reason)
    return round_close(count_round=count_round, actor=users[0])


def elected(setup):
    results = election_results(setup.refresh())
    return {p: [e.person.name for e in rows] for p, rows in results.elected_by_position()}, results


CLEAN = {"chair": {"安国强": 15, "白建军": 5}, "vice_chair": {"陈秀英": 14, "丁志明": 6},
         "member": {"范卫东": 13, "高建华": 12, "黄立新": 11, "金海涛": 4, "刘芳": 10}}


@pytest.mark.parametrize(("name", "votes", "expected", "next_kind"), [
    ("clean win", CLEAN,
     {"chair": ["安国强"], "vice_chair": ["陈秀英"], "member": ["范卫东", "高建华", "黄立新"]}, "certify"),
    ("one vote short of more than half: 10 of 20 is not more than half",
     {**CLEAN, "chair": {"安国强": 10, "白建军": 9}},
     {"vice_chair": ["陈秀英"], "member": ["范卫东", "高建华", "黄立新"]}, "further"),
    ("more passing than seats: the 3 with most votes",
     {**CLEAN, "member": {"范卫东": 14, "高建华": 13, "黄立新": 12, "金海涛": 11, "刘芳": 10}},
     {"chair": ["安国强"], "vice_chair": ["陈秀英"], "member": ["范卫东", "高建华", "黄立新"]}, "certify"),
    ("a tie at the last seat elects none of the tied",
     {**CLEAN, "member": {"范卫东": 16, "高建华": 15, "黄立新": 12, "金海涛": 12, "刘芳": 3}},
     {"chair": ["安国强"], "vice_chair": ["陈秀英"], "member": ["范卫东", "高建华"]}, "tie_break"),
    ("no woman elected: the woman with most votes takes the last member seat",
     {"chair": {"安国强": 15, "白建军": 5}, "vice_chair": {"丁志明": 14, "陈秀英": 6},
      "member": {"范卫东": 15, "高建华": 14, "黄立新": 13, "金海涛": 2, "刘芳": 12}},
     {"chair": ["安国强"], "vice_chair": ["丁志明"], "member": ["范卫东", "高建华", "刘芳"]}, "certify"),
])
def test_vote_5_vote_9_seat_2_first_round_scenarios(setup, clerk_a, clerk_a2, name, votes, expected,
                                                     next_kind):
    closed = count_totals(setup, (clerk_a, clerk_a2), votes)
    assert closed.status == CountRound.Status.CLOSED, name
    names, results = elected(setup)
    assert names == expected, name
    assert results.rounds[0].outcome.threshold == 11
    assert results.next.kind == next_kind, name


def test_vote_5_one_vote_short_leaves_the_chair_to_a_further_round_among_the_next(setup, clerk_a, clerk_a2):
    count_totals(setup, (clerk_a, clerk_a2), {**CLEAN, "chair": {"安国强": 10, "白建军": 9}})
    step = election_results(setup.refresh()).next
    assert step.kind == "further" and step.rule == "VOTE-9"
    # seed margin for 1 seat: 2 candidates
    assert step.contests == [{"position": "chair", "seats": 1, "women_only": False,
                              "candidates": [setup.key("安国强"), setup.key("白建军")]}]


def test_vote_9_tie_at_the_last_seat_and_its_tie_break_round(setup, clerk_a, clerk_a2):
    votes = {**CLEAN, "member": {"范卫东": 16, "高建华": 15, "黄立新": 12, "金海涛": 12, "刘芳": 3}}
    count_totals(setup, (clerk_a, clerk_a2), votes)
    step = election_results(setup.refresh()).next
    assert step.kind == "tie_break"
    assert step.contests[0]["seats"] == 1
    assert set(step.contests[0]["candidates"]) == {setup.key("黄立新"), setup.key("金海涛")}

    tie = round_next_open(election=setup.election, actor=clerk_a)
    assert tie.purpose == CountRound.Purpose.TIE_BREAK
    assert (tie.round.number, tie.round.kind) == (2, "tie_break")
    issue(setup, 18)
    enter_twice(tie, setup.station, (clerk_a, clerk_a2), returned=18, valid=18, invalid=0,
                totals=totals_by_key(setup, {"member": {"黄立新": 7, "金海涛": 11}}))
    round_close(count_round=tie, actor=clerk_a)

    names, results = elected(setup)
    assert names["member"] == ["范卫东", "高建华", "金海涛"]
    assert [e.round_number for e in results.elected if e.person.name == "金海涛"] == [2]
    assert results.next.kind == "certify"


def test_vote_9_a_tie_break_that_ties_again_is_voted_again(setup, clerk_a, clerk_a2):
    count_totals(setup, (clerk_a, clerk_a2),
                 {**CLEAN, "member": {"范卫东": 16, "高建华": 15, "黄立新": 12, "金海涛": 12, "刘芳": 3}})
    tie = round_next_open(election=setup.election, actor=clerk_a)
    issue(setup, 18)
    enter_twice(tie, setup.station, (clerk_a, clerk_a2), returned=18, valid=18, invalid=0,
                totals=totals_by_key(setup, {"member": {"黄立新": 9, "金海涛": 9}}))
    round_close(count_round=tie, actor=clerk_a)
    assert election_results(setup.refresh()).next.kind == "tie_break"


def test_vote_9_unfilled_seats_and_a_further_round_won_at_exactly_one_third(setup, clerk_a, clerk_a2):
    # Round 1: only 范卫东 passes 11 among the members: 2 member seats unfilled.
    count_totals(setup, (clerk_a, clerk_a2), {**CLEAN, "member": {"范卫东": 15, "高建华": 9, "黄立新": 8,
                                                                  "金海涛": 4, "刘芳": 3}})
    step = election_results(setup.refresh()).next
    # 2 seats + the seed margin (20% of 2, rounded up: 1) = the next 3 by votes
    assert step.kind == "further" and not step.may_leave_vacant
    assert step.contests[0]["seats"] == 2
    assert step.contests[0]["candidates"] == [setup.key("高建华"), setup.key("黄立新"), setup.key("金海涛")]

    further = round_next_open(election=setup.election, actor=clerk_a)
    assert further.purpose == CountRound.Purpose.FURTHER and further.stage == 2
    assert further.round.kind == "further"
    # Round 2: 18 ballots cast; at least 1/3 of them is 6.
    issue(setup, 18)
    enter_twice(further, setup.station, (clerk_a, clerk_a2), returned=18, valid=18, invalid=0,
                totals=totals_by_key(setup, {"member": {"高建华": 6, "黄立新": 5, "金海涛": 3}}))
    round_close(count_round=further, actor=clerk_a)

    names, results = elected(setup)
    assert results.rounds[1].outcome.threshold == 6
    assert results.rounds[1].outcome.threshold_rule == "VOTE-9"
    assert names == {"chair": ["安国强"], "vice_chair": ["陈秀英"], "member": ["范卫东", "高建华"]}
    # VOTE-10: 4 elected, a further round held: the last seat may stay vacant (or another further round)
    assert results.next.kind == "further" and results.next.may_leave_vacant and results.next.vacancies == 1


def test_vote_7_more_ballots_returned_than_issued_voids_the_round(setup, clerk_a, clerk_a2):
    issue(setup, 20)
    count_round = first_round(setup, clerk_a)
    box = entry_services.box_open(count_round=count_round, station=setup.station, mode=TallyBox.Mode.TOTALS,
                                  actor=clerk_a)
    sheet = {"returned": 21, "valid": 21, "invalid": 0, "totals": totals_by_key(setup, CLEAN)}
    entry = entry_services.entry_start(box=box, actor=clerk_a)
    entry_services.totals_save(entry=entry, actor=clerk_a, **sheet)
    with pytest.raises(NeedsOverride) as warned:
        entry_services.entry_submit(entry=entry, actor=clerk_a)
    assert [w.rule for w in warned.value.warnings] == ["VOTE-7"]
    entry_services.entry_submit(entry=entry, actor=clerk_a, reason="纸质选票清点确为21张")
    enter_totals(box, clerk_a2, reason="纸质选票清点确为21张", **sheet)

    closed = round_close(count_round=count_round, actor=clerk_a)
    assert closed.status == CountRound.Status.VOID and closed.void_rule == "VOTE-7"
    assert "21" in closed.void_reason and "20" in closed.void_reason
    names, results = elected(setup)
    assert names == {}
    assert results.next.kind == "repeat"


@pytest.mark.parametrize(("issued", "status", "rule"), [(14, "void", "VOTE-4"), (15, "closed", "")])
def test_vote_4_quorum_missed_by_one(setup, clerk_a, clerk_a2, issued, status, rule):
    # 29 registered voters: more than half is 15.
    votes = {"chair": {"安国强": issued}, "vice_chair": {"陈秀英": issued},
             "member": {"范卫东": issued, "高建华": issued, "刘芳": issued}}
    closed = count_totals(setup, (clerk_a, clerk_a2), votes, issued=issued)
    assert (closed.status, closed.void_rule) == (status, rule)
    if status == "void":
        assert "15" in closed.void_reason and election_results(setup.refresh()).next.kind == "repeat"


def test_vote_4_a_void_round_is_repeated_and_the_repetition_counts(setup, clerk_a, clerk_a2):
    count_totals(setup, (clerk_a, clerk_a2), {"chair": {"安国强": 14}}, issued=14)
    repeat = round_next_open(election=setup.election, actor=clerk_a)
    assert repeat.purpose == CountRound.Purpose.FIRST and repeat.round.kind == "repeat" and repeat.stage == 1
    issue(setup, 20)
    enter_twice(repeat, setup.station, (clerk_a, clerk_a2), returned=20, valid=20, invalid=0,
                totals=totals_by_key(setup, CLEAN))
    round_close(count_round=repeat, actor=clerk_a)
    names, results = elected(setup)
    assert names["member"] == ["范卫东", "高建华", "黄立新"]
    assert results.next.kind == "certify"


OVERMARKED = {"approve": [("chair", "安国强"), ("member", "范卫东"), ("member", "高建华"), ("member", "黄立新"),
                          ("member", "刘芳")]}  # 4 members approved for 3 seats


@pytest.mark.parametrize(("overmark", "valid", "invalid", "chair_votes", "member_votes"), [
    ("ballot", 19, 1, 19, 19),    # the whole ballot is invalid
    ("position", 20, 0, 20, 19),  # only its member marks count for nothing
])
def test_vote_8_an_overmarked_ballot_under_both_profile_variants(community_a, clerk_a, clerk_a2, overmark,
                                                                 valid, invalid, chair_votes, member_votes):
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES,
                           rules={**SEPARATE, "overmark_invalidates": overmark})
    issue(setup, 20)
    good = line(setup, approve=[("chair", "安国强"), ("vice_chair", "陈秀英"), ("member", "范卫东"),
                                ("member", "高建华"), ("member", "黄立新")])
    lines = [good] * 19 + [line(setup, **OVERMARKED)]
    count_round = first_round(setup, clerk_a)
    # 1 of 20 invalid is more than 3%: the typists confirm it against the paper (VOTE-8 warning)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), mode=TallyBox.Mode.BALLOTS, lines=lines,
                reason="第20张选票委员划了4人")
    closed = round_close(count_round=count_round, actor=clerk_a)
    assert (closed.result["valid"], closed.result["invalid"]) == (valid, invalid)
    votes = closed.result["votes"]
    assert votes["chair"][setup.key("安国强")] == chair_votes
    assert votes["member"][setup.key("范卫东")] == member_votes
    assert setup.key("刘芳") not in votes["member"]
    names, _results = elected(setup)
    assert names["member"] == ["范卫东", "高建华", "黄立新"]


def roll_down_ballots(setup):
    """20 ballots of one election for every position (VOTE-14):
    8 × chair 安国强, vice 陈秀英, members 范卫东 高建华 黄立新;
    4 × chair 安国强, vice 陈秀英, members 范卫东 高建华 and 白建军 written in;
    5 × chair 白建军, vice 陈秀英, members 范卫东 高建华;
    3 × chair 白建军, vice 陈秀英, members 范卫东 高建华 and 白建军 written in (named twice: one vote)."""
    common = [("vice_chair", "陈秀英"), ("member", "范卫东"), ("member", "高建华")]
    return ([line(setup, approve=[("chair", "安国强"), *common, ("member", "黄立新")])] * 8
            + [line(setup, approve=[("chair", "安国强"), *common], write_ins={"member": ["白建军"]})] * 4
            + [line(setup, approve=[("chair", "白建军"), *common])] * 5
            + [line(setup, approve=[("chair", "白建军"), *common], write_ins={"member": ["白建军"]})] * 3)


@pytest.mark.parametrize(("layout", "bai_member_votes", "members", "unfilled"), [
    # one ballot: 白建军's 8 chair votes roll down to member, with 4 more written in: 12 ≥ 11, elected
    ("one", 12, ["范卫东", "高建华", "白建军"], 0),
    # separate ballots: only the 7 written in count; 黄立新 has 8: one member seat unfilled
    ("separate", 7, ["范卫东", "高建华"], 1),
])
def test_vote_14_roll_down_on_a_one_ballot_election(community_a, clerk_a, clerk_a2, layout, bai_member_votes,
                                                     members, unfilled):
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES,
                           rules={"ballot_layout": layout})
    issue(setup, 20)
    count_round = first_round(setup, clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), mode=TallyBox.Mode.BALLOTS,
                lines=roll_down_ballots(setup))
    closed = round_close(count_round=count_round, actor=clerk_a)
    assert closed.result["votes"]["member"][setup.key("白建军")] == bai_member_votes
    names, results = elected(setup)
    assert names["chair"] == ["安国强"] and names["vice_chair"] == ["陈秀英"]
    assert names["member"] == members
    assert results.final_outcome.unfilled["member"] == unfilled
