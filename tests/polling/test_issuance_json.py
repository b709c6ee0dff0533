"""The issuance page's light path (issue 13): the page's script searches through polling:issue_search_json and
issues through polling:issue_json — the same service and checks as the form (VOTE-2, CAL-5, PRX-4, MTH-1),
refusals in Chinese, a bounded number of queries whatever the number of voters found."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from elections.models import AuditLog
from polling import testing
from polling.models import BallotIssue, Proxy

from .conftest import with_method


@pytest.fixture
def day(direct_election, voters, settings):
    """Election A in the voting state, the app's clock on its election day (CAL-5)."""
    election = testing.set_state(direct_election)
    settings.CLOCK_TODAY = election.election_date
    return election


@pytest.fixture
def station(day):
    return testing.staffed_station(day)


def urls(election, station):
    return (reverse("polling:issue_search_json", args=[election.pk, station.pk]),
            reverse("polling:issue_json", args=[election.pk, station.pk]))


def test_the_search_answers_the_voters_with_the_state_of_their_ballot(day, voters, station, client_as,
                                                                      clerk_a):
    search, issue = urls(day, station)
    client = client_as(clerk_a)
    name = voters[4].resident.name

    found = client.get(search, {"q": name}).json()
    assert [r["id"] for r in found["results"]] == [voters[4].pk]
    row = found["results"][0]
    assert (row["state"], row["name"], row["masked_id"]) == ("open", name, voters[4].resident.masked_id)
    assert "*" in row["masked_id"]  # VOT-7: never the full number
    client.post(issue, {"registration": voters[4].pk})
    row = client.get(search, {"q": name}).json()["results"][0]
    assert row["state"] == "issued" and station.name in row["text"] and row["issued_at"]
    group = voters[4].resident.group_id
    assert {r["id"] for r in client.get(search, {"group": group}).json()["results"]} == {
        v.pk for v in voters if v.resident.group_id == group}
    assert client.get(search).json()["results"] == []


def test_the_json_issuance_issues_once_and_answers_the_new_figures(day, voters, station, client_as, clerk_a):
    _search, issue = urls(day, station)
    client = client_as(clerk_a)

    response = client.post(issue, {"registration": voters[0].pk, "helper_name": "王 芳"})
    data = response.json()
    assert response.status_code == 200 and data["ok"]
    assert data["message"] == f"已向{voters[0].resident.name}发放选票。"
    assert data["issued_here"] == 1 and data["quorum"]["attended"] == 1 and data["quorum"]["eligible"] == 12
    assert voters[0].resident.name in data["recent"] and "王 芳" in data["recent"]
    issued = BallotIssue.objects.get(registration=voters[0])
    assert (issued.station, issued.issued_by, issued.helper_name) == (station, clerk_a, "王 芳")
    assert AuditLog.objects.filter(action="polling.ballot.issued", object_id=str(issued.pk)).count() == 1


def test_vote_2_a_second_ballot_is_refused_in_chinese(day, voters, station, client_as, clerk_a):
    other = testing.staffed_station(day, kind="mobile", name="流动票箱1")
    client = client_as(clerk_a)
    client.post(urls(day, station)[1], {"registration": voters[0].pk})

    response = client.post(urls(day, other)[1], {"registration": voters[0].pk})
    data = response.json()
    assert response.status_code == 409 and not data["ok"] and data["rule"] == "VOTE-2"
    assert "已" in data["message"] and station.name in data["message"]
    assert BallotIssue.objects.filter(registration=voters[0]).count() == 1


def test_mth_1_the_households_second_ballot_is_refused(direct_election, voters, settings, client_as, clerk_a):
    election = testing.set_state(with_method(direct_election, "household"))
    settings.CLOCK_TODAY = election.election_date
    station = testing.staffed_station(election)
    search, issue = urls(election, station)
    client = client_as(clerk_a)
    client.post(issue, {"registration": voters[0].pk})  # voters 0, 1, 2: one household

    assert client.post(issue, {"registration": voters[1].pk}).status_code == 409
    row = client.get(search, {"q": voters[1].resident.name}).json()["results"][0]
    assert row["state"] == "household" and voters[0].resident.name in row["text"]


def test_cal_5_no_ballot_on_another_day(day, voters, station, client_as, clerk_a, settings):
    settings.CLOCK_TODAY = day.election_date - datetime.timedelta(days=1)

    response = client_as(clerk_a).post(urls(day, station)[1], {"registration": voters[0].pk})
    assert response.status_code == 409 and response.json()["rule"] == "CAL-5"
    assert "选举日" in response.json()["message"] or "投票日" in response.json()["message"]
    assert not BallotIssue.objects.exists()


def test_prx_4_the_proxy_collects_the_principals_ballot(day, voters, station, client_as, clerk_a):
    today = timezone.localdate()
    proxy = Proxy.objects.create(election=day, principal=voters[1], holder=voters[0], reason="age", number=7,
                                 authorisation_signed_on=today, authorisation_note="委托书", applied_on=today,
                                 status="approved", decided_on=today)
    search, issue = urls(day, station)
    client = client_as(clerk_a)

    holder = client.get(search, {"q": voters[0].resident.name}).json()["results"][0]
    held = [(h["proxy"], h["principal"], h["state"]) for h in holder["held"]]
    assert held == [(proxy.pk, voters[1].pk, "open")]
    assert "007" in holder["held"][0]["label"]
    principal = client.get(search, {"q": voters[1].resident.name}).json()["results"][0]
    assert principal["state"] == "proxy"  # PRX-4: no ballot in person
    refused = client.post(issue, {"registration": voters[1].pk})
    assert refused.status_code == 409 and refused.json()["rule"] == "PRX-4"
    assert client.post(issue, {"registration": voters[1].pk, "proxy": proxy.pk}).json()["ok"]
    assert BallotIssue.objects.get(registration=voters[1]).proxy == proxy


def _queries(client, method, url, data):
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_issue_13_the_light_path_costs_a_bounded_number_of_queries(day, voters, station, client_as, clerk_a):
    """The search: session, user and roles (3), election, station (2), the search itself with the current
    round (1) — and one more only when a found voter holds proxies; the issuance: session, user and roles (3),
    the election (read once, AFT-4), the station, the voter with a proxy given (PRX-4), the round (4), the
    ballot and its audit line in a transaction (4), one count and the quorum's eligible count (2), and no page
    after it. More voters found cost no more."""
    more = testing.make_voters(day, 60)
    search, issue = urls(day, station)
    client = client_as(clerk_a)
    client.get(search, {"q": "x"})  # the session's first load
    client.post(issue, {"registration": voters[0].pk})  # the first ballot opens the round

    one = _queries(client, "get", search, {"q": voters[2].resident.name})
    many = _queries(client, "get", search, {"group": more[0].resident.group_id})
    assert one == many <= 6, (one, many)
    issuing = _queries(client, "post", issue, {"registration": more[1].pk})
    assert issuing <= 13, issuing
    classic = reverse("polling:issue", args=[day.pk, station.pk])
    with CaptureQueriesContext(connection) as ctx:
        client.post(classic, {"registration": more[2].pk, "next": f"{classic}?q=x"}, follow=True)
    assert issuing < len(ctx.captured_queries)  # the form's POST and the page after it


def test_issue_13_the_issuance_reads_the_election_once(day, voters, station, client_as, clerk_a):
    """The read-only middleware's row (AFT-4) is the one the view's scope test uses: one read of the election."""
    _search, issue = urls(day, station)
    with CaptureQueriesContext(connection) as ctx:
        assert client_as(clerk_a).post(issue, {"registration": voters[3].pk}).json()["ok"]
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "elections_election"' in q["sql"]]
    assert len(reads) == 1


def test_issue_13_the_row_read_first_still_meets_the_scope_test(day, voters, station, client_as, clerk_b):
    """Another community's clerk: the middleware read the row, the view's scope test refuses it (404)."""
    _search, issue = urls(day, station)
    assert client_as(clerk_b).post(issue, {"registration": voters[3].pk}).status_code == 404
    assert not BallotIssue.objects.filter(registration=voters[3]).exists()


def test_a_registration_that_is_not_a_number_is_not_found(day, voters, station, client_as, clerk_a):
    """Both doors of the issuance answer 404 (not a server error) for a registration id that is no number."""
    _search, issue = urls(day, station)
    classic = reverse("polling:issue", args=[day.pk, station.pk])
    client = client_as(clerk_a)
    assert client.post(issue, {"registration": "12abc"}).status_code == 404
    assert client.post(classic, {"registration": "12abc"}).status_code == 404
    assert not BallotIssue.objects.exists()
