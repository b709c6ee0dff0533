"""VOTE-8 (which marks count) and VOTE-14 (roll-down on one ballot): from paper ballots to votes.

A ballot holds, per position, the candidates marked for (approved) and against (disapproved), the names
written in (另选他人) and how many marks could not be read. Ballots carry no voter (VOTE-1).
"""
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import ordered_positions, position_label


@dataclass(frozen=True)
class PositionMarks:
    """The marks of one position on one ballot."""
    approved: frozenset = frozenset()
    disapproved: frozenset = frozenset()
    write_ins: tuple = ()
    unreadable: int = 0

    def __post_init__(self):
        object.__setattr__(self, "approved", frozenset(self.approved))
        object.__setattr__(self, "disapproved", frozenset(self.disapproved))
        names = (name.strip() for name in self.write_ins)
        object.__setattr__(self, "write_ins", tuple(dict.fromkeys(name for name in names if name)))

    @property
    def approvals(self):
        """VOTE-8: the approved candidates; one marked both for and against is an unreadable mark."""
        return self.approved - self.disapproved

    @property
    def has_marks(self):
        """Any mark at all: for, against, unreadable, or a name written in."""
        return bool(self.approved or self.disapproved or self.write_ins or self.unreadable)

    @property
    def mark_count(self):
        """Approvals plus written-in names: what VOTE-8 compares with the seats."""
        return len(self.approvals) + len(self.write_ins)

    def persons(self, write_in_ids=None):
        """Who this position's marks vote for: candidate ids, and each written-in name as the id it
        resolves to in `write_in_ids` ({name: candidate id}) or else as the name itself."""
        resolve = write_in_ids or {}
        return self.approvals | {resolve.get(name, name) for name in self.write_ins}


@dataclass(frozen=True)
class Ballot:
    """One ballot: {position: PositionMarks}; a position not on it was left blank."""
    positions: dict = field(default_factory=dict)

    def marks(self, position):
        return self.positions.get(position, PositionMarks())

    @property
    def is_blank(self):
        """VOTE-8: a blank ballot has no mark at all (one marked only 不同意 is not blank: it votes against)."""
        return not any(marks.has_marks for marks in self.positions.values())


@dataclass(frozen=True)
class BallotVerdict:
    """`valid` False: the whole ballot counts for nothing. `invalid_positions`: positions that count for
    nothing on a ballot that is otherwise valid (overmark_invalidates='position')."""
    valid: bool
    invalid_positions: frozenset = frozenset()
    reason: str = ""
    rule: str = "VOTE-8"

    def counts(self, position):
        return self.valid and position not in self.invalid_positions


def overmarked_positions(ballot, seats_by_position):
    """VOTE-8: the positions whose approvals plus write-ins exceed their seats."""
    return [p for p, marks in ballot.positions.items() if marks.mark_count > seats_by_position.get(p, 0)]


def ballot_validity(ballot, seats_by_position, rules):
    """VOTE-8: is the ballot valid, and which positions on it count?

    Marks beyond the seats invalidate the whole ballot (rules.overmark_invalidates='ballot', the default) or
    only that position ('position'). Unreadable marks count neither for nor against and invalidate nothing;
    a blank ballot is valid and approves nobody.
    """
    over = ordered_positions(overmarked_positions(ballot, seats_by_position))
    if not over:
        return BallotVerdict(valid=True)
    reason = "; ".join(
        _("%(position)s: %(marks)s marked for %(seats)s seats") % {
            "position": position_label(p), "marks": ballot.marks(p).mark_count,
            "seats": seats_by_position.get(p, 0)}
        for p in over)
    if rules.overmark_invalidates == "position":
        return BallotVerdict(valid=True, invalid_positions=frozenset(over), reason=reason)
    return BallotVerdict(valid=False, invalid_positions=frozenset(seats_by_position) | frozenset(over),
                         reason=reason)


def roll_down(persons_by_position):
    """VOTE-14: on one ballot for all positions, votes roll down: a candidate's vice-chair votes include those
    cast for them as chair, their member votes those cast as chair or vice-chair. One ballot gives a person
    at most one vote per position, however often it names them."""
    rolled, carried = {}, set()
    for position in ordered_positions(persons_by_position):
        carried = carried | persons_by_position[position]
        rolled[position] = frozenset(carried)
    return rolled


def ballot_votes(ballot, verdict, seats_by_position, rules, write_in_ids=None):
    """{position: persons this ballot votes for}, after VOTE-8 (what counts) and VOTE-14 (roll-down)."""
    persons = {p: (ballot.marks(p).persons(write_in_ids) if verdict.counts(p) else frozenset())
               for p in seats_by_position}
    if rules.ballot_layout == "one":
        return roll_down(persons)
    return persons


@dataclass
class BallotCount:
    ballots_cast: int = 0
    valid: int = 0
    invalid: int = 0
    blank: int = 0
    votes_by_position: dict = field(default_factory=dict)  # {position: Counter({candidate: votes})}
    invalid_positions: Counter = field(default_factory=Counter)  # {position: ballots where it did not count}


def count_ballots(ballots, seats_by_position, rules, write_in_ids=None):
    """VOTE-8, VOTE-14: count the approval votes of all ballots of a round, per position.

    `write_in_ids` ({written name: candidate id}) makes a written-in name count for that candidate; any other
    written-in name counts for that name.
    """
    count = BallotCount(votes_by_position={p: Counter() for p in seats_by_position})
    for ballot in ballots:
        verdict = ballot_validity(ballot, seats_by_position, rules)
        count.ballots_cast += 1
        count.valid += verdict.valid
        count.invalid += not verdict.valid
        count.blank += ballot.is_blank
        count.invalid_positions.update(p for p in verdict.invalid_positions if verdict.valid)
        votes = ballot_votes(ballot, verdict, seats_by_position, rules, write_in_ids)
        for position, persons in votes.items():
            count.votes_by_position[position].update(persons)
    return count
