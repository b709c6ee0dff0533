"""Pure rules of RULES.md for candidates, voting and counting: no models, no database.

Each function takes the rule parameters it needs as an object with RuleProfile's attribute names (an
Election's `.rules`, or any object with those attributes):
- margin.py   CAN-5  differential margin per position
- quorum.py   VOTE-3, VOTE-4  quorum of the election meeting
- ballots.py  VOTE-8, VOTE-14  ballot validity, counting with roll-down
- tally.py    VOTE-5, VOTE-7, VOTE-9, VOTE-10, SEAT-2  who is elected
- strokes.py  CAN-6  surname stroke order

Positions are the strings of elections.models.Position ('chair', 'vice_chair', 'member'), kept here as plain
constants so that these modules import no model.
"""
from django.utils.translation import gettext_lazy as _

CHAIR = "chair"
VICE_CHAIR = "vice_chair"
MEMBER = "member"
# Highest first: a candidate elected to a higher position is not elected again to a lower one.
POSITIONS = (CHAIR, VICE_CHAIR, MEMBER)
LEADER_POSITIONS = (CHAIR, VICE_CHAIR)
POSITION_LABELS = {CHAIR: _("Chair"), VICE_CHAIR: _("Vice-chair"), MEMBER: _("Member")}
WOMAN = "F"


def position_label(position):
    return str(POSITION_LABELS.get(position, position))


def ordered_positions(positions):
    """The positions highest first (chair, vice-chair, member), any other after them in name order."""
    rank = {p: i for i, p in enumerate(POSITIONS)}
    return sorted(positions, key=lambda p: (rank.get(p, len(POSITIONS)), p))
