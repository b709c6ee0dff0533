"""The election-day pages as a clerk uses them: find and issue, proxies, plan, print runs, live figures."""
import datetime
from urllib.parse import unquote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from polling import testing
from polling.models import BallotBatch, BallotIssue, PollingStation, Proxy, StationStaff
from polling.selectors import search_voters
from polling.services.rounds import current_round

from .conftest import CANDIDATES


@pytest.fixture
def day(direct_election, voters, settings, tmp_path):
    """Election A in the voting state with election day a month ahead (proxy deadlines still open)."""
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    day = timezone.localdate() + datetime.timedelta(days=30)
    return testing.set_state(direct_election, election_date=day)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_search_finds_voters_by_name_by_the_last_four_digits_and_by_group(day, voters):
    target = voters[7].resident

    assert search_voters(day, query=target.name) == [voters[7]]
    assert voters[7] in search_voters(day, query=target.id_number[-4:])
    # Only the last 4 count (VOT-7: the clerk sees no more of the number).
    assert voters[7] in search_voters(day, query="0000" + target.id_number[-4:])
    same_group = {r for r in voters if r.resident.group_id == target.group_id}
    assert set(search_voters(day, group=target.group_id)) == same_group
    assert search_voters(day) == []


def test_the_clerk_finds_a_voter_and_issues_the_ballot(day, voters, client_as, clerk_a, settings):
    settings.CLOCK_TODAY = day.election_date  # CAL-5: ballots are issued on election day
    station = testing.staffed_station(day)
    client = client_as(clerk_a)
    url = reverse("polling:issue", args=[day.pk, station.pk])
    name = voters[3].resident.name

    page = client.get(url, {"q": name})
    assert page.status_code == 200 and page.context["voters"] == [voters[3]]
    response = client.post(url, {"registration": voters[3].pk, "next": f"{url}?q={name}"})

    assert response.status_code == 302 and unquote(response.url) == f"{url}?q={name}"
    assert BallotIssue.objects.filter(registration=voters[3], station=station).count() == 1
    again = client.post(url, {"registration": voters[3].pk}, follow=True)
    assert BallotIssue.objects.filter(registration=voters[3]).count() == 1
    assert any("VOTE-2" in m for m in messages_of(again))
    assert client.get(url, {"q": name}).context["voters"][0].issue is not None


def test_the_proxy_holder_row_offers_each_principals_ballot(day, voters, client_as, clerk_a, settings):
    today = timezone.localdate()
    settings.CLOCK_TODAY = day.election_date  # CAL-5: ballots are issued on election day
    proxy = Proxy.objects.create(election=day, principal=voters[1], holder=voters[0], reason="age", number=1,
                                 authorisation_signed_on=today, authorisation_note="委托书", applied_on=today,
                                 status="approved", decided_on=today)
    station = testing.staffed_station(day)
    client = client_as(clerk_a)
    url = reverse("polling:issue", args=[day.pk, station.pk])

    row = client.get(url, {"q": voters[0].resident.name}).context["voters"][0]
    assert row.held == [proxy]
    principal_row = client.get(url, {"q": voters[1].resident.name}).context["voters"][0]
    assert principal_row.given == proxy
    client.post(url, {"registration": voters[1].pk, "proxy": proxy.pk})
    assert BallotIssue.objects.get(registration=voters[1]).proxy == proxy
    holder_page = client.get(reverse("polling:holder", args=[day.pk, voters[0].pk]))
    assert holder_page.context["held"][0].issue is not None


def test_a_proxy_is_applied_for_and_approved_through_the_pages(day, voters, client_as, clerk_a):
    client = client_as(clerk_a)
    response = client.post(reverse("polling:proxies", args=[day.pk]), {
        "principal": voters[1].pk, "holder": voters[0].pk, "reason": "disability",
        "authorisation_signed_on": timezone.localdate().isoformat(), "authorisation_note": "委托书第1号"})
    proxy = Proxy.objects.get(principal=voters[1])
    assert response.status_code == 302
    assert response.url == reverse("polling:proxy_detail", args=[day.pk, proxy.pk])

    client.post(reverse("polling:proxy_approve", args=[day.pk, proxy.pk]))
    proxy.refresh_from_db()
    assert (proxy.status, proxy.number) == ("approved", 1)
    pdf = client.get(reverse("polling:proxy_certificate", args=[day.pk, proxy.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_refused_application_shows_the_rule_on_the_form(day, voters, client_as, clerk_a):
    response = client_as(clerk_a).post(reverse("polling:proxies", args=[day.pk]), {
        "principal": voters[1].pk, "holder": voters[1].pk, "reason": "age",
        "authorisation_signed_on": timezone.localdate().isoformat(), "authorisation_note": "委托书"})

    assert response.status_code == 200
    assert any("PRX-4" in m for m in messages_of(response))
    assert not Proxy.objects.exists()


def test_the_plan_pages_add_a_station_and_its_staff(day, client_as, clerk_a, candidates):
    client = client_as(clerk_a)
    client.post(reverse("polling:plan", args=[day.pk]), {"kind": "meeting", "name": "选举大会会场"})
    station = PollingStation.objects.get(election=day)
    url = reverse("polling:station", args=[day.pk, station.pk])

    client.post(url, {"name": "周到", "duty": "chief"})
    refused = client.post(url, {"name": CANDIDATES["chair"][0], "duty": "teller"})
    assert list(StationStaff.objects.filter(station=station).values_list("name", flat=True)) == ["周到"]
    assert any("CAN-9" in m for m in messages_of(refused))


def test_the_quorum_figures_refresh_as_json(day, voters, client_as, observer_a):
    station = testing.staffed_station(day)
    BallotIssue.objects.create(round=current_round(day), registration=voters[0], station=station)

    data = client_as(observer_a).get(reverse("polling:quorum_json", args=[day.pk])).json()
    assert (data["eligible"], data["attended"], data["threshold"], data["reached"]) == (12, 1, 7, False)


def test_a_print_run_is_asked_for_followed_and_downloaded(day, candidates, client_as, clerk_a, observer_a,
                                                          django_capture_on_commit_callbacks):
    testing.set_state(day, "nomination")
    client = client_as(clerk_a)
    page = client.get(reverse("polling:ballots", args=[day.pk]))
    assert page.context["form"].initial == {"voters": 20, "spare": 1}  # 12 voters and the 8 candidates

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("polling:ballots", args=[day.pk]), {"voters": 20, "spare": 1})
    batch = BallotBatch.objects.get(election=day)
    status = client.get(reverse("polling:batch_status", args=[day.pk, batch.pk])).json()
    assert (status["status"], status["percent"], status["done"]) == ("done", 100, 21)
    download = client_as(observer_a).get(status["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_overview_lists_the_stations_with_their_counts(day, voters, client_as, supervisor_a):
    station = testing.staffed_station(day)
    BallotIssue.objects.create(round=current_round(day), registration=voters[0], station=station)

    page = client_as(supervisor_a).get(reverse("polling:overview", args=[day.pk]))
    assert page.status_code == 200
    assert [(s.name, s.issued) for s in page.context["stations"]] == [(station.name, 1)]
    assert page.context["quorum"].attended == 1
