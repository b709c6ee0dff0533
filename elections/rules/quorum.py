"""VOTE-3, VOTE-4: is the election meeting (or the ballot collection) quorate?

Integer arithmetic only: a share "at least 4/5" of 51 is the smallest n with n × 5 ≥ 51 × 4, never 0.8 × 51.
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

REPRESENTATIVE = "representative"
DIRECT = "direct"
HOUSEHOLD = "household"


def threshold_count(total, numerator, denominator, strict):
    """The smallest count n that reaches numerator/denominator of `total`:
    n × d > num × total when `strict` ("more than"), n × d ≥ num × total otherwise ("at least")."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    share = numerator * total
    if strict:
        return share // denominator + 1
    return -(-share // denominator)  # ceiling division, in integers


def reaches(count, total, numerator, denominator, strict):
    """Whether `count` reaches the share of `total` (see threshold_count)."""
    return count >= threshold_count(total, numerator, denominator, strict)


@dataclass(frozen=True)
class Quorum:
    threshold_count: int
    reached: bool
    description: str
    rule: str


def quorum_fraction(method, rules):
    """(numerator, denominator, strict, rule) of the quorum for an election method."""
    if method == REPRESENTATIVE:
        # VOTE-3: seed "at least 4/5"; national "more than 2/3" (the profile's numbers)
        return rules.rep_quorum_numerator, rules.rep_quorum_denominator, rules.rep_quorum_strict, "VOTE-3"
    if method in (DIRECT, HOUSEHOLD):
        # VOTE-4: more than half of the registered voters (households) attend, or collect ballots
        return 1, 2, True, "VOTE-4"
    raise ValueError(f"unknown election method {method!r}")


def quorum(method, eligible, attended, rules):
    """VOTE-3 / VOTE-4: the quorum of an election meeting.

    `eligible`: representatives, registered voters or households (by method); `attended`: those present (or
    who collected ballots). Without anyone eligible nothing is quorate.
    """
    numerator, denominator, strict, rule = quorum_fraction(method, rules)
    needed = threshold_count(eligible, numerator, denominator, strict)
    reached = eligible > 0 and attended >= needed
    params = {"share": f"{numerator}/{denominator}", "eligible": eligible, "needed": needed,
              "attended": attended}
    if strict:
        text = _("more than %(share)s of %(eligible)s: %(needed)s needed, %(attended)s present") % params
    else:
        text = _("at least %(share)s of %(eligible)s: %(needed)s needed, %(attended)s present") % params
    return Quorum(threshold_count=needed, reached=reached, description=text, rule=rule)
