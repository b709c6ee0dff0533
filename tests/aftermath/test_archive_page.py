"""The archive on the election page (AFT-4): a one-click button for those who may see full identity numbers
(the community's clerks, VOT-7), a background job, a page with its progress and an audited download. Every URL ×
every persona (tests/permissions.py): 404 outside the scope, 403 for read-only roles and for the street office
(no full identity numbers), and every POST refused on an election restored from its archive."""
import io
import zipfile

import pytest
from django.urls import reverse

from elections.models import AuditLog, Election, Job
from elections.services.archive import archive_request
from tests.permissions import LOGIN, check_permission_row

pytestmark = pytest.mark.django_db

FULL_IDS = {"clerk_a": "ok", "clerk_b": 404, "supervisor_a": 403, "district_admin": 403, "observer_a": 403,
            "anonymous": LOGIN}


@pytest.fixture
def made(certified_a, clerk_a, django_capture_on_commit_callbacks):
    """An archive of election A made through the page's service; the job runs in-process (tests)."""
    with django_capture_on_commit_callbacks(execute=True):
        job = archive_request(election=certified_a.election, actor=clerk_a)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return certified_a.election, job


@pytest.mark.parametrize("method, name", [
    ("GET", "election_archive"), ("POST", "election_archive_request"), ("GET", "election_archive_status"),
    ("GET", "election_archive_download")])
def test_aft_4_archive_pages_for_every_persona(made, client_as, personas, method, name):
    election, job = made
    args = [election.pk] if name in ("election_archive", "election_archive_request") else [election.pk, job.pk]
    check_permission_row(client_as, personas, method, reverse(name, args=args), FULL_IDS)


def test_aft_4_one_click_on_the_election_page_makes_the_archive_and_downloads_it(
        certified_a, client_as, clerk_a, supervisor_a, django_capture_on_commit_callbacks):
    election = certified_a.election
    page = client_as(supervisor_a).get(reverse("election_detail", args=[election.pk])).content.decode()
    assert 'id="archive-button"' not in page  # the street office sees no full identity numbers (VOT-7)
    client = client_as(clerk_a)
    page = client.get(reverse("election_detail", args=[election.pk])).content.decode()
    assert 'id="archive-button"' in page and reverse("election_archive_request", args=[election.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("election_archive_request", args=[election.pk]))
    assert response.status_code == 302 and response.url == reverse("election_archive", args=[election.pk])
    job = Job.objects.get(election=election, kind="elections.archive")
    page = client.get(response.url).content.decode()
    download = reverse("election_archive_download", args=[election.pk, job.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    blob = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert "manifest.json" in z.namelist() and "data/election.json" in z.namelist()
    actions = set(AuditLog.objects.filter(election=election).values_list("action", flat=True))
    assert {"elections.archive.requested", "elections.archive.exported", "elections.archive.downloaded"} <= actions
    assert client.get(reverse("election_archive_status", args=[election.pk, job.pk])).json()["status"] == "done"


def test_aft_4_a_restored_election_refuses_every_post(certified_a, client_as, clerk_a):
    election = certified_a.election
    Election.objects.filter(pk=election.pk).update(restored_from={"sha256": "0" * 64, "source": {}})
    client = client_as(clerk_a)
    for name in ("election_transition", "election_edit", "election_archive_request", "aftermath:handover_start",
                 "counting:certify", "polling:ballots", "voters:registrations_build"):
        response = client.post(reverse(name, args=[election.pk]), {})
        assert response.status_code == 403, name
    page = client.get(reverse("election_detail", args=[election.pk])).content.decode()
    assert 'id="restored-notice"' in page and 'id="archive-button"' not in page
