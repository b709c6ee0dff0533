"""VOTE-8 (what a ballot's marks count for) and VOTE-14 (roll-down on one ballot)."""
import pytest

from elections.rules.ballots import Ballot, PositionMarks, ballot_validity, count_ballots, roll_down

from . import profile

SEATS = {"chair": 1, "vice_chair": 1, "member": 3}


def ballot(chair=(), vice=(), member=(), write_ins=(), disapproved=(), unreadable=0):
    return Ballot({
        "chair": PositionMarks(approved=chair),
        "vice_chair": PositionMarks(approved=vice),
        "member": PositionMarks(approved=member, disapproved=disapproved, write_ins=write_ins,
                                unreadable=unreadable),
    })


# Chair A; members B, C, D and the written-in 王五: 4 marks for 3 member seats.
OVERMARKED = ballot(chair={"A"}, member={"B", "C", "D"}, write_ins=("王五",))


def test_vote_8_overmarked_ballot_is_wholly_invalid_by_default():
    verdict = ballot_validity(OVERMARKED, SEATS, profile(overmark_invalidates="ballot"))
    assert verdict.valid is False
    assert verdict.rule == "VOTE-8"
    assert "4" in verdict.reason and "3" in verdict.reason
    count = count_ballots([OVERMARKED], SEATS, profile(overmark_invalidates="ballot"))
    assert (count.ballots_cast, count.valid, count.invalid) == (1, 0, 1)
    assert count.votes_by_position == {"chair": {}, "vice_chair": {}, "member": {}}


def test_vote_8_overmarked_position_alone_is_invalid_under_the_position_variant():
    rules = profile(overmark_invalidates="position", ballot_layout="separate")
    verdict = ballot_validity(OVERMARKED, SEATS, rules)
    assert verdict.valid is True
    assert verdict.invalid_positions == {"member"}
    count = count_ballots([OVERMARKED], SEATS, rules)
    assert (count.valid, count.invalid, count.invalid_positions["member"]) == (1, 0, 1)
    assert count.votes_by_position == {"chair": {"A": 1}, "vice_chair": {}, "member": {}}


def test_vote_8_marks_up_to_the_seats_are_valid():
    fine = ballot(chair={"A"}, vice={"B"}, member={"C", "D"}, write_ins=("王五",))
    assert ballot_validity(fine, SEATS, profile()).valid is True


def test_vote_8_a_ballot_marked_only_against_is_valid_and_not_blank():
    against = ballot(disapproved={"B", "C"})
    count = count_ballots([against], SEATS, profile())
    assert (count.valid, count.blank) == (1, 0)
    assert count.votes_by_position["member"] == {}


def test_vote_8_a_ballot_with_only_an_unreadable_mark_is_not_blank():
    count = count_ballots([ballot(unreadable=1)], SEATS, profile())
    assert (count.valid, count.blank) == (1, 0)


def test_vote_8_blank_ballot_is_valid_and_approves_nobody():
    blank = Ballot()
    assert ballot_validity(blank, SEATS, profile()).valid is True
    count = count_ballots([blank], SEATS, profile())
    assert (count.valid, count.blank) == (1, 1)
    assert all(not votes for votes in count.votes_by_position.values())


def test_vote_8_unreadable_mark_counts_neither_way_and_the_rest_counts():
    marked = ballot(member={"B", "C", "D"}, unreadable=2)
    assert ballot_validity(marked, SEATS, profile()).valid is True
    count = count_ballots([marked], SEATS, profile(ballot_layout="separate"))
    assert count.votes_by_position["member"] == {"B": 1, "C": 1, "D": 1}


def test_vote_8_a_candidate_marked_both_for_and_against_counts_neither_way():
    marked = ballot(member={"B", "C"}, disapproved={"C", "D"})
    count = count_ballots([marked], SEATS, profile(ballot_layout="separate"))
    assert count.votes_by_position["member"] == {"B": 1}


def test_vote_8_write_in_names_count_for_that_person():
    ballots = [ballot(member={"B"}, write_ins=("王五",)), ballot(write_ins=("王五 ", "李四")),
               ballot(write_ins=("赵六",))]
    count = count_ballots(ballots, SEATS, profile(ballot_layout="separate"), write_in_ids={"赵六": "F"})
    assert count.votes_by_position["member"] == {"B": 1, "王五": 2, "李四": 1, "F": 1}


def test_vote_14_roll_down_on_one_ballot():
    ballots = [
        ballot(chair={"A"}, vice={"B"}, member={"C", "D", "E"}),
        ballot(chair={"B"}, vice={"A"}, member={"A", "C", "D"}),  # A named as vice-chair and member: one vote
        ballot(chair={"A"}),
    ]
    one = count_ballots(ballots, SEATS, profile(ballot_layout="one")).votes_by_position
    assert one["chair"] == {"A": 2, "B": 1}
    assert one["vice_chair"] == {"A": 3, "B": 2}
    assert one["member"] == {"A": 3, "B": 2, "C": 2, "D": 2, "E": 1}
    separate = count_ballots(ballots, SEATS, profile(ballot_layout="separate")).votes_by_position
    assert separate["vice_chair"] == {"A": 1, "B": 1}
    assert separate["member"] == {"A": 1, "C": 2, "D": 2, "E": 1}


def test_vote_14_an_invalid_position_rolls_nothing_down():
    chair_overmarked = ballot(chair={"A", "B"}, member={"C"})
    rules = profile(overmark_invalidates="position", ballot_layout="one")
    votes = count_ballots([chair_overmarked], SEATS, rules).votes_by_position
    assert votes == {"chair": {}, "vice_chair": {}, "member": {"C": 1}}


@pytest.mark.parametrize(("persons", "rolled"), [
    ({"chair": {"A"}, "vice_chair": set(), "member": {"B"}},
     {"chair": {"A"}, "vice_chair": {"A"}, "member": {"A", "B"}}),
    ({"member": {"B"}, "chair": {"A"}}, {"chair": {"A"}, "member": {"A", "B"}}),
])
def test_vote_14_roll_down_carries_higher_positions_into_lower_ones(persons, rolled):
    assert roll_down(persons) == rolled
