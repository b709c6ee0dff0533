"""Big imports are checked and saved by a background job (issue 12, item 2): the upload request only keeps the
file and queues the job; the page shows its progress, then the preview; the confirmation is saved in the
background too, in one transaction."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from elections.models import AuditLog, Job
from voters import importing
from voters.models import Resident

from .helpers import id_number, row, xlsx_bytes


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    monkeypatch.setattr(importing, "BACKGROUND_ROWS", 2)  # every file of more than two rows is "big" here


def family():
    return [row("王建国", id_number(datetime.date(1962, 3, 1))),
            row("李秀英", id_number(datetime.date(1964, 7, 9), "F"), relation="配偶"),
            row("王小明", id_number(datetime.date(2012, 1, 5)), relation="子", phone=""),
            row("赵丽", id_number(datetime.date(1990, 10, 2), "F"), group="2", household="2-1-201")]


def upload(client, community, data):
    return client.post(reverse("voters:import", args=[community.code]),
                       {"file": SimpleUploadedFile("居民.xlsx", data)})


def test_a_big_file_is_checked_in_the_background_with_a_progress_bar(client_as, clerk_a, community_a,
                                                                    django_capture_on_commit_callbacks):
    client = client_as(clerk_a)
    with django_capture_on_commit_callbacks(execute=False):  # no worker yet
        response = upload(client, community_a, xlsx_bytes(family()))
    job = Job.objects.get(kind=importing.IMPORT_JOB)
    assert response.status_code == 302 and response.url == reverse("voters:import_job",
                                                                   args=[community_a.code, job.pk])
    assert (job.status, job.params["dry_run"], job.requested_by) == ("queued", True, clerk_a)

    page = client.get(response.url).content.decode()
    assert 'data-job-status-url="' in page and "js/jobs.js" in page and "<script>" not in page

    importing_jobs_run(job)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", job.total, job.total) and job.total > 0
    page = client.get(response.url)
    assert page.context["report"].new == 4 and page.context["token"] == job.params["token"]
    assert Resident.objects.count() == 0


def importing_jobs_run(job):
    from elections import jobs
    jobs.job_run(job.pk)


def test_the_confirmation_of_a_big_file_is_saved_in_the_background(client_as, clerk_a, community_a,
                                                                   django_capture_on_commit_callbacks):
    client = client_as(clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        check = upload(client, community_a, xlsx_bytes(family()))
    token = client.get(check.url).context["token"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("voters:import_confirm", args=[community_a.code]), {"token": token})
    save = Job.objects.filter(kind=importing.IMPORT_JOB).latest("id")
    assert response.url == reverse("voters:import_job", args=[community_a.code, save.pk])
    assert (save.status, save.params["dry_run"]) == ("done", False)
    assert Resident.objects.filter(community=community_a).count() == 4
    assert AuditLog.objects.filter(action="voters.residents.imported", actor=clerk_a).count() == 1

    done = client.get(response.url, follow=True)
    assert done.redirect_chain[-1][0] == reverse("voters:residents", args=[community_a.code])
    assert "已导入居民.xlsx：新增4人" in done.content.decode()
    assert importing.upload_load(token, user=clerk_a, community=community_a) is None  # the kept file is gone


def test_ticked_changes_of_name_reach_the_background_save(client_as, clerk_a, community_a,
                                                         django_capture_on_commit_callbacks):
    client = client_as(clerk_a)
    rows = family()
    importing.residents_import(community=community_a, data=xlsx_bytes(rows), filename="a.xlsx", actor=clerk_a)
    rows[1]["姓名"], rows[3]["姓名"] = "李秀云", "赵莉"
    with django_capture_on_commit_callbacks(execute=True):
        check = upload(client, community_a, xlsx_bytes(rows))
    preview = client.get(check.url).context
    assert [c.row for c in preview["report"].name_changes] == [3, 5]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("voters:import_confirm", args=[community_a.code]),
                    {"token": preview["token"], "confirm": [preview["report"].name_changes[0].key]})
    assert set(Resident.objects.values_list("name", flat=True)) == {"王建国", "李秀云", "王小明", "赵丽"}


def test_a_big_file_with_problems_gets_no_confirmation(client_as, clerk_a, community_a,
                                                       django_capture_on_commit_callbacks):
    rows = family()
    rows[2]["居民小组"] = "花园组"
    client = client_as(clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        check = upload(client, community_a, xlsx_bytes(rows))
    page = client.get(check.url)
    assert [(p.row, p.column) for p in page.context["report"].errors] == [(4, "居民小组")]
    assert page.context["token"] is None and "花园组" in page.content.decode()


def test_an_import_whose_worker_died_is_reported_and_runs_again(client_as, clerk_a, community_a,
                                                                django_capture_on_commit_callbacks):
    client = client_as(clerk_a)
    with django_capture_on_commit_callbacks(execute=False):
        check = upload(client, community_a, xlsx_bytes(family()))
    job = Job.objects.get(kind=importing.IMPORT_JOB)
    Job.objects.filter(pk=job.pk).update(status="running", lease="x", attempts=1,
                                         heartbeat_at=timezone.now() - datetime.timedelta(hours=1))

    page = client.get(check.url).content.decode()
    assert "后台程序在运行此任务时中断" in page and "重新运行" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("voters:import_job_retry", args=[community_a.code, job.pk]))
    assert client.get(check.url).context["report"].new == 4


def test_cancelling_a_big_import_saves_nothing_and_drops_the_file(client_as, clerk_a, community_a,
                                                                  django_capture_on_commit_callbacks):
    client = client_as(clerk_a)
    with django_capture_on_commit_callbacks(execute=False):
        upload(client, community_a, xlsx_bytes(family()))
    job = Job.objects.get(kind=importing.IMPORT_JOB)

    response = client.post(reverse("voters:import_job_cancel", args=[community_a.code, job.pk]), follow=True)

    assert "导入已取消" in response.content.decode()
    assert Job.objects.get(pk=job.pk).status == "cancelled"
    assert importing.upload_load(job.params["token"], user=clerk_a, community=community_a) is None
    importing_jobs_run(job)  # a worker picking the cancelled job up does nothing
    assert Resident.objects.count() == 0


def test_a_job_whose_file_is_gone_fails_with_a_chinese_message(community_a, clerk_a,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = importing.import_job_start(community=community_a, token="t" * 32, filename="居民.xlsx",
                                         actor=clerk_a, dry_run=True)
    job.refresh_from_db()
    assert (job.status, job.problem) == ("failed", "已上传的文件已失效：请重新上传。")


def test_a_small_file_is_still_checked_in_the_request(client_as, clerk_a, community_a, monkeypatch):
    monkeypatch.setattr(importing, "BACKGROUND_ROWS", 3000)
    response = upload(client_as(clerk_a), community_a, xlsx_bytes(family()))
    assert response.status_code == 200 and response.context["report"].new == 4
    assert not Job.objects.exists()
