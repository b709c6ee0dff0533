"""VOT-8: voters who declare at least 2 days before a vote that they cannot come leave its quorum base (direct
and household methods, when the profile says so); shown on the quorum bar and in the results, decided in the
round's count."""
import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from counting.services.rounds import current_count_round, round_close
from elections.models import Election
from elections.services.errors import RuleViolation
from polling.selectors import quorum_status
from tests.counting.helpers import counting_setup, enter_twice, issue, totals_by_key
from voters.models import Absence
from voters.services.absences import absence_declare, absence_withdraw

from .test_scenarios import CANDIDATES, SEPARATE

pytestmark = pytest.mark.django_db

EXCLUDED = {**SEPARATE, "absent_voters_excluded": True}


@pytest.fixture
def setup(community_a, clerk_a):
    """20 voters + 9 candidates = 29 registered; election day today (the app's clock)."""
    return counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=EXCLUDED)


def _days_before(setup, n):
    return setup.election.election_date - datetime.timedelta(days=n)


def _declare(setup, clerk, voters, days_before):
    for registration in voters:
        absence_declare(registration=registration, declared_on=_days_before(setup, days_before), reason="work",
                        evidence="本人书面说明", actor=clerk)


@pytest.mark.parametrize(("days_before", "left_out"), [(1, 0), (2, 4), (10, 4)])
def test_vot_8_a_declaration_at_least_two_days_before_leaves_the_voter_out(setup, clerk_a, days_before, left_out):
    _declare(setup, clerk_a, setup.voters[:4], days_before)
    status = quorum_status(setup.refresh())
    assert (status.registered, status.absent, status.eligible) == (29, left_out, 29 - left_out)
    # more than half of 25 is 13; of 29, 15
    assert status.threshold == (13 if left_out else 15)


def test_vot_8_the_profile_decides_whether_absences_leave_the_count(setup, clerk_a):
    _declare(setup, clerk_a, setup.voters[:4], 5)
    Election.objects.filter(pk=setup.election.pk).update(
        profile_snapshot={**setup.election.profile_snapshot, "absent_voters_excluded": False})
    status = quorum_status(Election.objects.get(pk=setup.election.pk))
    assert (status.absent, status.eligible) == (0, 29)


def test_vot_8_the_round_is_valid_on_the_smaller_base_and_void_without_it(setup, clerk_a, clerk_a2):
    # 29 registered, 8 declared absent in time: base 21, more than half is 11; 12 take part (of 29: 15 needed).
    _declare(setup, clerk_a, setup.voters[12:20], 3)
    issue(setup, 12)
    count_round = current_count_round(election=setup.election, actor=clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=12, valid=12, invalid=0,
                totals=totals_by_key(setup, {"chair": {"安国强": 12}}))
    closed = round_close(count_round=count_round, actor=clerk_a)
    assert (closed.status, closed.result["eligible"], closed.result["absent"]) == ("closed", 21, 8)


def test_vot_8_without_the_declarations_the_same_turnout_misses_the_quorum(setup, clerk_a, clerk_a2):
    issue(setup, 12)
    count_round = current_count_round(election=setup.election, actor=clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=12, valid=12, invalid=0,
                totals=totals_by_key(setup, {"chair": {"安国强": 12}}))
    closed = round_close(count_round=count_round, actor=clerk_a)
    assert (closed.status, closed.void_rule) == ("void", "VOTE-4")


def test_vot_8_a_voter_who_comes_after_all_counts_again(setup, clerk_a):
    _declare(setup, clerk_a, setup.voters[:4], 3)
    issue(setup, 2)  # voters 0 and 1 came
    assert quorum_status(setup.refresh()).absent == 2


def test_vot_8_a_withdrawn_declaration_counts_no_more(setup, clerk_a):
    _declare(setup, clerk_a, setup.voters[:1], 3)
    absence = Absence.objects.get()
    with pytest.raises(RuleViolation):
        absence_withdraw(absence=absence, actor=clerk_a, reason=" ")
    absence_withdraw(absence=absence, actor=clerk_a, reason="本人将到场")
    assert quorum_status(setup.refresh()).absent == 0
    assert setup.election.audit_entries.filter(action="voters.absence.withdrawn").exists()


def test_vot_8_one_standing_declaration_per_voter_and_never_a_future_day(setup, clerk_a):
    _declare(setup, clerk_a, setup.voters[:1], 3)
    with pytest.raises(RuleViolation) as refused:
        _declare(setup, clerk_a, setup.voters[:1], 2)
    assert refused.value.rule == "VOT-8"
    with pytest.raises(RuleViolation) as refused:
        _declare(setup, clerk_a, setup.voters[1:2], -1)
    assert refused.value.rule == "CAL-5"


def test_vot_8_the_representatives_method_counts_every_representative(community_a, clerk_a):
    setup = counting_setup(community_a, clerk_a, voters=4, candidates=CANDIDATES, rules=EXCLUDED,
                           method="representative")
    with pytest.raises(RuleViolation) as refused:
        _declare(setup, clerk_a, setup.voters[:1], 3)
    assert refused.value.rule == "VOT-8"


def test_vot_8_under_the_household_method_a_household_leaves_only_when_all_its_voters_declared(
        community_a, clerk_a):
    setup = counting_setup(community_a, clerk_a, voters=12, candidates=CANDIDATES, rules=EXCLUDED,
                           method="household")
    households = {}
    for registration in setup.voters:
        households.setdefault(registration.resident.household_id, []).append(registration)
    whole, partial = list(households.values())[:2]
    _declare(setup, clerk_a, whole, 3)
    _declare(setup, clerk_a, partial[:1], 3)
    status = quorum_status(setup.refresh())
    assert status.absent == 1


def test_vot_8_declared_on_the_voters_page_and_shown_on_the_quorum_bar(setup, clerk_a, client_as):
    client = client_as(clerk_a)
    registration = setup.voters[0]
    url = reverse("voters:absence_declare", args=[setup.election.pk, registration.pk])
    client.post(url, {"declared_on": _days_before(setup, 3).isoformat(), "reason": "illness",
                      "evidence": "住院证明复印件存档"})
    assert Absence.objects.filter(registration=registration).exists()
    page = client.get(reverse("voters:registration_detail", args=[setup.election.pk, registration.pk]))
    assert "住院证明复印件存档" in page.content.decode()
    overview = client.get(reverse("polling:overview", args=[setup.election.pk]))
    assert overview.context["quorum"].absent == 1
    assert 'data-testid="quorum-absent"' in overview.content.decode()
    listing = client.get(reverse("voters:absences", args=[setup.election.pk]))
    assert [a.counts for a in listing.context["absences"]] == [True]


def test_vot_8_declared_from_the_issuance_page_comes_back_to_the_search(setup, clerk_a, client_as):
    client = client_as(clerk_a)
    registration = setup.voters[1]
    back = reverse("polling:issue", args=[setup.election.pk, setup.station.pk]) + "?" + urlencode(
        {"q": registration.resident.name})
    page = client.get(back)
    assert "absence-evidence-%d" % registration.pk in page.content.decode()
    response = client.post(reverse("voters:absence_declare", args=[setup.election.pk, registration.pk]),
                           {"declared_on": _days_before(setup, 0).isoformat(), "reason": "travel",
                            "evidence": "家属代为告知", "next": back})
    assert response["Location"] == back
    assert Absence.objects.filter(registration=registration).count() == 1
    assert quorum_status(setup.refresh()).absent == 0  # declared on the day itself: too late to leave the base
