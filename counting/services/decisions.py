"""Street-office decisions on the count (VOTE-13): results obtained by threats, bribery, forged ballots or
false counts are void — a supervisor records the decision with its grounds, the round is void (with every
round after it, which rested on it) and the committee repeats it. A decision may also reopen a certified
result for a correction (AFT-1: a certified result changes only this way).

Such a decision is the door "street_decision" of elections/states.py: a certified election, or one whose
ballots are being issued, goes back to counting — where the committee corrects the count, or opens the
repetition of the void round (counting.services.rounds.round_next_open).
"""
from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.checklist import step_undone
from elections.services.elections import election_transition
from elections.services.errors import RuleViolation
from elections.states import State

from ..models import Certification, CountRound, Decision
from .common import locked_election

# Once the handover has begun the new committee is in office: its election is challenged by other means.
DECIDABLE_STATES = (State.VOTING, State.COUNTING, State.CERTIFIED)


def _check(election, reason):
    if not reason.strip():
        raise RuleViolation("VOTE-13", _("Record the grounds of the decision."), field="reason")
    if election.state not in DECIDABLE_STATES:
        raise RuleViolation("VOTE-13", _("The election is at the stage “%(state)s”: the count can no longer "
                                         "be changed here.") % {"state": State(election.state).label})


def _back_to_counting(election, decision, actor):
    """A certified result stops being in force, or the ballot issuance stops: the election goes back to
    counting (the door "street_decision")."""
    certification = Certification.objects.filter(election=election, revoked_at__isnull=True).first()
    if certification is not None:
        certification.revoked_at, certification.revoked_by = clock.now(), decision
        certification.save(update_fields=["revoked_at", "revoked_by"])
        election.results_certified_on = None
        election.save(update_fields=["results_certified_on"])
        step_undone(election=election, step="results_certified")
    if election.state != State.COUNTING:
        election_transition(election=election, to=State.COUNTING, actor=actor, door="street_decision",
                            reason=f"VOTE-13：{decision.reason}", rule="VOTE-13")
        election.refresh_from_db()


def _void_from(count_round, reason, actor):
    """Void the round and every later one that is not void yet (they rest on it); their numbers."""
    number = count_round.round.number
    later = (CountRound.objects.filter(election=count_round.election, round__number__gte=number)
             .exclude(status=CountRound.Status.VOID).select_related("round").select_for_update(of=("self",)))
    voided = []
    for row in later:
        row.status, row.void_rule = CountRound.Status.VOID, "VOTE-13"
        row.voided_at, row.voided_by = clock.now(), actor
        follows = _("Rests on round %(n)s, declared void.") % {"n": number}
        row.void_reason = reason if row.pk == count_round.pk else follows
        row.save(update_fields=["status", "void_rule", "void_reason", "voided_at", "voided_by"])
        voided.append(row.round.number)
    return voided


def round_void_decide(*, count_round, actor, reason, reference="", decided_on=None):
    """VOTE-13: the street office declares a round void; it (and any round after it) is repeated."""
    reason = (reason or "").strip()
    with transaction.atomic():
        election = locked_election(count_round.election)
        _check(election, reason)
        count_round = CountRound.objects.select_for_update().select_related("round").get(pk=count_round.pk)
        if count_round.status == CountRound.Status.VOID:
            raise RuleViolation("VOTE-13", _("This round is already void."))
        decision = Decision.objects.create(election=election, count_round=count_round,
                                           kind=Decision.Kind.VOID_ROUND, reason=reason,
                                           reference=reference.strip(),
                                           decided_on=decided_on or clock.today(), decided_by=actor)
        voided = _void_from(count_round, reason, actor)
        _back_to_counting(election, decision, actor)
        audit_log(actor=actor, action="counting.decision.round_voided", obj=decision, election=election,
                  data={"round": count_round.round.number, "rounds_voided": voided, "reason": reason,
                        "reference": decision.reference})
    return decision


def results_reopen_decide(*, election, actor, reason, reference="", decided_on=None):
    """A street-office decision reopens the certified result so that the committee corrects the count."""
    reason = (reason or "").strip()
    with transaction.atomic():
        election = locked_election(election)
        _check(election, reason)
        if not Certification.objects.filter(election=election, revoked_at__isnull=True).exists():
            raise RuleViolation("VOTE-13", _("The result is not certified: the committee corrects the count "
                                             "itself."))
        decision = Decision.objects.create(election=election, kind=Decision.Kind.REOPEN, reason=reason,
                                           reference=reference.strip(),
                                           decided_on=decided_on or clock.today(), decided_by=actor)
        _back_to_counting(election, decision, actor)
        audit_log(actor=actor, action="counting.decision.results_reopened", obj=decision, election=election,
                  data={"reason": reason, "reference": decision.reference})
    return decision
