"""The paper fallback of election day (issue 13, item 5): the issuance register (领票登记册) printed per station
before the day, and its lines entered afterwards in bulk with the same double-issue refusal (VOTE-2)."""
import datetime
import subprocess

import pytest
from django.urls import reverse

from elections import clock, documents
from elections.models import AuditLog
from polling import testing
from polling.models import BallotIssue
from polling.selectors import register_lines
from polling.services.issuance import ballot_issue
from polling.services.proxies import proxy_apply, proxy_approve

DAY = datetime.date(2026, 12, 10)


def pdftotext(pdf):
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


@pytest.fixture
def voters(direct_election):
    """Twelve confirmed voters in four households of three, two households to each of two resident groups (so
    the order the voters were filed in is not the register's order)."""
    return testing.make_voters(direct_election, 12, groups=2)


@pytest.fixture
def stations(direct_election):
    return [testing.staffed_station(direct_election, kind="central", name="中心投票站"),
            testing.staffed_station(direct_election, kind="point", name="第一投票点")]


@pytest.fixture
def proxy(direct_election, voters):
    with clock.travelling_to(DAY):
        made = proxy_apply(election=direct_election, principal=voters[4], holder=voters[0], reason="age",
                           authorisation_signed_on=DAY, authorisation_note="委托书", actor=None, applied_on=DAY)
        return proxy_approve(proxy=made, actor=None, decided_on=DAY)


def _order_key(reg):
    return (reg.resident.group.number, reg.resident.household.number, not reg.resident.is_household_head,
            reg.resident.name)


def test_vote_2_the_register_lists_every_voter_in_group_and_household_order_per_station(
        direct_election, voters, stations, proxy):
    pdf = documents.render_document(direct_election, "issuance-register")
    text = pdftotext(pdf)

    sections = text.split("投票站：")[1:]
    assert [s.split("（")[0].strip() for s in sections] == ["中心投票站", "第一投票点"]  # one register each
    expected = sorted(voters, key=_order_key)
    # make_voters spreads the households over the groups: creation order is not group order
    assert expected != list(voters)
    for section in sections:
        assert "领票人签名" in section and "序号" in section  # the signature column, the line numbers
        assert "本册共列选民12人" in section and "编号" in section  # the count and the serials' space
        positions = [section.index(reg.resident.name) for reg in expected]
        assert positions == sorted(positions), "voters out of group/household order"
        assert f"由{voters[0].resident.name}代领" in section  # PRX-4: the principal's ballot goes to the proxy
        # VOT-7: the masked identity number only
        assert voters[1].resident.masked_id in section and voters[1].resident.id_number not in section
    assert [reg for _n, reg in register_lines(direct_election)] == expected


def test_the_register_is_offered_once_the_plan_has_a_station(direct_election, voters):
    with pytest.raises(documents.DocumentUnavailable, match="投票站"):
        documents.render_document(direct_election, "issuance-register")
    assert "issuance-register" in documents.kinds()


@pytest.fixture
def entry_url(direct_election):
    return reverse("polling:register_entry", args=[direct_election.pk])


def _issued(election):
    return set(BallotIssue.objects.filter(round__election=election, cancelled_at__isnull=True)
               .values_list("registration_id", flat=True))


def test_vote_2_the_clerk_enters_a_paper_register_in_bulk(voting, voters, stations, client_as, clerk_a,
                                                           entry_url):
    lines = dict(register_lines(voting))
    client = client_as(clerk_a)
    response = client.post(entry_url, {"station": stations[1].pk, "lines": "1-3, 5", "tick": ["8"]})

    assert response.status_code == 302
    assert _issued(voting) == {lines[n].pk for n in (1, 2, 3, 5, 8)}
    assert set(BallotIssue.objects.values_list("station", flat=True)) == {stations[1].pk}
    logs = AuditLog.objects.filter(action="polling.ballot.issued")
    assert sorted(log.data["register_line"] for log in logs) == [1, 2, 3, 5, 8]
    entered = AuditLog.objects.get(action="polling.ballot.register_entered")
    assert entered.data["lines"] == [1, 2, 3, 5, 8] and entered.actor == clerk_a
    page = client.get(response.url).content.decode()
    assert "已录入" in page and "第一投票点" in page


def test_vote_2_a_double_issue_in_the_register_is_refused_naming_the_line_and_voter_with_nothing_kept(
        voting, voters, stations, client_as, clerk_a, entry_url):
    lines = dict(register_lines(voting))
    ballot_issue(election=voting, registration=lines[2], station=stations[0], actor=clerk_a)  # live, before

    response = client_as(clerk_a).post(entry_url, {"station": stations[1].pk, "lines": "1-4"})

    assert response.status_code == 200
    page = response.content.decode()
    name = lines[2].resident.name
    assert f"领票登记册第2行，{name}" in page and "中心投票站" in page and "VOTE-2" in page
    assert _issued(voting) == {lines[2].pk}  # lines 1, 3 and 4 were not kept either
    assert not AuditLog.objects.filter(action="polling.ballot.register_entered").exists()


def test_vote_2_the_same_line_in_two_registers_is_refused_the_second_time(
        voting, voters, stations, client_as, clerk_a, entry_url):
    client = client_as(clerk_a)
    assert client.post(entry_url, {"station": stations[0].pk, "lines": "6"}).status_code == 302
    response = client.post(entry_url, {"station": stations[1].pk, "lines": "6 7"})

    assert "领票登记册第6行" in response.content.decode()
    assert _issued(voting) == {dict(register_lines(voting))[6].pk}


def test_prx_4_a_principals_line_is_issued_to_the_proxy(direct_election, voters, stations, proxy, client_as,
                                                        clerk_a, on_election_day):
    voting = testing.set_state(direct_election)
    line = next(n for n, reg in register_lines(voting) if reg.pk == voters[4].pk)
    url = reverse("polling:register_entry", args=[voting.pk])
    assert client_as(clerk_a).post(url, {"station": stations[0].pk, "lines": str(line)}).status_code == 302
    assert BallotIssue.objects.get(registration=voters[4]).proxy == proxy


@pytest.mark.parametrize(("lines", "message"), [("", "至少"), ("0-2", "第1至12行"), ("13", "第1至12行"),
                                                ("abc", "不是行号")])
def test_bad_line_numbers_are_refused_in_chinese(voting, voters, stations, client_as, clerk_a, entry_url,
                                                 lines, message):
    response = client_as(clerk_a).post(entry_url, {"station": stations[0].pk, "lines": lines})

    assert response.status_code == 200 and message in response.content.decode()
    assert not _issued(voting)


def test_the_page_lists_the_register_with_what_is_issued(voting, voters, stations, client_as, observer_a,
                                                         entry_url):
    lines = dict(register_lines(voting))
    ballot_issue(election=voting, registration=lines[1], station=stations[0], actor=None)

    page = client_as(observer_a).get(entry_url).content.decode()
    assert lines[12].resident.name in page and "中心投票站" in page
    assert 'name="tick"' not in page  # read-only: nothing to tick
