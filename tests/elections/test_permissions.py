"""Every URL of the foundation × every persona (STYLE: permission tables).

404 outside one's scope (no information leakage), 403 inside it without the right, login redirect for
anonymous users.
"""
import pytest
from django.urls import reverse

from elections.models import RuleProfile
from tests import factories
from tests.permissions import LOGIN, check_permission_row

READ_A = {"clerk_a": 200, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
          "anonymous": LOGIN}
WRITE_A = {"clerk_a": "ok", "clerk_b": 404, "supervisor_a": 403, "district_admin": 403, "observer_a": 403,
           "anonymous": LOGIN}
SUPERVISE_A = {"clerk_a": 403, "clerk_b": 404, "supervisor_a": "ok", "district_admin": "ok", "observer_a": 403,
               "anonymous": LOGIN}
EVERYONE = {"clerk_a": 200, "clerk_b": 200, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
            "anonymous": LOGIN}
ADMIN_ONLY = {"clerk_a": 403, "clerk_b": 403, "supervisor_a": 403, "district_admin": "ok", "observer_a": 403,
              "anonymous": LOGIN}


def _url(name, election_a, community_a, profile_copy):
    e, c = election_a.pk, community_a.code
    member = election_a.committee.first()
    return {
        "community_detail": reverse("community_detail", args=[c]),
        "election_create": reverse("election_create", args=[c]),
        "community_deferral": reverse("community_deferral", args=[c]),
        "election_detail": reverse("election_detail", args=[e]),
        "election_edit": reverse("election_edit", args=[e]),
        "election_transition": reverse("election_transition", args=[e]),
        "election_checklist": reverse("election_checklist", args=[e]),
        "election_committee": reverse("election_committee", args=[e]),
        "committee_leave": reverse("committee_leave", args=[e, member.pk]),
        "election_meetings": reverse("election_meetings", args=[e]),
        "election_audit": reverse("election_audit", args=[e]),
        "profile_list": reverse("profile_list"),
        "profile_detail": reverse("profile_detail", args=[RuleProfile.objects.get(key="seed-district-plan").pk]),
        "profile_copy": reverse("profile_copy", args=[RuleProfile.objects.get(key="seed-district-plan").pk]),
        "profile_edit": reverse("profile_edit", args=[profile_copy.pk]),
        "profile_edit_builtin": reverse("profile_edit", args=[RuleProfile.objects.get(key="national-model").pk]),
        "calendar_years": reverse("calendar_years"),
        "login_lockouts": reverse("login_lockouts"),
        "login_lockout_release": reverse("login_lockout_release"),
        "election_postpone": reverse("election_postpone", args=[e]),
        "election_notice_repost": reverse("election_notice_repost", args=[e]),
        "backdated_acknowledge": reverse("backdated_acknowledge", args=[e, _backdated(election_a).pk])
        if name == "backdated_acknowledge" else "",
    }[name]


def _backdated(election):
    from elections.models import BackdatedAct
    return BackdatedAct.objects.create(election=election, act="meeting_other", day="2026-10-01",
                                       entered_at="2026-10-10T10:00:00+08:00", days_back=9)


POST_DATA = {
    "election_create": {"term": 13, "profile": "", "vice_chair_seats": 1, "member_seats": 3},
    "community_deferral": {"deferred": "on", "reason": "拆迁", "occupancy_percent": 40},
    "election_transition": {"to": "registration"},
    "election_committee": {"name": "周敏", "sex": "F", "position": "member"},
    "committee_leave": {"reason": "接受提名（CAN-8）"},
    "election_meetings": {"kind": "other", "held_on": "2026-10-01", "representatives_total": 51, "present": 30},
    "election_edit": {"vice_chair_seats": 1, "member_seats": 4, "place": "社区广场"},
    "calendar_years": {"year": 2027, "holidays_text": "2027-10-01~2027-10-07", "workdays_text": "", "source": "x"},
    "login_lockout_release": {"kind": "username", "value": "wang"},
    "election_postpone": {"new_date": "2027-01-10", "reason": "改期", "document_number": "街发〔2026〕1号",
                          "decided_on": "2026-12-01"},
    "election_notice_repost": {"posted_on": "2026-12-01"},
    "backdated_acknowledge": {"note": "已核实"},
}

CASES = [
    ("GET", "community_detail", READ_A),
    ("GET", "election_create", WRITE_A),
    ("POST", "election_create", WRITE_A),
    ("POST", "community_deferral", SUPERVISE_A),
    ("GET", "election_detail", READ_A),
    ("GET", "election_edit", WRITE_A),
    ("POST", "election_edit", WRITE_A),
    ("POST", "election_transition", WRITE_A),
    ("GET", "election_checklist", READ_A),
    ("GET", "election_committee", READ_A),
    ("POST", "election_committee", WRITE_A),
    ("POST", "committee_leave", WRITE_A),
    ("GET", "election_meetings", READ_A),
    ("POST", "election_meetings", WRITE_A),
    ("GET", "election_audit", READ_A),
    ("GET", "profile_list", EVERYONE),
    ("GET", "profile_detail", EVERYONE),
    ("GET", "profile_copy", ADMIN_ONLY),
    ("GET", "profile_edit", ADMIN_ONLY),
    ("GET", "profile_edit_builtin", {**ADMIN_ONLY, "district_admin": 403}),
    ("GET", "calendar_years", EVERYONE),
    ("POST", "calendar_years", ADMIN_ONLY),
    ("GET", "login_lockouts", ADMIN_ONLY),
    ("POST", "login_lockout_release", ADMIN_ONLY),
    ("GET", "election_postpone", READ_A),
    ("POST", "election_postpone", SUPERVISE_A),
    ("POST", "election_notice_repost", WRITE_A),
    ("POST", "backdated_acknowledge", SUPERVISE_A),
]


@pytest.fixture
def profile_copy(district, district_admin):
    from elections.services.profiles import profile_copy as copy
    return copy(profile=RuleProfile.objects.get(key="seed-district-plan"), actor=district_admin,
                district=district, key="haidian-2026", name="海淀区方案")


@pytest.mark.parametrize("method,name,expected", CASES, ids=[f"{m}-{n}" for m, n, _e in CASES])
def test_permission_table(method, name, expected, personas, client_as, election_a, election_b, community_a,
                          profile_copy):
    factories.ready_for_registration(election_a, personas["clerk_a"])
    data = POST_DATA.get(name, {})
    if name == "election_create":
        data = {**data, "profile": RuleProfile.objects.get(key="seed-district-plan").pk}
    check_permission_row(client_as, personas, method, _url(name, election_a, community_a, profile_copy),
                         expected, data)


def test_clerk_of_b_cannot_read_a_committee_member_of_a_through_b(client_as, clerk_b, election_a, election_b,
                                                                   clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    member = election_a.committee.first()
    url = reverse("committee_leave", args=[election_b.pk, member.pk])
    response = client_as(clerk_b).post(url, {"reason": "x"})
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.active
