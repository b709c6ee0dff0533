"""Scale-out (issue 13, item 4): two app servers (gunicorn with config/gunicorn.conf.py) and two workers
(`manage.py db_worker`), each with its own local disk, on one PostgreSQL, sharing files through an S3 server
(moto's, started here). Ballots requested through server A are rendered by whichever worker is free, into the
bucket, and download through server B with the session server A gave. Runs in CI (.ci/run: PostgreSQL)."""
import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from elections.models import Job
from polling.models import BallotBatch

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "rcem-files"
PORTS = {"s3": 8108, "a": 8106, "b": 8107}

pytestmark = [
    pytest.mark.scale_out,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="processes sharing one database: PostgreSQL (CI sets DATABASE_URL)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _wait_for(predicate, what, logs, seconds=45):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if predicate():
                return
        except (requests.ConnectionError, OSError):
            pass
        if time.monotonic() > deadline:
            output = "\n".join(f"--- {log.name}:\n{log.read_text()[-3000:]}" for log in logs if log.exists())
            raise AssertionError(f"timed out waiting for {what}\n{output}")
        time.sleep(0.1)


@pytest.fixture
def cluster(tmp_path):
    """moto's S3 server, two app servers and two workers; yields their URLs, logs and the S3 client."""
    if not all(_free(p) for p in PORTS.values()):
        pytest.skip(f"ports {sorted(PORTS.values())} are taken")
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    s3_url = f"http://127.0.0.1:{PORTS['s3']}"
    base = {**os.environ, "DJANGO_DEV": "1", "SECRET_KEY": django_settings.SECRET_KEY, "TASKS_IMMEDIATE": "False",
            "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "FILE_STORAGE": "s3", "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": s3_url, "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing", "WORKER_HEARTBEAT_SECONDS": "1",
            "AWS_EC2_METADATA_DISABLED": "true"}
    processes, logs = [], []

    def start(name, command, **env):
        log = tmp_path / f"{name}.log"
        logs.append(log)
        media = tmp_path / f"disk-{name}"  # each process its own disk, as on its own machine
        with open(log, "wb") as out:
            processes.append(subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                              env={**base, "MEDIA_ROOT": str(media), **env}))
        return media

    try:
        start("s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(PORTS["s3"])])
        s3 = boto3.client("s3", endpoint_url=s3_url, region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing")
        _wait_for(lambda: requests.get(s3_url, timeout=2).status_code == 200, "the S3 server", logs)
        s3.create_bucket(Bucket=BUCKET)
        disks = {}
        for name in ("a", "b"):
            disks[name] = start(name, [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
                                GUNICORN_BIND=f"127.0.0.1:{PORTS[name]}", WEB_CONCURRENCY="1", GUNICORN_THREADS="2")
        for name in ("w1", "w2"):
            disks[name] = start(name, [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                                       "--interval", "0.2", "--worker-id", name])
        for name in ("a", "b"):
            url = f"http://127.0.0.1:{PORTS[name]}/healthz"
            _wait_for(lambda u=url: requests.get(u, timeout=5).json().get("workers") == 2,
                      f"server {name} to see both workers", logs)
        yield {"a": f"http://127.0.0.1:{PORTS['a']}", "b": f"http://127.0.0.1:{PORTS['b']}", "s3": s3,
               "logs": logs, "disks": disks}
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def test_ballots_requested_through_one_server_are_rendered_by_either_worker_and_download_through_the_other(
        cluster, nominated, clerk_a, client):
    client.force_login(clerk_a)  # a session in the database: every server reads it
    browser = requests.Session()
    browser.cookies.set("sessionid", client.cookies["sessionid"].value)
    page_url = reverse("polling:ballots", args=[nominated.pk])

    batches = []
    for voters in (12, 9):  # two runs at once: each free worker takes one
        page = browser.get(cluster["a"] + page_url, timeout=30)
        assert page.status_code == 200, page.text[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        posted = browser.post(cluster["a"] + page_url, data={"csrfmiddlewaretoken": token, "voters": voters,
                                                            "spare": 3}, allow_redirects=False, timeout=30)
        assert posted.status_code == 302, posted.text[:1000]
    batches = list(BallotBatch.objects.filter(election=nominated).order_by("first_serial"))
    assert [(b.first_serial, b.last_serial) for b in batches] == [(1, 15), (16, 27)]

    _wait_for(lambda: all(Job.objects.get(pk=b.job_id).status == "done" for b in batches),
              "both runs to be printed", cluster["logs"], seconds=60)
    workers = {Job.objects.get(pk=b.job_id).worker for b in batches}
    assert workers <= {"w1", "w2"} and len(workers) == 2  # each worker rendered one (the other was busy)

    for batch in batches:
        batch.refresh_from_db()
        # in the bucket, under the private prefix; on no machine's own disk
        stored = cluster["s3"].get_object(Bucket=BUCKET, Key=f"private/{batch.file_name}")["Body"].read()
        assert not any((disk / "private" / batch.file_name).exists() for disk in cluster["disks"].values())
        download = browser.get(cluster["b"] + reverse("polling:batch_download", args=[nominated.pk, batch.pk]),
                               timeout=30)
        assert download.status_code == 200 and download.headers["Content-Type"] == "application/pdf"
        assert download.content == stored and download.content.startswith(b"%PDF")
        pages = PdfReader(io.BytesIO(download.content)).pages
        assert len(pages) == batch.last_serial - batch.first_serial + 1
        assert "".join(pages[-1].extract_text().split()).endswith(f"{batch.last_serial:04d}")

    # Both servers answer the health check with both workers alive
    assert requests.get(cluster["b"] + "/healthz", timeout=5).json()["workers"] == 2
