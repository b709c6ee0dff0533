"""The result: figures and charts, who is elected, certification (AFT-1), and street-office decisions
(VOTE-13)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from elections import access
from elections.documents import get_document

from .. import charts
from ..forms import CertifyForm, DecisionForm
from ..models import CountRound
from ..results import election_results
from ..services import certification as certification_services
from ..services import decisions as decision_services
from .count import _context, _form_errors

DOCUMENT_KINDS = ("results", "results-report")


def _documents(election):
    docs = [get_document(kind) for kind in DOCUMENT_KINDS]
    return [{"kind": d.kind, "title": d.title, "missing": d.availability_check(election)} for d in docs]


def _elected_in(view, results):
    """(position, key) elected by this round: its stage's elected for a main round, the winners of a
    tie-break."""
    if view.count_round.purpose == CountRound.Purpose.TIE_BREAK:
        return {(view.count_round.contests[0]["position"], key) for key in view.tie_winners}
    return {(e.position, e.person.key) for e in results.elected if e.stage == view.count_round.stage}


def _round_charts(results):
    rows = []
    for view in results.rounds:
        if view.is_void or view.count_round.status != CountRound.Status.CLOSED:
            continue
        rows.append({"view": view, "charts": charts.votes(view, results.people, _elected_in(view, results))})
    return rows


@login_required
def results_page(request, pk):
    election = access.get_election(request.user, pk)
    results = election_results(election)
    first = results.first_round
    return render(request, "counting/results.html", _context(
        request, election, results=results, turnout=charts.turnout(first) if first else None,
        round_charts=_round_charts(results), certify_form=CertifyForm(), documents=_documents(election),
        elected_by_position=results.elected_by_position(), outcome=results.final_outcome))


@login_required
@require_POST
def certify(request, pk):
    from elections.views._helpers import run_service

    election = access.get_election(request.user, pk, edit=True)
    form = CertifyForm(request.POST)
    if form.is_valid():
        run_service(request, certification_services.results_certify, election=election, actor=request.user,
                    vacancy_reason=form.cleaned_data["vacancy_reason"],
                    success=_("The result is certified and locked."))
    else:
        _form_errors(request, form)
    return redirect("counting:results", election.pk)


@login_required
def decisions(request, pk):
    """VOTE-13: everyone in scope reads the decisions; street-office supervisors record them."""
    from elections.views._helpers import run_service

    election = access.get_election(request.user, pk)
    rounds = (CountRound.objects.filter(election=election).exclude(status=CountRound.Status.VOID)
              .select_related("round"))
    form = DecisionForm(request.POST or None, rounds=rounds)
    if request.method == "POST":
        election = access.get_election(request.user, pk, supervise=True)
        if form.is_valid():
            data = form.cleaned_data
            common = {"actor": request.user, "reason": data["reason"], "reference": data["reference"],
                      "decided_on": data["decided_on"]}
            if data["kind"] == "void_round":
                count_round = get_object_or_404(CountRound, pk=data["round"], election=election)
                done = run_service(request, decision_services.round_void_decide, count_round=count_round,
                                   success=_("The decision is recorded: the round is void and is repeated."),
                                   **common)
            else:
                done = run_service(request, decision_services.results_reopen_decide, election=election,
                                   success=_("The decision is recorded: the result is open for correction."),
                                   **common)
            if done:
                return redirect("counting:decisions", election.pk)
    return render(request, "counting/decisions.html", _context(
        request, election, form=form,
        decisions=election.count_decisions.select_related("count_round__round", "decided_by")))
