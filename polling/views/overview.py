"""The election-day overview and the live quorum (VOTE-3, VOTE-4)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from elections import access
from elections.views._helpers import run_service

from ..models import Proxy
from ..selectors import quorum_status, station_counts, stations_of
from ..services.batches import ballots_missing
from ..services.plan import plan_problems
from ..services.rounds import current_round, issuance_problems, polls_close, polls_close_problems
from ._common import page_context


@login_required
@require_GET
def overview(request, pk):
    election = access.get_election(request.user, pk)
    round_obj = current_round(election)
    stations = list(stations_of(election).prefetch_related("staff"))
    counts = station_counts(round_obj)
    for station in stations:
        station.issued = counts.get(station.pk, 0)
    proxies = {s: Proxy.objects.filter(election=election, status=s).count() for s in Proxy.Status.values}
    return render(request, "polling/overview.html", page_context(
        request, election, quorum=quorum_status(election), round=round_obj, stations=stations,
        issuance_problems=issuance_problems(election, round_obj), close_problems=polls_close_problems(election),
        problems=plan_problems(election, stations), proxies=proxies,
        ballots_problem=ballots_missing(election), min_staff=election.rules.station_min_staff))


@login_required
@require_GET
def quorum_page(request, pk):
    election = access.get_election(request.user, pk)
    return render(request, "polling/quorum.html", page_context(
        request, election, quorum=quorum_status(election), round=current_round(election)))


def quorum_json_data(status):
    if status is None:
        return {"method": None}
    return {"method": status.method, "eligible": status.eligible, "eligible_label": status.eligible_label,
            "attended": status.attended, "threshold": status.threshold, "reached": status.reached,
            "missing": status.missing, "share": status.share, "rule": status.rule,
            "round": status.round_number, "absent": status.absent, "registered": status.registered,
            "percent": status.percent, "threshold_percent": status.threshold_percent}


@login_required
@require_GET
def quorum_json(request, pk):
    """For the pages' live refresh (every few seconds while ballots are being issued)."""
    election = access.get_election(request.user, pk)
    return JsonResponse(quorum_json_data(quorum_status(election)))


@login_required
@require_POST
def polls_close_view(request, pk):
    """The door of VOTING → COUNTING: the round's ballot issuance ends and its boxes go to the count."""
    election = access.get_election(request.user, pk, edit=True)
    if not request.POST.get("confirm"):
        messages.error(request, _("Confirm that every station has finished issuing ballots."))
        return redirect("polling:overview", election.pk)
    if run_service(request, polls_close, election=election, actor=request.user,
                   success=_("The ballot issuance is closed: count the ballots now.")):
        return redirect("counting:overview", election.pk)
    return redirect("polling:overview", election.pk)
