"""The district dashboard and statistics (issue 11, item 2) on a generated district (supervision/generate.py):
every figure equals a sum computed here independently from the raw rows; rehearsals are left out; the number
of queries does not grow with the number of communities; the .xlsx export holds what the page shows."""
import datetime
import io
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from candidates.eligibility import COLLEGE_OR_ABOVE, age_band, age_on
from candidates.models import Candidate
from counting.models import Certification, CountRound
from elections.models import Community, Election
from polling.models import BallotIssue, Proxy
from supervision.generate import generate_district
from voters.models import Registration

SMALL = (15, 30)  # residents per community: enough for every stage, quick to make


@pytest.fixture
def generated(db):
    return generate_district(40, seed=11, residents=SMALL)


def _page(client, user, name="district_dashboard"):
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response


def _current(street):
    """The current elections of a street, straight from the table: term 12, regular, no rehearsal."""
    return Election.objects.filter(community__street=street, term=12, kind="regular", is_rehearsal=False)


def _expected(street):
    """The street's figures computed from raw rows, without supervision.statistics."""
    elections = list(_current(street))
    communities = Community.objects.filter(street=street)
    done = [e for e in elections if e.state in ("certified", "handover", "closed")]
    counted = CountRound.objects.filter(election__in=elections, stage=1, purpose="first", status="closed")
    counted_ids = set(counted.values_list("election_id", flat=True))
    eligible = 0
    for election in elections:
        if election.pk not in counted_ids:
            continue
        regs = Registration.objects.filter(election=election, status="confirmed")
        if election.method == "representative":
            eligible += regs.filter(resident__is_representative=True).count()
        elif election.method == "household":
            eligible += regs.values("resident__household").distinct().count()
        else:
            eligible += regs.count()
    members = []
    for certification in Certification.objects.filter(election__in=done, revoked_at__isnull=True):
        for row in certification.snapshot["elected"]:
            candidate = Candidate.objects.select_related("nominee__resident").get(pk=int(row["key"][1:]))
            members.append((certification.election, row["position"], candidate.nominee))
    sex = Counter(n.resident.sex for _e, _p, n in members)
    ages = [age_on(n.resident.birth_date, e.election_date) for e, _p, n in members]
    return {
        "communities": communities.count(), "done": len(done),
        "deferred": communities.filter(deferred=True).exclude(elections__in=done).count(),
        "in_progress": sum(1 for e in elections if e not in done and not e.community.deferred),
        "pilots": communities.filter(is_pilot=True).count(),
        "registered": Registration.objects.filter(election__in=elections, status="confirmed").count(),
        "participants": BallotIssue.objects.filter(round__election_id__in=counted_ids, round__number=1,
                                                   cancelled_at__isnull=True).count(),
        "eligible": eligible,
        "proxies": Proxy.objects.filter(election__in=elections, status="approved").count(),
        "mobile_ballots": BallotIssue.objects.filter(round__election__in=elections, round__number=1,
                                                     station__kind="mobile").count(),
        "elected": len(members), "women": sex["F"],
        "age_bands": Counter(age_band(a) for a in ages), "young": sum(a <= 35 for a in ages),
        "party": sum(n.resident.political_status in ("cpc", "probationary") for _e, _p, n in members),
        "college": sum(n.resident.education in COLLEGE_OR_ABOVE for _e, _p, n in members),
        "one_shoulder": sum(p == "chair" and n.is_party_secretary for _e, p, n in members),
        "re_elected": sum(n.resident.committee_seats.filter(election__term=11).exists() for _e, _p, n in members),
    }


@pytest.mark.django_db
def test_district_figures_equal_sums_of_the_raw_rows(client, generated):
    statistics = _page(client, generated.users["admin"]).context["statistics"]
    assert len(statistics.streets) == 2 and statistics.total.communities == 40
    totals = Counter()
    for figures, street in zip(statistics.streets, generated.streets, strict=True):
        expected = _expected(street)
        got = {name: getattr(figures, name) for name in expected if name not in ("age_bands", "college")}
        got["age_bands"], got["college"] = figures.age_bands, figures.education["college"]
        assert got == expected, street.name
        assert figures.in_progress + figures.done + figures.deferred + figures.not_started == figures.communities
        for name, value in expected.items():
            if name != "age_bands":
                totals[name] += value
    college = totals.pop("college")
    assert {name: getattr(statistics.total, name) for name in totals} == dict(totals)
    assert statistics.total.education["college"] == college
    # The generated district has something in every column that matters.
    total = statistics.total
    assert total.done and total.in_progress and total.elected and total.proxies and total.mobile_ballots
    assert total.turnout == round(100 * total.participants / total.eligible, 1)
    assert total.women_share == round(100 * total.women / total.elected, 1)  # SEAT-2


@pytest.mark.django_db
def test_rehearsals_are_left_out(client, generated):
    before = _page(client, generated.users["admin"]).context["statistics"].total
    community = Election.objects.filter(community__street__district=generated.district, state="closed",
                                        is_rehearsal=False).first().community
    rehearsals = Election.objects.filter(community__street__district=generated.district, is_rehearsal=True)
    assert rehearsals.exists()  # the generator made some: with voters, ballots and a certified result
    assert Registration.objects.filter(election__in=rehearsals).exists()
    assert Certification.objects.filter(election__in=rehearsals).exists()
    # Another rehearsal, later than everything: it changes nothing either (even its higher term).
    source = Election.objects.filter(community=community, is_rehearsal=False, term=12).first()
    Election.objects.create(community=community, term=13, is_rehearsal=True, state="certified", method="direct",
                            profile=source.profile, profile_snapshot=source.profile_snapshot,
                            election_date=datetime.date(2026, 11, 1))
    after = _page(client, generated.users["admin"]).context["statistics"]
    assert after.total == before and after.term == 12


@pytest.mark.django_db
def test_a_street_supervisor_sees_the_roll_up_of_their_own_street(client, generated):
    statistics = _page(client, generated.users["street1"]).context["statistics"]
    assert [f.code for f in statistics.streets] == [generated.streets[0].code]
    assert statistics.total.communities == 20


@pytest.mark.django_db
def test_the_xlsx_export_holds_what_the_page_shows(client, generated):
    tables = _page(client, generated.users["admin"]).context["tables"]
    response = client.get(reverse("district_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["社区进度", "选民与参选", "当选成员"]
    for table, sheet in zip(tables, workbook.worksheets, strict=True):
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert len(rows[1]) == len(table["headers"]) and rows[1][0] == "街道办事处"
        assert rows[2:] == table["rows"] + [table["total"]]


def _queries(client, user, name):
    client.force_login(user)
    client.get(reverse(name))  # the session's first request may load more
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_from_30_to_300_communities(client):
    small = generate_district(30, seed=21, residents=(12, 20))
    large = generate_district(300, seed=22, residents=(12, 20))
    for name in ("district_dashboard", "district_export", "community_list"):
        assert _queries(client, small.users["admin"], name) == _queries(client, large.users["admin"], name), name
