"""The person picker (voters/pickers.py) and the one search behind it (voters.selectors.person_search): by name,
by the last 4 characters of the identity number, by resident group; masked numbers in every suggestion; the
field refuses anyone outside its pool, and resolves typed words when the page runs without JavaScript."""
import datetime
import json

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from voters.models import Registration, Resident
from voters.pickers import PersonField, people_json, voter_pool
from voters.selectors import person_search

from .helpers import resident


@pytest.fixture
def people(community_a):
    """Five residents in two groups; two of them called 王伟, told apart by the end of their numbers."""
    return {
        "wang1": resident(community_a, name="王伟", number="11010819800517001X", group_number=1),
        "wang2": resident(community_a, name="王伟", number="110108198005170038", group_number=3),
        "wanghua": resident(community_a, name="王伟华", group_number=3),
        "li": resident(community_a, name="李娜", group_number=1, sex="F"),
        "child": resident(community_a, name="王小宝", born=datetime.date(2015, 3, 1), group_number=1),
    }


def names(queryset):
    return sorted(r.name for r in queryset)


def search(community, query, **kw):
    return person_search(Resident.objects.filter(community=community), query, **kw)


def test_a_name_matches_anyone_whose_name_contains_it(people, community_a):
    assert names(search(community_a, "王伟")) == ["王伟", "王伟", "王伟华"]


def test_the_last_4_characters_of_the_identity_number_tell_two_namesakes_apart(people, community_a):
    assert list(search(community_a, "王伟 001x")) == [people["wang1"]]
    assert list(search(community_a, "王伟 0038")) == [people["wang2"]]


def test_vot_7_a_longer_number_is_searched_by_its_last_4_characters_only(people, community_a):
    # The hidden middle digits are the birth date: a query cannot probe them one at a time.
    assert list(search(community_a, "5170038")) == list(search(community_a, "0038")) == [people["wang2"]]
    assert list(search(community_a, "19800517001X")) == [people["wang1"]]
    wrong_birth_date = "11010819991231" + "0038"
    assert list(search(community_a, wrong_birth_date)) == [people["wang2"]]


def test_a_resident_group_is_found_by_its_name_or_its_number(people, community_a):
    assert names(search(community_a, "第3居民小组")) == ["王伟", "王伟华"]
    assert names(search(community_a, "3组 华")) == ["王伟华"]


def test_a_suggestion_s_label_typed_back_finds_that_person(people, community_a):
    pool = voter_pool_of_everyone(community_a)
    label = pool.label(people["wang2"])
    assert label == "王伟 · 第3居民小组 · 110108********0038"
    assert list(search(community_a, label)) == [people["wang2"]]


def voter_pool_of_everyone(community):
    from voters.pickers import PersonPool
    return PersonPool(queryset=Resident.objects.filter(community=community), refusal=lambda pk: "不可选")


@pytest.fixture
def voting_pool(election_a, people):
    """Confirmed: both 王伟 and 李娜; 王伟华 is pending, the child is not registered at all."""
    for key, status in (("wang1", "confirmed"), ("wang2", "confirmed"), ("li", "confirmed"),
                        ("wanghua", "pending")):
        Registration.objects.create(election=election_a, resident=people[key], status=status,
                                    category=Registration.Category.HUKOU_RESIDENT)
    return voter_pool(election_a)


def test_the_voter_pool_holds_the_confirmed_voters_only(voting_pool, people):
    rows, more = voting_pool.search("王")
    assert sorted(r.pk for r in rows) == sorted([people["wang1"].pk, people["wang2"].pk]) and not more


def test_suggestions_show_masked_numbers_and_never_a_full_one(voting_pool, people):
    response = people_json(RequestFactory().get("/", {"q": "王伟"}), voting_pool)
    data = json.loads(response.content)
    assert [s["id_tail"] for s in data["results"]] == ["110108********001X", "110108********0038"]
    assert people["wang1"].id_number not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_suggestions_stop_at_20_and_say_there_are_more(election_a, community_a):
    for i in range(25):
        person = resident(community_a, name=f"张{'一二三四五六七八九十'[i % 10]}{i}")
        Registration.objects.create(election=election_a, resident=person, status="confirmed",
                                    category=Registration.Category.HUKOU_RESIDENT)
    data = json.loads(people_json(RequestFactory().get("/", {"q": "张"}), voter_pool(election_a)).content)
    assert len(data["results"]) == 20 and data["more"] is True
    assert json.loads(people_json(RequestFactory().get("/", {"q": ""}), voter_pool(election_a)).content) == {
        "results": [], "more": False}


def test_an_exact_name_comes_before_longer_names(voting_pool, people, election_a):
    Registration.objects.filter(resident=people["wanghua"]).update(status="confirmed")
    rows, _more = voter_pool(election_a).search("王伟华")
    assert [r.name for r in rows] == ["王伟华"]
    rows, _more = voter_pool(election_a).search("王伟")
    assert [r.name for r in rows][-1] == "王伟华"


class PickForm(forms.Form):
    person = PersonField(label="选民")

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].set_pool(pool, "/people.json")


def test_the_field_takes_a_chosen_person_of_the_pool(voting_pool, people):
    form = PickForm({"person": str(people["li"].pk), "person_query": "李娜 · 第1居民小组 · …"}, pool=voting_pool)
    assert form.is_valid() and form.cleaned_data["person"] == people["li"]


def test_the_field_refuses_someone_outside_the_pool_naming_them(voting_pool, people):
    form = PickForm({"person": str(people["child"].pk)}, pool=voting_pool)
    assert not form.is_valid()
    assert form.errors["person"] == ["王小宝不是本次选举已确认的选民。"]


def test_without_javascript_the_typed_words_name_the_person(voting_pool, people):
    assert PickForm({"person": "", "person_query": "王伟 0038"}, pool=voting_pool).is_valid()
    ambiguous = PickForm({"person": "", "person_query": "王伟"}, pool=voting_pool)
    assert not ambiguous.is_valid() and "有多人与“王伟”相符" in ambiguous.errors["person"][0]
    nobody = PickForm({"person": "", "person_query": "王伟华"}, pool=voting_pool)  # pending: not in the pool
    assert not nobody.is_valid() and "没有符合条件且与“王伟华”相符的人员" in nobody.errors["person"][0]


def test_an_empty_required_picker_asks_for_a_person(voting_pool):
    form = PickForm({"person": "", "person_query": ""}, pool=voting_pool)
    assert not form.is_valid() and form.errors["person"][0].startswith("请输入姓名")


def test_a_chosen_person_is_shown_again_by_label_when_the_form_comes_back(voting_pool, people):
    html = str(PickForm({"person": str(people["wang2"].pk), "person_query": "x"}, pool=voting_pool)["person"])
    assert 'value="王伟 · 第3居民小组 · 110108********0038"' in html
    assert f'name="person" value="{people["wang2"].pk}"' in html and 'data-source="/people.json"' in html


def test_a_pk_that_is_not_a_number_is_refused(voting_pool):
    with pytest.raises(ValidationError):
        PickForm(pool=voting_pool).fields["person"].clean({"pk": "1 OR 1=1", "query": ""})
