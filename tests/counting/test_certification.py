"""Certifying the result (AFT-1), the lock it puts on the count, and street-office decisions (VOTE-13)."""
import pytest
from django.utils import timezone

from counting.models import Certification, CountRound, Decision, TallyBox
from counting.results import election_results
from counting.selectors import results_summaries, results_summary
from counting.services import entry as entry_services
from counting.services.certification import results_certify
from counting.services.decisions import results_reopen_decide, round_void_decide
from counting.services.rounds import round_close, round_next_open, round_reopen
from elections.checklist import checklist
from elections.services.errors import NeedsOverride, RuleViolation
from elections.states import State
from tests.counting.helpers import counting_setup, enter_twice, first_round, issue, totals_by_key

from .test_scenarios import CANDIDATES, CLEAN, SEPARATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(community_a, clerk_a, clerk_a2):
    """Round 1 of election A counted: a clean win."""
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)
    issue(setup, 20)
    count_round = first_round(setup, clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=20, valid=20, invalid=0,
                totals=totals_by_key(setup, CLEAN))
    round_close(count_round=count_round, actor=clerk_a)
    setup.count_round = count_round
    return setup


def test_aft_1_certifying_locks_the_result_and_moves_the_election_to_certified(counted, clerk_a):
    certification = results_certify(election=counted.election, actor=clerk_a)
    election = counted.refresh()
    assert election.state == State.CERTIFIED
    assert election.results_certified_on == timezone.localdate() == certification.certified_on
    done = {row.step.key for row in checklist(election) if row.done}
    assert {"election_held", "results_certified"} <= done
    assert [e["name"] for e in certification.snapshot["elected"]] == ["安国强", "陈秀英", "范卫东", "高建华", "黄立新"]
    assert certification.snapshot["rounds"][0]["threshold"] == 11
    assert election_results(election).next.kind == "certified"


def test_aft_1_a_certified_count_is_locked(counted, clerk_a):
    results_certify(election=counted.election, actor=clerk_a)
    with pytest.raises(RuleViolation) as refused:
        round_reopen(count_round=counted.count_round, actor=clerk_a, reason="发现错误")
    assert refused.value.rule == "AFT-1"
    with pytest.raises(RuleViolation):
        results_certify(election=counted.election, actor=clerk_a)


def test_aft_1_an_unfinished_count_cannot_be_certified(community_a, clerk_a):
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES)
    issue(setup, 20)
    first_round(setup, clerk_a)
    with pytest.raises(RuleViolation):
        results_certify(election=setup.election, actor=clerk_a)
    assert setup.refresh().state == State.COUNTING


def test_vote_10_seats_left_vacant_after_a_further_round_need_a_reason(community_a, clerk_a, clerk_a2):
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)
    issue(setup, 20)
    count_round = first_round(setup, clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=20, valid=20, invalid=0,
                totals=totals_by_key(setup, {**CLEAN, "member": {"范卫东": 15, "高建华": 9, "黄立新": 8}}))
    round_close(count_round=count_round, actor=clerk_a)
    with pytest.raises(RuleViolation) as refused:  # the first further round is not optional (VOTE-9)
        results_certify(election=setup.election, actor=clerk_a)
    assert refused.value.rule == "VOTE-9"
    further = round_next_open(election=setup.election, actor=clerk_a)
    issue(setup, 18)
    enter_twice(further, setup.station, (clerk_a, clerk_a2), returned=18, valid=18, invalid=0,
                totals=totals_by_key(setup, {"member": {"高建华": 6, "黄立新": 5}}))
    round_close(count_round=further, actor=clerk_a)
    with pytest.raises(NeedsOverride):
        results_certify(election=setup.election, actor=clerk_a)
    certification = results_certify(election=setup.election, actor=clerk_a, vacancy_reason="已选出4人，1名委员暂缺")
    assert certification.snapshot["vacancies"] == {"member": 1}
    assert setup.election.overrides.filter(rule="VOTE-10").exists()


def test_vote_13_a_street_office_decision_voids_a_certified_round_which_is_repeated(
        counted, clerk_a, clerk_a2, supervisor_a):
    results_certify(election=counted.election, actor=clerk_a)
    decision = round_void_decide(count_round=counted.count_round, actor=supervisor_a,
                                 reason="经查实存在贿选行为", reference="北太平庄街道〔2026〕8号")
    election = counted.refresh()
    # the door "street_decision": back to counting, where the committee opens the repeated round
    assert election.state == State.COUNTING and election.results_certified_on is None
    assert Certification.objects.get(election=election).revoked_by == decision
    counted.count_round.refresh_from_db()
    assert (counted.count_round.status, counted.count_round.void_rule) == ("void", "VOTE-13")
    results = election_results(election)
    assert results.elected == [] and results.next.kind == "repeat"
    assert election.state_changes.last().reason.startswith("VOTE-13")
    # the committee repeats the round; the result is certified again
    repeat = round_next_open(election=election, actor=clerk_a)
    assert counted.refresh().state == State.VOTING
    issue(counted, 20)
    enter_twice(repeat, counted.station, (clerk_a, clerk_a2), returned=20, valid=20, invalid=0,
                totals=totals_by_key(counted, CLEAN))
    round_close(count_round=repeat, actor=clerk_a)
    results_certify(election=election, actor=clerk_a)
    assert counted.refresh().state == State.CERTIFIED


def test_vote_13_a_decision_needs_its_grounds(counted, supervisor_a):
    with pytest.raises(RuleViolation) as refused:
        round_void_decide(count_round=counted.count_round, actor=supervisor_a, reason="  ")
    assert refused.value.rule == "VOTE-13"
    assert not Decision.objects.exists()


def test_vote_13_voiding_a_round_voids_the_rounds_that_rest_on_it(counted, clerk_a, clerk_a2, supervisor_a):
    votes = {**CLEAN, "member": {"范卫东": 16, "高建华": 15, "黄立新": 12, "金海涛": 12, "刘芳": 3}}
    # reopen round 1 with a tie instead, then hold the tie-break
    round_reopen(count_round=counted.count_round, actor=clerk_a, reason="更正")
    box = counted.count_round.boxes.get()
    entry_services.box_reopen(box=box, actor=clerk_a, reason="计票单抄错")
    from tests.counting.helpers import enter_totals
    for user in (clerk_a, clerk_a2):
        enter_totals(box, user, returned=20, valid=20, invalid=0, totals=totals_by_key(counted, votes))
    round_close(count_round=counted.count_round, actor=clerk_a)
    tie = round_next_open(election=counted.election, actor=clerk_a)
    round_void_decide(count_round=counted.count_round, actor=supervisor_a, reason="伪造选票")
    tie.refresh_from_db()
    assert tie.status == CountRound.Status.VOID and tie.void_rule == "VOTE-13"


def test_vote_13_a_decision_reopens_a_certified_result_for_a_correction(counted, clerk_a, supervisor_a):
    results_certify(election=counted.election, actor=clerk_a)
    results_reopen_decide(election=counted.election, actor=supervisor_a, reason="计票单抄录有误，需更正")
    assert counted.refresh().state == State.COUNTING
    round_reopen(count_round=counted.count_round, actor=clerk_a, reason="按街道决定更正")
    counted.count_round.refresh_from_db()
    assert counted.count_round.status == CountRound.Status.OPEN


def test_results_summary_reads_the_dashboard_figures_in_few_queries(counted, clerk_a, election_b,
                                                                    django_assert_max_num_queries):
    results_certify(election=counted.election, actor=clerk_a)
    summary = results_summary(counted.election)
    assert (summary.registered, summary.participants, summary.turnout_percent) == (29, 20, 69.0)
    assert (summary.elected, summary.women_elected, summary.seats, summary.vacancies) == (5, 1, 5, 0)
    assert summary.certified and summary.quorum_reached and summary.boxes_agreed == 1
    with django_assert_max_num_queries(4):
        summaries = results_summaries([counted.election, election_b])
    assert summaries[election_b.pk].next_step == "" and summaries[election_b.pk].quorum_reached is None


def test_a_box_of_another_election_is_refused(counted, clerk_a, community_b, clerk_b):
    other = counting_setup(community_b, clerk_b, voters=5, candidates={"chair": [("周一", "M")]}, term=3)
    with pytest.raises(RuleViolation) as refused:
        entry_services.box_open(count_round=first_round(other, clerk_b), station=counted.station,
                                mode=TallyBox.Mode.TOTALS, actor=clerk_b)
    assert refused.value.rule == "VOTE-2"
