"""A big residents import in the browser (issue 12, item 2): the upload queues a background check, the page shows
its progress bar (static/js/jobs.js, no inline script) and turns into the preview when the worker is done; the
confirmation is saved in the background the same way."""
import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from elections import jobs
from elections.models import Job
from tests.voters.helpers import id_number, row, xlsx_bytes
from voters import importing
from voters.models import Resident


@pytest.fixture
def queued_jobs(settings, monkeypatch):
    """Jobs wait in the database, as for a worker, instead of running inside the request; every file of more
    than two rows is big."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(importing, "BACKGROUND_ROWS", 2)


def run_the_worker():
    for job in Job.objects.filter(status="queued"):
        jobs.job_run(job.pk)


def test_a_big_import_shows_its_progress_then_the_preview_then_saves(page, live_server, login, screens, clerk_a,
                                                                      community_a, queued_jobs, tmp_path):
    rows = [row("王建国", id_number(datetime.date(1962, 3, 1))),
            row("李秀英", id_number(datetime.date(1964, 7, 9), "F"), relation="配偶"),
            row("赵丽", id_number(datetime.date(1990, 10, 2), "F"), group="2", household="2-1-201")]
    importing.residents_import(community=community_a, data=xlsx_bytes(rows), filename="a.xlsx", actor=clerk_a)
    rows[1]["姓名"] = "李秀云"  # the same identity number under another name: asked row by row
    rows.append(row("孙浩", id_number(datetime.date(1985, 4, 4)), household="4-1-101"))
    path = tmp_path / "居民.xlsx"
    path.write_bytes(xlsx_bytes(rows))

    login(clerk_a)
    page.goto(live_server.url + reverse("voters:import", args=[community_a.code]))
    page.set_input_files("input[type=file]", str(path))
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator(".job-label")).to_contain_text("等待后台任务处理")
    screens("import-job-waiting")

    run_the_worker()
    expect(page.locator("#name-changes")).to_be_visible(timeout=10_000)  # the page reloaded into the preview
    expect(page.locator("#name-changes")).to_contain_text("李秀英")
    screens("import-preview-name-changes")
    page.locator("#name-changes input[name=confirm]").check()
    page.locator("form[action$='confirm/'] button[type=submit]").click()
    expect(page.locator(".job-label")).to_be_visible()

    run_the_worker()
    expect(page.get_by_text("已导入居民.xlsx")).to_be_visible(timeout=10_000)
    assert set(Resident.objects.values_list("name", flat=True)) == {"王建国", "李秀云", "赵丽", "孙浩"}
