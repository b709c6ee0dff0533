"""The polling plan pages (VOTE-2, VOTE-11, VOTE-6, CAN-9): stations and their staff."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from elections import access
from elections.views._helpers import run_service
from voters.pickers import people_json

from ..forms import StaffForm, StationForm
from ..models import PollingStation, StationStaff
from ..pickers import staff_pool
from ..selectors import station_counts, stations_of
from ..services.plan import plan_problems, staff_add, staff_remove, station_add, station_remove
from ..services.rounds import current_round
from ._common import page_context


@login_required
def plan(request, pk):
    """GET: the stations and what the plan lacks; POST: add a station (clerks)."""
    election = access.get_election(request.user, pk, edit=request.method == "POST")
    form = StationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        station = run_service(request, station_add, election=election, actor=request.user, form=form,
                              **form.cleaned_data)
        if station:
            messages.success(request, _("%(name)s is added: now record its staff.") % {"name": station.name})
            return redirect("polling:station", election.pk, station.pk)
    stations = list(stations_of(election).prefetch_related("staff"))
    counts = station_counts(current_round(election))
    for station in stations:
        station.issued = counts.get(station.pk, 0)
    return render(request, "polling/plan.html", page_context(
        request, election, form=form, stations=stations, problems=plan_problems(election, stations),
        min_staff=election.rules.station_min_staff))


def _station(election, station_pk):
    return get_object_or_404(PollingStation, election=election, pk=station_pk)


@login_required
def station(request, pk, station_pk):
    """GET: a station and its staff; POST: add a staff member (clerks)."""
    election = access.get_election(request.user, pk, edit=request.method == "POST")
    station_obj = _station(election, station_pk)
    form = StaffForm(request.POST or None, election=election)
    if request.method == "POST" and form.is_valid():
        if run_service(request, staff_add, station=station_obj, actor=request.user, form=form,
                       **form.cleaned_data):
            messages.success(request, _("%(name)s is added to the staff.")
                             % {"name": form.cleaned_data["name"]})
            return redirect("polling:station", election.pk, station_obj.pk)
    staff = list(station_obj.staff.order_by("duty", "pk"))
    return render(request, "polling/station.html", page_context(
        request, election, station=station_obj, staff=staff, form=form,
        min_staff=election.rules.station_min_staff, counting_duties=StationStaff.COUNTING_DUTIES))


@login_required
@require_POST
def station_remove_view(request, pk, station_pk):
    election = access.get_election(request.user, pk, edit=True)
    station_obj = _station(election, station_pk)
    if run_service(request, station_remove, station=station_obj, actor=request.user,
                   success=_("The station is removed.")):
        return redirect("polling:plan", election.pk)
    return redirect("polling:station", election.pk, station_obj.pk)


@login_required
@require_POST
def staff_remove_view(request, pk, staff_pk):
    election = access.get_election(request.user, pk, edit=True)
    staff = get_object_or_404(StationStaff.objects.select_related("station__election"),
                              station__election=election, pk=staff_pk)
    run_service(request, staff_remove, staff=staff, actor=request.user, success=_("Removed from the staff."))
    return redirect("polling:station", election.pk, staff.station_id)


@login_required
@require_GET
def people_staff(request, pk):
    """Voters of the election who may be chosen as station staff, for the staff form's picker."""
    return people_json(request, staff_pool(access.get_election(request.user, pk, edit=True)))
