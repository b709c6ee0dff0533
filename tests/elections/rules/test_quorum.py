"""VOTE-3 / VOTE-4: quorum of the election meeting, in integers, missed by one for each method."""
import pytest

from elections.rules.quorum import quorum, reaches, threshold_count

from . import profile


@pytest.mark.parametrize(("kind", "method", "eligible", "needed"), [
    ("seed", "representative", 51, 41),      # at least 4/5: 41 x 5 = 205 >= 204, 40 x 5 = 200 < 204
    ("seed", "representative", 50, 40),      # exactly 4/5 reaches (not strict)
    ("national", "representative", 51, 35),  # more than 2/3: 35 x 3 = 105 > 102, 34 x 3 = 102 is not more
    ("national", "representative", 50, 34),  # 2/3 of 50 = 33.3
    ("seed", "direct", 1200, 601),           # more than half: 600 is exactly half
    ("seed", "direct", 1201, 601),
    ("seed", "household", 410, 206),
    ("national", "household", 410, 206),
])
def test_vote_3_and_vote_4_quorum_is_missed_by_one(kind, method, eligible, needed):
    rules = profile(kind)
    reached = quorum(method, eligible, needed, rules)
    missed = quorum(method, eligible, needed - 1, rules)
    assert reached.threshold_count == needed
    assert reached.reached is True
    assert missed.reached is False
    assert reached.rule == ("VOTE-3" if method == "representative" else "VOTE-4")
    assert str(needed) in missed.description


def test_vote_3_nobody_eligible_is_never_quorate():
    assert quorum("representative", 0, 0, profile()).reached is False


def test_vote_3_unknown_method_is_refused():
    with pytest.raises(ValueError):
        quorum("lottery", 10, 10, profile())


@pytest.mark.parametrize(("total", "num", "den", "strict", "needed"), [
    (900, 1, 3, False, 300),
    (901, 1, 3, False, 301),
    (900, 1, 3, True, 301),
    (0, 1, 2, True, 1),
    (0, 4, 5, False, 0),
])
def test_threshold_count_is_the_smallest_count_that_reaches(total, num, den, strict, needed):
    assert threshold_count(total, num, den, strict) == needed
    assert reaches(needed, total, num, den, strict)
    assert needed == 0 or not reaches(needed - 1, total, num, den, strict)
