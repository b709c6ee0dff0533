"""The wrap-up page (AFT-3): the checklist, the working committees and their members from the elected, the
consultation council and the openness supervision group."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from elections import access
from elections.views._helpers import form_errors_to_messages, run_service

from ..forms import ResidentBodyForm, WorkingCommitteeForm, WorkingMemberForm
from ..models import ResidentBody, WorkingCommittee, WorkingCommitteeMember
from ..selectors import wrap_up_checklist
from ..services import wrapup as services
from . import page_context


def _committee_form(election, data=None):
    taken = set(WorkingCommittee.objects.filter(election=election).values_list("name", flat=True))
    names = [n for n in election.rules.working_committees or [] if n not in taken]
    return WorkingCommitteeForm(data, names=names)


@login_required
def wrap_up(request, pk):
    election = access.get_election(request.user, pk)
    seats = services.seats_for_choice(election)
    committees = (WorkingCommittee.objects.filter(election=election)
                  .prefetch_related("members__seat"))
    return render(request, "aftermath/wrap_up.html", page_context(
        request, election, checklist=wrap_up_checklist(election), seats=seats,
        committees=[(c, WorkingMemberForm(seats=seats, prefix=f"c{c.pk}")) for c in committees],
        bodies=ResidentBody.objects.filter(election=election).prefetch_related("members"),
        committee_form=_committee_form(election), body_form=ResidentBodyForm(),
        open=election.state in services.IN_OFFICE_STATES and not election.is_by_election))


@login_required
@require_POST
def committee_add(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    form = _committee_form(election, request.POST)
    if form.is_valid():
        run_service(request, services.working_committee_add, election=election, actor=request.user,
                    name=form.cleaned_data["name"], set_up_on=form.cleaned_data["set_up_on"],
                    success=_("The working committee is recorded."))
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:wrap_up", election.pk)


@login_required
@require_POST
def member_add(request, pk, committee_pk):
    election = access.get_election(request.user, pk, edit=True)
    committee = get_object_or_404(WorkingCommittee, pk=committee_pk, election=election)
    form = WorkingMemberForm(request.POST, seats=services.seats_for_choice(election), prefix=f"c{committee.pk}")
    if form.is_valid():
        run_service(request, services.working_committee_member_add, committee=committee, actor=request.user,
                    seat=form.cleaned_data["seat"], role=form.cleaned_data["role"],
                    success=_("The member is added."))
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:wrap_up", election.pk)


@login_required
@require_POST
def member_remove(request, pk, member_pk):
    election = access.get_election(request.user, pk, edit=True)
    member = get_object_or_404(WorkingCommitteeMember, pk=member_pk, committee__election=election)
    run_service(request, services.working_committee_member_remove, member=member, actor=request.user,
                success=_("The member is removed."))
    return redirect("aftermath:wrap_up", election.pk)


@login_required
@require_POST
def body_record(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    form = ResidentBodyForm(request.POST)
    if form.is_valid():
        run_service(request, services.resident_body_record, election=election, actor=request.user,
                    success=_("The body and its members are recorded."), **form.cleaned_data)
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:wrap_up", election.pk)
