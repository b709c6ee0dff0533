"""Every after-the-vote URL × every persona (STYLE: permission tables): the committee's clerks do the handover,
the wrap-up, recalls and by-elections; the presiding street official's signature and complaint decisions are
the street office's; complaints (complainants, evidence) are seen by the committee and the street office only;
observers read the rest; other communities see nothing (404); anonymous users log in first."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aftermath.models import CommitteeSeat, WorkingCommittee
from aftermath.services.complaints import complaint_evidence_add, complaint_record
from aftermath.services.recall import recall_petition_record
from aftermath.services.wrapup import working_committee_add, working_committee_member_add
from elections import clock
from tests.permissions import LOGIN, check_permission_row

from .helpers import begun

pytestmark = pytest.mark.django_db

READ = {"clerk_a": 200, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
        "anonymous": LOGIN}
WRITE = {"clerk_a": "ok", "clerk_b": 404, "supervisor_a": 403, "district_admin": 403, "observer_a": 403,
         "anonymous": LOGIN}
SUPERVISE = {"clerk_a": 403, "clerk_b": 404, "supervisor_a": "ok", "district_admin": "ok", "observer_a": 403,
             "anonymous": LOGIN}
# Complaints: the committee and the street office, not read-only observers (the complainants' privacy).
PRIVATE = {"clerk_a": 200, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 403,
           "anonymous": LOGIN}
PRIVATE_WRITE = {**PRIVATE, "clerk_a": "ok", "supervisor_a": "ok", "district_admin": "ok"}
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def after_a(certified_a, clerk_a, supervisor_a):
    """Election A in handover: its items filled in, a working committee with a member, a complaint with a file
    sent to the street office, a recall petition awaiting its vote."""
    election = certified_a.election
    handover = begun(election, clerk_a)
    day = clock.today()
    committee = working_committee_add(election=election, actor=clerk_a, name="人民调解委员会", set_up_on=day)
    chair = CommitteeSeat.objects.get(election=election, position="chair")
    member = working_committee_member_add(committee=committee, seat=chair, actor=clerk_a, role="head")
    complaint = complaint_record(election=election, actor=supervisor_a, received_on=day, channel="letter",
                                 subject="bribery", summary="反映有人拉票", routed=True)
    evidence = complaint_evidence_add(complaint=complaint, actor=supervisor_a,
                                      upload=SimpleUploadedFile("信.pdf", PDF))
    recall = recall_petition_record(seat=CommitteeSeat.objects.get(election=election, name="高建华"),
                                    actor=clerk_a, petition_on=day, petitioners=200, grounds="不履职")
    return {"election": election, "handover": handover, "committee": committee, "member": member,
            "complaint": complaint, "evidence": evidence, "recall": recall,
            "seat": CommitteeSeat.objects.get(election=election, name="范卫东")}


def url(name, o):
    e = o["election"].pk
    n = o["complaint"].number
    return {
        "handover": reverse("aftermath:handover", args=[e]),
        "handover_start": reverse("aftermath:handover_start", args=[e]),
        "handover_items": reverse("aftermath:handover_items", args=[e]),
        "sign_outgoing": reverse("aftermath:handover_sign", args=[e, "outgoing"]),
        "sign_incoming": reverse("aftermath:handover_sign", args=[e, "incoming"]),
        "sign_street": reverse("aftermath:handover_sign", args=[e, "street"]),
        "election_close": reverse("aftermath:election_close", args=[e]),
        "handover_pdf": reverse("election_document", args=[e, "handover"]),
        "wrap_up": reverse("aftermath:wrap_up", args=[e]),
        "committee_add": reverse("aftermath:committee_add", args=[e]),
        "member_add": reverse("aftermath:member_add", args=[e, o["committee"].pk]),
        "member_remove": reverse("aftermath:member_remove", args=[e, o["member"].pk]),
        "body_record": reverse("aftermath:body_record", args=[e]),
        "complaints": reverse("aftermath:complaints", args=[e]),
        "complaint": reverse("aftermath:complaint", args=[e, n]),
        "complaint_route": reverse("aftermath:complaint_route", args=[e, n]),
        "evidence_add": reverse("aftermath:evidence_add", args=[e, n]),
        "evidence": reverse("aftermath:evidence", args=[e, n, o["evidence"].pk]),
        "complaint_decide": reverse("aftermath:complaint_decide", args=[e, n]),
        "committee": reverse("aftermath:committee", args=[e]),
        "recall_petition": reverse("aftermath:recall_petition", args=[e]),
        "recall_vote": reverse("aftermath:recall_vote", args=[e, o["recall"].pk]),
        "seat_leave": reverse("aftermath:seat_leave", args=[e, o["seat"].pk]),
        "by_election_call": reverse("aftermath:by_election_call", args=[e]),
    }[name]


def post_data(name, o):
    day = clock.today().isoformat()
    return {
        "handover_start": {"started_on": day, "outgoing_chair": "周上届"},
        "handover_items": {"form-TOTAL_FORMS": 0, "form-INITIAL_FORMS": 0},
        "sign_outgoing": {"outgoing-signer_name": "周上届", "outgoing-signed_on": day},
        "sign_incoming": {"incoming-signer_name": "安国强", "incoming-signed_on": day},
        "sign_street": {"street-signer_name": "监交人", "street-signed_on": day},
        "election_close": {"reason": "另行组建"},
        "committee_add": {"name": "治安保卫委员会", "set_up_on": day},
        "member_add": {f"c{o['committee'].pk}-seat": o["seat"].pk, f"c{o['committee'].pk}-role": "member"},
        "body_record": {"kind": "supervision_group", "set_up_on": day, "chosen_by": "居民代表会议",
                        "members": "赵一\n钱二"},
        "complaints": {"received_on": day, "channel": "visit", "subject": "threats", "summary": "威胁选民"},
        "complaint_route": {"routed_on": day},
        "evidence_add": {"description": "补充材料"},
        "complaint_decide": {"decision": "不属实", "effect": "none", "decided_on": day},
        "recall_petition": {"seat": o["seat"].pk, "petition_on": day, "petitioners": 100, "grounds": "不履职"},
        "recall_vote": {f"r{o['recall'].pk}-vote_on": day, f"r{o['recall'].pk}-eligible": 100,
                        f"r{o['recall'].pk}-participants": 60, f"r{o['recall'].pk}-votes_for": 20,
                        f"r{o['recall'].pk}-votes_against": 40},
        "seat_leave": {"left_on": day, "reason": "resigned"},
        "by_election_call": {"member": 1},
    }.get(name, {})


CASES = [
    ("GET", "handover", READ), ("POST", "handover_start", WRITE), ("POST", "handover_items", WRITE),
    ("POST", "sign_outgoing", WRITE), ("POST", "sign_incoming", WRITE), ("POST", "sign_street", SUPERVISE),
    ("POST", "election_close", WRITE), ("GET", "handover_pdf", READ),
    ("GET", "wrap_up", READ), ("POST", "committee_add", WRITE), ("POST", "member_add", WRITE),
    ("POST", "member_remove", WRITE), ("POST", "body_record", WRITE),
    ("GET", "complaints", PRIVATE), ("POST", "complaints", PRIVATE_WRITE), ("GET", "complaint", PRIVATE),
    ("POST", "complaint_route", WRITE), ("POST", "evidence_add", PRIVATE_WRITE), ("GET", "evidence", PRIVATE),
    ("POST", "complaint_decide", SUPERVISE),
    ("GET", "committee", READ), ("POST", "recall_petition", WRITE), ("POST", "recall_vote", WRITE),
    ("POST", "seat_leave", WRITE), ("POST", "by_election_call", WRITE),
]


@pytest.mark.parametrize(("method", "name", "expected"), CASES, ids=[f"{m}-{n}" for m, n, _e in CASES])
def test_permission_table(method, name, expected, personas, client_as, after_a):
    data = post_data(name, after_a) if method == "POST" else None
    if name == "evidence_add":
        data = {**data, "file": SimpleUploadedFile("补充.pdf", PDF)}
    check_permission_row(client_as, personas, method, url(name, after_a), expected, data)


def test_the_election_page_links_every_after_the_vote_page_for_a_clerk(after_a, client_as, clerk_a):
    html = client_as(clerk_a).get(reverse("election_detail", args=[after_a["election"].pk])).content.decode()
    for name in ("handover", "wrap_up", "complaints", "committee"):
        assert url(name, after_a) in html, name
    assert 'data-testid="aftermath-panel"' in html


def test_observers_see_no_complaints_tab(after_a, client_as, observer_a):
    html = client_as(observer_a).get(reverse("election_detail", args=[after_a["election"].pk])).content.decode()
    assert url("complaints", after_a) not in html and url("handover", after_a) in html
    assert WorkingCommittee.objects.count() == 1
