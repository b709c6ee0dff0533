"""Printing the ballots (PRT): numbered print runs in the background, with progress and a download."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from elections import access, jobs
from elections.documents import document_filename
from elections.models import Job
from elections.views._helpers import run_service

from .. import ballots
from ..forms import BatchForm
from ..models import BallotBatch
from ..selectors import eligible_count
from ..services.batches import ballot_batch_request, ballots_missing, batch_open
from ..services.rounds import current_round, round_number
from ._common import page_context

DEFAULT_SPARE_PERCENT = 2  # a suggestion for the form; the committee sets the number


@login_required
def ballot_batches(request, pk):
    """GET: the print runs and the form; POST: ask for a run (clerks)."""
    election = access.get_election(request.user, pk, edit=request.method == "POST")
    round_obj = current_round(election)
    # A run whose worker died is reported here, even when no worker runs any more to notice it.
    jobs.jobs_reap_stale(Job.objects.filter(ballot_batch__round=round_obj))
    batches = list(BallotBatch.objects.filter(round=round_obj).select_related("requested_by", "job"))
    eligible = eligible_count(election)
    initial = {"voters": 0 if batches else eligible, "spare": -(-eligible * DEFAULT_SPARE_PERCENT // 100)}
    form = BatchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        batch = run_service(request, ballot_batch_request, election=election, actor=request.user, form=form,
                            **form.cleaned_data)
        if batch:
            messages.success(request, _("Ballots %(range)s are being printed.") % {"range": str(batch)})
            return redirect("polling:ballots", election.pk)
    problem = ballots_missing(election)
    waiting = any(b.job.status == Job.Status.QUEUED for b in batches)
    blocks = [] if problem else [b for sheet in ballots.sheets(election, round_obj.number) for b in sheet.blocks]
    return render(request, "polling/ballots.html", page_context(
        request, election, round=round_obj, batches=batches, form=form, eligible=eligible, problem=problem,
        blocks=blocks, layout=election.rules.ballot_layout,
        no_worker=waiting and not jobs.workers_alive().exists()))


def batch_status_data(batch):
    data = jobs.job_status_data(batch.job)
    data["id"] = batch.pk
    if batch.job.status == Job.Status.DONE:
        data["download"] = reverse("polling:batch_download", args=[batch.election_id, batch.pk])
    return data


def _batch(election, batch_pk):
    return get_object_or_404(BallotBatch.objects.select_related("job"), election=election, pk=batch_pk)


@login_required
@require_GET
def batch_status(request, pk, batch_pk):
    election = access.get_election(request.user, pk)
    batch = _batch(election, batch_pk)
    if jobs.jobs_reap_stale(Job.objects.filter(pk=batch.job_id)):
        batch.job.refresh_from_db()
    return JsonResponse(batch_status_data(batch))


@login_required
@require_POST
def batch_retry(request, pk, batch_pk):
    """Run a failed print run again: the same serial numbers, rendered anew."""
    election = access.get_election(request.user, pk, edit=True)
    batch = _batch(election, batch_pk)
    run_service(request, jobs.job_retry, job=batch.job, actor=request.user,
                success=_("Ballots %(range)s are being printed again.") % {"range": str(batch)})
    return redirect("polling:ballots", election.pk)


@login_required
@require_POST
def batch_cancel(request, pk, batch_pk):
    """Stop a print run that has not finished; its serial numbers are released."""
    election = access.get_election(request.user, pk, edit=True)
    batch = _batch(election, batch_pk)
    run_service(request, jobs.job_cancel, job=batch.job, actor=request.user,
                success=_("The print run %(range)s was cancelled.") % {"range": str(batch)})
    return redirect("polling:ballots", election.pk)


@login_required
@require_GET
def batch_download(request, pk, batch_pk):
    """The run's PDF from private storage, to those who may see the election (never served directly)."""
    election = access.get_election(request.user, pk)
    batch = get_object_or_404(BallotBatch, election=election, pk=batch_pk, job__status=Job.Status.DONE)
    handle = batch_open(batch)  # from the private storage: this server's disk or the shared bucket
    if handle is None:
        raise Http404
    serials = f"{batch.serial(batch.first_serial)}-{batch.serial(batch.last_serial)}"
    filename = document_filename(election, f"ballots-r{batch.round.number}-{serials}")
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


@login_required
@require_GET
def ballot_specimen(request, pk):
    """Each distinct ballot once, unnumbered: to check the layout before printing."""
    election = access.get_election(request.user, pk)
    problem = ballots_missing(election)
    if problem:
        messages.error(request, problem)
        return redirect("polling:ballots", election.pk)
    response = HttpResponse(ballots.specimen_pdf(election, round_number(election)),
                            content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=document_filename(election, "ballot-specimen"))
    return response
