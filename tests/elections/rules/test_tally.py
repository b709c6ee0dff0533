"""VOTE-5, VOTE-7, VOTE-9, VOTE-10, SEAT-2: hand-computed counting scenarios, each with its result."""
import pytest

from elections.rules.tally import Elected, FurtherRound, TieBreak, committee_formed, elect, round_validity

from . import profile

SEATS = {"chair": 1, "vice_chair": 1, "member": 3}
SEX = {"A": "M", "B": "M", "C": "M", "D": "M", "E": "M", "G": "M", "H": "M", "X": "M", "Y": "M",
       "W": "F", "V": "F", "F": "F"}


def names(outcome):
    return {position: [e.candidate for e in elected] for position, elected in outcome.elected.items()}


def test_vote_5_clean_win():
    # 1,200 took part: more than half is 601.
    votes = {"chair": {"A": 900, "B": 250}, "vice_chair": {"C": 800, "D": 300},
             "member": {"E": 700, "F": 650, "G": 620, "H": 400}}
    outcome = elect(votes, SEATS, 1200, SEX, profile())
    assert outcome.threshold == 601 and outcome.threshold_rule == "VOTE-5"
    assert names(outcome) == {"chair": ["A"], "vice_chair": ["C"], "member": ["E", "F", "G"]}
    assert outcome.elected["member"][1] == Elected("F", "member", 650, "F")
    assert outcome.final and outcome.committee_formed and outcome.elected_count == 5
    assert outcome.tie_breaks == [] and outcome.further_rounds == []


@pytest.mark.parametrize(("votes", "elected"), [
    ({"A": 601, "B": 590}, ["A"]),  # 601 of 1,200 is more than half
    ({"A": 600, "B": 590}, []),     # 600 is exactly half: not elected
])
def test_vote_5_needs_more_than_half_of_those_who_took_part(votes, elected):
    outcome = elect({"chair": votes}, {"chair": 1}, 1200, SEX, profile(require_woman=False))
    assert names(outcome) == {"chair": elected}
    assert outcome.unfilled == {"chair": 1 - len(elected)}


def test_vote_5_one_vote_short_leaves_the_seat_for_a_further_round():
    outcome = elect({"chair": {"A": 600, "B": 590, "C": 10}}, {"chair": 1}, 1200, SEX,
                    profile(require_woman=False))
    assert outcome.needs_further_round
    # seed margin for 1 seat: 2 candidates
    assert outcome.further_rounds == [FurtherRound("chair", 1, ("A", "B"))]


def test_vote_9_more_passing_than_seats_are_elected_by_votes():
    votes = {"member": {"A": 900, "B": 850, "W": 800, "D": 700, "E": 650}}
    outcome = elect(votes, {"member": 3}, 1200, SEX, profile())
    assert names(outcome) == {"member": ["A", "B", "W"]}
    assert outcome.final


def test_vote_9_a_tie_at_the_last_seat_elects_none_of_the_tied():
    votes = {"member": {"A": 900, "W": 850, "C": 700, "D": 700, "E": 300}}
    outcome = elect(votes, {"member": 3}, 1200, SEX, profile())
    assert names(outcome) == {"member": ["A", "W"]}
    assert outcome.tie_breaks == [TieBreak("member", ("C", "D"), 1, 700)]
    assert outcome.unfilled == {"member": 0} and not outcome.final
    # the tie-break vote elects D
    decided = elect(votes, {"member": 3}, 1200, SEX, profile(), tie_break_winners={"member": ["D"]})
    assert names(decided) == {"member": ["A", "W", "D"]} and decided.final


def test_vote_9_a_tie_below_the_threshold_is_no_tie():
    votes = {"member": {"A": 900, "W": 850, "C": 700, "D": 500, "E": 500}}
    outcome = elect(votes, {"member": 3}, 1200, SEX, profile())
    assert names(outcome) == {"member": ["A", "W", "C"]} and outcome.final


@pytest.mark.parametrize("winners", [["E"], ["C", "D"]])
def test_vote_9_tie_break_winners_must_be_among_the_tied_and_no_more_than_the_seats(winners):
    votes = {"member": {"A": 900, "W": 850, "C": 700, "D": 700, "E": 650}}
    with pytest.raises(ValueError):
        elect(votes, {"member": 3}, 1200, SEX, profile(), tie_break_winners={"member": winners})


def test_seat_2_tie_among_the_lowest_men_and_its_tie_break():
    # no woman elected; A, C and D share the fewest member votes: W takes one of their seats, and a new
    # vote among A, C, D decides the two seats left
    votes = {"member": {"B": 900, "A": 700, "C": 700, "D": 700, "W": 650}}
    outcome = elect(votes, {"member": 4}, 1200, SEX, profile())
    assert names(outcome) == {"member": ["B", "W"]}
    assert outcome.tie_breaks == [TieBreak("member", ("A", "C", "D"), 2, 700)]
    decided = elect(votes, {"member": 4}, 1200, SEX, profile(), tie_break_winners={"member": ["A", "D"]})
    assert names(decided) == {"member": ["B", "A", "D", "W"]} and decided.final


def test_seat_2_a_woman_tied_with_men_who_loses_the_tie_break_still_takes_the_last_member_seat():
    """Found by Hypothesis: A, C, D and W tie for 3 seats; the tie-break vote elects the three men (A, D, C in
    its order); no woman is elected, so W, the woman with most votes, takes the seat of the tie-break's last
    winner (C) instead of the rules refusing the tie-break's result."""
    votes = {"member": {"A": 700, "C": 700, "D": 700, "W": 700}}
    outcome = elect(votes, {"member": 3}, 1200, SEX, profile())
    assert outcome.tie_breaks == [TieBreak("member", ("A", "C", "D", "W"), 3, 700)]
    decided = elect(votes, {"member": 3}, 1200, SEX, profile(), tie_break_winners={"member": ["A", "D", "C"]})
    assert sorted(names(decided)["member"]) == ["A", "D", "W"] and decided.displaced == ["C"]
    assert decided.final and any(rule == "SEAT-2" for rule, _m in decided.notes)


def test_seat_2_tie_among_the_best_women_and_its_tie_break():
    votes = {"member": {"A": 900, "B": 850, "C": 800, "W": 700, "V": 700}}
    outcome = elect(votes, {"member": 3}, 1200, SEX, profile())
    assert names(outcome) == {"member": ["A", "B"]}
    assert outcome.tie_breaks == [TieBreak("member", ("V", "W"), 1, 700)]
    decided = elect(votes, {"member": 3}, 1200, SEX, profile(), tie_break_winners={"member": ["V"]})
    assert names(decided) == {"member": ["A", "B", "V"]} and decided.final


def test_vote_9_unfilled_seats_go_to_a_further_round_won_at_exactly_one_third():
    first = elect({"member": {"A": 900, "B": 800, "W": 700, "D": 500, "E": 450, "G": 300, "H": 100}},
                  {"member": 5}, 1200, SEX, profile())
    assert names(first) == {"member": ["A", "B", "W"]}
    assert first.unfilled == {"member": 2}
    # 2 seats + seed margin (ceil 20% of 2 = 1) = the next 3 by votes
    assert first.further_rounds == [FurtherRound("member", 2, ("D", "E", "G"))]
    assert first.elected_count == 3 and first.committee_formed

    # further round: 900 ballots cast, 1/3 is 300 (at least)
    further = elect({"member": {"D": 300, "E": 299, "G": 250}}, {"member": 2}, 950, SEX, profile(),
                    round_kind="further", ballots_cast=900, earlier_elected=first.elected_list())
    assert further.threshold == 300 and further.threshold_rule == "VOTE-9"
    assert names(further) == {"member": ["D"]}
    assert further.unfilled == {"member": 1}
    assert further.elected_count == 4 and further.committee_formed


def test_vote_9_further_round_needs_the_number_of_ballots_cast():
    with pytest.raises(ValueError):
        elect({"member": {"D": 300}}, {"member": 1}, 900, SEX, profile(), round_kind="further")


def test_seat_2_the_woman_with_most_votes_takes_the_last_member_seat():
    votes = {"chair": {"X": 1000}, "vice_chair": {"Y": 950},
             "member": {"A": 900, "B": 850, "C": 800, "W": 700, "V": 650}}
    outcome = elect(votes, SEATS, 1200, SEX, profile())
    # C, the man elected member with fewest votes, gives way to W, the woman with most votes
    assert names(outcome) == {"chair": ["X"], "vice_chair": ["Y"], "member": ["A", "B", "W"]}
    assert any(rule == "SEAT-2" for rule, _m in outcome.notes)
    assert outcome.final


def test_seat_2_no_woman_over_the_threshold_keeps_a_member_seat_for_a_further_round():
    votes = {"chair": {"X": 1000}, "vice_chair": {"Y": 950},
             "member": {"A": 900, "B": 850, "C": 800, "W": 500, "V": 300, "D": 200}}
    outcome = elect(votes, SEATS, 1200, SEX, profile())
    assert names(outcome) == {"chair": ["X"], "vice_chair": ["Y"], "member": ["A", "B"]}
    assert outcome.unfilled == {"chair": 0, "vice_chair": 0, "member": 1} and outcome.women_reserved == 1
    assert outcome.further_rounds == [FurtherRound("member", 1, ("W", "V"), women_only=True)]


def test_seat_2_does_not_apply_when_the_profile_does_not_require_a_woman():
    votes = {"member": {"A": 900, "B": 850, "C": 800, "W": 700}}
    outcome = elect(votes, {"member": 3}, 1200, SEX, profile(require_woman=False))
    assert names(outcome) == {"member": ["A", "B", "C"]}


def test_seat_2_a_woman_elected_in_an_earlier_round_counts():
    earlier = [Elected("W", "chair", 900, "F")]
    outcome = elect({"member": {"A": 900, "B": 850, "C": 800, "V": 700}}, {"member": 3}, 1200, SEX, profile(),
                    round_kind="further", ballots_cast=1200, earlier_elected=earlier)
    assert names(outcome) == {"member": ["A", "B", "C"]}


def test_seat_2_the_woman_takes_the_seat_at_stake_in_a_member_tie():
    votes = {"member": {"A": 900, "B": 850, "C": 700, "D": 700, "W": 650}}
    outcome = elect(votes, {"member": 3}, 1200, SEX, profile())
    assert names(outcome) == {"member": ["A", "B", "W"]}
    assert outcome.tie_breaks == [] and outcome.final


def test_vote_7_more_ballots_returned_than_issued_voids_the_round():
    assert round_validity(1000, 1000).valid is True
    void = round_validity(1000, 1001)
    assert void.valid is False and void.rule == "VOTE-7"
    assert "1001" in void.reason


@pytest.mark.parametrize(("count", "formed"), [(2, False), (3, True), (7, True)])
def test_vote_10_the_committee_needs_three_elected(count, formed):
    assert committee_formed(count) is formed


def test_vote_10_fewer_than_three_elected_means_further_rounds():
    outcome = elect({"chair": {"X": 700}, "vice_chair": {"Y": 650}, "member": {"W": 620, "A": 500}}, SEATS,
                    1200, SEX, profile())
    assert outcome.elected_count == 3 and outcome.committee_formed
    outcome = elect({"chair": {"X": 700}, "member": {"W": 620, "A": 500}}, SEATS, 1200, SEX, profile())
    assert outcome.elected_count == 2 and not outcome.committee_formed
    assert any(rule == "VOTE-10" for rule, _m in outcome.notes)
    assert outcome.needs_further_round


def test_vote_14_roll_down_elects_nobody_twice():
    # rolled-down counts of three ballots (see test_ballots): 2 votes elect
    votes = {"chair": {"A": 2, "B": 1}, "vice_chair": {"A": 3, "B": 2},
             "member": {"A": 3, "B": 2, "C": 2, "D": 2, "E": 1}}
    outcome = elect(votes, SEATS, 3, SEX, profile(require_woman=False))
    # A is chair, so B (not A, with more vice-chair votes) is vice-chair, and neither is also a member
    assert names(outcome) == {"chair": ["A"], "vice_chair": ["B"], "member": ["C", "D"]}
    assert outcome.unfilled["member"] == 1


def test_vote_9_a_candidate_tied_for_a_higher_position_waits_for_the_tie_break():
    votes = {"chair": {"A": 700, "B": 700}, "member": {"A": 800, "B": 790, "C": 650, "W": 640}}
    outcome = elect(votes, {"chair": 1, "member": 2}, 1200, SEX, profile())
    assert outcome.tie_breaks == [TieBreak("chair", ("A", "B"), 1, 700)]
    assert names(outcome) == {"chair": [], "member": ["C", "W"]}
    decided = elect(votes, {"chair": 1, "member": 2}, 1200, SEX, profile(),
                    tie_break_winners={"chair": ["B"]})
    # B is chair, A drops to member; no woman elected: W (640, over 601) takes the seat of C, the man with
    # fewest member votes
    assert names(decided) == {"chair": ["B"], "member": ["A", "W"]}
    assert decided.final
