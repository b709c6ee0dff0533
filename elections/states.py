"""The election's state machine (RULES CAL-1): states, the three phases, and the allowed moves as data."""
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

# Forward moves go one step; backward moves (a reason is required) only while nothing irreversible has
# happened yet — certified results are never reopened here (VOTE-13 voids a round through its own service).
ALLOWED_TRANSITIONS = {
    State.PREPARATION: (State.REGISTRATION,),
    State.REGISTRATION: (State.NOMINATION, State.PREPARATION),
    State.NOMINATION: (State.VOTING, State.REGISTRATION),
    State.VOTING: (State.COUNTING, State.NOMINATION),
    State.COUNTING: (State.CERTIFIED,),
    State.CERTIFIED: (State.HANDOVER,),
    State.HANDOVER: (State.CLOSED,),
    State.CLOSED: (),
}


def is_backward(src, dst):
    return ORDER.index(State(dst)) < ORDER.index(State(src))
