"""Properties of elect() (VOTE-5, VOTE-9, SEAT-2) and of the roll-down count (VOTE-14), for any votes."""
from hypothesis import given, settings
from hypothesis import strategies as st

from elections.rules.ballots import Ballot, PositionMarks, count_ballots
from elections.rules.tally import Elected, elect

from . import profile

CANDIDATES = [f"c{i}" for i in range(12)]


@st.composite
def rounds(draw):
    seats = {"chair": 1, "vice_chair": draw(st.integers(1, 2)), "member": draw(st.integers(3, 7))}
    participants = draw(st.integers(1, 60))
    pool = draw(st.lists(st.sampled_from(CANDIDATES), min_size=1, max_size=12, unique=True))
    votes = {position: draw(st.dictionaries(st.sampled_from(pool), st.integers(0, participants)))
             for position in seats}
    sexes = dict(zip(CANDIDATES, draw(st.lists(st.sampled_from("FM"), min_size=12, max_size=12)),
                     strict=True))
    further = draw(st.booleans())
    rules = profile(draw(st.sampled_from(["seed", "national"])), require_woman=draw(st.booleans()))
    ballots_cast = draw(st.integers(participants, participants + 5)) if further else None
    earlier_ids = draw(st.lists(st.sampled_from(pool), max_size=3, unique=True))
    earlier = [Elected(c, "member", 0, sexes[c]) for c in earlier_ids]  # elected in an earlier round
    kind = "further" if further else "first"
    return votes, seats, participants, sexes, rules, kind, ballots_cast, earlier


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_vote_5_and_vote_9_elect_never_breaks_seats_threshold_or_one_person_one_seat(case):
    votes, seats, participants, sexes, rules, kind, ballots_cast, earlier = case
    outcome = elect(votes, seats, participants, sexes, rules, round_kind=kind, ballots_cast=ballots_cast,
                    earlier_elected=earlier)
    check_outcome(outcome, votes, seats, sexes, rules, earlier)
    # tie-break votes, highest position first, each won by the first of the tied: every outcome keeps
    # the promises, and the ties run out
    winners = {}
    for _vote in range(10):
        if not outcome.tie_breaks:
            break
        tie = outcome.tie_breaks[0]
        winners.setdefault(tie.position, []).extend(tie.candidates[:tie.seats])
        outcome = elect(votes, seats, participants, sexes, rules, round_kind=kind, ballots_cast=ballots_cast,
                        earlier_elected=earlier, tie_break_winners=winners)
        check_outcome(outcome, votes, seats, sexes, rules, earlier)
    assert not outcome.tie_breaks


def check_outcome(outcome, votes, seats, sexes, rules, earlier):
    everyone = [e.candidate for e in outcome.elected_list()]
    assert len(everyone) == len(set(everyone))  # one person, one seat
    assert not set(everyone) & {e.candidate for e in earlier}  # nor a second one in a later round
    for position, seat_count in seats.items():
        elected = outcome.elected[position]
        at_stake = sum(t.seats for t in outcome.tie_breaks if t.position == position)
        assert len(elected) <= seat_count  # never more than the seats
        assert len(elected) + at_stake + outcome.unfilled[position] == seat_count  # every seat accounted for
        for e in elected:
            assert e.votes == votes[position][e.candidate] >= outcome.threshold  # never below the threshold
    for tie in outcome.tie_breaks:
        assert not set(tie.candidates) & set(everyone)
        assert 0 < tie.seats < len(tie.candidates)
    assert outcome.women_reserved <= outcome.unfilled["member"]
    if rules.require_woman and not outcome.tie_breaks:  # SEAT-2: a woman elected, or a seat kept for one
        women = [c for c in everyone + [e.candidate for e in earlier] if sexes[c] == "F"]
        assert women or outcome.women_reserved == 1
    assert outcome.elected_count == len(everyone) + len(earlier)


marks = st.builds(PositionMarks, approved=st.frozensets(st.sampled_from(CANDIDATES[:6]), max_size=4),
                  disapproved=st.frozensets(st.sampled_from(CANDIDATES[:6]), max_size=2))
sections = st.fixed_dictionaries({"chair": marks, "vice_chair": marks, "member": marks})
ballots = st.lists(st.builds(Ballot, sections), max_size=30)


@settings(max_examples=60, deadline=None)
@given(ballots, st.sampled_from(["ballot", "position"]))
def test_vote_14_rolled_down_votes_never_decrease_down_the_ballot(papers, overmark):
    seats = {"chair": 1, "vice_chair": 2, "member": 3}
    count = count_ballots(papers, seats, profile(ballot_layout="one", overmark_invalidates=overmark))
    votes = count.votes_by_position
    for candidate in CANDIDATES:
        assert votes["chair"][candidate] <= votes["vice_chair"][candidate] <= votes["member"][candidate]
        assert votes["member"][candidate] <= count.ballots_cast
    assert count.valid + count.invalid == count.ballots_cast == len(papers)
