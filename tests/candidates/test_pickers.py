"""The person pickers of the nomination pages offer only the people the field allows, and the server refuses
anyone else with a clear message: a nominee is a confirmed voter of this election (CAN-1); a near relative among
the nominees is another nominee of the same election (CAN-9)."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Nomination, Relation
from tests.voters.helpers import resident as community_resident
from voters.models import Registration

from .conftest import add_resident, self_nominate


def found(client, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return sorted(person["name"] for person in response.json()["results"])


@pytest.fixture
def people(nominating, community_b):
    """Who lives in community A, and how each stands in election A."""
    return {
        "confirmed": add_resident(nominating, "王伟"),
        "pending": add_resident(nominating, "王芳", status=Registration.Status.PENDING),
        "refused": add_resident(nominating, "王刚", status=Registration.Status.REFUSED),
        "removed": add_resident(nominating, "王敏", status=Registration.Status.REMOVED),
        "child": add_resident(nominating, "王小宝", birth_date=datetime.date(2014, 6, 1), status=None),
        "elsewhere": community_resident(community_b, name="王强"),
    }


def test_can_1_the_nominee_picker_offers_the_confirmed_voters_of_this_election_only(people, nominating, clerk_a,
                                                                                    client_as):
    url = reverse("candidates:people_nominees", args=[nominating.pk])
    assert found(client_as(clerk_a), url, "王") == ["王伟"]
    person = client_as(clerk_a).get(url, {"q": "王伟"}).json()["results"][0]
    assert person["id"] == people["confirmed"].pk and person["id_tail"] == people["confirmed"].masked_id
    assert people["confirmed"].id_number not in str(person)


def test_can_1_a_nomination_of_someone_the_picker_does_not_offer_is_refused_by_name(people, nominating, clerk_a,
                                                                                     client_as):
    url = reverse("candidates:nomination_new", args=[nominating.pk])
    data = {"source": "self", "positions": ["member"], "nominated_on": timezone.localdate().isoformat()}
    for key in ("pending", "refused", "removed", "child"):
        response = client_as(clerk_a).post(url, {**data, "resident": people[key].pk})
        name = people[key].name
        assert response.status_code == 200
        assert response.context["form"].errors["resident"] == [
            f"{name}不是本次选举已确认的选民：只能提名已确认的选民（CAN-1）。"]
    response = client_as(clerk_a).post(url, {**data, "resident": people["elsewhere"].pk})
    assert response.context["form"].errors["resident"] == ["此处不能选择该人员。"]
    assert not Nomination.objects.exists()


def test_without_javascript_the_typed_name_and_id_tail_nominate_the_voter(people, nominating, clerk_a, client_as):
    tail = people["confirmed"].id_number[-4:]
    response = client_as(clerk_a).post(reverse("candidates:nomination_new", args=[nominating.pk]), {
        "resident": "", "resident_query": f"王伟 {tail}", "source": "self", "positions": ["member"],
        "nominated_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert Nomination.objects.get().nominee.resident == people["confirmed"]


def test_the_nominee_page_s_link_opens_the_form_with_the_person_chosen(people, nominating, clerk_a, client_as):
    url = reverse("candidates:nomination_new", args=[nominating.pk]) + f"?resident={people['confirmed'].pk}"
    html = client_as(clerk_a).get(url).content.decode()
    assert f'name="resident" value="{people["confirmed"].pk}"' in html
    assert f'value="王伟 · 第1居民小组 · {people["confirmed"].masked_id}"' in html
    assert '<script src="/static/js/person-picker.js"></script>' in html


@pytest.fixture
def two_nominees(nominating, clerk_a):
    return [self_nominate(nominating, add_resident(nominating, name), clerk_a) for name in ("张华", "张丽")]


def test_can_9_the_relative_picker_offers_the_other_nominees_of_this_election(two_nominees, nominating, clerk_a,
                                                                             client_as, election_b, clerk_b):
    zhang_hua, _zhang_li = two_nominees
    url = reverse("candidates:people_relatives", args=[nominating.pk, zhang_hua.pk])
    assert found(client_as(clerk_a), url, "张") == ["张丽"]


def test_can_9_a_nominee_is_refused_as_their_own_relative_on_the_form(two_nominees, nominating, clerk_a,
                                                                     client_as):
    zhang_hua, zhang_li = two_nominees
    url = reverse("candidates:relation_add", args=[nominating.pk, zhang_hua.pk])
    page = client_as(clerk_a).post(url, {"kind": "配偶", "role": "nominee", "relative_nominee": zhang_hua.pk},
                                   follow=True)
    assert "被提名人不能是自己的亲属。" in page.content.decode()
    assert not Relation.objects.exists()
    client_as(clerk_a).post(url, {"kind": "配偶", "role": "nominee", "relative_nominee": zhang_li.pk})
    assert Relation.objects.get().relative_nominee == zhang_li
