"""CAN-5: the differential margin per position, under both shipped profiles."""
import pytest

from elections.rules.margin import margin_problems, maximum_candidates, required_candidates

from . import profile


@pytest.mark.parametrize(("kind", "position", "seats", "needed", "most"), [
    # seed: at least ceil(20% of seats) more, and at least one more
    ("seed", "member", 7, 9, None),      # 20% of 7 = 1.4 -> 2 more
    ("seed", "member", 5, 6, None),      # 20% of 5 = 1 -> 1 more
    ("seed", "member", 1, 2, None),      # 20% of 1 = 0.2 -> 1 more
    ("seed", "chair", 1, 2, None),
    ("seed", "vice_chair", 2, 3, None),  # 0.4 -> 1 more
    ("seed", "member", 10, 12, None),    # exactly 2 more, no rounding
    # national: chair and vice-chair 1 more; members 1 to 3 more
    ("national", "chair", 1, 2, None),
    ("national", "vice_chair", 2, 3, None),
    ("national", "member", 1, 2, 4),
    ("national", "member", 5, 6, 8),
    ("national", "member", 7, 8, 10),
])
def test_can_5_required_candidates_per_profile(kind, position, seats, needed, most):
    rules = profile(kind)
    assert required_candidates(position, seats, rules) == needed
    assert maximum_candidates(position, seats, rules) == most


def test_can_5_no_seats_need_no_candidates():
    assert required_candidates("member", 0, profile()) == 0


def committee_seats(members):
    return {"chair": 1, "vice_chair": 1, "member": members}


@pytest.mark.parametrize(("kind", "candidates", "members", "problem_in"), [
    ("seed", {"chair": 2, "vice_chair": 2, "member": 9}, 7, None),
    ("seed", {"chair": 2, "vice_chair": 2, "member": 8}, 7, "9"),
    ("seed", {"chair": 1, "vice_chair": 2, "member": 6}, 5, "2"),
    ("seed", {"chair": 2, "vice_chair": 2, "member": 30}, 5, None),
    ("national", {"chair": 2, "vice_chair": 2, "member": 8}, 5, None),
    ("national", {"chair": 2, "vice_chair": 2, "member": 9}, 5, "8"),   # at most 3 more
    ("national", {"chair": 2, "vice_chair": 2, "member": 5}, 5, "6"),
])
def test_can_5_margin_problems_name_the_numbers(kind, candidates, members, problem_in):
    problems = margin_problems(candidates, committee_seats(members), profile(kind))
    if problem_in is None:
        assert problems == []
    else:
        assert len(problems) == 1
        rule, message = problems[0]
        assert rule == "CAN-5"
        assert problem_in in message


def test_can_5_counts_collections_of_candidates_as_well_as_numbers():
    problems = margin_problems({"chair": ["A"], "member": ["B", "C", "D", "E"]}, {"chair": 1, "member": 3},
                               profile())
    assert [rule for rule, _m in problems] == ["CAN-5"]  # chair: 1 for 1 seat; members: 4 for 3 is enough


def test_can_5_a_position_without_candidates_is_a_problem():
    assert len(margin_problems({}, {"chair": 1, "vice_chair": 1, "member": 3}, profile())) == 3


@pytest.mark.parametrize("kind", ["seed", "national"])
def test_can_5_equal_number_election_when_the_profile_allows_it(kind):
    seats = {"chair": 1, "vice_chair": 1, "member": 5}
    equal = {"chair": 1, "vice_chair": 1, "member": 5}
    assert len(margin_problems(equal, seats, profile(kind))) == 3
    assert margin_problems(equal, seats, profile(kind, equal_number_allowed=True)) == []
    fewer = {"chair": 1, "vice_chair": 1, "member": 4}
    problems = margin_problems(fewer, seats, profile(kind, equal_number_allowed=True))
    assert [rule for rule, _m in problems] == ["CAN-5"]
