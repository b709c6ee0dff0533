"""GET /healthz (config/health.py; issue 13, item 1): the database and a worker's recent heartbeat, as JSON, 200 or
503, without a login and without the HTTPS redirect."""
import datetime
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from elections.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def beat(seconds_ago, name="host:1", stopped=False):
    at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(worker_id=name, hostname="host", pid=1, started_at=at, beat_at=at,
                                          stopped_at=at if stopped else None)


@pytest.fixture
def with_worker_queue(settings):
    settings.TASKS_IMMEDIATE = False
    settings.WORKER_HEARTBEAT_SECONDS = 15


def test_healthy_with_a_worker_that_beat_recently(client, with_worker_queue):
    beat(5)
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["workers"] == 1
    assert body["last_heartbeat"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("seconds_ago, stopped", [(46, False), (5, True)])
def test_failing_when_the_last_heartbeat_is_older_than_three_beats_or_the_worker_stopped(
        client, with_worker_queue, seconds_ago, stopped):
    beat(seconds_ago, stopped=stopped)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "workers": 0, "last_heartbeat": None}


def test_failing_when_no_worker_ever_ran(client, with_worker_queue):
    assert client.get("/healthz").status_code == 503


def test_failing_when_the_database_does_not_answer(client, with_worker_queue):
    beat(1)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "error"}


def test_no_worker_is_expected_when_jobs_run_in_the_request(client, settings):
    settings.TASKS_IMMEDIATE = True
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["workers"] == "not used"


def test_answers_in_plain_http_when_https_is_required_elsewhere(client, with_worker_queue, settings):
    settings.SECURE_SSL_REDIRECT = True
    beat(1)
    assert client.get("/healthz").status_code == 200
    assert client.get("/login/").status_code == 301


def test_only_get(client, with_worker_queue):
    assert client.post("/healthz").status_code == 405
