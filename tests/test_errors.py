"""What people and operators see when something goes wrong, with production settings (DEBUG=False): Chinese
403, 404, 500 and CSRF pages, and each server error as one JSON line on stderr."""
import io
import json
import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.views import defaults

from config.log_format import JsonLineFormatter

BROKEN = "/tests/database-gone/"


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.error_pages_urls"


@pytest.fixture
def log_lines():
    """The JSON lines the configured stderr handler writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonLineFormatter))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)


def test_the_404_page_is_chinese_and_does_not_say_whether_the_thing_exists(client_as, clerk_a):
    response = client_as(clerk_a).get("/no-such-page/")

    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "404.html"
    assert "页面不存在" in response.content.decode() and "不在您负责的社区范围内" in response.content.decode()


def test_the_403_page_is_chinese(client_as, supervisor_a, election_a):
    response = client_as(supervisor_a).get(reverse("election_edit", args=[election_a.pk]))

    assert response.status_code == 403
    assert "无权操作" in response.content.decode()


def test_the_500_page_says_the_database_connection_may_have_dropped_and_to_retry(client, django_db_blocker):
    client.raise_request_exception = False
    with django_db_blocker.block():  # the page must come out with no database at all
        response = client.get(BROKEN)

    assert response.status_code == 500
    text = response.content.decode()
    assert "服务器出错" in text and "与数据库的连接暂时中断" in text and "请稍候片刻再试" in text


def test_the_500_page_needs_no_request_context_nor_database(rf, settings, django_db_blocker):
    # Context processors would fail too without the database: the page is rendered without them.
    options = settings.TEMPLATES[0]["OPTIONS"]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {
        **options, "context_processors": [*options["context_processors"], "tests.test_errors.broken"]}}]
    with django_db_blocker.block():
        response = defaults.server_error(rf.get("/"))

    assert response.status_code == 500 and "服务器出错" in response.content.decode()


def broken(request):
    raise RuntimeError("a context processor that needs the database")


def test_a_form_refused_by_csrf_protection_gets_a_chinese_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "wang", "password": "pw"})

    assert response.status_code == 403
    text = response.content.decode()
    assert "表单已失效" in text and "没有保存" in text
    assert "Cookie" in text  # no CSRF cookie was sent: say how to fix it


def test_a_server_error_is_one_json_line_with_its_traceback(client, log_lines, db):
    client.raise_request_exception = False

    client.get(BROKEN)

    lines = log_lines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    error = next(e for e in entries if e["logger"] == "django.request")
    assert (error["level"], error["status"], error["method"], error["path"]) == ("ERROR", 500, "GET", BROKEN)
    assert "OperationalError: server closed the connection unexpectedly" in error["exc"]
    assert error["time"].endswith("+08:00")


def test_a_page_not_found_is_not_logged(client, log_lines, db):
    client.get("/no-such-page/")

    assert [line for line in log_lines() if '"django.request"' in line] == []


def test_the_apps_own_warnings_are_logged_and_their_info_is_not(log_lines):
    logging.getLogger("voters.importing").info("read 20,000 rows")
    logging.getLogger("polling.services.batches").warning("batch %s: worker gone", 7)

    assert [json.loads(line)["message"] for line in log_lines()] == ["batch 7: worker gone"]
