"""Users and roles in the app (issue 11, item 4): the district administrator's streets, communities and users,
a street supervisor's clerks, a clerk's counting users; one-time passwords changed at the first login; disabled,
never deleted; every grant, removal and organisation change audited; the admin site read-only for them."""
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from elections.models import Account, AuditLog, Community, Role, Street
from elections.services import organisations as org_services
from elections.services import users as user_services
from elections.services.errors import RuleViolation
from tests import factories
from tests.permissions import LOGIN, check_permission_row

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    """Through the login page (the lock-out backend needs the request): True when it let the user in."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _last(action):
    return AuditLog.objects.filter(action=action).latest("id")


@pytest.fixture
def other_clerk_a(community_a):
    """A second clerk of community A: the one the street supervisor and the administrator manage."""
    user = factories.user("other_clerk_a", first_name="钱芳")
    factories.role(user, Role.Kind.CLERK, community_a)
    return user


# --- organisations --------------------------------------------------------------------------------------------

def test_the_district_administrator_creates_a_street_and_a_community_audited(district, district_admin):
    street = org_services.street_create(actor=district_admin, district=district, code="110108017000",
                                        name="学院路街道")
    community = org_services.community_create(actor=district_admin, street=street, code="110108017001",
                                              name="石油大院社区", households=300, is_pilot=True)
    assert _last("elections.street.created").after == {"code": "110108017000", "name": "学院路街道",
                                                       "district": district.pk}
    entry = _last("elections.community.created")
    assert entry.community == community and entry.actor == district_admin and entry.after["is_pilot"] is True
    org_services.community_update(actor=district_admin, community=community, name="石油大院", households=320)
    assert ("households", 300, 320) in _last("elections.community.updated").changes()


@pytest.mark.parametrize("code, problem", [
    ("11010801700", "12 digits"), ("110109017000", "begin with 110108"), ("110108015000", "already used"),
    ("110108000000", "own three digits")])
def test_a_street_code_must_be_a_division_code_of_the_district(district, district_admin, street_a, code,
                                                                problem):
    with pytest.raises(RuleViolation) as refused:
        org_services.street_create(actor=district_admin, district=district, code=code, name="某街道")
    assert "ORG-1" in str(refused.value)
    assert not Street.objects.filter(name="某街道").exists()


def test_a_community_code_begins_with_its_streets(district_admin, street_a, community_a):
    for code in ("110108016009", "110108015000", community_a.code):
        with pytest.raises(RuleViolation):
            org_services.community_create(actor=district_admin, street=street_a, code=code, name="某社区")
    assert not Community.objects.filter(name="某社区").exists()


def test_only_the_district_administrator_changes_organisations(district, supervisor_a, clerk_a, street_a):
    for actor in (supervisor_a, clerk_a):
        with pytest.raises(PermissionDenied):
            org_services.street_create(actor=actor, district=district, code="110108017000", name="学院路街道")
        with pytest.raises(PermissionDenied):
            org_services.community_create(actor=actor, street=street_a, code="110108015009", name="某社区")


# --- users and roles: who may grant what ------------------------------------------------------------------------

def test_a_new_user_gets_a_one_time_password_and_the_creation_is_audited(district_admin, community_a):
    user, password = user_services.user_create(actor=district_admin, username="sun_clerk", full_name="孙丽",
                                               phone="13812345678", kind=Role.Kind.CLERK, scope=community_a)
    assert user.check_password(password) and len(password) == 10
    assert Account.objects.get(user=user).must_change_password
    created = _last("elections.user.created")
    assert created.community == community_a and created.after["full_name"] == "孙丽"
    assert created.after["phone"] == "138****5678"  # masked in the stored snapshot (VOT-7)
    assert password not in str(created.after) + str(created.data)
    granted = _last("elections.role.granted")
    assert granted.before is None and granted.after["kind"] == "clerk" and granted.after["user"] == user.pk


def test_grants_and_removals_are_audited_before_and_after(district_admin, other_clerk_a, community_b):
    role = user_services.role_grant(actor=district_admin, user=other_clerk_a, kind=Role.Kind.OBSERVER,
                                    scope=community_b)
    granted = _last("elections.role.granted")
    assert (granted.before, granted.after["kind"]) == (None, "observer")
    assert granted.after["scope"] == "花园东路社区（110108016001）" and granted.community == community_b
    user_services.role_remove(actor=district_admin, role=role)
    removed = _last("elections.role.removed")
    assert removed.after is None and removed.before == granted.after
    assert not Role.objects.filter(pk=role.pk).exists()


def test_the_last_role_is_not_removed_the_user_is_disabled_instead(district_admin, other_clerk_a):
    role = Role.objects.get(user=other_clerk_a)
    with pytest.raises(RuleViolation):
        user_services.role_remove(actor=district_admin, role=role)
    assert Role.objects.filter(pk=role.pk).exists()


def test_a_street_supervisor_manages_only_the_clerks_of_its_streets_communities(
        supervisor_a, community_a, community_b, other_clerk_a, clerk_b):
    user, _password = user_services.user_create(actor=supervisor_a, username="new_a", full_name="新甲",
                                                kind=Role.Kind.CLERK, scope=community_a)
    assert Role.objects.filter(user=user, community=community_a, kind="clerk").exists()
    with pytest.raises(PermissionDenied):
        user_services.user_create(actor=supervisor_a, username="new_b", full_name="新乙", kind=Role.Kind.CLERK,
                                  scope=community_b)
    with pytest.raises(PermissionDenied):  # a supervisor makes no observers or supervisors
        user_services.user_create(actor=supervisor_a, username="new_c", full_name="新丙",
                                  kind=Role.Kind.OBSERVER, scope=community_a)
    user_services.user_disable(actor=supervisor_a, user=other_clerk_a, reason="调离")
    with pytest.raises(PermissionDenied):
        user_services.user_disable(actor=supervisor_a, user=clerk_b, reason="调离")
    assert not get_user_model().objects.get(pk=other_clerk_a.pk).is_active
    assert get_user_model().objects.get(pk=clerk_b.pk).is_active
    assert not get_user_model().objects.filter(username__in=["new_b", "new_c"]).exists()


def test_a_clerk_adds_counting_users_of_its_own_election_only(clerk_a, election_a, election_b, other_clerk_a):
    counter, _password = user_services.user_create(actor=clerk_a, username="counter_a", full_name="计票甲",
                                                   kind=Role.Kind.COUNTER, scope=election_a)
    assert _last("elections.role.granted").election == election_a
    with pytest.raises(PermissionDenied):
        user_services.user_create(actor=clerk_a, username="counter_b", full_name="计票乙",
                                  kind=Role.Kind.COUNTER, scope=election_b)
    with pytest.raises(PermissionDenied):  # a clerk does not manage the other clerks
        user_services.user_disable(actor=clerk_a, user=other_clerk_a, reason="调离")
    user_services.user_disable(actor=clerk_a, user=counter, reason="计票结束")
    assert _last("elections.user.disabled").changes() == [("is_active", True, False)]


def test_a_counting_user_holds_counting_roles_only(district_admin, clerk_a, election_a, community_a):
    counter, _password = user_services.user_create(actor=clerk_a, username="counter_a", full_name="计票甲",
                                                   kind=Role.Kind.COUNTER, scope=election_a)
    with pytest.raises(RuleViolation):
        user_services.role_grant(actor=district_admin, user=counter, kind=Role.Kind.CLERK, scope=community_a)


def test_bad_user_input_is_refused_with_a_message(district_admin, community_a, other_clerk_a):
    with pytest.raises(ValidationError) as refused:
        user_services.user_create(actor=district_admin, username="other_clerk_a", full_name="", phone="12ab",
                                  kind=Role.Kind.CLERK, scope=community_a)
    assert set(refused.value.error_dict) == {"username", "full_name", "phone"}


# --- logging in -------------------------------------------------------------------------------------------------

def test_the_first_login_forces_a_new_password(client, district_admin, community_a):
    user, password = user_services.user_create(actor=district_admin, username="sun_clerk", full_name="孙丽",
                                               kind=Role.Kind.CLERK, scope=community_a)
    assert _login(client, "sun_clerk", password)
    for url in (reverse("home"), reverse("community_detail", args=[community_a.code]), reverse("audit_trail")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(reverse("password_change"), {
        "old_password": password, "new_password1": "Yili-Beiyuan-2026", "new_password2": "Yili-Beiyuan-2026"})
    assert response.status_code == 302
    assert client.get(reverse("community_detail", args=[community_a.code])).status_code == 200
    assert not Account.objects.get(user=user).must_change_password
    assert _last("elections.password.changed").data == {"one_time_password_replaced": True}
    client.logout()
    assert _login(client, "sun_clerk", "Yili-Beiyuan-2026")
    assert client.get(reverse("home")).status_code in (200, 302)
    assert client.get(reverse("community_detail", args=[community_a.code])).status_code == 200


def test_a_reset_password_is_again_a_one_time_password(client, district_admin, other_clerk_a):
    password = user_services.user_password_reset(actor=district_admin, user=other_clerk_a)
    assert _last("elections.user.password_reset").after is None
    assert _login(client, "other_clerk_a", password)
    assert client.get(reverse("home")).url == reverse("password_change")


def test_a_disabled_user_cannot_log_in_and_their_session_ends(client, district_admin, other_clerk_a, community_a):
    client.force_login(other_clerk_a)
    assert client.get(reverse("community_detail", args=[community_a.code])).status_code == 200
    user_services.user_disable(actor=district_admin, user=other_clerk_a, reason="调离本社区")
    response = client.get(reverse("community_detail", args=[community_a.code]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not _login(client, "other_clerk_a", "pw")
    assert get_user_model().objects.filter(pk=other_clerk_a.pk).exists()  # disabled, not deleted
    entry = _last("elections.user.disabled")
    assert entry.data == {"reason": "调离本社区"} and entry.community == community_a
    user_services.user_enable(actor=district_admin, user=other_clerk_a)
    assert _login(client, "other_clerk_a", "pw")


# --- the pages --------------------------------------------------------------------------------------------------

def test_the_administrator_creates_a_street_a_community_and_its_clerk_through_the_pages(client, district_admin):
    client.force_login(district_admin)
    response = client.post(reverse("manage_street_create"), {"code": "110108017000", "name": "学院路街道"})
    assert response.status_code == 302
    response = client.post(reverse("manage_community_create", args=["110108017000"]), {
        "code": "110108017001", "name": "石油大院社区", "households": 300, "population": 900, "address": ""})
    assert response.status_code == 302
    response = client.post(reverse("manage_user_create"), {
        "username": "shiyou_clerk", "full_name": "石油", "phone": "", "kind": "clerk", "scope_code": "110108017001"})
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()
    user = get_user_model().objects.get(username="shiyou_clerk")
    assert user.check_password(password)
    assert Role.objects.get(user=user).community.code == "110108017001"


def test_a_bad_code_on_the_page_shows_the_reason(client, district_admin):
    client.force_login(district_admin)
    response = client.post(reverse("manage_street_create"), {"code": "12345", "name": "学院路街道"})
    assert response.status_code == 200 and "ORG-1" in response.content.decode()
    response = client.post(reverse("manage_user_create"), {
        "username": "x1", "full_name": "某人", "kind": "clerk", "scope_code": "999999999999"})
    assert response.status_code == 200 and "999999999999" in response.content.decode()


def test_the_admin_site_is_read_only_for_users_roles_and_organisations(admin_client, other_clerk_a, community_a):
    role = Role.objects.get(user=other_clerk_a)
    for model, pk in (("auth/user", other_clerk_a.pk), ("elections/role", role.pk),
                      ("elections/community", community_a.pk), ("elections/street", community_a.street_id),
                      ("elections/district", community_a.street.district_id)):
        assert admin_client.get(f"/admin/{model}/add/").status_code == 403
        assert admin_client.get(f"/admin/{model}/{pk}/change/").status_code == 200  # a read-only view
        assert admin_client.post(f"/admin/{model}/{pk}/change/", {}).status_code == 403
        assert admin_client.post(f"/admin/{model}/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert get_user_model().objects.filter(pk=other_clerk_a.pk).exists()


# --- permission tables: every new URL × every persona ---------------------------------------------------------

ADMIN_ONLY = {"clerk_a": 403, "clerk_b": 403, "supervisor_a": 403, "district_admin": "ok", "observer_a": 403,
              "anonymous": LOGIN}
MANAGERS = {"clerk_a": 200, "clerk_b": 200, "supervisor_a": 200, "district_admin": 200, "observer_a": 403,
            "anonymous": LOGIN}
# A clerk of community A (other_clerk_a): its street's supervisor and the administrator manage it; clerks manage
# counting users only (404: not among theirs).
CLERK_MANAGERS = {"clerk_a": 404, "clerk_b": 404, "supervisor_a": "ok", "district_admin": "ok", "observer_a": 403,
                  "anonymous": LOGIN}
COUNTERS_READ = {"clerk_a": 200, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
                 "anonymous": LOGIN}
COUNTERS_ADD = {"clerk_a": "ok", "clerk_b": 404, "supervisor_a": 403, "district_admin": "ok", "observer_a": 403,
                "anonymous": LOGIN}
EVERYONE = {"clerk_a": 200, "clerk_b": 200, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
            "anonymous": LOGIN}
COMMUNITY_A_ADMIN = {"clerk_a": 403, "clerk_b": 404, "supervisor_a": 403, "district_admin": "ok",
                     "observer_a": 403, "anonymous": LOGIN}

ROWS = [
    ("GET", "manage_organisations", ADMIN_ONLY),
    ("GET", "manage_street_create", ADMIN_ONLY),
    ("POST", "manage_street_create", ADMIN_ONLY),
    ("GET", "manage_street", ADMIN_ONLY),
    ("GET", "manage_street_edit", ADMIN_ONLY),
    ("POST", "manage_street_edit", ADMIN_ONLY),
    ("GET", "manage_community_create", ADMIN_ONLY),
    ("POST", "manage_community_create", ADMIN_ONLY),
    ("GET", "manage_community_edit", COMMUNITY_A_ADMIN),
    ("POST", "manage_community_edit", COMMUNITY_A_ADMIN),
    ("GET", "manage_users", MANAGERS),
    ("GET", "manage_user_create", MANAGERS),
    ("GET", "manage_user", CLERK_MANAGERS),
    ("POST", "manage_user_edit", CLERK_MANAGERS),
    ("POST", "manage_user_role_add", CLERK_MANAGERS),
    # The role is gone once the supervisor removed it (the administrator's removal: the service test above).
    ("POST", "manage_user_role_remove", {k: v for k, v in CLERK_MANAGERS.items() if k != "district_admin"}),
    ("POST", "manage_user_disable", CLERK_MANAGERS),
    ("POST", "manage_user_enable", CLERK_MANAGERS),
    ("POST", "manage_user_password", CLERK_MANAGERS),
    ("GET", "election_counters", COUNTERS_READ),
    ("POST", "election_counters", COUNTERS_ADD),
    ("GET", "audit_trail", EVERYONE),
    ("GET", "audit_trail_xlsx", EVERYONE),
    ("GET", "election_audit_xlsx", COUNTERS_READ),
]


def _target(name, street_a, community_a, election_a, other_clerk_a, community_b):
    user = other_clerk_a.pk
    # A second community of street A: its street's supervisor may give and take its clerk role.
    community_a2 = factories.community(street_a, code="110108015002", name="文慧园社区")
    if name == "manage_user_role_remove":
        extra = Role.objects.create(user=other_clerk_a, kind=Role.Kind.CLERK, community=community_a2)
        return reverse(name, args=[user, extra.pk]), {}
    args = {"manage_street": [street_a.code], "manage_street_edit": [street_a.code],
            "manage_community_create": [street_a.code], "manage_community_edit": [community_a.code],
            "election_counters": [election_a.pk]}.get(name, [] if name in ("manage_users", "manage_user_create")
                                                       or not name.startswith("manage_user") else [user])
    data = {"manage_street_create": {"code": "110108017000", "name": "学院路街道"},
            "manage_street_edit": {"code": street_a.code, "name": "北太平庄街道办事处"},
            "manage_community_create": {"code": "110108015009", "name": "新社区", "households": 1, "population": 1},
            "manage_community_edit": {"code": community_a.code, "name": "怡丽北园", "households": 1,
                                      "population": 1},
            "manage_user_edit": {"full_name": "钱芳芳", "phone": "13800000000"},
            "manage_user_role_add": {"kind": "clerk", "scope_code": community_a2.code},
            "manage_user_disable": {"reason": "调离"},
            "election_counters": {"username": "counter_new", "full_name": "计票新"}}.get(name, {})
    return reverse(name, args=args), data


@pytest.mark.parametrize("method, name, expected", ROWS, ids=[f"{m} {n}" for m, n, _e in ROWS])
def test_permissions_of_the_administration_pages(client_as, personas, method, name, expected, street_a,
                                                  community_a, election_a, other_clerk_a, community_b):
    if name.endswith("_xlsx"):
        args = [election_a.pk] if name.startswith("election") else []
        url, data = reverse(name.removesuffix("_xlsx"), args=args) + "?format=xlsx", {}
    else:
        url, data = _target(name, street_a, community_a, election_a, other_clerk_a, community_b)
    check_permission_row(client_as, personas, method, url, expected, data)
    if name == "manage_user_role_add":  # granted once, by the first persona allowed; refused by the others
        assert Role.objects.filter(user=other_clerk_a, community__code="110108015002").count() == 1
    if name == "manage_user_role_remove":
        assert not Role.objects.filter(user=other_clerk_a, community__code="110108015002").exists()
