"""VOTE-2 under real concurrency: clerks at two stations press "issue" for the same voter at the same moment.

The database decides (the unique constraints on the current round); these tests need row locks and real
concurrent transactions, so they run on PostgreSQL only (CI does; SQLite serialises every write anyway).
"""
import threading

import pytest
from django.db import connection
from django.urls import reverse

from elections.services.errors import RuleViolation
from polling import testing
from polling.models import BallotIssue
from polling.services.issuance import ballot_issue

from .conftest import with_method

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL's concurrent transactions"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("on_election_day"),  # CAL-5: ballots are issued only on the round's voting day
]


def run_together(functions):
    """Run the functions in threads released at the same instant; return their results or exceptions."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(i, fn):
        from django.db import connection as thread_connection
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # the refusals are the point of the test
            results[i] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(functions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def two_stations(direct_election, on_election_day):
    """Two staffed stations, on election day (CAL-5: ballots are issued only on the round's voting day)."""
    return (testing.staffed_station(direct_election, kind="central", name="中心投票站"),
            testing.staffed_station(direct_election, kind="point", name="第二投票点"))


def test_vote_2_ten_clicks_at_two_stations_at_once_issue_exactly_one_ballot(direct_election, two_stations,
                                                                             clerk_a):
    election = testing.set_state(direct_election)
    voter = testing.make_voters(election, 1)[0]

    results = run_together([
        (lambda s=two_stations[i % 2]: ballot_issue(election=election, registration=voter, station=s,
                                                    actor=clerk_a))
        for i in range(10)])

    issued = [r for r in results if isinstance(r, BallotIssue)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert (len(issued), len(refused)) == (1, 9)
    assert {r.rule for r in refused} == {"VOTE-2"}
    assert BallotIssue.objects.filter(registration=voter).count() == 1


def test_mth_1_two_members_of_one_household_at_once_get_one_ballot(direct_election, two_stations):
    election = testing.set_state(with_method(direct_election, "household"))
    members = testing.make_voters(election, 3, per_household=3)

    results = run_together([
        (lambda m=members[i % 3], s=two_stations[i % 2]: ballot_issue(election=election, registration=m,
                                                                       station=s, actor=None))
        for i in range(6)])

    assert sum(isinstance(r, BallotIssue) for r in results) == 1
    assert BallotIssue.objects.filter(round__election=election).count() == 1


def test_vote_2_two_clerks_posting_the_issuance_page_at_once_issue_one_ballot(direct_election, two_stations,
                                                                               clerk_a, client_as):
    from django.test import Client

    election = testing.set_state(direct_election)
    voter = testing.make_voters(election, 1)[0]
    clients = []
    for _ in range(2):
        c = Client()
        c.force_login(clerk_a)
        clients.append(c)

    def post(c, station):
        url = reverse("polling:issue", args=[election.pk, station.pk])
        return c.post(url, {"registration": voter.pk}).status_code

    results = run_together([lambda: post(clients[0], two_stations[0]),
                            lambda: post(clients[1], two_stations[1])])

    assert results == [302, 302]
    assert BallotIssue.objects.filter(registration=voter).count() == 1
