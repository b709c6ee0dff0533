"""Complaints and reports about the election (AFT-5). The committee's clerks and the street office record them
and their evidence; the clerks send them to the street office; the street office decides. Complainants'
details and evidence are seen only by those two (read-only observers: 403)."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from counting.models import CountRound
from elections import access
from elections.views._helpers import form_errors_to_messages, run_service

from ..forms import ComplaintForm, DecideForm, EvidenceForm, RouteForm
from ..models import Complaint, ComplaintEvidence
from ..services import complaints as services
from . import page_context


def _get_election(user, pk):
    """The election for the committee's clerks and the street office (404 outside scope, 403 for others)."""
    election = access.get_election(user, pk)
    if not (access.can_edit_election(user, election) or access.can_supervise_community(user, election.community)):
        raise PermissionDenied
    return election


def _rounds(election):
    return (CountRound.objects.filter(election=election).exclude(status=CountRound.Status.VOID)
            .select_related("round"))


@login_required
def complaint_list(request, pk):
    election = _get_election(request.user, pk)
    form = ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        # Recorded by the street office itself, a complaint is with it from the start.
        routed = access.can_supervise_community(request.user, election.community)
        complaint = run_service(request, services.complaint_record, election=election, actor=request.user,
                                routed=routed, form=form, success=_("The complaint is recorded."), **data)
        if complaint and upload:
            run_service(request, services.complaint_evidence_add, complaint=complaint, actor=request.user,
                        upload=upload)
        if complaint:
            return redirect("aftermath:complaint", election.pk, complaint.number)
    complaints = Complaint.objects.filter(election=election).select_related("recorded_by")
    return render(request, "aftermath/complaints.html", page_context(
        request, election, form=form, complaints=complaints))


def _complaint(election, number):
    return get_object_or_404(Complaint.objects.select_related("count_decision__count_round__round"),
                             election=election, number=number)


@login_required
def complaint_detail(request, pk, number):
    election = _get_election(request.user, pk)
    complaint = _complaint(election, number)
    return render(request, "aftermath/complaint.html", page_context(
        request, election, complaint=complaint, evidence=complaint.evidence.select_related("uploaded_by"),
        evidence_form=EvidenceForm(), route_form=RouteForm(), decide_form=DecideForm(rounds=_rounds(election))))


@login_required
@require_POST
def complaint_route(request, pk, number):
    election = access.get_election(request.user, pk, edit=True)
    complaint = _complaint(election, number)
    form = RouteForm(request.POST)
    if form.is_valid():
        run_service(request, services.complaint_route, complaint=complaint, actor=request.user,
                    success=_("The complaint is sent to the street office."), **form.cleaned_data)
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:complaint", election.pk, complaint.number)


@login_required
@require_POST
def evidence_add(request, pk, number):
    election = _get_election(request.user, pk)
    complaint = _complaint(election, number)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(request, services.complaint_evidence_add, complaint=complaint, actor=request.user,
                    upload=form.cleaned_data["file"], description=form.cleaned_data["description"],
                    success=_("The file is kept with the complaint."))
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:complaint", election.pk, complaint.number)


@login_required
@require_GET
def evidence_download(request, pk, number, evidence_pk):
    """An evidence file from private storage, to the committee and the street office only."""
    election = _get_election(request.user, pk)
    evidence = get_object_or_404(ComplaintEvidence, pk=evidence_pk, complaint__election=election,
                                 complaint__number=number)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)


@login_required
@require_POST
def complaint_decide(request, pk, number):
    election = access.get_election(request.user, pk, supervise=True)
    complaint = _complaint(election, number)
    form = DecideForm(request.POST, rounds=_rounds(election))
    if form.is_valid():
        data = dict(form.cleaned_data)
        round_pk = data.pop("count_round")
        count_round = get_object_or_404(CountRound, pk=round_pk, election=election) if round_pk else None
        run_service(request, services.complaint_decide, complaint=complaint, actor=request.user,
                    count_round=count_round, success=_("The decision is recorded."), **data)
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:complaint", election.pk, complaint.number)
