"""Background jobs with a lease (elections/jobs.py; issue 12, item 1): progress renews the lease, a job whose
worker died is found stale and marked failed, it can be run again or cancelled, leftover partial files go, and
each worker records its heartbeat."""
import datetime
import os
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker as db_worker_module
from django_tasks_db.models import DBTaskResult

from elections import jobs
from elections.models import AuditLog, Job, WorkerHeartbeat

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def kind():
    """A kind of job for the tests: it writes `n` lines to a partial file, reporting progress after each."""
    calls = []

    def run(job, progress):
        calls.append(job.pk)
        if job.params.get("fail"):
            raise ValueError("纸张不足")
        path = job.params.get("path")
        n = job.params.get("n", 3)
        if path:
            with jobs.partial_file(progress, path) as out:
                for i in range(n):
                    out.write(b"line\n")
                    progress(i + 1, n)
                    if job.params.get("hook"):
                        HOOKS[job.params["hook"]](job)
        else:
            progress(n, n)
        return {"lines": n}

    jobs.register("tests.lines", run=run)
    yield calls
    jobs.KINDS.pop("tests.lines")


HOOKS = {}


def create(community, clerk, captured, **params):
    with captured(execute=True):
        return jobs.job_create(kind="tests.lines", community=community, actor=clerk, params=params)


def running_job(community, *, seconds_ago, partial=""):
    """A job some worker claimed and last renewed `seconds_ago`."""
    return Job.objects.create(kind="tests.lines", community=community, status="running", lease="abc",
                              worker="host:1", attempts=1, done=40, total=100, partial_file=partial,
                              heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds_ago))


def test_a_job_runs_in_the_background_and_records_its_progress_and_result(community_a, clerk_a, kind,
                                                                         django_capture_on_commit_callbacks,
                                                                         tmp_path):
    target = tmp_path / "out.txt"
    job = create(community_a, clerk_a, django_capture_on_commit_callbacks, path=str(target), n=4)

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts, job.result) == ("done", 4, 4, 1, {"lines": 4})
    assert job.lease == "" and job.partial_file == "" and job.task_id
    assert target.read_bytes() == b"line\n" * 4
    assert list(tmp_path.glob("*.part")) == []


def test_a_job_that_raises_fails_with_its_message(community_a, clerk_a, kind, django_capture_on_commit_callbacks):
    job = create(community_a, clerk_a, django_capture_on_commit_callbacks, fail=True)

    job.refresh_from_db()
    assert (job.status, job.failure, job.problem) == ("failed", "error", "纸张不足")


def test_a_running_job_silent_for_longer_than_its_lease_is_marked_failed_and_its_partial_file_removed(
        community_a, kind, settings, tmp_path):
    settings.JOB_LEASE_SECONDS = 60
    partial = tmp_path / "ballots.pdf.abc.part"
    partial.write_bytes(b"%PDF half")
    dead = running_job(community_a, seconds_ago=61, partial=str(partial))
    alive = running_job(community_a, seconds_ago=59)

    assert jobs.jobs_reap_stale() == [dead]

    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.failure, dead.lease, dead.partial_file) == ("failed", "stale", "", "")
    assert alive.status == "running"
    assert not partial.exists()
    assert "后台程序在运行此任务时中断" in dead.problem and "40" in dead.problem
    audit = AuditLog.objects.get(action="elections.job.stale")
    assert (audit.object_id, audit.data["worker"], audit.data["done"]) == (str(dead.pk), "host:1", 40)


def test_a_stale_job_closes_its_task_row_too(community_a, kind, settings):
    settings.JOB_LEASE_SECONDS = 60
    task = DBTaskResult.objects.create(status="RUNNING", args_kwargs={"args": [], "kwargs": {}},
                                       task_path="elections.jobs.run_job", backend_name="default",
                                       run_after=timezone.now())
    dead = running_job(community_a, seconds_ago=600)
    Job.objects.filter(pk=dead.pk).update(task_id=str(task.id))

    jobs.jobs_reap_stale()

    task.refresh_from_db()
    assert task.status == "FAILED" and task.finished_at is not None


def test_a_failed_job_runs_again_with_the_same_parameters(community_a, clerk_a, kind, settings, tmp_path,
                                                          django_capture_on_commit_callbacks):
    target = tmp_path / "out.txt"
    dead = running_job(community_a, seconds_ago=600)
    Job.objects.filter(pk=dead.pk).update(params={"path": str(target), "n": 5})
    jobs.jobs_reap_stale()

    with django_capture_on_commit_callbacks(execute=True):
        jobs.job_retry(job=dead, actor=clerk_a)

    dead.refresh_from_db()
    assert (dead.status, dead.attempts, dead.done, dead.total, dead.failure) == ("done", 2, 5, 5, "")
    assert target.read_bytes() == b"line\n" * 5
    assert kind == [dead.pk]
    assert AuditLog.objects.filter(action="elections.job.retried", actor=clerk_a, object_id=str(dead.pk)).exists()


def test_only_a_failed_job_can_be_run_again(community_a, clerk_a, kind, django_capture_on_commit_callbacks):
    job = create(community_a, clerk_a, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        jobs.job_retry(job=job, actor=clerk_a)


def test_a_cancelled_job_stops_at_its_next_heartbeat_and_leaves_no_partial_file(
        community_a, clerk_a, kind, tmp_path, django_capture_on_commit_callbacks):
    target = tmp_path / "out.txt"

    def cancel_once(job):
        job.refresh_from_db()
        if job.status == "running" and job.done == 1:
            jobs.job_cancel(job=job, actor=clerk_a)

    HOOKS["cancel"] = cancel_once
    job = create(community_a, clerk_a, django_capture_on_commit_callbacks, path=str(target), n=50, hook="cancel")

    job.refresh_from_db()
    assert job.status == "cancelled"
    assert not target.exists() and list(tmp_path.glob("*.part")) == []
    assert AuditLog.objects.filter(action="elections.job.cancelled", actor=clerk_a).count() == 1
    with pytest.raises(ValidationError):
        jobs.job_retry(job=job, actor=clerk_a)


def test_a_finished_job_cannot_be_cancelled(community_a, clerk_a, kind, django_capture_on_commit_callbacks):
    job = create(community_a, clerk_a, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        jobs.job_cancel(job=job, actor=clerk_a)


def test_an_attempt_that_lost_its_lease_does_not_overwrite_the_outcome(community_a, kind):
    job = running_job(community_a, seconds_ago=0)
    progress = jobs.Progress(job, "another-attempt")
    with pytest.raises(jobs.JobLost):
        progress(50, 100)
    job.refresh_from_db()
    assert job.done == 40


def test_leftover_partial_files_that_no_running_job_writes_are_swept(community_a, kind, settings, tmp_path):
    settings.JOB_LEASE_SECONDS = 60
    old, writing, fresh = tmp_path / "a" / "x.pdf.1.part", tmp_path / "b.pdf.2.part", tmp_path / "c.pdf.3.part"
    old.parent.mkdir()
    for path in (old, writing, fresh):
        path.write_bytes(b"half")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    os.utime(writing, (long_ago, long_ago))
    running_job(community_a, seconds_ago=0, partial=str(writing))

    assert jobs.sweep_partial_files(tmp_path) == 1
    assert not old.exists() and writing.exists() and fresh.exists()


def test_a_worker_records_its_heartbeat_for_a_health_check(community_a, kind, settings):
    settings.WORKER_HEARTBEAT_SECONDS = 3600  # the thread stays quiet: the test beats by hand
    settings.JOB_LEASE_SECONDS = 60
    beat = jobs.WorkerBeat("worker-test")
    beat.start()
    try:
        record = WorkerHeartbeat.objects.get(worker_id="worker-test")
        assert record.pid == os.getpid() and record.stopped_at is None
        assert list(jobs.workers_alive()) == [record]
        WorkerHeartbeat.objects.filter(pk=record.pk).update(beat_at=timezone.now() - datetime.timedelta(hours=4))
        assert not jobs.workers_alive().exists()  # silent for more than three heartbeats: not alive
        dead = running_job(community_a, seconds_ago=600)
        beat.beat()
        assert jobs.workers_alive().exists()
        assert Job.objects.get(pk=dead.pk).status == "failed"  # each heartbeat also looks for stale jobs
    finally:
        beat.stop()
    assert WorkerHeartbeat.objects.get(worker_id="worker-test").stopped_at is not None
    assert not jobs.workers_alive().exists()


def test_the_worker_marks_stale_jobs_failed_when_it_starts_then_runs_the_queue(
        community_a, clerk_a, kind, settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch):
    """manage.py db_worker (the project's, wrapping django-tasks-db's) in batch mode, in this process."""
    # The test runs inside a transaction: the worker's recycling of old connections would end it.
    monkeypatch.setattr(db_worker_module, "close_old_connections", lambda: None)
    settings.TASKS = DB_BACKEND
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.JOB_LEASE_SECONDS = 60
    dead = running_job(community_a, seconds_ago=600)
    queued = create(community_a, clerk_a, django_capture_on_commit_callbacks, n=2)
    assert Job.objects.get(pk=queued.pk).status == "queued"  # waits for a worker

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w1", verbosity=0)

    assert Job.objects.get(pk=dead.pk).status == "failed"
    assert Job.objects.get(pk=queued.pk).status == "done"
    assert WorkerHeartbeat.objects.get(worker_id="w1").stopped_at is not None
