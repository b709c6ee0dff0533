"""Ballot print runs as leased background jobs (issue 12, item 1): a run whose worker died is found stale, on
the page and by the next worker, marked failed with a clear message, its partial file removed; run again it
re-renders the same serial range; cancelled, its serials are released."""
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from elections.models import AuditLog, Job
from polling.models import BallotBatch
from polling.services.batches import ballot_batch_request, batch_path

from .conftest import page_texts

ROOT = Path(__file__).resolve().parents[2]


def first_and_last_serial(path):
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    texts = ["".join(reader.pages[i].extract_text().split()) for i in (0, -1)]
    return len(reader.pages), texts[0][-4:], texts[1][-4:]


def killed_part_way(batch, private_media, seconds_ago=600):
    """What a worker killed at 40 % leaves behind: the job running with an old heartbeat, a partial file."""
    partial = private_media / "ballots" / "x.pdf.deadbeef.part"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"%PDF-1.7 half")
    Job.objects.filter(pk=batch.job_id).update(
        status="running", lease="deadbeef", worker="host:4242", attempts=1, done=6, total=15,
        partial_file=str(partial), heartbeat_at=timezone.now() - timezone.timedelta(seconds=seconds_ago))
    return partial


def test_the_ballots_page_finds_a_dead_run_and_offers_to_run_it_again(nominated, clerk_a, client_as, private_media,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no worker picks it up
        batch = ballot_batch_request(election=nominated, voters=12, spare=3, actor=clerk_a)
    partial = killed_part_way(batch, private_media)
    client = client_as(clerk_a)

    page = client.get(reverse("polling:ballots", args=[nominated.pk])).content.decode()

    batch.job.refresh_from_db()
    assert (batch.job.status, batch.job.failure) == ("failed", "stale")
    assert "后台程序在运行此任务时中断" in page and "重新运行" in page
    assert not partial.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("polling:batch_retry", args=[nominated.pk, batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    batch.job.refresh_from_db()
    assert (batch.job.status, batch.job.attempts) == ("done", 2)
    assert [t[-4:] for t in page_texts(batch_path(batch).read_bytes())] == [f"{n:04d}" for n in range(1, 16)]
    assert BallotBatch.objects.filter(election=nominated).count() == 1
    assert list(private_media.rglob("*.part")) == []


def test_the_status_of_a_dead_run_says_so(nominated, clerk_a, client_as, private_media,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        batch = ballot_batch_request(election=nominated, voters=12, spare=3, actor=clerk_a)
    killed_part_way(batch, private_media)

    data = client_as(clerk_a).get(reverse("polling:batch_status", args=[nominated.pk, batch.pk])).json()

    assert (data["status"], data["percent"]) == ("failed", 40)
    assert "后台程序在运行此任务时中断" in data["error"]


def test_a_run_still_renewing_its_lease_is_left_alone(nominated, clerk_a, client_as, private_media,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        batch = ballot_batch_request(election=nominated, voters=12, spare=3, actor=clerk_a)
    killed_part_way(batch, private_media, seconds_ago=5)

    client_as(clerk_a).get(reverse("polling:ballots", args=[nominated.pk]))

    batch.job.refresh_from_db()
    assert batch.job.status == "running"


def test_cancelling_a_run_releases_its_serials(nominated, clerk_a, client_as, private_media,
                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        batch = ballot_batch_request(election=nominated, voters=12, spare=3, actor=clerk_a)
    partial = killed_part_way(batch, private_media)
    client = client_as(clerk_a)

    response = client.post(reverse("polling:batch_cancel", args=[nominated.pk, batch.pk]), follow=True)

    assert "已取消" in response.content.decode()
    assert not BallotBatch.objects.filter(pk=batch.pk).exists()
    assert Job.objects.get(pk=batch.job_id).status == "cancelled"
    assert not partial.exists()
    entry = AuditLog.objects.get(action="polling.ballots.cancelled")
    assert (entry.actor, entry.data["first"], entry.data["last"]) == (clerk_a, 1, 15)
    with django_capture_on_commit_callbacks(execute=False):
        again = ballot_batch_request(election=nominated, voters=12, spare=3, actor=clerk_a)
    assert (again.first_serial, again.last_serial) == (1, 15)


def test_a_finished_run_cannot_be_cancelled(nominated, clerk_a, client_as, private_media,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = ballot_batch_request(election=nominated, voters=1, spare=0, actor=clerk_a)
    client_as(clerk_a).post(reverse("polling:batch_cancel", args=[nominated.pk, batch.pk]))
    assert BallotBatch.objects.get(pk=batch.pk).job.status == "done"


# --- a real worker, really killed ---------------------------------------------------------------------------------

def _worker_env(private_media, lease):
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return {**os.environ, "DJANGO_DEV": "1", "TASKS_IMMEDIATE": "False", "MEDIA_ROOT": str(private_media.parent),
            "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "JOB_LEASE_SECONDS": str(lease), "WORKER_HEARTBEAT_SECONDS": "1"}


def _wait_for(predicate, what, logs, seconds=60):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            output = "\n".join(f"--- {log.name}:\n{log.read_text()[-3000:]}" for log in logs if log.exists())
            raise AssertionError(f"timed out waiting for {what}\n{output}")
        time.sleep(0.1)


def _start(command, env, log):
    with open(log, "wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process shares the database: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_run_leaves_a_run_found_stale_and_run_again_with_the_same_serials(
        nominated, clerk_a, client_as, private_media, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Long enough for the ballot layout (WeasyPrint, no progress reported yet) on a busy machine; short enough
    # for the test to wait out.
    settings.JOB_LEASE_SECONDS = 10
    env = _worker_env(private_media, lease=10)
    batch = ballot_batch_request(election=nominated, voters=12, spare=588, actor=clerk_a)  # 600 ballots
    job = Job.objects.get(pk=batch.job_id)
    assert job.status == "queued" and job.task_id
    workers, logs = [], [private_media.parent / "slow-worker.log", private_media.parent / "worker.log"]
    try:
        slow = _start([sys.executable, str(ROOT / "tests/polling/slow_db_worker.py")], env, logs[0])
        workers.append(slow)
        _wait_for(lambda: Job.objects.get(pk=job.pk).done >= 50, "the slow worker to get going", logs)
        slow.send_signal(signal.SIGKILL)  # kill -9: no chance to clean up
        slow.wait(timeout=10)

        job.refresh_from_db()
        assert job.status == "running" and 50 <= job.done < 600
        partial = Path(job.partial_file)
        assert partial.name.endswith(".part") and partial.exists()

        # A new worker, once the dead one's lease has run out, marks the run failed and removes its leftover.
        worker = _start([sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-startup-delay", "--no-reload",
                         "--interval", "0.2"], env, logs[1])
        workers.append(worker)
        _wait_for(lambda: Job.objects.get(pk=job.pk).status == "failed", "the new worker to find the stale run",
                  logs)
        job.refresh_from_db()
        assert job.failure == "stale" and not partial.exists()

        # The committee runs it again: the same 600 serials, rendered to the end by the live worker.
        response = client_as(clerk_a).post(reverse("polling:batch_retry", args=[nominated.pk, batch.pk]))
        assert response.status_code == 302
        _wait_for(lambda: Job.objects.get(pk=job.pk).status == "done", "the run to finish", logs, seconds=120)
    finally:
        for process in workers:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)

    batch.refresh_from_db()
    job.refresh_from_db()
    assert (batch.first_serial, batch.last_serial, job.attempts, job.done) == (1, 600, 2, 600)
    assert first_and_last_serial(batch_path(batch)) == (600, "0001", "0600")
    assert BallotBatch.objects.filter(election=nominated).count() == 1
    assert list(private_media.rglob("*.part")) == []
