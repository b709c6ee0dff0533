"""CAN-5: the election is differential (差额): more candidates than seats, per position.

Two profiles (RuleProfile.margin_rule):
- 'ratio' (seed): at least margin_percent % of the seats more, rounded up, and always at least one more;
- 'per_position' (national): chair and vice-chair at least margin_leader_min more; members at least
  margin_member_min and at most margin_member_max more.
equal_number_allowed lets the candidates equal the seats (等额), never fall below them.
"""
from django.utils.translation import gettext as _

from . import LEADER_POSITIONS, MEMBER, ordered_positions, position_label


def ceil_div(a, b):
    return -(-a // b)


def margin_extra(position, seats, rules):
    """How many candidates more than `seats` the position needs at least (CAN-5)."""
    if rules.margin_rule == "per_position":
        return rules.margin_leader_min if position in LEADER_POSITIONS else rules.margin_member_min
    return max(1, ceil_div(seats * rules.margin_percent, 100))


def required_candidates(position, seats, rules):
    """CAN-5: the fewest candidates for `seats` seats of `position` in a differential election."""
    if seats <= 0:
        return 0
    return seats + margin_extra(position, seats, rules)


def maximum_candidates(position, seats, rules):
    """CAN-5: the most candidates allowed, or None where the profile sets no upper bound."""
    if rules.margin_rule == "per_position" and position == MEMBER and seats > 0:
        return seats + rules.margin_member_max
    return None


def position_problem(position, candidates, seats, rules):
    """The CAN-5 problem message for one position, or None when its number of candidates is right."""
    label = position_label(position)
    needed = required_candidates(position, seats, rules)
    most = maximum_candidates(position, seats, rules)
    params = {"position": label, "candidates": candidates, "seats": seats, "needed": needed, "most": most}
    if candidates == seats and rules.equal_number_allowed:
        return None
    if candidates < seats:
        return _("%(position)s: %(candidates)s candidates for %(seats)s seats; there must be at least as "
                 "many candidates as seats, and %(needed)s for a differential election.") % params
    if candidates < needed:
        return _("%(position)s: %(candidates)s candidates for %(seats)s seats; a differential election needs "
                 "at least %(needed)s.") % params
    if most is not None and candidates > most:
        return _("%(position)s: %(candidates)s candidates for %(seats)s seats; at most %(most)s are "
                 "allowed.") % params
    return None


def margin_problems(candidates_by_position, seats_by_position, rules):
    """CAN-5: [(rule, message)] for every position whose number of candidates breaks the margin.

    `candidates_by_position`: {position: number of candidates (or a collection of them)};
    `seats_by_position`: {position: seats}. Positions without seats are not checked.
    """
    problems = []
    for position in ordered_positions(seats_by_position):
        seats = seats_by_position[position]
        candidates = candidates_by_position.get(position, 0)
        count = candidates if isinstance(candidates, int) else len(candidates)
        message = position_problem(position, count, seats, rules) if seats > 0 else None
        if message:
            problems.append(("CAN-5", message))
    return problems
