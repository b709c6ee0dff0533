"""Proxy voting (PRX-1…PRX-4): every refusal at its edge, approval, certificates' numbers, withdrawal."""
import datetime

import pytest

from elections import clock
from elections.models import AuditLog
from elections.services.errors import RuleViolation
from polling import testing
from polling.models import Proxy
from polling.services.proxies import (proxies_arranged, proxy_apply, proxy_approve, proxy_deadline, proxy_refuse,
                                      proxy_revoke)
from voters.models import Registration

from .conftest import LAST_PROXY_DAY, with_method, with_rules

DAY_BEFORE = LAST_PROXY_DAY - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def clock_the_day_before_the_last_proxy_day(settings):
    """The app's clock on 2026-12-17 (CAL-5: applications and decisions are dated up to today)."""
    settings.CLOCK_TODAY = DAY_BEFORE


def apply(election, principal, holder, actor=None, today=DAY_BEFORE, **kw):
    """An application made and entered on `today`."""
    fields = {"reason": "age", "authorisation_signed_on": DAY_BEFORE - datetime.timedelta(days=1),
              "authorisation_note": "委托书第1号"} | kw
    with clock.travelling_to(today):
        return proxy_apply(election=election, principal=principal, holder=holder, actor=actor,
                           applied_on=today, **fields)


def approve(proxy, today=DAY_BEFORE, actor=None):
    """The committee's approval, decided and entered on `today`."""
    with clock.travelling_to(today):
        return proxy_approve(proxy=proxy, actor=actor, decided_on=today)


def approved(election, principal, holder, actor=None, today=DAY_BEFORE):
    return approve(apply(election, principal, holder, actor, today=today), today, actor)


def test_prx_2_an_application_records_reason_and_written_authorisation(direct_election, voters, clerk_a):
    proxy = apply(direct_election, voters[0], voters[1], clerk_a, reason="illness", reason_detail="住院")

    proxy.refresh_from_db()
    assert (proxy.status, proxy.reason, proxy.authorisation_note, proxy.applied_on) == (
        "pending", "illness", "委托书第1号", DAY_BEFORE)
    assert AuditLog.objects.filter(action="polling.proxy.applied", object_id=str(proxy.pk)).count() == 1


def test_prx_2_an_application_without_the_written_authorisation_is_refused(direct_election, voters):
    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], voters[1], authorisation_note="  ")
    assert exc.value.rule == "PRX-2"


def test_prx_2_only_age_illness_or_disability_are_reasons(direct_election, voters):
    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], voters[1], reason="travel")
    assert exc.value.rule == "PRX-2"


def test_prx_1_no_proxy_under_the_representatives_method(direct_election, voters):
    election = with_method(direct_election, "representative")

    with pytest.raises(RuleViolation) as exc:
        apply(election, voters[0], voters[1])
    assert exc.value.rule == "PRX-1"


def test_prx_1_the_household_method_allows_proxies(direct_election, voters):
    election = with_method(direct_election, "household")

    assert apply(election, voters[0], voters[4]).status == "pending"


def test_prx_3_the_last_day_is_two_days_before_election_day(direct_election):
    assert proxy_deadline(direct_election) == datetime.date(2026, 12, 18)


def test_prx_3_a_proxy_is_accepted_on_the_last_day(direct_election, voters):
    proxy = approved(direct_election, voters[0], voters[1], today=datetime.date(2026, 12, 18))

    assert proxy.status == "approved"


def test_prx_3_a_proxy_is_refused_the_day_after_the_last_day(direct_election, voters):
    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], voters[1], today=datetime.date(2026, 12, 19))
    assert exc.value.rule == "PRX-3"
    assert "2026-12-18" in str(exc.value.messages[0])


def test_prx_3_the_committee_cannot_approve_after_the_last_day(direct_election, voters):
    proxy = apply(direct_election, voters[0], voters[1], today=datetime.date(2026, 12, 18))

    with pytest.raises(RuleViolation) as exc:
        approve(proxy, datetime.date(2026, 12, 19))
    assert exc.value.rule == "PRX-3"


def test_prx_4_the_proxy_must_be_a_confirmed_voter_of_the_same_election(direct_election, voters):
    Registration.objects.filter(pk=voters[1].pk).update(status="pending")
    voters[1].refresh_from_db()

    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], voters[1])
    assert exc.value.rule == "PRX-4"


def test_prx_4_a_voter_of_another_election_cannot_be_the_proxy(direct_election, voters, election_b):
    stranger = testing.make_voters(election_b, 1)[0]

    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], stranger)
    assert exc.value.rule == "PRX-4"


def test_prx_2_the_voter_giving_the_proxy_must_be_on_the_voter_list(direct_election, voters):
    Registration.objects.filter(pk=voters[0].pk).update(status="refused", reason="迁出")
    voters[0].refresh_from_db()

    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], voters[1])
    assert exc.value.rule == "PRX-2"


def test_prx_4_a_proxy_carries_three_authorisations_and_the_fourth_is_refused(direct_election, voters):
    holder = voters[0]
    for principal in voters[1:4]:
        approved(direct_election, principal, holder)

    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[4], holder)
    assert exc.value.rule == "PRX-4"
    assert "3" in exc.value.messages[0]
    assert Proxy.objects.filter(holder=holder, status="approved").count() == 3


def test_prx_4_pending_applications_count_towards_the_maximum(direct_election, voters):
    for principal in voters[1:4]:
        apply(direct_election, principal, voters[0])

    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[4], voters[0])
    assert exc.value.rule == "PRX-4"


def test_prx_4_the_maximum_comes_from_the_rule_profile(direct_election, voters):
    election = with_rules(direct_election, proxy_max_authorisations=2)
    for principal in voters[1:3]:
        approved(election, principal, voters[0])

    with pytest.raises(RuleViolation) as exc:
        apply(election, voters[3], voters[0])
    assert exc.value.rule == "PRX-4"


def test_prx_4_a_refused_or_withdrawn_proxy_frees_its_place(direct_election, voters):
    for principal in voters[1:4]:
        approved(direct_election, principal, voters[0])
    proxy_revoke(proxy=Proxy.objects.get(principal=voters[1]), actor=None, reason="本人能到场投票")

    assert apply(direct_election, voters[4], voters[0]).status == "pending"


def test_prx_4_a_formal_candidate_cannot_be_a_proxy_when_the_profile_forbids_it(direct_election, voters,
                                                                                candidates):
    candidate = Registration.objects.get(election=direct_election, resident=candidates[0].nominee.resident)

    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], candidate)
    assert exc.value.rule == "PRX-4"


def test_prx_4_a_formal_candidate_may_be_a_proxy_when_the_profile_allows_it(direct_election, voters,
                                                                            candidates):
    election = with_rules(direct_election, proxy_candidate_forbidden=False)
    candidate = Registration.objects.get(election=election, resident=candidates[0].nominee.resident)

    assert apply(election, voters[0], candidate).status == "pending"


def test_prx_4_a_voter_who_gave_a_proxy_cannot_be_a_proxy(direct_election, voters):
    approved(direct_election, voters[1], voters[2])  # voters[1] gave a proxy

    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], voters[1])
    assert exc.value.rule == "PRX-4"


def test_prx_4_a_proxy_holder_cannot_hand_their_own_vote_on(direct_election, voters):
    approved(direct_election, voters[1], voters[0])  # voters[0] holds a proxy

    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], voters[2])
    assert exc.value.rule == "PRX-4"


def test_prx_4_a_voter_gives_one_proxy_at_a_time(direct_election, voters):
    apply(direct_election, voters[0], voters[1])

    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], voters[2])
    assert exc.value.rule == "PRX-4"


def test_prx_4_nobody_is_their_own_proxy(direct_election, voters):
    with pytest.raises(RuleViolation) as exc:
        apply(direct_election, voters[0], voters[0])
    assert exc.value.rule == "PRX-4"


def test_prx_4_approval_checks_the_maximum_again(direct_election, voters):
    """Four applications filed for one proxy before the profile was tightened: the fourth approval fails."""
    election = with_rules(direct_election, proxy_max_authorisations=4)
    proxies = [apply(election, p, voters[0]) for p in voters[1:5]]
    election = with_rules(election, proxy_max_authorisations=3)
    for proxy in proxies[:3]:
        proxy.election = election
        approve(proxy, DAY_BEFORE)
    proxies[3].election = election

    with pytest.raises(RuleViolation) as exc:
        approve(proxies[3], DAY_BEFORE)
    assert exc.value.rule == "PRX-4"


def test_approval_numbers_the_certificates_in_order(direct_election, voters, clerk_a):
    first = approved(direct_election, voters[1], voters[0], clerk_a)
    second = approved(direct_election, voters[2], voters[0], clerk_a)

    assert (first.number, second.number) == (1, 2)
    assert AuditLog.objects.filter(action="polling.proxy.approved").count() == 2


def test_a_refusal_needs_its_reason(direct_election, voters):
    proxy = apply(direct_election, voters[0], voters[1])

    with pytest.raises(RuleViolation):
        proxy_refuse(proxy=proxy, actor=None, reason=" ")
    assert proxy_refuse(proxy=proxy, actor=None, reason="不符合委托条件").status == "refused"


def test_prx_3_proxy_voting_is_marked_arranged_once_every_application_is_decided(direct_election, voters):
    apply(direct_election, voters[0], voters[1])

    with pytest.raises(RuleViolation):
        proxies_arranged(election=direct_election, actor=None)
    approve(Proxy.objects.get(principal=voters[0]), DAY_BEFORE)
    assert proxies_arranged(election=direct_election, actor=None).step == "proxies_arranged"
