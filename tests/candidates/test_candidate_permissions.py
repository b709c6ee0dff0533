"""Every URL of nominations and candidates × every persona (STYLE: permission tables): 404 outside one's scope,
403 inside it without the right to change, the login page for anonymous users. Supervisors read, clerks write."""
import pytest
from django.urls import reverse

from candidates.models import Candidate, NegativeCheck
from candidates.services.nominations import relation_record
from tests.permissions import LOGIN, check_permission_row

from .conftest import add_resident, self_nominate

READ_A = {"clerk_a": 200, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
          "anonymous": LOGIN}
WRITE_A = {"clerk_a": "ok", "clerk_b": 404, "supervisor_a": 403, "district_admin": 403, "observer_a": 403,
           "anonymous": LOGIN}


@pytest.fixture
def objects(decided, clerk_a):
    """Election A with formal candidates, a nominee still open, one of their checks, and a relation."""
    open_nominee = self_nominate(decided, add_resident(decided, "卫东"), clerk_a)
    candidate = Candidate.objects.filter(election=decided, status="formal").first()
    relation = relation_record(nominee=open_nominee, actor=clerk_a, kind="配偶", role="other", relative_name="卫妻")
    return {"e": decided.pk, "nominee": open_nominee.pk, "check": open_nominee.negative_checks.first().pk,
            "candidate": candidate.pk, "relation": relation.pk}


def url(name, o):
    e = o["e"]
    return {
        "election_nominations": reverse("candidates:election_nominations", args=[e]),
        "nomination_new": reverse("candidates:nomination_new", args=[e]),
        "nominee_detail": reverse("candidates:nominee_detail", args=[e, o["nominee"]]),
        "nominee_accept": reverse("candidates:nominee_accept", args=[e, o["nominee"]]),
        "nominee_override": reverse("candidates:nominee_override", args=[e, o["nominee"]]),
        "nominee_update": reverse("candidates:nominee_update", args=[e, o["nominee"]]),
        "nominee_introductions": reverse("candidates:nominee_introductions", args=[e, o["nominee"]]),
        "relation_add": reverse("candidates:relation_add", args=[e, o["nominee"]]),
        "relation_delete": reverse("candidates:relation_delete", args=[e, o["relation"]]),
        "negative_check": reverse("candidates:negative_check", args=[e, o["check"]]),
        "negative_resolve": reverse("candidates:negative_resolve", args=[e, o["check"]]),
        "election_candidates": reverse("candidates:election_candidates", args=[e]),
        "candidates_meeting": reverse("candidates:candidates_meeting", args=[e]),
        "candidates_post": reverse("candidates:candidates_post", args=[e]),
        "candidate_withdraw": reverse("candidates:candidate_withdraw", args=[e, o["candidate"]]),
        "notice_pdf": reverse("election_document", args=[e, "candidates"]),
        "introductions_pdf": reverse("election_document", args=[e, "candidate-introductions"]),
    }[name]


POST_DATA = {
    "nomination_new": {"source": "self", "positions": ["member"], "nominated_on": "2026-11-20"},
    "nominee_accept": {"accepted_on": "2026-11-20"},
    "nominee_override": {"reason": "经研究同意"},
    "nominee_update": {"is_party_secretary": "on"},
    "nominee_introductions": {"committee_introduction": "介绍", "self_introduction": "自述"},
    "relation_add": {"kind": "子女", "role": "other", "relative_name": "卫子"},
    "negative_check": {"finding": "clear", "evidence": "已核查"},
    "negative_resolve": {"resolution": "已整改"},
    "candidates_meeting": {"held_on": "2026-11-20", "representatives_total": 51, "present": 45},
    "candidate_withdraw": {"withdrawn_on": "2026-11-20", "statement": "本人自愿退出"},
}

CASES = [
    ("GET", "election_nominations", READ_A),
    ("GET", "nomination_new", WRITE_A),
    ("POST", "nomination_new", WRITE_A),
    ("GET", "nominee_detail", READ_A),
    ("POST", "nominee_accept", WRITE_A),
    ("POST", "nominee_override", WRITE_A),
    ("POST", "nominee_update", WRITE_A),
    ("POST", "nominee_introductions", WRITE_A),
    ("POST", "relation_add", WRITE_A),
    ("POST", "relation_delete", WRITE_A),
    ("POST", "negative_check", WRITE_A),
    ("POST", "negative_resolve", WRITE_A),
    ("GET", "election_candidates", READ_A),
    ("GET", "candidates_meeting", WRITE_A),
    ("POST", "candidates_meeting", WRITE_A),
    ("POST", "candidates_post", WRITE_A),
    ("POST", "candidate_withdraw", WRITE_A),
    ("GET", "notice_pdf", READ_A),
    ("GET", "introductions_pdf", READ_A),
]


@pytest.mark.parametrize("method,name,expected", CASES, ids=[f"{m}-{n}" for m, n, _e in CASES])
def test_permission_table(method, name, expected, personas, client_as, objects, election_b):
    check_permission_row(client_as, personas, method, url(name, objects), expected, POST_DATA.get(name, {}))


@pytest.mark.parametrize("name", ["nominee_detail", "negative_check", "candidate_withdraw", "relation_delete"])
def test_a_clerk_of_b_cannot_reach_a_s_objects_through_b_s_election(name, objects, election_b, clerk_b, client_as):
    target = url(name, {**objects, "e": election_b.pk})
    client = client_as(clerk_b)
    response = client.get(target) if name == "nominee_detail" else client.post(target, POST_DATA.get(name, {}))
    assert response.status_code == 404
    assert NegativeCheck.objects.get(pk=objects["check"]).finding == ""
    assert Candidate.objects.get(pk=objects["candidate"]).status == "formal"
