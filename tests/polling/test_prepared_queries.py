"""The queries of election day's busiest requests, compiled once per shape (elections.prepared, issue 13):
each gives exactly what its plain queryset gives, for every shape, on the database the suite runs on (SQLite
here, PostgreSQL in CI)."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from elections import access
from elections.models import Election
from polling import selectors, testing
from polling.models import Proxy
from polling.services.issuance import ballot_issue
from polling.services.rounds import _latest_round, current_round
from voters.models import Absence, Registration, Resident

from .conftest import with_method


@pytest.fixture
def day(direct_election, settings):
    election = testing.set_state(direct_election)
    settings.CLOCK_TODAY = election.election_date
    return election


@pytest.fixture
def scene(day, clerk_a):
    """Voters with every state the light search shows: a ballot issued (a datetime column), a proxy given and
    held (PRX-4), a declared absence (VOT-8), and names holding the characters LIKE treats specially."""
    voters = testing.make_voters(day, 12, representatives=6)
    station = testing.staffed_station(day)
    for voter, name in zip(voters[6:9], ["王_芳", "王%芳", "王\\芳"]):
        Resident.objects.filter(pk=voter.resident_id).update(name=name)
    today = timezone.localdate()
    Proxy.objects.create(election=day, principal=voters[1], holder=voters[0], reason="age", number=7,
                         authorisation_signed_on=today, authorisation_note="委托书", applied_on=today,
                         status="approved", decided_on=today)
    Absence.objects.create(registration=voters[5], declared_on=datetime.date(2026, 12, 1), reason="work",
                           evidence="本人电话告知", recorded_at=timezone.now())
    issued = Registration.objects.select_related("resident__household").get(pk=voters[3].pk)
    ballot_issue(election=day, registration=issued, station=station, actor=clerk_a)
    return {"voters": list(Registration.objects.filter(pk__in=[v.pk for v in voters])
                           .select_related("resident__group").order_by("pk")),
            "station": station}


def _searches(scene):
    voters = scene["voters"]
    first, issued = voters[0].resident, voters[3].resident
    return [
        {"query": first.name}, {"query": first.name[:1]}, {"query": issued.name},
        {"query": first.group.name}, {"query": f"第{first.group.number}组"}, {"query": "第999组"},
        {"query": first.id_number[-4:]}, {"query": first.id_number[:6] + "********" + first.id_number[-4:]},
        {"query": first.id_number[-4:].lower()}, {"query": f"{first.name[:1]} {first.id_number[-4:]}"},
        {"query": "_"}, {"query": "%"}, {"query": "\\"}, {"query": "王_芳"}, {"query": "%芳"},
        {"group": str(first.group_id)}, {"group": str(first.group_id), "query": first.name[:1]},
        {"query": first.name, "round_obj": "current"},
        {"query": first.name, "limit": 1},
    ]


@pytest.mark.parametrize("method", ["direct", "household", "representative"])
def test_every_shape_of_the_light_search_gives_the_plain_querysets_rows(day, scene, method):
    election = with_method(day, method)
    found = 0
    for search in _searches(scene):
        search = dict(search)
        if search.get("round_obj") == "current":
            search["round_obj"] = current_round(election)
        call = selectors.search_call(election, **search)
        shape, values = call
        plain = list(selectors._brief_search.build(shape, **values))
        with CaptureQueriesContext(connection) as queries:
            kept = selectors._brief_search(shape, **values)
        assert kept == plain, search
        assert len(queries) == 1
        found += len(kept)
        if "round_obj" not in search:  # the search without script: registrations, flagged
            shape, values = selectors.search_call(election, **search)
            models = selectors._voters_found(shape, **values)
            plain = list(selectors._voters_found.build(shape, **values))
            def flags(regs):
                return [(r.pk, r.resident.name, r.resident.group.name, r.holds, r.gave, r.declared)
                        for r in regs]
            assert flags(models) == flags(plain), search
            assert [r["pk"] for r in kept] == [r.pk for r in models]
    assert found > 15  # the searches found voters: the comparison was not of empty lists


def test_the_light_search_finds_names_with_like_characters_as_typed(day, scene):
    names = {q: [r["name"] for r in selectors.search_voters_brief(day, query=q)]
             for q in ("_芳", "%芳", "\\芳")}
    assert names == {"_芳": ["王_芳"], "%芳": ["王%芳"], "\\芳": ["王\\芳"]}
    voters = scene["voters"]
    holder, principal, absent = (selectors.search_voters(day, query=voters[i].resident.name)[0]
                                 for i in (0, 1, 5))
    assert (holder.holds, holder.gave, principal.holds, principal.gave, absent.declared) == (
        True, False, False, True, True)  # PRX-4, VOT-8: the page asks for these only when flagged
    group = voters[0].resident.group
    assert selectors.search_voters(day, group=group) == selectors.search_voters(day, group=str(group.pk))
    rows = selectors.search_voters_brief(day, query=scene["voters"][3].resident.name)
    assert rows[0]["issued_at"].tzinfo is not None and rows[0]["issued_station"] == scene["station"].name


def test_the_issuance_lookups_give_the_plain_querysets_objects(day, scene, election_b):
    station, voters = scene["station"], scene["voters"]
    election = access._election_row(day.pk)
    plain = Election.objects.select_related("community__street").get(pk=day.pk)
    with CaptureQueriesContext(connection) as queries:
        assert (election.pk, election.state, election.community.code, election.community.street.name) == (
            plain.pk, plain.state, plain.community.code, plain.community.street.name)
    assert len(queries) == 0  # the community and street came with the row
    assert access._election_row(10**20) is None and access._election_row(day.pk + 1000) is None

    found = selectors.station_of(day, station.pk)
    assert (found.pk, found.name, found.staff_count) == (station.pk, station.name, 3)
    assert selectors.station_of(day, station.pk + 1) is None and selectors.station_of(day, 10**20) is None
    elsewhere = testing.staffed_station(election_b)
    assert selectors.station_of(day, elsewhere.pk) is None  # another election's station
    other = testing.staffed_station(day, kind="mobile", name="流动票箱1")

    registration = selectors.registration_to_issue(day, voters[1].pk)
    assert (registration.pk, registration.status, registration.resident.name) == (
        voters[1].pk, "confirmed", voters[1].resident.name)
    assert registration.approved_proxy_holder == voters[0].resident.name  # PRX-4
    assert selectors.registration_to_issue(day, voters[0].pk).approved_proxy_holder is None
    assert selectors.registration_to_issue(day, 10**20) is None

    round_obj = current_round(day)
    assert [r.pk for r in _latest_round((), election=day.pk)] == [round_obj.pk]
    assert selectors.issued_counts(round_obj, station) == (1, 1)
    assert selectors.issued_counts(round_obj, other) == (1, 0)
    for shape, values in ((15, {"round": round_obj.pk}), (1, {"round": round_obj.pk, "station": station.pk}),
                          (15, {"round": round_obj.pk, "station": other.pk})):
        kept = [(i.pk, i.issued_at, i.registration.resident.name, i.proxy_id)
                for i in selectors._recent_issues(shape, **values)]
        plain = [(i.pk, i.issued_at, i.registration.resident.name, i.proxy_id)
                 for i in selectors._recent_issues.build(shape, **values)]
        assert kept == plain
    assert [i.registration_id for i in selectors.recent_issues(round_obj, station)] == [voters[3].pk]
    confirmed = Registration.objects.filter(election=day, status="confirmed").count()
    assert selectors.eligible_count(day) == confirmed


def test_a_huge_number_in_an_address_is_not_found_not_an_error(day, scene, client_as, clerk_a):
    client = client_as(clerk_a)
    station = scene["station"]
    huge = "9" * 25
    assert client.get(f"/polling/e/{day.pk}/stations/{huge}/issue/search.json?q=王").status_code == 404
    issue = reverse("polling:issue_json", args=[day.pk, station.pk])
    assert client.post(issue, {"registration": huge}).status_code == 404
    assert client.get(f"/polling/e/{huge}/stations/{station.pk}/issue/").status_code == 404
    search = reverse("polling:issue_search_json", args=[day.pk, station.pk])
    assert client.get(search, {"group": huge}).json()["results"] == []
