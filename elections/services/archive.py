"""The election archive (AFT-4) from the election page: one click asks for it, a background job (elections.jobs)
writes the ZIP into private storage (never served by the web server), and a permission-checked view hands it
out. Only those who may see full identity numbers may ask for or download it: the archive holds them complete
(VOT-7; voters.views.sees_full_ids — the community's own election committee)."""
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .. import archive, jobs
from ..audit import audit_log

JOB_KIND = "elections.archive"


def archive_request(*, election, actor):
    """Queue the archive of `election`; returns the Job."""
    with transaction.atomic():
        job = jobs.job_create(kind=JOB_KIND, election=election, actor=actor, total=4)
        audit_log(actor=actor, action="elections.archive.requested", obj=election, data={"job": job.pk})
    return job


def archive_path(job):
    """Where a finished archive lives: under PRIVATE_MEDIA_ROOT/archives/, named by the job's result."""
    return Path(settings.PRIVATE_MEDIA_ROOT) / job.result["file"]


def _run(job, progress):
    election = job.election
    name = f"archives/{election.community.code}/e{election.pk}-job{job.pk}.zip"
    path = Path(settings.PRIVATE_MEDIA_ROOT) / name
    with jobs.partial_file(progress, path) as out:
        archive.build_archive(election, out=out, on_progress=progress)
    return {"file": name, "bytes": path.stat().st_size, "download_name": archive.archive_filename(election)}


def _done(job):
    audit_log(actor=job.requested_by, action="elections.archive.exported", obj=job.election,
              data={"job": job.pk, "bytes": job.result.get("bytes")})


jobs.register(JOB_KIND, run=_run, on_done=_done)


def archive_downloaded(*, job, actor):
    """Who took a copy of the archive (it holds complete identity numbers): written to the audit log."""
    with transaction.atomic():
        audit_log(actor=actor, action="elections.archive.downloaded", obj=job.election,
                  data={"job": job.pk, "bytes": job.result.get("bytes")})
