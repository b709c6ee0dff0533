"""Certifying the result (AFT-1): the committee confirms the count once every round is decided. The result is
then locked — later corrections only through a recorded street-office decision (services/decisions.py) — the
election moves from counting to "results certified" through this service alone (the door "results_certify",
elections/states.py), and results_certified_on is set: the handover deadline (AFT-2) runs from it.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.checklist import step_done
from elections.services.elections import election_transition
from elections.services.errors import RuleViolation, RuleWarning
from elections.services.overrides import record_overrides
from elections.states import State

from ..models import Certification, CountRound
from ..results import election_results
from ..selectors import polling_figures, results_snapshot
from .common import locked_election


def certify_problems(election, results=None):
    """[(rule, message)] that keep the result from being certified now. A committee of at least 3 that may
    leave the seats still unfilled after a further round vacant (VOTE-10) is not stopped here: it certifies
    with a written reason."""
    if Certification.objects.filter(election=election, revoked_at__isnull=True).exists():
        return [("AFT-1", _("The result is already certified."))]
    if election.state != State.COUNTING:
        return [("VOTE-6", _("The result is certified once the ballots are counted (the election is at "
                             "“%(state)s”).") % {"state": State(election.state).label})]
    if CountRound.objects.filter(election=election, status=CountRound.Status.OPEN).exists():
        return [("VOTE-6", _("A round is still open: close it or have it declared void."))]
    step = (results or election_results(election)).next
    if step.kind == "certify" or (step.kind == "further" and step.may_leave_vacant):
        return []
    return [(step.rule or "VOTE-6", step.message or _(
        "The count is not finished: close every round and hold the rounds the result needs first."))]


def _first_counted(results):
    first = results.first_round
    return first.count_round if first else None


def results_certify(*, election, actor, vacancy_reason=""):
    """Certify the result: record it, lock it, and move the election to "results certified"."""
    with transaction.atomic():
        election = locked_election(election)
        results = election_results(election)
        problems = certify_problems(election, results)
        if problems:
            raise RuleViolation(*problems[0])
        step = results.next
        if step.kind == "further":
            # VOTE-10: a committee of at least 3 may leave the seats still unfilled after a further round
            # vacant; a person says why, on record.
            warning = RuleWarning("VOTE-10", _("%(n)s seat(s) stay vacant after the further round.")
                                  % {"n": step.vacancies})
            record_overrides(election=election, warnings=[warning], reason=vacancy_reason, actor=actor)
        snapshot = results_snapshot(results, polling_figures(_first_counted(results)))
        today = clock.today()
        certification = Certification.objects.create(election=election, certified_on=today,
                                                      certified_by=actor, snapshot=snapshot,
                                                      vacancy_reason=vacancy_reason.strip())
        step_done(election=election, step="election_held", actor=actor)
        election = election_transition(election=election, to=State.CERTIFIED, actor=actor,
                                       door="results_certify")
        election.results_certified_on = today
        election.save(update_fields=["results_certified_on"])
        step_done(election=election, step="results_certified", actor=actor)
        audit_log(actor=actor, action="counting.results.certified", obj=certification, election=election,
                  after={"certified_on": today, "elected": [[e["name"], e["position"], e["votes"]]
                                                            for e in snapshot["elected"]],
                         "vacancies": snapshot["vacancies"]}, data={"vacancy_reason": vacancy_reason.strip()})
    return certification
