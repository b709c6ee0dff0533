"""The election's state machine (RULES CAL-1): states, the three phases, and the allowed moves as data.

One table, ALLOWED_TRANSITIONS, says every move an election may make. Each move is taken either by the generic
"advance" (elections.services.elections.election_transition, with the guards listed there) or — for the steps
that cannot be undone or that belong to a feature with its own checks — only through its **door**: the one
service that makes that move, checks everything it needs, and passes its door's name to election_transition,
which refuses the move from anyone else. The overview offers door moves as links to the door's page, never as a
generic button.

Voting rounds (VOTE-9, VOTE-4, VOTE-7, VOTE-13). The choice made here: the election's state follows its current
voting round. VOTING means the current round's ballots are being issued (on that round's voting day, CAL-5);
closing the ballot issuance moves the election to COUNTING (door `polls_close`); when the count needs another
round — a tie-break vote, a further round (另行选举), or the repetition of a void round — opening it moves the
election back from COUNTING to VOTING (door `round_open`), a recorded move that cites the rule that needs the
round. Only when no round is needed does the count lead on to certification (door `results_certify`). A round's
own status (counting, counted, void) is kept by the counting app.
"""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    REGISTRATION = "registration", _("Voter registration")
    NOMINATION = "nomination", _("Nomination of candidates")
    VOTING = "voting", _("Voting")
    COUNTING = "counting", _("Counting")
    CERTIFIED = "certified", _("Results certified")
    HANDOVER = "handover", _("Handover")
    CLOSED = "closed", _("Closed")


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Preparation and deployment")
    ELECTION = "election", _("Nomination and election")
    WRAP_UP = "wrap_up", _("Summary and improvement")


PHASE_OF_STATE = {
    State.PREPARATION: Phase.PREPARATION,
    State.REGISTRATION: Phase.ELECTION,
    State.NOMINATION: Phase.ELECTION,
    State.VOTING: Phase.ELECTION,
    State.COUNTING: Phase.ELECTION,
    State.CERTIFIED: Phase.WRAP_UP,
    State.HANDOVER: Phase.WRAP_UP,
    State.CLOSED: Phase.WRAP_UP,
}

ORDER = list(State)
# The result is certified and stays so through the handover and closing: the election is finished.
RESULT_CERTIFIED = frozenset({State.CERTIFIED, State.HANDOVER, State.CLOSED})


@dataclass(frozen=True)
class Move:
    """How an election goes from one state to another.

    doors: empty for the generic advance (guards in elections.services.elections); otherwise the names of the
    services that alone may make this move. rule: the rule the move rests on. page: the URL name (taking the
    election's pk) of the page where the door is, and label: what the overview says there.
    """
    doors: tuple = ()
    rule: str = "CAL-1"
    page: str = ""
    label: str = ""

    @property
    def generic(self):
        return not self.doors


GENERIC = Move()

# Forward moves go one step; backward moves (a reason is required) only while nothing irreversible has
# happened yet. Certified results are reopened only by a street-office decision (VOTE-13), its own door.
ALLOWED_TRANSITIONS = {
    State.PREPARATION: {State.REGISTRATION: GENERIC},
    State.REGISTRATION: {State.NOMINATION: GENERIC, State.PREPARATION: GENERIC},
    State.NOMINATION: {State.VOTING: GENERIC, State.REGISTRATION: GENERIC},
    State.VOTING: {
        # The polls of the round close (VOTE-2), or a street-office decision voids the round (VOTE-13).
        State.COUNTING: Move(("polls_close", "street_decision"), "VOTE-2", "polling:overview",
                             _("Close the ballot issuance on the election-day page")),
        State.NOMINATION: GENERIC,
    },
    State.COUNTING: {
        # The count needs another round (VOTE-9, VOTE-4, VOTE-7, VOTE-13), or the polls were closed by mistake.
        State.VOTING: Move(("round_open", "polls_reopen"), "VOTE-9", "counting:overview",
                           _("Open the next round on the counting page")),
        State.CERTIFIED: Move(("results_certify",), "AFT-1", "counting:results",
                              _("Certify the result on the results page")),
    },
    State.CERTIFIED: {
        State.HANDOVER: Move(("handover_start",), "AFT-2", "aftermath:handover",
                             _("Start the handover on the handover page")),
        State.COUNTING: Move(("street_decision",), "VOTE-13", "counting:decisions",
                             _("A street-office decision reopens the count")),
    },
    State.HANDOVER: {
        State.CLOSED: Move(("election_close",), "AFT-7", "aftermath:handover",
                           _("Close the election once the handover is signed")),
    },
    State.CLOSED: {},
}


def move_of(src, dst):
    """The Move from src to dst, or None when the table has none."""
    return ALLOWED_TRANSITIONS[State(src)].get(State(dst))


def is_backward(src, dst):
    return ORDER.index(State(dst)) < ORDER.index(State(src))
