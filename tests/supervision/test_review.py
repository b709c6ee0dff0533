"""Review actions (issue 11, item 3): the street office signs off overrides (with a note), acknowledges
back-dated acts (CAL-5) and co-signs the handover (AFT-2) — through services that write the audit log, only in
its scope; clerks and observers read, never sign off. "Needs my review" counts what is not signed off yet."""
import datetime

import pytest
from django.urls import reverse

from aftermath.models import HandoverSignature
from aftermath.services.handover import handover_sign
from elections import clock
from elections.models import AuditLog, BackdatedAct, Override, Role
from elections.services.errors import RuleViolation
from elections.services.overrides import override_review
from supervision.selectors import street_rows
from tests import factories
from tests.aftermath.helpers import begun, certified
from tests.permissions import LOGIN, OK, check_permission_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def override_a(election_a):
    return Override.objects.create(election=election_a, rule="MTH-2", message="第三居民小组182户，远超100户",
                                   reason="楼栋集中，历史划分")


@pytest.fixture
def backdated_a(election_a):
    return BackdatedAct.objects.create(election=election_a, act="meeting_other", day=datetime.date(2026, 12, 1),
                                       entered_at=clock.now(), days_back=9)


@pytest.fixture
def supervisor_b(street_b):
    user = factories.user("supervisor_b")
    factories.role(user, Role.Kind.STREET_SUPERVISOR, street_b)
    return user


def _review_count(community):
    return street_rows([community], clock.today())[0].needs_review


# --- permissions: every URL × every persona -----------------------------------------------------------------

READ = {"clerk_a": 200, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
        "anonymous": LOGIN}
SIGN_OFF = {"clerk_a": 403, "clerk_b": 404, "supervisor_a": OK, "district_admin": OK, "observer_a": 403,
            "anonymous": LOGIN}


def test_permission_table_of_the_review_page(personas, client_as, election_a):
    check_permission_row(client_as, personas, "GET", reverse("election_review", args=[election_a.pk]), READ)


def test_permission_table_of_signing_off_an_override(personas, client_as, election_a, override_a):
    url = reverse("override_review", args=[election_a.pk, override_a.pk])
    check_permission_row(client_as, personas, "POST", url, SIGN_OFF, data={"note": "已核实楼栋分布"})
    override_a.refresh_from_db()
    assert override_a.reviewed_by in (personas["supervisor_a"], personas["district_admin"])


def test_permission_table_of_acknowledging_a_back_dated_act_from_the_review_page(personas, client_as,
                                                                                 election_a, backdated_a):
    url = reverse("backdated_acknowledge", args=[election_a.pk, backdated_a.pk])
    check_permission_row(client_as, personas, "POST", url, SIGN_OFF, data={"note": "已核实会议记录"})


def test_the_review_page_and_the_refused_post_change_nothing_for_a_clerk(client_as, clerk_a, election_a,
                                                                        override_a):
    client = client_as(clerk_a)
    page = client.get(reverse("election_review", args=[election_a.pk])).content.decode()
    assert "第三居民小组182户" in page and reverse("override_review", args=[election_a.pk, override_a.pk]) not in page
    assert client.post(reverse("override_review", args=[election_a.pk, override_a.pk]),
                       {"note": "自己审核"}).status_code == 403
    override_a.refresh_from_db()
    assert not override_a.reviewed and not AuditLog.objects.filter(
        action="elections.warning.override_reviewed").exists()


# --- overrides ------------------------------------------------------------------------------------------------

def test_a_supervisor_signs_off_an_override_with_a_note_and_it_is_audited(client_as, supervisor_a, election_a,
                                                                        community_a, override_a):
    assert _review_count(community_a) == 1
    client = client_as(supervisor_a)
    page = client.get(reverse("election_review", args=[election_a.pk])).content.decode()
    assert reverse("override_review", args=[election_a.pk, override_a.pk]) in page
    response = client.post(reverse("override_review", args=[election_a.pk, override_a.pk]),
                           {"note": "已实地查看楼栋分布"})
    assert response.status_code == 302
    assert response.url == reverse("election_review", args=[election_a.pk]) + f"#override-{override_a.pk}"
    override_a.refresh_from_db()
    assert (override_a.reviewed_by, override_a.review_note) == (supervisor_a, "已实地查看楼栋分布")
    entry = AuditLog.objects.get(action="elections.warning.override_reviewed")
    assert (entry.actor, entry.election, entry.after["note"], entry.after["rule"]) == (
        supervisor_a, election_a, "已实地查看楼栋分布", "MTH-2")
    assert _review_count(community_a) == 0
    assert 'data-testid="override-reviewed"' in client.get(
        reverse("election_review", args=[election_a.pk])).content.decode()


def test_a_sign_off_needs_a_note_and_happens_once(supervisor_a, district_admin, override_a, client_as,
                                                  election_a):
    with pytest.raises(RuleViolation):
        override_review(override=override_a, actor=supervisor_a, note="  ")
    refused = client_as(supervisor_a).post(reverse("override_review", args=[election_a.pk, override_a.pk]),
                                           {"note": ""})
    assert refused.status_code == 302
    override_a.refresh_from_db()
    assert not override_a.reviewed
    override_review(override=override_a, actor=district_admin, note="区里已核实")
    with pytest.raises(RuleViolation):
        override_review(override=override_a, actor=supervisor_a, note="再次审核")
    assert AuditLog.objects.filter(action="elections.warning.override_reviewed").count() == 1


def test_only_the_street_office_of_the_community_signs_off(clerk_a, observer_a, supervisor_b, override_a,
                                                           client_as, election_a):
    for actor in (clerk_a, observer_a, supervisor_b, None):
        with pytest.raises(RuleViolation):
            override_review(override=override_a, actor=actor, note="看过了")
    # Another street's supervisor does not even see the election.
    assert client_as(supervisor_b).post(reverse("override_review", args=[election_a.pk, override_a.pk]),
                                        {"note": "看过了"}).status_code == 404
    assert client_as(supervisor_b).get(reverse("election_review", args=[election_a.pk])).status_code == 404
    override_a.refresh_from_db()
    assert not override_a.reviewed


# --- back-dated acts (CAL-5) -------------------------------------------------------------------------------------

def test_cal_5_acknowledging_from_the_review_page_comes_back_to_it(client_as, supervisor_a, election_a,
                                                                  community_a, backdated_a):
    assert _review_count(community_a) == 1
    review = reverse("election_review", args=[election_a.pk])
    response = client_as(supervisor_a).post(reverse("backdated_acknowledge", args=[election_a.pk, backdated_a.pk]),
                                            {"note": "已核实", "next": review + "#backdated"})
    assert response.url == review + "#backdated"
    assert _review_count(community_a) == 0
    assert AuditLog.objects.filter(action="elections.act.backdated_acknowledged", actor=supervisor_a).exists()


def test_cal_5_an_outside_address_to_come_back_to_is_ignored(client_as, supervisor_a, election_a, backdated_a):
    response = client_as(supervisor_a).post(reverse("backdated_acknowledge", args=[election_a.pk, backdated_a.pk]),
                                            {"note": "已核实", "next": "https://example.com/"})
    assert response.url == reverse("election_detail", args=[election_a.pk])


# --- the handover's co-signature (AFT-2) ------------------------------------------------------------------------

@pytest.fixture
def clerk_a2(community_a):
    user = factories.user("clerk_a2")
    factories.role(user, Role.Kind.CLERK, community_a)
    return user


def test_aft_2_a_handover_both_chairs_signed_waits_for_the_street_and_links_to_its_page(
        community_a, clerk_a, clerk_a2, supervisor_a, client_as):
    setup = certified(community_a, clerk_a, clerk_a2)
    handover = begun(setup.election, clerk_a)
    today = clock.today()
    handover_sign(handover=handover, party=HandoverSignature.Party.OUTGOING, actor=clerk_a,
                  signer_name=handover.outgoing_chair, signed_on=today)
    assert _review_count(community_a) == 0  # the chairs sign first
    handover_sign(handover=handover, party=HandoverSignature.Party.INCOMING, actor=clerk_a,
                  signer_name=handover.incoming_chair, signed_on=today)
    assert _review_count(community_a) == 1
    client = client_as(supervisor_a)
    dashboard = client.get(reverse("community_list"), {"filter": "review"})
    assert [r.community for r in dashboard.context["rows"]] == [community_a]
    html = dashboard.content.decode()
    assert 'data-testid="cosign-badge"' in html and reverse("aftermath:handover", args=[setup.election.pk]) in html
    review = client.get(reverse("election_review", args=[setup.election.pk])).content.decode()
    assert reverse("aftermath:handover", args=[setup.election.pk]) in review
    # The co-signature is the handover's own third signature (aftermath), recorded by the supervisor.
    handover_sign(handover=handover, party=HandoverSignature.Party.STREET, actor=supervisor_a,
                  signer_name="街道监交人", signed_on=today)
    row = street_rows([community_a], today)[0]
    assert row.needs_review == 0 and row.handover.key == "complete"
