"""Checks shared by the counting services."""
from django.utils.translation import gettext as _

from elections.models import Election
from elections.services.errors import RuleViolation
from elections.states import State

from ..models import Certification, CountRound

# Ballots are counted once the ballot issuance of their round is closed (elections/states.py: the election is
# then counting); further rounds are held and counted until the result is certified.
COUNTING_STATES = (State.COUNTING,)


def locked_election(election):
    # Lock the election row: two clerks closing a round, opening the next one or certifying at the same
    # moment must be serialised.
    return Election.objects.select_for_update().select_related("community").get(pk=election.pk)


def check_not_certified(election):
    """AFT-1: a certified result is locked; only a street-office decision (VOTE-13) reopens it."""
    if Certification.objects.filter(election=election, revoked_at__isnull=True).exists():
        raise RuleViolation("AFT-1", _("The result is certified and locked: a correction needs a recorded "
                                       "decision of the street office (VOTE-13)."))


def check_counting(election):
    check_not_certified(election)
    if election.state not in COUNTING_STATES:
        raise RuleViolation("VOTE-6", _("Ballots are counted once the ballot issuance of the round is closed, "
                                        "until the result is certified; the election is at the stage "
                                        "“%(state)s”.") % {"state": State(election.state).label})


def check_round_open(count_round):
    if count_round.status != CountRound.Status.OPEN:
        raise RuleViolation("VOTE-6", _("Round %(n)s is %(status)s: its count can no longer change.")
                            % {"n": count_round.round.number, "status": count_round.get_status_display()})
