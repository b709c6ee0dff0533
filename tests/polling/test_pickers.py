"""The person pickers of the election-day pages offer only the people the field allows (PRX-2, PRX-4, VOTE-11),
and a person they do not offer is refused on the form with the rule's own message."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from polling import testing
from polling.models import BallotIssue, PollingStation, Proxy, StationStaff
from polling.services.rounds import current_round
from voters.models import Registration

from .conftest import CANDIDATES, with_rules


@pytest.fixture
def day(direct_election, voters, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return testing.set_state(direct_election, election_date=timezone.localdate() + datetime.timedelta(days=30))


def proxy(election, principal, holder, status="pending"):
    today = timezone.localdate()
    return Proxy.objects.create(election=election, principal=principal, holder=holder, reason="age",
                                authorisation_signed_on=today, authorisation_note="委托书", applied_on=today,
                                status=status, number=None if status == "pending" else Proxy.objects.count() + 1,
                                decided_on=None if status == "pending" else today)


def chair_of(candidates):
    return next(c for c in candidates if c.position == "chair").nominee.resident


def offered(client, name, election, query="第"):
    results = client.get(reverse(f"polling:{name}", args=[election.pk]), {"q": query}).json()["results"]
    return {person["id"] for person in results}


def test_prx_4_the_principal_picker_leaves_out_who_gave_a_proxy_holds_one_or_has_voted(day, voters, clerk_a,
                                                                                      client_as):
    proxy(day, voters[0], voters[1])
    BallotIssue.objects.create(round=current_round(day), registration=voters[2],
                               station=testing.staffed_station(day))
    Registration.objects.filter(pk=voters[3].pk).update(status="removed", reason="迁出")
    allowed = offered(client_as(clerk_a), "people_principals", day)
    assert allowed == {v.pk for v in voters[4:]}


def test_prx_4_the_holder_picker_leaves_out_who_gave_a_proxy_and_who_holds_the_most(day, voters, clerk_a,
                                                                                   client_as):
    election = with_rules(day, proxy_max_authorisations=2)
    proxy(election, voters[0], voters[1])
    proxy(election, voters[2], voters[1], status="approved")
    proxy(election, voters[3], voters[4])
    client = client_as(clerk_a)
    assert offered(client, "people_holders", election) == {v.pk for v in voters[4:]}
    holder = [p for p in client.get(reverse("polling:people_holders", args=[election.pk]),
                                    {"q": voters[4].resident.name}).json()["results"] if p["id"] == voters[4].pk]
    assert holder[0]["detail"] == "已受托1/2"


def test_prx_4_a_formal_candidate_is_no_proxy_holder_when_the_profile_says_so(day, voters, candidates, clerk_a,
                                                                             client_as):
    chair = Registration.objects.get(election=day, resident=chair_of(candidates))
    client = client_as(clerk_a)
    name = chair.resident.name
    assert chair.pk not in offered(client, "people_holders", day, name)
    assert chair.pk in offered(client, "people_holders", with_rules(day, proxy_candidate_forbidden=False), name)


def test_prx_4_the_form_refuses_a_holder_the_picker_does_not_offer_with_the_rule_s_message(day, voters, clerk_a,
                                                                                          client_as):
    election = with_rules(day, proxy_max_authorisations=1)
    proxy(election, voters[0], voters[1], status="approved")
    response = client_as(clerk_a).post(reverse("polling:proxies", args=[election.pk]), {
        "principal": voters[5].pk, "holder": voters[1].pk, "reason": "age",
        "authorisation_signed_on": timezone.localdate().isoformat(), "authorisation_note": "委托书第2号"})
    assert response.status_code == 200
    error = response.context["form"].errors["holder"][0]
    assert voters[1].resident.name in error and "（PRX-4）" in error
    assert Proxy.objects.count() == 1


def test_prx_2_the_form_refuses_a_principal_who_is_not_a_confirmed_voter(day, voters, clerk_a, client_as):
    Registration.objects.filter(pk=voters[5].pk).update(status="pending")
    response = client_as(clerk_a).post(reverse("polling:proxies", args=[day.pk]), {
        "principal": voters[5].pk, "holder": voters[6].pk, "reason": "age",
        "authorisation_signed_on": timezone.localdate().isoformat(), "authorisation_note": "委托书第2号"})
    assert response.context["form"].errors["principal"] == [
        f"{voters[5].resident.name}不是本次选举已确认的选民。（PRX-2）"]


def test_vote_11_staff_chosen_from_the_voters_take_their_name(day, voters, clerk_a, client_as):
    station = PollingStation.objects.create(election=day, kind="meeting", name="选举大会会场")
    url = reverse("polling:station", args=[day.pk, station.pk])
    client = client_as(clerk_a)
    assert voters[3].resident.pk in offered(client, "people_staff", day)  # residents, not registrations
    assert client.post(url, {"resident": voters[3].resident.pk, "name": "", "duty": "teller"}).status_code == 302
    assert client.post(url, {"resident": "", "name": "街道干部 周到", "duty": "chief"}).status_code == 302
    assert set(StationStaff.objects.filter(station=station).values_list("name", "resident")) == {
        (voters[3].resident.name, voters[3].resident.pk), ("街道干部周到", None)}  # the name rule drops spaces


def test_vote_11_staff_need_a_name_or_a_voter_and_never_someone_off_the_list(day, voters, clerk_a, client_as):
    station = PollingStation.objects.create(election=day, kind="meeting", name="选举大会会场")
    url = reverse("polling:station", args=[day.pk, station.pk])
    Registration.objects.filter(pk=voters[3].pk).update(status="removed", reason="迁出")
    client = client_as(clerk_a)
    empty = client.post(url, {"resident": "", "name": "", "duty": "teller"})
    assert empty.context["form"].errors["name"] == ["请填写姓名，或选择居民。"]
    removed = client.post(url, {"resident": voters[3].resident.pk, "name": "", "duty": "teller"})
    assert removed.context["form"].errors["resident"] == [f"{voters[3].resident.name}不是本次选举已确认的选民。"]
    assert not StationStaff.objects.exists()


def test_can_9_a_candidate_picked_as_a_teller_is_still_refused(day, voters, candidates, clerk_a, client_as):
    station = PollingStation.objects.create(election=day, kind="meeting", name="选举大会会场")
    chair = chair_of(candidates)
    response = client_as(clerk_a).post(reverse("polling:station", args=[day.pk, station.pk]),
                                       {"resident": chair.pk, "name": "", "duty": "teller"})
    assert response.status_code == 200 and not StationStaff.objects.exists()
    assert CANDIDATES["chair"][0] == chair.name
