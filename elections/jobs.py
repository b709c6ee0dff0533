"""Background jobs with a lease, so that a dead worker's job is found, reported and can be run again (DESIGN
"long jobs"; issue 12, item 1). Every background job of the project goes through here.

- `job_create(kind=…)` records a queued Job and, once the transaction commits, queues the django-tasks task
  `run_job` for it (`python manage.py db_worker` runs it; the tests run it in-process).
- `job_run` claims the job (queued → running) with a fresh lease token and calls the runner registered for its
  kind with a `Progress`. Each call of the Progress records done/total and renews the lease (heartbeat_at). When
  the lease is no longer this attempt's (the job was cancelled, or found stale and perhaps retried), Progress
  raises JobLost and the attempt stops without touching the job's outcome.
- A running job whose heartbeat is older than `JOB_LEASE_SECONDS` is stale: its worker died (kill -9, out of
  memory, power cut). `jobs_reap_stale` marks it failed with a clear message, removes its partial file and closes
  its task row. The worker calls it when it starts and on each of its own heartbeats; the pages showing a job call
  it for that job, so a dead job is reported even when no worker runs at all.
- `job_retry` runs a failed job again with the same parameters (a ballot run re-renders the same serial range);
  `job_cancel` stops a job, and the kind's `on_cancel` undoes what it reserved.
- Each worker process records its own sign of life in WorkerHeartbeat (`workers_alive()`), for the pages and a
  health check.

Times here are real wall-clock times (`timezone.now()`), not the application's clock (elections.clock): a lease
measures seconds between processes, and must not jump when a demo moves the calendar with CLOCK_TODAY.
"""
import contextlib
import datetime
import logging
import os
import secrets
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .audit import audit_log
from .models import Job, WorkerHeartbeat

logger = logging.getLogger(__name__)
Status = Job.Status


def lease_seconds():
    return getattr(settings, "JOB_LEASE_SECONDS", 120)


def heartbeat_seconds():
    return getattr(settings, "WORKER_HEARTBEAT_SECONDS", 15)


def _now():
    return timezone.now()  # wall-clock on purpose: see the module's docstring


# --- kinds of job ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    run: object  # run(job, progress) -> dict stored as job.result; raises to fail the job
    on_done: object = None  # on_done(job), in the transaction that marks the job done (e.g. its audit entry)
    on_cancel: object = None  # on_cancel(job, actor), in the transaction that cancels it (release reservations)


KINDS = {}


def register(kind, *, run, on_done=None, on_cancel=None):
    """Name a kind of job and the function that does it (apps register theirs when they load)."""
    KINDS[kind] = Kind(run, on_done, on_cancel)


# --- creating, running ------------------------------------------------------------------------------------------

def job_create(*, kind, actor, election=None, community=None, total=0, params=None):
    """A queued job, queued for a worker once the caller's transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of job: {kind}")
    job = Job.objects.create(kind=kind, election=election, community=community or (election and election.community),
                             total=total, params=params or {},
                             requested_by=actor if actor is not None and actor.is_authenticated else None)
    transaction.on_commit(lambda: job_enqueue(job))
    return job


def job_enqueue(job):
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


@task()
def run_job(job_id):
    """The one django-tasks task: run a Job by its kind."""
    job_run(job_id)


class JobLost(Exception):
    """This attempt no longer holds the job's lease: it was cancelled, or found stale (and maybe retried)."""


class Progress:
    """Passed to a runner: progress(done, total) records progress and renews the lease; call it often (at least
    every few seconds of work, never less often than JOB_LEASE_SECONDS)."""

    MIN_INTERVAL = 0.5  # seconds between writes; the last step is always written

    def __init__(self, job, lease):
        self.job_id, self.lease = job.pk, lease
        self._last = 0.0

    def __call__(self, done, total=None):
        if done != total and time.monotonic() - self._last < self.MIN_INTERVAL:
            return
        fields = {"done": done, "heartbeat_at": _now()}
        if total is not None:
            fields["total"] = total
        self._renew(**fields)

    def check(self):
        """Renew the lease now, or raise JobLost."""
        self._renew(heartbeat_at=_now())

    def _renew(self, **fields):
        if not Job.objects.filter(pk=self.job_id, status=Status.RUNNING, lease=self.lease).update(**fields):
            raise JobLost(self.job_id)
        self._last = time.monotonic()


def job_run(job_id):
    """Run a queued job once (the worker's side). A job not queued any more (cancelled, or run by another
    worker) is left alone."""
    lease, now = secrets.token_hex(16), _now()
    claimed = Job.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, lease=lease, worker=worker_id(), heartbeat_at=now, started_at=now, finished_at=None,
        attempts=F("attempts") + 1, done=0, failure="", error="")
    if not claimed:
        return
    job = Job.objects.select_related("election__community", "community", "requested_by").get(pk=job_id)
    kind = KINDS[job.kind]
    try:
        result = kind.run(job, Progress(job, lease))
    except JobLost:
        logger.warning("Job %s was cancelled or found stale while running: this attempt stopped.", job)
        return
    except Exception as exc:  # recorded for the page; the traceback goes to the worker's log
        logger.exception("Background job %s failed", job)
        _settle(job, lease, status=Status.FAILED, failure=Job.Failure.ERROR,
                error=(str(exc) or type(exc).__name__)[:2000])
        return
    _settle(job, lease, status=Status.DONE, result=result or {}, on_done=kind.on_done)


def _settle(job, lease, *, status, on_done=None, **fields):
    with transaction.atomic():
        settled = Job.objects.filter(pk=job.pk, status=Status.RUNNING, lease=lease).update(
            status=status, lease="", finished_at=_now(), partial_file="", **fields)
        if settled and on_done:
            job.refresh_from_db()
            on_done(job)


@contextlib.contextmanager
def partial_file(progress, path):
    """Open a partial file for `path`, recorded on the job so that a dead worker's leftover is removed; it is
    renamed to `path` only when complete and only while this attempt still holds the job."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{progress.lease[:8]}.part")
    Job.objects.filter(pk=progress.job_id, lease=progress.lease).update(partial_file=str(partial))
    try:
        with open(partial, "wb") as out:
            yield out
        progress.check()
        os.replace(partial, path)  # the finished file appears whole, never half-written
    finally:
        partial.unlink(missing_ok=True)


def _remove_partial(name):
    if name and name.endswith(".part"):
        Path(name).unlink(missing_ok=True)


# --- stale jobs, retry, cancel ----------------------------------------------------------------------------------

def jobs_reap_stale(queryset=None):
    """Mark failed every running job (of `queryset`, else all) whose lease has run out; returns them."""
    now = _now()
    cutoff = now - datetime.timedelta(seconds=lease_seconds())
    stale = (Job.objects.all() if queryset is None else queryset).filter(status=Status.RUNNING,
                                                                         heartbeat_at__lt=cutoff)
    reaped = []
    for job in stale.select_related("election", "community"):
        with transaction.atomic():
            if not Job.objects.filter(pk=job.pk, status=Status.RUNNING, lease=job.lease).update(
                    status=Status.FAILED, failure=Job.Failure.STALE, error="", lease="", finished_at=now,
                    partial_file=""):
                continue  # it renewed its lease or finished meanwhile
            audit_log(actor=None, action="elections.job.stale", obj=job, election=job.election,
                      community=job.community,
                      data={"kind": job.kind, "worker": job.worker, "heartbeat_at": job.heartbeat_at,
                            "done": job.done, "total": job.total, "attempt": job.attempts})
            _close_task_row(job.task_id, now)
        _remove_partial(job.partial_file)
        logger.warning("Job %s was stale (worker %s, last heartbeat %s): marked failed.", job, job.worker,
                       job.heartbeat_at)
        reaped.append(job)
    return reaped


def _close_task_row(task_id, now):
    """The django-tasks row of a dead worker's task stays RUNNING for ever: close it as failed too."""
    try:
        task_uuid = uuid.UUID(task_id)
    except ValueError:
        return
    DBTaskResult.objects.filter(id=task_uuid, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=now, exception_class_path="elections.jobs.WorkerLost",
        traceback="The worker stopped while running this task (its job's lease ran out).")


def job_retry(*, job, actor):
    """Run a failed job again, from the start, with the same parameters."""
    with transaction.atomic():
        job = Job.objects.select_for_update(of=("self",)).select_related("election", "community").get(pk=job.pk)
        if job.status != Status.FAILED:
            raise ValidationError(_("Only a failed job can be run again."))
        Job.objects.filter(pk=job.pk).update(status=Status.QUEUED, failure="", error="", done=0, finished_at=None,
                                             heartbeat_at=None)
        job.refresh_from_db()
        audit_log(actor=actor, action="elections.job.retried", obj=job, election=job.election,
                  community=job.community, data={"kind": job.kind, "attempt": job.attempts + 1})
        transaction.on_commit(lambda: job_enqueue(job))
    return job


def job_cancel(*, job, actor):
    """Stop a job that is waiting, running or failed; a running attempt stops at its next heartbeat."""
    with transaction.atomic():
        job = Job.objects.select_for_update(of=("self",)).select_related("election", "community").get(pk=job.pk)
        if job.status not in (Status.QUEUED, Status.RUNNING, Status.FAILED):
            raise ValidationError(_("This job has finished: there is nothing to cancel."))
        before, partial = job.status, job.partial_file
        Job.objects.filter(pk=job.pk).update(status=Status.CANCELLED, lease="", finished_at=_now(),
                                             partial_file="")
        job.refresh_from_db()
        kind = KINDS.get(job.kind)
        if kind and kind.on_cancel:
            kind.on_cancel(job, actor)
        audit_log(actor=actor, action="elections.job.cancelled", obj=job, election=job.election,
                  community=job.community, before={"status": before}, after={"status": job.status},
                  data={"kind": job.kind})
    _remove_partial(partial)
    return job


def job_status_data(job):
    """The job as the progress bars' script reads it (static/js/jobs.js)."""
    return {"id": job.pk, "status": job.status, "status_label": str(job.get_status_display()),
            "done": job.done, "total": job.total, "percent": job.progress_percent,
            "error": job.problem if job.status == Status.FAILED else ""}


# --- workers ------------------------------------------------------------------------------------------------------

_worker_id = None


def worker_id():
    """This process's worker name (db_worker's --worker-id when run by it)."""
    return _worker_id or f"{socket.gethostname()}:{os.getpid()}"


def set_worker_id(name):
    global _worker_id
    _worker_id = name


def workers_alive():
    """Workers that have said they are alive within three heartbeats."""
    cutoff = _now() - datetime.timedelta(seconds=3 * heartbeat_seconds())
    return WorkerHeartbeat.objects.filter(beat_at__gte=cutoff, stopped_at__isnull=True)


def sweep_partial_files(root=None):
    """Remove partial files no running job is writing (left by a worker killed before this mechanism knew
    them, or by a crash between two steps); returns how many."""
    root = Path(root or settings.PRIVATE_MEDIA_ROOT)
    if not root.is_dir():
        return 0
    writing = set(Job.objects.filter(status=Status.RUNNING).values_list("partial_file", flat=True))
    cutoff = time.time() - lease_seconds()
    removed = 0
    for path in root.rglob("*.part"):
        with contextlib.suppress(OSError):
            if str(path) not in writing and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


class WorkerBeat:
    """A worker process's heartbeat: a thread that records it every WORKER_HEARTBEAT_SECONDS and, each time,
    marks failed the jobs that other (dead) workers left running."""

    def __init__(self, name):
        self.name = name
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="job-heartbeat", daemon=True)

    def start(self):
        now = _now()
        WorkerHeartbeat.objects.update_or_create(worker_id=self.name, defaults={
            "hostname": socket.gethostname(), "pid": os.getpid(), "started_at": now, "beat_at": now,
            "stopped_at": None})
        # Old records of workers long gone: a day is plenty for anyone reading them.
        WorkerHeartbeat.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()
        self._thread.start()

    def beat(self):
        WorkerHeartbeat.objects.filter(worker_id=self.name).update(beat_at=_now())
        jobs_reap_stale()

    def _loop(self):
        while not self._stop.wait(heartbeat_seconds()):
            try:
                self.beat()
            except Exception:  # a dropped connection must not kill the heartbeat: try again next time
                logger.exception("Worker heartbeat failed")
            finally:
                connection.close()  # this thread's own connection

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
        WorkerHeartbeat.objects.filter(worker_id=self.name).update(stopped_at=_now())
