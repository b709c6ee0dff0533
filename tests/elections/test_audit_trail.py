"""The audit trail people can read (issue 11, item 5): every action in words, values as labels, actors by name
and role, filters, the .xlsx export, phone numbers masked."""
import ast
import datetime
import io
import pathlib
import re

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from elections.audit_display import action_labels, describe
from elections.models import AuditLog, Election, Role
from elections.services import users as user_services
from elections.audit import audit_log
from elections.states import State

pytestmark = pytest.mark.django_db

APPS = ["elections", "voters", "candidates", "polling", "counting", "aftermath", "supervision"]
ACTION = re.compile(r"^(%s)\.[a-z_]+\.[a-z_]+$" % "|".join(APPS))


def _is_module_path(text):
    """"elections.idle_timeout.stamp_login" names code (a dispatch uid, a dotted path), not an action."""
    root = pathlib.Path(settings.BASE_DIR)
    first, second = text.split(".")[:2]
    return (root / first / f"{second}.py").exists() or (root / first / second).is_dir()


def _actions_in(node, actions, prefixes):
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and ACTION.match(node.value):
        if not _is_module_path(node.value):
            actions.add(node.value)
        return
    if not (isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant)):
        return
    head = str(node.values[0].value)
    if re.match(r"^(%s)\.[a-z_]+\.$" % "|".join(APPS), head):
        part = node.values[1].value if len(node.values) > 1 else None
        if isinstance(part, ast.IfExp):
            actions.update(head + branch.value for branch in (part.body, part.orelse))
        else:
            prefixes.add(head)


def _written_actions():
    """Every action string in the apps' code: string constants shaped like an action, and f-strings such as
    f"counting.round.{'voided' if void else 'closed'}" (expanded) or f"voters.registration.{status}" (a prefix)."""
    actions, prefixes = set(), set()
    root = pathlib.Path(settings.BASE_DIR)
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "audit_labels.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                _actions_in(node, actions, prefixes)
    return actions, prefixes


def test_every_action_written_in_the_code_has_a_label():
    actions, prefixes = _written_actions()
    assert len(actions) > 100  # the collection works
    labels = action_labels()
    missing = sorted(a for a in actions if a not in labels)
    assert not missing, f"audit actions without a label (add them to <app>/audit_labels.py): {missing}"
    for prefix in prefixes:
        assert any(a.startswith(prefix) for a in labels), prefix
    assert all(str(label) for label in labels.values())


def test_the_computed_actions_have_labels_for_each_value():
    from voters.models import Objection, Registration
    labels = action_labels()
    for status in Registration.Status.values:
        assert f"voters.registration.{status}" in labels
    for decision in (Objection.Decision.UPHELD, Objection.Decision.REJECTED):
        assert f"voters.objection.{decision}" in labels


# --- in words ---------------------------------------------------------------------------------------------------

@pytest.fixture
def counter_a(clerk_a, election_a):
    user, _password = user_services.user_create(actor=clerk_a, username="counter_a", full_name="计票员甲",
                                                phone="13812345678", kind=Role.Kind.COUNTER, scope=election_a)
    return user


def test_values_are_shown_as_labels_and_people_by_name(clerk_a, election_a, counter_a):
    clerk_a.first_name = "王秀兰"
    clerk_a.save()
    # As election_transition writes it (its guards need a whole committee; the display is what is tested).
    audit_log(actor=clerk_a, action="elections.election.transitioned", obj=election_a,
              before={"state": "preparation"}, after={"state": "registration"})
    entries = AuditLog.objects.filter(election=election_a).select_related("actor")
    shown = {s.entry.action: s for s in describe(entries)}
    granted = shown["elections.role.granted"]
    assert granted.action == _("Role granted")
    assert granted.actor == "王秀兰" and granted.actor_roles == str(Role.Kind.CLERK.label)
    assert (str(Role._meta.get_field("user").verbose_name), "—", "计票员甲") in granted.changes
    assert (str(Role._meta.get_field("kind").verbose_name), "—", str(Role.Kind.COUNTER.label)) in granted.changes
    created = shown["elections.user.created"]
    assert any(new == _("Yes") for _label, _old, new in created.changes)  # is_active True → 是
    moved = shown["elections.election.transitioned"]
    assert moved.action == _("Election moved to the next stage")
    assert moved.changes == [(str(Election._meta.get_field("state").verbose_name), str(State.PREPARATION.label),
                              str(State.REGISTRATION.label))]


def test_the_audit_page_shows_labels_not_codes(client, clerk_a, election_a, counter_a):
    client.force_login(clerk_a)
    page = client.get(reverse("election_audit", args=[election_a.pk])).content.decode()
    assert _("Role granted") in page and "计票员甲" in page
    assert ">elections.role.granted<" not in page


# --- filters ----------------------------------------------------------------------------------------------------

def test_the_trail_filters_by_election_person_action_and_dates(client, district_admin, clerk_a, clerk_b,
                                                               election_a, election_b, counter_a):
    client.force_login(district_admin)
    url = reverse("audit_trail")

    def actions(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return [s.entry for s in response.context["shown"]]

    assert {e.election_id for e in actions(election=election_a.pk)} == {election_a.pk}
    assert {e.actor_id for e in actions(person="clerk_b")} == {clerk_b.pk}
    assert {e.action for e in actions(action="elections.role.granted")} == {"elections.role.granted"}
    today = datetime.date.today()
    assert actions(since=today - datetime.timedelta(days=1), until=today + datetime.timedelta(days=1))
    assert actions(until=today - datetime.timedelta(days=1)) == []
    assert actions(community=election_b.community.code) and all(
        e.community_id == election_b.community_id for e in actions(community=election_b.community.code))


def test_each_reader_sees_the_trail_of_its_scope(client, clerk_b, supervisor_a, district_admin, election_a,
                                                 election_b, counter_a):
    from elections.services.organisations import street_create
    street_create(actor=district_admin, district=election_a.community.street.district, code="110108017000",
                  name="学院路街道")
    seen = {}
    for user in (clerk_b, supervisor_a, district_admin):
        client.force_login(user)
        seen[user.username] = {e.action for e in [s.entry for s in
                                                  client.get(reverse("audit_trail")).context["shown"]]}
        seen[user.username + "_communities"] = set(
            AuditLog.objects.filter(pk__in=[s.entry.pk for s in client.get(reverse("audit_trail")).context["shown"]])
            .values_list("community_id", flat=True))
    assert seen["clerk_b_communities"] == {election_b.community_id}
    assert seen["supervisor_a_communities"] == {election_a.community_id}
    assert "elections.street.created" in seen["district_admin"]
    assert "elections.street.created" not in seen["supervisor_a"]


# --- export and masking -----------------------------------------------------------------------------------------

def test_the_filtered_trail_exports_to_xlsx(client, supervisor_a, election_a, counter_a):
    client.force_login(supervisor_a)
    response = client.get(reverse("audit_trail"), {"action": "elections.role.granted", "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "操作人", "操作人角色", "操作")
    assert len(rows) == 1 + AuditLog.objects.filter(action="elections.role.granted",
                                                    community=election_a.community).count()
    assert rows[1][3] == "授予角色" and "计票员甲" in rows[1][7]


def test_phone_numbers_are_masked_for_an_observer(client, observer_a, election_a, counter_a):
    client.force_login(observer_a)
    for url in (reverse("audit_trail"), reverse("election_audit", args=[election_a.pk])):
        page = client.get(url).content.decode()
        assert "138****5678" in page and "13812345678" not in page
    sheet = client.get(reverse("audit_trail"), {"format": "xlsx"}).content
    cells = " ".join(str(c) for row in openpyxl.load_workbook(io.BytesIO(sheet)).active.iter_rows(values_only=True)
                     for c in row)
    assert "138****5678" in cells and "13812345678" not in cells


@pytest.mark.django_db
def test_list_values_of_relations_are_shown_not_crashed_on():
    """A resident body's members are logged as a reverse relation's rows ([name, role] pairs) and a conflict's
    registrations as a many-to-many list of ids: the trail shows both instead of failing (it raised TypeError:
    unhashable type: 'list' on /audit/)."""
    from elections.models import District
    district = District.objects.create(code="110108000000", name="海淀区")
    body = AuditLog.objects.create(action="aftermath.resident_body.recorded", object_type="aftermath.ResidentBody",
                                   object_id="1", after={"members": [["东方红梅", "head"], ["西门建华", "member"]]})
    conflict = AuditLog.objects.create(action="voters.conflict.decided", object_type="voters.RegistrationConflict",
                                       object_id="1", after={"registrations": [9991, 9992]})
    plain = AuditLog.objects.create(action="elections.district.created", object_type="elections.District",
                                    object_id=str(district.pk), after={"name": district.name})
    shown = {s.entry.pk: s for s in describe([body, conflict, plain])}
    assert "东方红梅" in str(shown[body.pk].changes)
    assert "9991" in str(shown[conflict.pk].changes) and "9992" in str(shown[conflict.pk].changes)
    assert "海淀区" in str(shown[plain.pk].changes)
