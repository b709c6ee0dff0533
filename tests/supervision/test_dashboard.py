"""The supervisors' dashboard (the communities list) read as a supervisor would, through the test client."""
import datetime

import pytest
from django.urls import reverse

from elections.models import Election
from polling.selectors import QuorumStatus


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2026, 11, 22))


def test_the_dashboard_counts_overdue_steps(client_as, supervisor_a, election_a, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2026, 12, 11))
    response = client_as(supervisor_a).get(reverse("community_list"))
    row = response.context["rows"][0]
    assert row.overdue == 2  # the method decision and the voter list were due on 10 December
    assert row.next.step.key == "method_decided"


def test_org_6_the_dashboard_warns_of_a_street_without_a_pilot(client_as, supervisor_a, election_a,
                                                               community_a):
    response = client_as(supervisor_a).get(reverse("community_list"))
    assert [s.name for s in response.context["pilot_warnings"]] == ["北太平庄街道"]
    type(community_a).objects.filter(pk=community_a.pk).update(is_pilot=True)
    response = client_as(supervisor_a).get(reverse("community_list"))
    assert response.context["pilot_warnings"] == []


def test_vote_4_the_dashboard_shows_the_quorum_on_election_day(client_as, supervisor_a, election_a):
    Election.objects.filter(pk=election_a.pk).update(state="voting", method="direct")
    response = client_as(supervisor_a).get(reverse("community_list"))
    quorum = response.context["rows"][0].quorum
    assert isinstance(quorum, QuorumStatus)
    assert (quorum.eligible, quorum.attended, quorum.threshold, quorum.reached) == (0, 0, 1, False)
