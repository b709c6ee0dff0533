"""Every counting URL × every persona (STYLE: permission tables): the committee's clerks enter and decide, the
street office reads and records its VOTE-13 decisions, observers read, other communities see nothing (404),
anonymous users log in first."""
import pytest
from django.urls import reverse

from counting.models import TallyBox
from counting.services import entry as entry_services
from tests.counting.helpers import counting_setup, first_round, issue, line
from tests.permissions import LOGIN, check_permission_row

from .test_scenarios import CANDIDATES

pytestmark = pytest.mark.django_db

READ = {"clerk_a": 200, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
        "anonymous": LOGIN}
WRITE = {"clerk_a": "ok", "clerk_b": 404, "supervisor_a": 403, "district_admin": 403, "observer_a": 403,
         "anonymous": LOGIN}
# The PDFs exist once the result is certified: everyone in scope gets a refusal saying why (409), never a page.
NOT_YET = {**READ, "clerk_a": 409, "supervisor_a": 409, "district_admin": 409, "observer_a": 409}
SUPERVISE = {"clerk_a": 403, "clerk_b": 404, "supervisor_a": "ok", "district_admin": "ok", "observer_a": 403,
             "anonymous": LOGIN}


@pytest.fixture
def counting_a(community_a, clerk_a):
    """Election A in round 1: a box open, clerk_a's first entry with one ballot typed."""
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES)
    issue(setup, 20)
    count_round = first_round(setup, clerk_a)
    box = entry_services.box_open(count_round=count_round, station=setup.station, mode=TallyBox.Mode.BALLOTS,
                                  actor=clerk_a)
    entry = entry_services.entry_start(box=box, actor=clerk_a)
    entry_services.lines_add(entry=entry, lines=[line(setup, approve=[("chair", "安国强")])], actor=clerk_a)
    return setup, count_round, box, entry


def url(name, setup, box, entry):
    e = setup.election.pk
    return {
        "overview": reverse("counting:overview", args=[e]),
        "box_open": reverse("counting:box_open", args=[e]),
        "round_next": reverse("counting:round_next", args=[e]),
        "polls_reopen": reverse("counting:polls_reopen", args=[e]),
        "round_close": reverse("counting:round_close", args=[e, 1]),
        "round_reopen": reverse("counting:round_reopen", args=[e, 1]),
        "box": reverse("counting:box", args=[e, box.pk]),
        "entry_start": reverse("counting:entry_start", args=[e, box.pk]),
        "box_reopen": reverse("counting:box_reopen", args=[e, box.pk]),
        "resolve": reverse("counting:resolve", args=[e, box.pk]),
        "entry": reverse("counting:entry", args=[e, entry.pk]),
        "entry_submit": reverse("counting:entry_submit", args=[e, entry.pk]),
        "entry_discard": reverse("counting:entry_discard", args=[e, entry.pk]),
        "line_edit": reverse("counting:line_edit", args=[e, entry.pk, 1]),
        "line_delete": reverse("counting:line_delete", args=[e, entry.pk, 1]),
        "results": reverse("counting:results", args=[e]),
        "certify": reverse("counting:certify", args=[e]),
        "decisions": reverse("counting:decisions", args=[e]),
        "results_pdf": reverse("election_document", args=[e, "results"]),
        "results_report_pdf": reverse("election_document", args=[e, "results-report"]),
    }[name]


def post_data(name, setup, count_round):
    chair = setup.ids["安国强"]
    return {
        "box_open": {"station": setup.station.pk, "mode": "totals"},
        "round_reopen": {"reason": "更正"},
        "polls_reopen": {"reason": "误点结束发票"},
        "round_next": {"voting_day": "2026-12-20"},
        "box_reopen": {"reason": "重新录入"},
        "resolve": {"all": "first", "reason": "核对原件"},
        "entry": {"rows": 1, f"r0-m-chair-{chair}": "1"},
        "entry_submit": {"returned": 1},
        "entry_discard": {"reason": "重新录入"},
        "line_edit": {"r0-serial": "0001", f"r0-m-chair-{chair}": "2"},
        "decisions": {"kind": "void_round", "round": count_round.pk, "reason": "经查实存在伪造选票",
                      "reference": "街道〔2026〕1号", "decided_on": "2026-11-22"},
    }.get(name, {})


CASES = [
    ("GET", "overview", READ), ("POST", "box_open", WRITE), ("POST", "round_next", WRITE),
    ("POST", "polls_reopen", WRITE),
    ("POST", "round_close", WRITE), ("POST", "round_reopen", WRITE),
    ("GET", "box", READ), ("POST", "entry_start", WRITE), ("POST", "box_reopen", WRITE),
    ("POST", "resolve", WRITE),
    ("GET", "entry", READ), ("POST", "entry", WRITE), ("POST", "entry_submit", WRITE),
    ("POST", "entry_discard", WRITE), ("GET", "line_edit", WRITE), ("POST", "line_edit", WRITE),
    ("POST", "line_delete", WRITE),
    ("GET", "results", READ), ("POST", "certify", WRITE),
    ("GET", "decisions", READ), ("POST", "decisions", SUPERVISE),
    ("GET", "results_pdf", NOT_YET), ("GET", "results_report_pdf", NOT_YET),
]


@pytest.mark.parametrize(("method", "name", "expected"), CASES, ids=[f"{m}-{n}" for m, n, _e in CASES])
def test_permission_table(method, name, expected, personas, client_as, counting_a):
    setup, count_round, box, entry = counting_a
    data = post_data(name, setup, count_round) if method == "POST" else None
    check_permission_row(client_as, personas, method, url(name, setup, box, entry), expected, data)


def test_vote_6_the_second_typist_is_refused_the_first_typists_entry_page_for_typing(client_as, clerk_a2,
                                                                                      counting_a):
    setup, _round, _box, entry = counting_a
    client = client_as(clerk_a2)
    page = client.get(reverse("counting:entry", args=[setup.election.pk, entry.pk]))
    assert page.status_code == 200 and not page.context["typist"]
    assert "line_rows" not in page.context  # the other entry stays unseen until both are finished
    response = client.post(reverse("counting:entry", args=[setup.election.pk, entry.pk]),
                           {"rows": 1, f"r0-m-chair-{setup.ids['安国强']}": "1"})
    assert response.status_code == 403


def test_vote_6_one_user_cannot_take_both_entries_of_a_box_through_the_pages(client_as, clerk_a, counting_a):
    setup, _round, box, entry = counting_a
    client = client_as(clerk_a)
    client.post(reverse("counting:entry_submit", args=[setup.election.pk, entry.pk]), {"returned": 1,
                                                                                       "reason": "核对"})
    response = client.post(reverse("counting:entry_start", args=[setup.election.pk, box.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("counting:box", args=[setup.election.pk, box.pk])
    assert box.entries.count() == 1


def test_vote_6_a_finished_entry_stays_unseen_by_the_other_typist_until_both_are_finished(
        client_as, clerk_a, clerk_a2, counting_a):
    setup, _round, box, entry = counting_a
    client_as(clerk_a).post(reverse("counting:entry_submit", args=[setup.election.pk, entry.pk]),
                            {"returned": 1, "reason": "核对"})
    page = client_as(clerk_a2).get(reverse("counting:entry", args=[setup.election.pk, entry.pk]))
    assert not page.context["shown"] and "line_rows" not in page.context
    own = client_as(clerk_a).get(reverse("counting:entry", args=[setup.election.pk, entry.pk]))
    assert own.context["shown"] and len(own.context["line_rows"]) == 1
