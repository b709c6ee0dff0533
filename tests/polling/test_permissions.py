"""Every election-day URL × every persona (STYLE: permission tables): 404 outside one's scope, 403 for those
who may look but not change, the login page for anonymous users."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.models import Job
from polling import testing
from polling.models import BallotBatch, BallotIssue, PollingStation, Proxy, StationStaff
from polling.services.batches import batch_path
from polling.services.rounds import current_round

from tests.permissions import LOGIN, check_permission_row

from .conftest import CANDIDATES

READ = {"clerk_a": 200, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
        "anonymous": LOGIN}
WRITE = {"clerk_a": "ok", "clerk_b": 404, "supervisor_a": 403, "district_admin": 403, "observer_a": 403,
         "anonymous": LOGIN}
# The issuance's JSON door lets the clerk in, and the service answers: election day is a month ahead in this
# scene, so CAL-5 refuses with 409 (test_issuance_json issues on the day).
ISSUE_JSON = {**WRITE, "clerk_a": 409}
# The person pickers' endpoints serve the clerks' forms only.
PICKER = {**WRITE, "clerk_a": 200}


@pytest.fixture
def scene(direct_election, settings, tmp_path):
    """Election A on election day: voters, candidates, a staffed station and a second one, proxies (approved
    and pending), an issued ballot, a finished print run."""
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    today = timezone.localdate()
    election = testing.set_state(direct_election, election_date=today + datetime.timedelta(days=30))
    regs = testing.make_voters(election, 8)
    testing.make_formal_candidates(election, CANDIDATES)
    station = testing.staffed_station(election, kind="central", name="中心投票站")
    spare = PollingStation.objects.create(election=election, kind="point", name="第一投票点")
    approved = Proxy.objects.create(election=election, principal=regs[1], holder=regs[0], reason="age",
                                    number=1,
                                    authorisation_signed_on=today, authorisation_note="委托书第1号",
                                    applied_on=today, status="approved", decided_on=today)
    pending = Proxy.objects.create(election=election, principal=regs[2], holder=regs[0], reason="illness",
                                   authorisation_signed_on=today, authorisation_note="委托书第2号",
                                   applied_on=today)
    issue = BallotIssue.objects.create(round=current_round(election), registration=regs[5], station=station)
    job = Job.objects.create(kind="polling.ballots", election=election, community=election.community,
                             status="done", done=10, total=10)
    batch = BallotBatch.objects.create(election=election, round=current_round(election), first_serial=1,
                                       last_serial=10, voters=8, spare=2, layout="one", job=job,
                                       file_name="ballots/test.pdf")
    path = batch_path(batch)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.7 test")
    failed = BallotBatch.objects.create(
        election=election, round=current_round(election), first_serial=11, last_serial=12, voters=0, spare=2,
        layout="one", job=Job.objects.create(kind="polling.ballots", election=election, status="failed",
                                             community=election.community, failure="error", error="字体缺失"))
    return {"election": election, "regs": regs, "station": station, "spare": spare, "approved": approved,
            "pending": pending, "issue": issue, "batch": batch, "failed_batch": failed,
            "staff": StationStaff.objects.filter(station=station).first(), "today": today}


def _url(name, s):
    e = s["election"].pk
    args = {
        "overview": [e], "quorum": [e], "quorum_json": [e], "proxies": [e], "proxies_arranged": [e],
        "proxy_detail": [e, s["approved"].pk], "proxy_approve": [e, s["pending"].pk],
        "proxy_refuse": [e, s["pending"].pk], "proxy_revoke": [e, s["approved"].pk],
        "proxy_certificate": [e, s["approved"].pk], "holder": [e, s["regs"][0].pk], "plan": [e],
        "station": [e, s["station"].pk], "station_remove": [e, s["spare"].pk],
        "staff_remove": [e, s["staff"].pk],
        "issue": [e, s["station"].pk], "issue_search_json": [e, s["station"].pk],
        "issue_json": [e, s["station"].pk], "issue_cancel": [e, s["issue"].pk], "ballots": [e],
        "ballot_specimen": [e], "batch_status": [e, s["batch"].pk], "batch_download": [e, s["batch"].pk],
        "batch_retry": [e, s["failed_batch"].pk], "batch_cancel": [e, s["failed_batch"].pk],
        "polls_close": [e], "people_principals": [e], "people_holders": [e], "people_staff": [e],
        "register_entry": [e],
    }[name]
    return reverse(f"polling:{name}", args=args)


def _post_data(name, s):
    return {
        "proxies": {"principal": s["regs"][3].pk, "holder": s["regs"][4].pk, "reason": "age",
                    "authorisation_signed_on": s["today"].isoformat(), "authorisation_note": "委托书第3号"},
        "proxy_refuse": {"reason": "不符合条件"}, "proxy_revoke": {"reason": "本人到场"},
        "plan": {"kind": "mobile", "name": "流动票箱", "place": "", "note": ""},
        "station": {"name": "新工作人员", "duty": "issuer", "phone": ""},
        "issue": {"registration": s["regs"][6].pk}, "issue_json": {"registration": s["regs"][7].pk},
        "issue_cancel": {"reason": "点错了人"},
        "ballots": {"voters": 8, "spare": 1}, "polls_close": {"confirm": "1"},
        "register_entry": {"station": s["station"].pk, "lines": "1"},
    }.get(name, {})


CASES = [
    ("GET", "overview", READ), ("GET", "quorum", READ), ("GET", "quorum_json", READ),
    ("GET", "proxies", READ), ("POST", "proxies", WRITE), ("POST", "proxies_arranged", WRITE),
    ("GET", "proxy_detail", READ), ("POST", "proxy_approve", WRITE), ("POST", "proxy_refuse", WRITE),
    ("POST", "proxy_revoke", WRITE), ("GET", "proxy_certificate", READ), ("GET", "holder", READ),
    ("GET", "plan", READ), ("POST", "plan", WRITE), ("GET", "station", READ), ("POST", "station", WRITE),
    ("POST", "station_remove", WRITE), ("POST", "staff_remove", WRITE),
    ("GET", "issue", READ), ("POST", "issue", WRITE), ("POST", "issue_cancel", WRITE),
    ("GET", "issue_search_json", READ), ("POST", "issue_json", ISSUE_JSON),
    ("GET", "register_entry", READ), ("POST", "register_entry", WRITE),
    ("GET", "ballots", READ), ("POST", "ballots", WRITE), ("GET", "ballot_specimen", READ),
    ("GET", "batch_status", READ), ("GET", "batch_download", READ), ("POST", "batch_retry", WRITE),
    ("POST", "batch_cancel", WRITE), ("POST", "polls_close", WRITE),
    ("GET", "people_principals", PICKER), ("GET", "people_holders", PICKER), ("GET", "people_staff", PICKER),
]
POST_ONLY = {"polls_close", "proxies_arranged", "proxy_approve", "proxy_refuse", "proxy_revoke", "station_remove",
             "staff_remove", "issue_cancel", "batch_retry", "batch_cancel",
             "issue_json"}


@pytest.mark.parametrize(("method", "name", "expected"), CASES, ids=[f"{m}-{n}" for m, n, _e in CASES])
def test_permission_table(method, name, expected, personas, client_as, scene, election_b):
    data = _post_data(name, scene) if method == "POST" else None
    check_permission_row(client_as, personas, method, _url(name, scene), expected, data)


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_post_only_urls_refuse_get(name, client_as, clerk_a, scene):
    assert client_as(clerk_a).get(_url(name, scene)).status_code == 405


def test_a_clerk_of_b_cannot_issue_a_ballot_of_a_through_election_b(client_as, clerk_b, scene, election_b):
    """Objects of A addressed through B's election are not found either."""
    url = reverse("polling:issue", args=[election_b.pk, scene["station"].pk])
    assert client_as(clerk_b).post(url, {"registration": scene["regs"][6].pk}).status_code == 404
    assert not BallotIssue.objects.filter(registration=scene["regs"][6]).exists()
