"""The residents import of a community: the template, upload → preview → confirm. A big file (more than
importing.BACKGROUND_ROWS rows) is checked and saved by a background job while the page shows its progress, so no
request runs for minutes."""
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from elections import access, jobs
from elections.models import Job
from elections.views._helpers import run_service

from .. import importing
from ..forms import ImportUploadForm
from . import community_context

IMPORT_SESSION_KEY = "voters_import_token"
TEMPLATE_FILENAME = "居民信息导入模板.xlsx"


@login_required
def import_template(request, code):
    access.get_community(request.user, code)
    response = HttpResponse(importing.template_workbook(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = (f"attachment; filename=\"residents-template.xlsx\"; "
                                       f"filename*=UTF-8''{quote(TEMPLATE_FILENAME)}")
    return response


@login_required
def import_upload(request, code):
    """Upload → preview: every problem and the counts of new, changed and unchanged rows; nothing saved."""
    community = access.get_community(request.user, code, edit=True)
    posted = request.method == "POST"
    files = request.FILES  # parsing the upload tells whether it was too large (config/uploads.py)
    form = ImportUploadForm(request.POST if posted else None, files if posted else None,
                            too_large=getattr(request, "upload_too_large", False))
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        importing.upload_discard(request.session.get(IMPORT_SESSION_KEY))
        if importing.runs_in_background(data):
            return _in_background(request, community, data, upload.name, dry_run=True)
        report = importing.residents_import(community=community, data=data, filename=upload.name,
                                            actor=request.user, dry_run=True, names=importing.CONFIRM)
        token = None
        if report.ok:
            token = importing.upload_store(data=data, filename=upload.name, user=request.user, community=community)
        request.session[IMPORT_SESSION_KEY] = token
        return _preview(request, community, report, token)
    return render(request, "voters/import_upload.html", community_context(
        request, community, form=form, background_rows=importing.BACKGROUND_ROWS))


def _in_background(request, community, data, filename, *, dry_run, token=None, confirmed=()):
    if token is None:
        token = importing.upload_store(data=data, filename=filename, user=request.user, community=community)
        request.session[IMPORT_SESSION_KEY] = token
    job = importing.import_job_start(community=community, token=token, filename=filename, actor=request.user,
                                     dry_run=dry_run, confirmed=confirmed)
    return redirect("voters:import_job", community.code, job.pk)


def _preview(request, community, report, token):
    errors, changes = report.errors[:1000], report.changed[:500]
    return render(request, "voters/import_preview.html", community_context(
        request, community, report=report, token=token, errors=errors,
        more_errors=report.error_count - len(errors), changes=changes,
        more_changes=report.change_count - len(changes)))


@login_required
@require_POST
def import_confirm(request, code):
    """Save the previewed file in one transaction (checked again: the data may have changed meanwhile)."""
    community = access.get_community(request.user, code, edit=True)
    token = request.POST.get("token", "")
    kept = importing.upload_load(token, user=request.user, community=community)
    if token != request.session.get(IMPORT_SESSION_KEY) or kept is None:
        messages.error(request, _("The uploaded file is no longer available: upload it again."))
        return redirect("voters:import", community.code)
    data, filename = kept
    # Only the rows ticked on the preview change a registered resident's name; the others are left out.
    confirmed = set(request.POST.getlist("confirm"))
    if importing.runs_in_background(data):
        return _in_background(request, community, data, filename, dry_run=False, token=token, confirmed=confirmed)
    report = importing.residents_import(community=community, data=data, filename=filename, actor=request.user,
                                        names=importing.CONFIRM, confirmed=confirmed)
    if not report.saved:
        return _preview(request, community, report, None)
    importing.upload_discard(token)
    request.session.pop(IMPORT_SESSION_KEY, None)
    _saved_messages(request, report)
    return redirect("voters:residents", community.code)


def _saved_messages(request, report):
    messages.success(request, _("Imported %(file)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
                     % {"file": report.filename, "new": report.new, "changed": report.change_count,
                        "unchanged": report.unchanged})
    if report.left_out:
        messages.warning(request, _("Left out, as their change of name was not confirmed: rows %(rows)s.")
                         % {"rows": "、".join(str(c.row) for c in report.left_out)})


# --- the background job of a big file ----------------------------------------------------------------------------

def _job(request, code, pk):
    """The import job, to the clerk who started it (another clerk's upload is not theirs to see or confirm)."""
    community = access.get_community(request.user, code, edit=True)
    job = get_object_or_404(Job, pk=pk, kind=importing.IMPORT_JOB, community=community, requested_by=request.user)
    if jobs.jobs_reap_stale(Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return community, job


@login_required
@require_GET
def import_job(request, code, pk):
    """The job's progress; once it is done, the preview (a check) or what was saved."""
    community, job = _job(request, code, pk)
    if job.status != Job.Status.DONE:
        return render(request, "voters/import_job.html", community_context(request, community, job=job))
    report = importing.ImportReport.from_json(job.result["report"])
    if job.params["dry_run"]:
        token = job.params["token"] if report.ok and job.params["token"] == request.session.get(
            IMPORT_SESSION_KEY) else None
        return _preview(request, community, report, token)
    if report.saved and request.session.get(IMPORT_SESSION_KEY) == job.params["token"]:
        request.session.pop(IMPORT_SESSION_KEY, None)
        _saved_messages(request, report)
        return redirect("voters:residents", community.code)
    if report.saved:
        return render(request, "voters/import_job.html", community_context(request, community, job=job,
                                                                          report=report))
    return _preview(request, community, report, None)


@login_required
@require_GET
def import_job_status(request, code, pk):
    _community, job = _job(request, code, pk)
    return JsonResponse(jobs.job_status_data(job))


@login_required
@require_POST
def import_job_retry(request, code, pk):
    community, job = _job(request, code, pk)
    run_service(request, jobs.job_retry, job=job, actor=request.user)
    return redirect("voters:import_job", community.code, job.pk)


@login_required
@require_POST
def import_job_cancel(request, code, pk):
    community, job = _job(request, code, pk)
    if run_service(request, jobs.job_cancel, job=job, actor=request.user,
                   success=_("The import was cancelled: nothing was saved.")):
        importing.upload_discard(job.params["token"])
        return redirect("voters:import", community.code)
    return redirect("voters:import_job", community.code, job.pk)
