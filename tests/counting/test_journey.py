"""The path a committee walks through the pages from election day to a certified result (issue 9): a tie at the
last seat goes to a tie-break vote and an unfilled seat to a further round, each opened, issued, closed and
counted through the pages; certification has one door; every move the election page offers refuses what its
service refuses."""
import datetime
import io

import pytest
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from counting.models import Certification, CountRound
from counting.results import election_results
from counting.services.certification import results_certify
from counting.services.entry import box_open
from counting.services.rounds import current_count_round, polls_reopen, round_close, round_next_open
from elections.models import ElectionStateChange
from elections.services.errors import NeedsOverride, RuleViolation
from elections.states import State, move_of
from polling.models import BallotIssue, Round
from polling.services.rounds import polls_close
from tests.counting.helpers import counting_setup, enter_totals, enter_twice, issue, totals_by_key

from .test_scenarios import CANDIDATES, CLEAN, SEPARATE

pytestmark = pytest.mark.django_db

# Round 1: the chair is one vote short of a majority (11 of 20: further round), and two members tie at the last
# seat (tie-break vote).
TIE_AND_SHORT = {**CLEAN, "chair": {"安国强": 10, "白建军": 9},
                 "member": {"范卫东": 16, "高建华": 15, "黄立新": 12, "金海涛": 12, "刘芳": 3}}


@pytest.fixture
def setup(community_a, clerk_a):
    return counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)


def _issue_through_the_page(client, setup, n):
    url = reverse("polling:issue", args=[setup.election.pk, setup.station.pk])
    for registration in setup.voters[:n]:
        assert client.post(url, {"registration": registration.pk}).status_code == 302
    return BallotIssue.objects.filter(round__election=setup.election, round__number=_round(setup).number).count()


def _round(setup):
    return Round.objects.filter(election=setup.election).order_by("-number").first()


def _close_and_count(client, setup, typists, votes, issued):
    """Close the issuance and open the box through the pages, type the sheet twice, close the round."""
    e = setup.election.pk
    assert client.post(reverse("polling:polls_close", args=[e]), {"confirm": "1"}).status_code == 302
    assert setup.refresh().state == State.COUNTING
    client.post(reverse("counting:box_open", args=[e]), {"station": setup.station.pk, "mode": "totals"})
    count_round = CountRound.objects.get(round=_round(setup))
    box = count_round.boxes.get()
    for typist in typists:
        enter_totals(box, typist, returned=issued, valid=issued, invalid=0, totals=totals_by_key(setup, votes))
    response = client.post(reverse("counting:round_close", args=[e, count_round.round.number]))
    assert response.status_code == 302
    count_round.refresh_from_db()
    return count_round


def test_vote_9_a_tie_break_and_a_further_round_are_opened_issued_and_counted_through_the_pages(
        setup, clerk_a, clerk_a2, client_as):
    client = client_as(clerk_a)
    e = setup.election.pk
    assert _issue_through_the_page(client, setup, 20) == 20
    first = _close_and_count(client, setup, (clerk_a, clerk_a2), TIE_AND_SHORT, 20)
    assert first.status == CountRound.Status.CLOSED

    # The tie comes first (VOTE-9): the page offers it; opening it puts the election back to voting.
    overview = client.get(reverse("counting:overview", args=[e]))
    assert overview.context["results"].next.kind == "tie_break" and not overview.context["round_open_problems"]
    response = client.post(reverse("counting:round_next", args=[e]), {"voting_day": setup.election.election_date})
    assert response["Location"] == reverse("polling:ballots", args=[e])
    assert setup.refresh().state == State.VOTING
    change = ElectionStateChange.objects.filter(election=setup.election).last()
    assert (change.door, change.rule) == ("round_open", "VOTE-9")
    ballots = client.get(reverse("polling:ballots", args=[e]))
    assert ballots.context["problem"] is None
    assert [b.names for b in ballots.context["blocks"]] == [["金海涛", "黄立新"]]
    assert _issue_through_the_page(client, setup, 18) == 18
    tie = _close_and_count(client, setup, (clerk_a, clerk_a2), {"member": {"黄立新": 7, "金海涛": 11}}, 18)
    assert tie.purpose == CountRound.Purpose.TIE_BREAK and tie.status == CountRound.Status.CLOSED

    # Then the chair's further round among the next candidates (VOTE-9): at least 1/3 of the ballots.
    results = election_results(setup.refresh())
    assert results.next.kind == "further"
    client.post(reverse("counting:round_next", args=[e]), {"voting_day": setup.election.election_date})
    assert setup.refresh().state == State.VOTING
    assert _issue_through_the_page(client, setup, 18) == 18
    further = _close_and_count(client, setup, (clerk_a, clerk_a2), {"chair": {"安国强": 12, "白建军": 6}}, 18)
    assert further.purpose == CountRound.Purpose.FURTHER and further.status == CountRound.Status.CLOSED

    results = election_results(setup.refresh())
    assert results.next.kind == "certify"
    assert {(r.person.name, r.round_number) for r in results.elected} >= {("金海涛", 2), ("安国强", 3)}
    client.post(reverse("counting:certify", args=[e]))
    assert setup.refresh().state == State.CERTIFIED
    for kind, title in (("results", "当选公告"), ("results-report", "选举结果报告")):
        pdf = client.get(reverse("election_document", args=[e, kind]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(" ", "")
        assert title in text.replace("\n", "") and "金海涛" in text


def test_aft_1_an_unresolved_tie_is_certified_by_no_path(setup, clerk_a, clerk_a2, client_as):
    """Finding 2 of issue 9: the generic advance certified an unfinished count; the documents answered with the
    overview page."""
    client = client_as(clerk_a)
    e = setup.election.pk
    _issue_through_the_page(client, setup, 20)
    _close_and_count(client, setup, (clerk_a, clerk_a2), TIE_AND_SHORT, 20)

    client.post(reverse("election_transition", args=[e]), {"to": "certified"})
    client.post(reverse("counting:certify", args=[e]))
    assert setup.refresh().state == State.COUNTING and not Certification.objects.exists()
    with pytest.raises(RuleViolation) as refused:
        results_certify(election=setup.election, actor=clerk_a)
    assert refused.value.rule == "VOTE-9"
    results = client.get(reverse("counting:results", args=[e]))
    assert results.context["results"].certification is None
    for kind in ("results", "results-report"):
        response = client.get(reverse("election_document", args=[e, kind]))
        assert response.status_code == 409 and "AFT-1" in response.context["reason"]
    client.post(reverse("election_transition", args=[e]), {"to": "handover"})
    assert setup.refresh().state == State.COUNTING


def test_vote_4_a_round_with_no_ballot_issued_is_void_and_repeated(setup, clerk_a, client_as):
    client = client_as(clerk_a)
    e = setup.election.pk
    client.post(reverse("polling:polls_close", args=[e]), {"confirm": "1"})
    client.post(reverse("counting:box_open", args=[e]), {"station": setup.station.pk, "mode": "totals"})
    count_round = CountRound.objects.get(election=setup.election)
    count_round.boxes.all().delete()
    client.post(reverse("counting:round_close", args=[e, 1]))
    count_round.refresh_from_db()
    assert (count_round.status, count_round.void_rule) == ("void", "VOTE-4")
    assert election_results(setup.refresh()).next.kind == "repeat"
    round_next_open(election=setup.election, actor=clerk_a)
    assert setup.refresh().state == State.VOTING
    assert ElectionStateChange.objects.filter(election=setup.election).last().rule == "VOTE-4"


def test_vote_9_the_next_round_waits_for_the_count_and_never_for_a_past_day(setup, clerk_a, clerk_a2, settings):
    with pytest.raises(RuleViolation) as refused:  # still voting: the round is not counted
        round_next_open(election=setup.election, actor=clerk_a)
    assert refused.value.rule == "VOTE-6"
    issue(setup, 20)
    count_round = current_count_round(election=setup.election, actor=clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=20, valid=20, invalid=0,
                totals=totals_by_key(setup, TIE_AND_SHORT))
    round_close(count_round=count_round, actor=clerk_a)
    with pytest.raises(RuleViolation) as refused:
        round_next_open(election=setup.election, actor=clerk_a,
                        voting_day=setup.election.election_date - datetime.timedelta(days=1))
    assert refused.value.rule == "CAL-5"
    assert setup.refresh().state == State.COUNTING


def test_vote_2_a_mistaken_close_is_undone_before_the_count_begins_and_not_after(setup, clerk_a, clerk_a2):
    polls_close(election=setup.election, actor=clerk_a)
    with pytest.raises(RuleViolation):
        polls_reopen(election=setup.election, actor=clerk_a, reason="  ")
    assert polls_reopen(election=setup.election, actor=clerk_a, reason="误点结束发票").state == State.VOTING
    issue(setup, 20)  # issues and closes again
    box_open(count_round=current_count_round(election=setup.election, actor=clerk_a), station=setup.station,
             mode="totals", actor=clerk_a)
    with pytest.raises(RuleViolation) as refused:
        polls_reopen(election=setup.election, actor=clerk_a, reason="还有人没领票")
    assert refused.value.rule == "VOTE-6"


# --- every move the election page offers ------------------------------------------------------------------------

class _Rollback(Exception):
    pass


def _door_refusal(door, election, actor):
    """The rule with which the door's own service refuses now (None: it would succeed), tried and rolled back."""
    services = {
        "polls_close": lambda: polls_close(election=election, actor=actor),
        "round_open": lambda: round_next_open(election=election, actor=actor),
        "results_certify": lambda: results_certify(election=election, actor=actor),
        "polls_reopen": lambda: polls_reopen(election=election, actor=actor, reason="核对"),
    }
    try:
        with transaction.atomic():
            services[door]()
            raise _Rollback
    except _Rollback:
        return None
    except NeedsOverride:
        return None  # proceeds with a written reason
    except RuleViolation as exc:
        return exc.rule


def _situations(setup, clerk_a, clerk_a2):
    """The election at the moments of its journey where the page offers different moves."""
    yield "voting"
    issue(setup, 20)
    yield "counting, nothing counted"
    count_round = current_count_round(election=setup.election, actor=clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=20, valid=20, invalid=0,
                totals=totals_by_key(setup, TIE_AND_SHORT))
    round_close(count_round=count_round, actor=clerk_a)
    yield "counting, a tie unresolved"
    tie = round_next_open(election=setup.election, actor=clerk_a)
    yield "voting the tie-break"
    issue(setup, 18)
    enter_twice(tie, setup.station, (clerk_a, clerk_a2), returned=18, valid=18, invalid=0,
                totals=totals_by_key(setup, {"member": {"黄立新": 7, "金海涛": 11}}))
    round_close(count_round=tie, actor=clerk_a)
    further = round_next_open(election=setup.election, actor=clerk_a)
    issue(setup, 18)
    enter_twice(further, setup.station, (clerk_a, clerk_a2), returned=18, valid=18, invalid=0,
                totals=totals_by_key(setup, {"chair": {"安国强": 12, "白建军": 6}}))
    round_close(count_round=further, actor=clerk_a)
    yield "counting, ready to certify"
    results_certify(election=setup.election, actor=clerk_a)
    yield "certified"


# What each door's service answers at each moment: None (it would take the step) or the rule it refuses with.
EXPECTED = {
    "voting": {"polls_close": None},
    "counting, nothing counted": {"round_open": "VOTE-9", "results_certify": "VOTE-6"},
    "counting, a tie unresolved": {"round_open": None, "results_certify": "VOTE-9"},
    "voting the tie-break": {"polls_close": None},
    "counting, ready to certify": {"round_open": "VOTE-9", "results_certify": None},
    "certified": {},
}


def test_cal_1_every_move_the_election_page_offers_refuses_what_its_service_refuses(
        setup, clerk_a, clerk_a2, client_as):
    client = client_as(clerk_a)
    e = setup.election.pk
    for situation in _situations(setup, clerk_a, clerk_a2):
        election = setup.refresh()
        page = client.get(reverse("election_detail", args=[e]))
        answers = {}
        for move in page.context["moves"]:
            state = election.state
            if not move["door"]:
                continue
            door = move_of(state, move["to"]).doors[0]
            shown = [rule for rule, _m in move["problems"]]
            if door in DOOR_SERVICES:
                answers[door] = _door_refusal(door, election, clerk_a)
                assert (answers[door] is None) == (not shown), (situation, door, answers[door], shown)
                assert answers[door] is None or answers[door] in shown, (situation, door, answers[door], shown)
            # the generic advance never takes a door's move
            client.post(reverse("election_transition", args=[e]), {"to": move["to"].value, "reason": "试"})
            assert setup.refresh().state == state, (situation, move["to"])
        assert {d: answers.get(d, "not offered") for d in EXPECTED[situation]} == EXPECTED[situation], situation


DOOR_SERVICES = {"polls_close", "round_open", "results_certify", "polls_reopen"}


def test_seat_2_the_women_only_further_round_is_printed_issued_and_counted_through_the_pages(
        setup, clerk_a, clerk_a2, client_as):
    # No woman elected and none passed the threshold (刘芳 5 of 20): the last member seat is kept for a further
    # round among women (SEAT-2, VOTE-9).
    no_woman = {"chair": {"安国强": 15, "白建军": 5}, "vice_chair": {"丁志明": 14, "陈秀英": 6},
                "member": {"范卫东": 15, "高建华": 14, "黄立新": 13, "金海涛": 2, "刘芳": 5}}
    client = client_as(clerk_a)
    e = setup.election.pk
    _issue_through_the_page(client, setup, 20)
    _close_and_count(client, setup, (clerk_a, clerk_a2), no_woman, 20)
    step = election_results(setup.refresh()).next
    assert step.kind == "further"
    assert step.contests == [{"position": "member", "seats": 1, "women_only": True,
                              "candidates": [setup.key("刘芳")]}]
    client.post(reverse("counting:round_next", args=[e]), {"voting_day": setup.election.election_date})
    ballots = client.get(reverse("polling:ballots", args=[e]))
    assert [(b.names, b.women_seats) for b in ballots.context["blocks"]] == [(["刘芳"], 1)]
    specimen = client.get(reverse("polling:ballot_specimen", args=[e]))
    text = PdfReader(io.BytesIO(specimen.content)).pages[0].extract_text().replace(" ", "").replace("\n", "")
    assert "另行选举" in text and "其中女性1名" in text and "刘\u3000芳" in text  # two-character names spaced
    _issue_through_the_page(client, setup, 18)
    _close_and_count(client, setup, (clerk_a, clerk_a2), {"member": {"刘芳": 9}}, 18)
    results = election_results(setup.refresh())
    assert results.next.kind == "certify" and results.women_elected == 1
    assert [r.person.name for r in results.elected if r.position == "member"] == ["范卫东", "高建华", "刘芳"]
