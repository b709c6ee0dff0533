"""Recall and by-election (AFT-6): the recall vote by the election's quorum and majority; a by-election for the
vacant seats through the same rounds, quorum and majority services (a tie and its tie-break vote included),
its elected taking their seats; a by-election fills a woman's seat first where the committee has none."""
import datetime

import pytest

from aftermath.models import CommitteeSeat, Recall
from aftermath.services.committee import seat_vacate, vacancies
from aftermath.services.handover import election_close, handover_start
from aftermath.services.recall import by_election_call, recall_petition_record, recall_vote_record
from candidates.models import NominationSource
from candidates.services.nominations import nomination_record
from counting.results import election_results
from counting.services.certification import results_certify
from counting.services.rounds import round_close, round_next_open
from elections import clock
from elections.models import Election
from elections.services.errors import RuleViolation
from elections.states import State
from polling.testing import set_state
from tests.counting.helpers import enter_twice, first_round, issue, totals_by_key, voting_setup
from voters.models import Resident

from .helpers import begun, sign_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_a(certified_a, clerk_a, supervisor_a):
    """Election A handed over and closed: its committee of 5 in office."""
    sign_all(begun(certified_a.election, clerk_a), clerk_a, supervisor_a)
    election_close(election=certified_a.election, actor=clerk_a, reason="下属委员会另行组建")
    return certified_a.refresh()


def seat(election, name):
    return CommitteeSeat.objects.get(election=election, name=name)


def petition(election, clerk, name):
    return recall_petition_record(seat=seat(election, name), actor=clerk, petition_on=clock.today(),
                                  petitioners=230, grounds="长期不履行职责")


# 1,000 entitled (direct election: VOTE-4 more than half take part, 501); more than half of those who take part
# vote for the recall (VOTE-5): of 600, 301.
@pytest.mark.parametrize(("participants", "votes_for", "outcome"), [
    (500, 400, "void"),       # 500 of 1,000 is not more than half: no quorum
    (501, 251, "recalled"),   # the quorum exactly, and more than half of 501
    (600, 300, "rejected"),   # half of those who took part is not more than half
    (600, 301, "recalled"),
])
def test_aft_6_a_recall_vote_has_the_quorum_and_majority_of_an_election(closed_a, clerk_a, participants,
                                                                         votes_for, outcome):
    election = closed_a
    recall = petition(election, clerk_a, "高建华")
    recall = recall_vote_record(recall=recall, actor=clerk_a, vote_on=clock.today(), eligible=1000,
                                participants=participants, votes_for=votes_for, votes_against=0)
    assert recall.outcome == outcome
    assert (recall.reckoning["quorum_needed"], recall.reckoning["quorum_rule"]) == (501, "VOTE-4")
    assert recall.reckoning["majority_rule"] == "VOTE-5"
    in_office = seat(election, "高建华").in_office
    assert in_office is (outcome != "recalled")
    assert vacancies(election) == ({"member": 1} if outcome == "recalled" else {})


SHORT_NOTICE = "测试：当天投票"  # VOT-5/CAN-6 warn about an election day today; the tests count


def test_aft_6_one_petition_at_a_time_and_never_against_a_former_member(closed_a, clerk_a):
    petition(closed_a, clerk_a, "高建华")
    with pytest.raises(RuleViolation):
        petition(closed_a, clerk_a, "高建华")
    seat_vacate(seat=seat(closed_a, "范卫东"), actor=clerk_a, left_on=clock.today(), reason="resigned")
    with pytest.raises(RuleViolation):
        petition(closed_a, clerk_a, "范卫东")


def test_aft_6_a_by_election_elects_only_vacant_seats(closed_a, clerk_a):
    with pytest.raises(RuleViolation) as refused:
        by_election_call(election=closed_a, actor=clerk_a, seats={"member": 1})
    assert refused.value.rule == "AFT-6"  # no seat is vacant
    seat_vacate(seat=seat(closed_a, "黄立新"), actor=clerk_a, left_on=clock.today(), reason="resigned")
    with pytest.raises(RuleViolation):
        by_election_call(election=closed_a, actor=clerk_a, seats={"member": 2})
    with pytest.raises(RuleViolation):
        by_election_call(election=closed_a, actor=clerk_a, seats={"chair": 1})
    by_election = by_election_call(election=closed_a, actor=clerk_a, seats={"member": 1},
                                   election_date=clock.today() + datetime.timedelta(days=20))
    # SEAT-1's 5–9 and the one chair are the whole committee's: this by-election elects one member.
    assert by_election.kind == Election.Kind.BY_ELECTION and by_election.completes == closed_a
    assert (by_election.term, by_election.seats, by_election.total_seats) == (closed_a.term, {"member": 1}, 1)
    assert by_election.profile_snapshot == closed_a.profile_snapshot
    assert [m["name"] for m in by_election.committee_in_office] == ["安国强", "陈秀英", "范卫东", "高建华"]
    with pytest.raises(RuleViolation):  # one at a time
        by_election_call(election=closed_a, actor=clerk_a, seats={"member": 1})
    set_state(by_election, State.NOMINATION)
    resident = Resident.objects.create(community=closed_a.community, name="钱补选", sex="M",
                                       birth_date=datetime.date(1985, 5, 5), id_number="110108198505050011")
    with pytest.raises(RuleViolation) as refused:
        nomination_record(election=by_election, actor=clerk_a, resident=resident, source=NominationSource.SELF,
                          positions=["chair"], nominated_on=clock.today())
    assert refused.value.rule == "AFT-6"


def test_aft_6_vote_9_a_by_election_with_a_tie_is_decided_by_a_tie_break_vote(closed_a, clerk_a, clerk_a2):
    for name in ("高建华", "黄立新"):
        seat_vacate(seat=seat(closed_a, name), actor=clerk_a, left_on=clock.today(), reason="resigned")
    by_election = by_election_call(election=closed_a, actor=clerk_a, seats={"member": 2},
                                   election_date=clock.today(), override_reason=SHORT_NOTICE)
    setup = voting_setup(by_election, voters=15,
                         candidates={"member": [("孙立", "M"), ("钱进", "M"), ("李红", "F")]})
    issue(setup, 15)
    count_round = first_round(setup, clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=15, valid=15, invalid=0,
                totals=totals_by_key(setup, {"member": {"孙立": 12, "钱进": 9, "李红": 9}}))
    round_close(count_round=count_round, actor=clerk_a)
    results = election_results(setup.refresh())
    # More than half of the 15 who took part (VOTE-5) is 8: all three pass; 钱进 and 李红 tie for the last seat.
    assert results.rounds[0].outcome.threshold == 8
    assert [e.person.name for e in results.elected] == ["孙立"]
    assert results.next.kind == "tie_break"
    assert set(results.next.contests[0]["candidates"]) == {setup.key("钱进"), setup.key("李红")}

    tie = round_next_open(election=setup.election, actor=clerk_a)
    issue(setup, 15)
    enter_twice(tie, setup.station, (clerk_a, clerk_a2), returned=15, valid=15, invalid=0,
                totals=totals_by_key(setup, {"member": {"钱进": 6, "李红": 9}}))
    round_close(count_round=tie, actor=clerk_a)
    results = election_results(setup.refresh())
    assert sorted((e.person.name, e.round_number) for e in results.elected) == [("孙立", 1), ("李红", 2)]
    assert results.next.kind == "certify"

    results_certify(election=setup.election, actor=clerk_a)
    seats = handover_start(election=setup.election, actor=clerk_a)  # the elected take their seats
    assert sorted((s.name, s.position, s.elected_in_id) for s in seats) == [
        ("孙立", "member", by_election.pk), ("李红", "member", by_election.pk)]
    assert vacancies(closed_a) == {}
    assert election_close(election=setup.election, actor=clerk_a).state == State.CLOSED


def test_aft_6_seat_2_a_by_election_fills_a_womans_seat_first_where_the_committee_has_none(
        closed_a, clerk_a, clerk_a2):
    recall = petition(closed_a, clerk_a, "陈秀英")  # the committee's only woman
    recall_vote_record(recall=recall, actor=clerk_a, vote_on=clock.today(), eligible=1000, participants=700,
                       votes_for=500)
    for name in ("高建华", "黄立新"):
        seat_vacate(seat=seat(closed_a, name), actor=clerk_a, left_on=clock.today(), reason="resigned")
    assert vacancies(closed_a) == {"vice_chair": 1, "member": 2}
    by_election = by_election_call(election=closed_a, actor=clerk_a, seats={"vice_chair": 1, "member": 2},
                                   election_date=clock.today(), override_reason=SHORT_NOTICE)
    setup = voting_setup(by_election, voters=15, candidates={
        "vice_chair": [("周明", "M"), ("吴刚", "M")], "member": [("郑强", "M"), ("冯军", "M"), ("王丽", "F")]})
    issue(setup, 15)
    count_round = first_round(setup, clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=15, valid=15, invalid=0,
                totals=totals_by_key(setup, {"vice_chair": {"周明": 12, "吴刚": 3},
                                             "member": {"郑强": 12, "冯军": 10, "王丽": 8}}))
    round_close(count_round=count_round, actor=clerk_a)
    results = election_results(setup.refresh())
    # By votes 郑强 and 冯军; the committee in office (安国强, 范卫东) and 周明 are men: 王丽, who passed the
    # threshold of 8, takes the last member seat.
    assert {e.person.name: e.position for e in results.elected} == {"周明": "vice_chair", "郑强": "member",
                                                                   "王丽": "member"}
    assert any(rule == "SEAT-2" for rule, _m in results.final_outcome.notes)
    assert Recall.objects.get().outcome == "recalled"


def test_aft_6_vote_10_the_members_in_office_count_towards_the_committee_of_three(closed_a, clerk_a):
    for name in ("高建华", "黄立新"):
        seat_vacate(seat=seat(closed_a, name), actor=clerk_a, left_on=clock.today(), reason="resigned")
    by_election = by_election_call(election=closed_a, actor=clerk_a, seats={"member": 2},
                                   election_date=clock.today(), override_reason=SHORT_NOTICE)
    assert election_results(by_election).committee_formed  # 3 in office already
