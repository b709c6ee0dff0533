"""The figures of a round: ballots issued, returned, valid, invalid and blank, and the votes per position,
from the agreed entries of its boxes (VOTE-7, VOTE-8, VOTE-14).

Ballot by ballot, the lines are grouped by the database into their distinct patterns and each pattern is
judged once by the rules (elections.rules.ballots: validity under the profile's `overmark_invalidates`,
roll-down on one ballot) and counted as many times as it occurs. From a counters' sheet, the totals are
approvals as marked per position; roll-down (VOTE-14) is added here.
"""
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from elections.rules import ordered_positions
from elections.rules.ballots import ballot_validity, ballot_votes

from . import lines as line_codes
from .models import BallotLine, TallyBox


@dataclass
class Figures:
    issued: int = 0
    returned: int = 0
    valid: int = 0
    invalid: int = 0
    blank: int = 0
    votes: dict = field(default_factory=dict)  # {position: Counter({key: votes})}
    # VOTE-8 under 'position': {position: valid ballots on which that position did not count}
    invalid_positions: Counter = field(default_factory=Counter)
    boxes: int = 0
    agreed_boxes: int = 0

    def as_dict(self):
        return {"issued": self.issued, "returned": self.returned, "valid": self.valid,
                "invalid": self.invalid, "blank": self.blank,
                "votes": {p: dict(c) for p, c in self.votes.items()},
                "invalid_positions": dict(self.invalid_positions)}

    @classmethod
    def from_dict(cls, data):
        return cls(issued=data.get("issued", 0), returned=data.get("returned", 0), valid=data.get("valid", 0),
                   invalid=data.get("invalid", 0), blank=data.get("blank", 0),
                   votes={p: Counter(c) for p, c in data.get("votes", {}).items()},
                   invalid_positions=Counter(data.get("invalid_positions", {})))


def empty_votes(seats):
    return {p: Counter() for p in seats}


def resolve_write_ins(line, names_to_keys):
    """{written name: key}: a formal candidate's name counts for that candidate, any other name for itself."""
    return {name: names_to_keys.get(name) or line_codes.write_in_key(name)
            for names in line.write_ins.values() for name in names}


def add_pattern(figures, marks_text, invalid_reason, times, seats, rules, names_to_keys):
    """Count `times` identical ballots (VOTE-8, VOTE-14)."""
    figures.returned += times
    if invalid_reason:  # invalid whatever its marks (not an official ballot, identifying writing, …)
        figures.invalid += times
        return
    line = line_codes.decode(marks_text)
    ballot = line_codes.to_ballot(line)
    verdict = ballot_validity(ballot, seats, rules)
    if not verdict.valid:
        figures.invalid += times
        return
    figures.valid += times
    figures.blank += times * ballot.is_blank
    for position in verdict.invalid_positions:
        figures.invalid_positions[position] += times
    votes = ballot_votes(ballot, verdict, seats, rules, resolve_write_ins(line, names_to_keys))
    for position, persons in votes.items():
        counter = figures.votes.setdefault(position, Counter())
        for person in persons:
            counter[person] += times


def roll_down_counts(votes, rules):
    """VOTE-14 on totals: on one ballot, a candidate's vice-chair votes include their chair votes, and their
    member votes their chair and vice-chair votes. (From a sheet of totals a person named twice on one ballot
    cannot be told apart; the ballots-by-line count applies the rule ballot by ballot.)"""
    if rules.ballot_layout != "one":
        return votes
    rolled, carried = {}, Counter()
    for position in ordered_positions(votes):
        carried = carried + Counter(votes[position])
        rolled[position] = Counter(carried)
    return rolled


def add_totals(figures, entry, seats, rules, names_to_keys):
    """Count an agreed entry of totals."""
    figures.returned += entry.returned or 0
    figures.valid += entry.valid or 0
    figures.invalid += entry.invalid or 0
    figures.blank += entry.blank or 0
    marked = {p: Counter() for p in seats}
    for position, counts in (entry.totals or {}).items():
        if position not in marked:
            continue
        for key, votes in counts.items():
            if key.startswith("w:"):
                key = names_to_keys.get(key[2:]) or key
            marked[position][key] += votes
    for position, counter in roll_down_counts(marked, rules).items():
        figures.votes.setdefault(position, Counter()).update(counter)


def count_agreed(boxes, seats, rules, names_to_keys):
    """Figures of the agreed entries of `boxes` (issued is left to the caller)."""
    figures = Figures(votes=empty_votes(seats))
    ballot_entries = []
    for box in boxes:
        figures.boxes += 1
        if box.status != TallyBox.Status.AGREED:
            continue
        figures.agreed_boxes += 1
        if box.mode == TallyBox.Mode.TOTALS:
            add_totals(figures, box.agreed_entry, seats, rules, names_to_keys)
        else:
            ballot_entries.append(box.agreed_entry_id)
    if ballot_entries:
        patterns = (BallotLine.objects.filter(entry_id__in=ballot_entries)
                    .values_list("marks", "invalid_reason").annotate(n=Count("id")).order_by())
        for marks_text, invalid_reason, times in patterns:
            add_pattern(figures, marks_text, invalid_reason, times, seats, rules, names_to_keys)
    return figures


def entry_figures(entry, names_to_keys=None):
    """Returned, valid, invalid and blank ballots of one entry typed ballot by ballot (VOTE-8), with its
    votes."""
    count_round = entry.box.count_round
    figures = Figures(votes=empty_votes(count_round.seats))
    patterns = (BallotLine.objects.filter(entry=entry).values_list("marks", "invalid_reason")
                .annotate(n=Count("id")).order_by())
    for marks_text, invalid_reason, times in patterns:
        add_pattern(figures, marks_text, invalid_reason, times, count_round.seats, count_round.election.rules,
                    names_to_keys or {})
    return figures
