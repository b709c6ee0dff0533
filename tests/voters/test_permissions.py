"""Every page and action of the voters app (residents, groups, import, registration, conflicts) × persona.

Outside one's scope a page does not exist (404); read-only roles see pages (200) but get 403 on edit forms and
on every action; anonymous visitors go to the login page. One exception by design (VOT-3): a supervisor of
either community may decide a registration conflict.
"""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from voters.models import Absence, Registration, RegistrationConflict
from voters.services.registration import registrations_build

from .helpers import csv_bytes, id_number, open_registration, resident, row

ORDER = ["anonymous", "clerk_b", "supervisor_a", "district_admin", "observer_a", "clerk_a"]
READ = {"anonymous": 302, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
        "clerk_a": 200}
EDIT_FORM = {**READ, "supervisor_a": 403, "district_admin": 403, "observer_a": 403}
ACTION = {**EDIT_FORM, "clerk_a": 302}


@pytest.fixture
def world(personas, community_a, community_b, election_a, election_b, clerk_a, clerk_b):
    number = id_number(datetime.date(1970, 1, 1))
    person = resident(community_a, number=number, name="张三")
    resident(community_b, number=number, name="张三")
    resident(community_a, name="李四")
    a = open_registration(election_a, clerk_a)
    b = open_registration(election_b, clerk_b)
    registrations_build(election=a, actor=clerk_a)
    registrations_build(election=b, actor=clerk_b)
    registration = Registration.objects.get(election=a, resident__name="李四")
    absence = Absence.objects.create(registration=registration, declared_on=datetime.date(2026, 12, 1),
                                     reason="work", evidence="本人电话告知", recorded_at=timezone.now())
    return {"code": community_a.code, "election": a, "person": person, "group": person.group,
            "registration": registration, "absence": absence,
            "conflict": RegistrationConflict.objects.get(), "personas": personas}


def check(client_as, world, expected, method, url, data=None):
    got = {}
    for name in ORDER:
        client = client_as(world["personas"][name])
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        got[name] = response.status_code
        if name == "anonymous":
            assert response["Location"].startswith(reverse("login")), url
    assert got == expected, url


PAGES = [
    ("residents", lambda w: [w["code"]], READ),
    ("resident_detail", lambda w: [w["code"], w["person"].pk], READ),
    ("groups", lambda w: [w["code"]], READ),
    ("group_detail", lambda w: [w["code"], w["group"].pk], READ),
    ("import_template", lambda w: [w["code"]], READ),
    ("registrations", lambda w: [w["election"].pk], READ),
    ("registration_detail", lambda w: [w["election"].pk, w["registration"].pk], READ),
    ("conflicts", lambda w: [w["election"].pk], READ),
    ("absences", lambda w: [w["election"].pk], READ),
    ("resident_add", lambda w: [w["code"]], EDIT_FORM),
    ("resident_edit", lambda w: [w["code"], w["person"].pk], EDIT_FORM),
    ("group_add", lambda w: [w["code"]], EDIT_FORM),
    ("group_edit", lambda w: [w["code"], w["group"].pk], EDIT_FORM),
    ("import", lambda w: [w["code"]], EDIT_FORM),
]


@pytest.mark.parametrize("name,args,expected", PAGES, ids=[p[0] for p in PAGES])
def test_get_pages(world, client_as, name, args, expected):
    check(client_as, world, expected, "get", reverse(f"voters:{name}", args=args(world)))


def _resident_form(w):
    return {"name": "王五", "id_number": id_number(datetime.date(1985, 1, 1)), "group": w["group"].pk,
            "household_number": "9-1-101", "relation_to_head": "户主", "hukou_address": "x", "residence_address": "x",
            "hukou_here": "on", "lives_here": "on"}


ACTIONS = [
    ("resident_add", lambda w: [w["code"]], _resident_form, ACTION),
    ("resident_edit", lambda w: [w["code"], w["person"].pk],
     lambda w: {**_resident_form(w), "id_number": w["person"].id_number, "name": "张三丰"}, ACTION),
    ("resident_roles", lambda w: [w["code"], w["person"].pk], lambda w: {"is_representative": "1"}, ACTION),
    ("group_add", lambda w: [w["code"]], lambda w: {"number": 7}, ACTION),
    ("group_edit", lambda w: [w["code"], w["group"].pk], lambda w: {"number": 1, "name": "第一组"}, ACTION),
    ("group_warnings_accept", lambda w: [w["code"]], lambda w: {"reason": "小区规模小"}, ACTION),
    ("import_confirm", lambda w: [w["code"]], lambda w: {"token": "x"}, ACTION),
    ("registrations_build", lambda w: [w["election"].pk], lambda w: {}, ACTION),
    ("registrations_bulk", lambda w: [w["election"].pk], lambda w: {"action": "confirm_clean"}, ACTION),
    ("registration_confirm", lambda w: [w["election"].pk, w["registration"].pk], lambda w: {}, ACTION),
    ("registration_refuse", lambda w: [w["election"].pk, w["registration"].pk], lambda w: {"reason": "已迁出"},
     ACTION),
    ("absence_declare", lambda w: [w["election"].pk, w["registration"].pk],
     lambda w: {"declared_on": "2026-12-01", "reason": "work", "evidence": "本人电话告知"}, ACTION),
    ("absence_withdraw", lambda w: [w["election"].pk, w["absence"].pk], lambda w: {"reason": "本人将到场"}, ACTION),
    # VOT-3: a supervisor of either community decides conflicts too.
    ("conflict_resolve", lambda w: [w["election"].pk, w["conflict"].pk],
     lambda w: {f"c{w['conflict'].pk}-keep": str(w["conflict"].registrations.first().pk),
                f"c{w['conflict'].pk}-decision": "户籍在本社区"},
     {**ACTION, "supervisor_a": 302, "district_admin": 302}),
]


@pytest.mark.parametrize("name,args,data,expected", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_post_actions(world, client_as, name, args, data, expected):
    check(client_as, world, expected, "post", reverse(f"voters:{name}", args=args(world)), data(world))


def test_import_upload_post(world, client_as):
    """The upload answers with the preview (200) for the clerk, and refuses the others."""
    url = reverse("voters:import", args=[world["code"]])
    got = {}
    for name in ORDER:
        client = client_as(world["personas"][name])
        upload = __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
            "居民.csv", csv_bytes([row("赵六", id_number(datetime.date(1988, 8, 8)))], encoding="gbk"))
        got[name] = client.post(url, {"file": upload}).status_code
    assert got == {**EDIT_FORM, "clerk_a": 200}
