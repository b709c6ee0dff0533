"""The election archive page (AFT-4): ask for the archive (one click, a background job), follow its progress,
download it. Only for those who may see full identity numbers (access.sees_full_ids): others in scope get 403,
others 404."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import access, jobs
from ..models import Job
from ..services.archive import JOB_KIND, archive_downloaded, archive_path, archive_request
from ._helpers import election_context


def _election(request, pk):
    election = access.get_election(request.user, pk)
    if not access.sees_full_ids(request.user, election.community):
        raise PermissionDenied  # the archive holds complete identity numbers (VOT-7)
    return election


def _jobs(election):
    return Job.objects.filter(election=election, kind=JOB_KIND).select_related("requested_by").order_by("-id")


@login_required
@require_GET
def election_archive(request, pk):
    election = _election(request, pk)
    jobs.jobs_reap_stale(_jobs(election))
    archives = list(_jobs(election)[:10])
    waiting = any(j.status == Job.Status.QUEUED for j in archives)
    return render(request, "elections/archive.html", election_context(
        request, election, archives=archives, no_worker=waiting and not jobs.workers_alive().exists()))


@login_required
@require_POST
def election_archive_request(request, pk):
    election = _election(request, pk)
    archive_request(election=election, actor=request.user)
    messages.success(request, _("The election archive is being made: it can be downloaded here when ready."))
    return redirect("election_archive", election.pk)


@login_required
@require_GET
def election_archive_status(request, pk, job_pk):
    election = _election(request, pk)
    job = get_object_or_404(_jobs(election), pk=job_pk)
    jobs.jobs_reap_stale(Job.objects.filter(pk=job.pk))
    job.refresh_from_db()
    return JsonResponse(jobs.job_status_data(job))


@login_required
@require_GET
def election_archive_download(request, pk, job_pk):
    """The ZIP from private storage (never served directly)."""
    election = _election(request, pk)
    job = get_object_or_404(_jobs(election), pk=job_pk, status=Job.Status.DONE)
    path = archive_path(job)
    if not path.is_file():
        raise Http404
    archive_downloaded(job=job, actor=request.user)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=job.result.get("download_name", path.name),
                        content_type="application/zip")
