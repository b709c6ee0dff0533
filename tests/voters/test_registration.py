"""Building, reviewing, confirming and refusing registrations (VOT-1, VOT-2, VOT-4, VOT-9, VOT-10)."""
import datetime

import pytest

from elections.models import AuditLog
from elections.services.errors import RuleViolation
from voters import eligibility
from voters.models import Registration, VoterListVersion
from voters.selectors import registered_voter_count
from voters.services.registration import (registration_confirm, registration_refuse, registrations_build,
                                          registrations_bulk_confirm, registrations_bulk_refuse)
from voters.services.residents import resident_update

from .helpers import open_registration, resident

ELECTION_DAY = datetime.date(2026, 12, 20)  # tests.factories.election's default


@pytest.fixture
def election(election_a, clerk_a):
    return open_registration(election_a, clerk_a)


def post_list(election):
    return VoterListVersion.objects.create(election=election, number=1, kind="main", posted_on=datetime.date(2026, 12, 1),
                                           voter_count=0)


def test_vot_1_build_registers_those_18_on_election_day_not_those_a_day_younger(election, community_a, clerk_a):
    of_age = resident(community_a, born=datetime.date(2008, 12, 20))
    too_young = resident(community_a, born=datetime.date(2008, 12, 21))
    result = registrations_build(election=election, actor=clerk_a)
    assert (result.created, result.under_age) == (1, 1)
    assert list(Registration.objects.filter(election=election).values_list("resident", flat=True)) == [of_age.pk]
    assert not Registration.objects.filter(resident=too_young).exists()
    assert AuditLog.objects.filter(action="voters.registrations.built", election=election).count() == 1


def test_build_is_idempotent_and_refreshes_problems(election, community_a, clerk_a):
    person = resident(community_a)
    registrations_build(election=election, actor=clerk_a)
    again = registrations_build(election=election, actor=clerk_a)
    assert (again.created, again.updated) == (0, 0)
    person.deprived_of_rights, person.deprivation_judgment = True, "（2024）京0108刑初1号"
    person.save()
    again = registrations_build(election=election, actor=clerk_a)
    assert again.updated == 1
    assert Registration.objects.get(resident=person).problems == [eligibility.DEPRIVED]


def test_build_is_refused_before_registration_opens(election_a, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        registrations_build(election=election_a, actor=clerk_a)
    assert exc.value.rule == "VOT-4"


def test_confirm_a_clean_registration(election, community_a, clerk_a):
    resident(community_a)
    registrations_build(election=election, actor=clerk_a)
    reg = Registration.objects.get(election=election)
    registration_confirm(registration=reg, actor=clerk_a)
    reg.refresh_from_db()
    assert reg.status == "confirmed" and reg.decided_by == clerk_a and not reg.after_posting
    assert registered_voter_count(election) == 1
    entry = AuditLog.objects.get(action="voters.registration.confirmed")
    assert entry.before["status"] == "pending" and entry.after["status"] == "confirmed"


@pytest.mark.parametrize("flags,rule", [
    ({"deprived_of_rights": True, "deprivation_judgment": "（2024）京0108刑初1号"}, "VOT-1"),
    ({"incapacity": True, "incapacity_decision": "选举委员会第3次会议决定"}, "VOT-9"),
    ({"hukou_here": False, "living_since": datetime.date(2026, 6, 1)}, "VOT-2"),
])
def test_confirming_a_registration_with_a_problem_is_refused_naming_the_rule(election, community_a, clerk_a,
                                                                             flags, rule):
    resident(community_a, **flags)
    registrations_build(election=election, actor=clerk_a)
    reg = Registration.objects.get(election=election)
    with pytest.raises(RuleViolation) as exc:
        registration_confirm(registration=reg, actor=clerk_a)
    assert exc.value.rule == rule
    reg.refresh_from_db()
    assert reg.status == "pending"


def test_fixing_the_resident_clears_the_problem_and_allows_confirming(election, community_a, clerk_a):
    person = resident(community_a, hukou_here=False)
    registrations_build(election=election, actor=clerk_a)
    reg = Registration.objects.get(election=election)
    assert reg.problems == [eligibility.LIVING_SINCE_UNKNOWN]
    resident_update(resident=person, actor=clerk_a, living_since=datetime.date(2020, 1, 1))
    reg.refresh_from_db()
    assert reg.problems == []
    registration_confirm(registration=reg, actor=clerk_a)


def test_vot_4_a_refusal_needs_its_reason(election, community_a, clerk_a):
    resident(community_a)
    registrations_build(election=election, actor=clerk_a)
    reg = Registration.objects.get(election=election)
    with pytest.raises(RuleViolation) as exc:
        registration_refuse(registration=reg, actor=clerk_a, reason="  ")
    assert exc.value.rule == "VOT-4"
    registration_refuse(registration=reg, actor=clerk_a, reason="已迁出本社区")
    reg.refresh_from_db()
    assert (reg.status, reg.reason) == ("refused", "已迁出本社区")


def test_bulk_confirm_confirms_the_clean_ones_and_skips_the_others(election, community_a, clerk_a):
    for _ in range(5):
        resident(community_a)
    problem = resident(community_a, hukou_here=False)
    registrations_build(election=election, actor=clerk_a)
    confirmed, skipped = registrations_bulk_confirm(election=election, actor=clerk_a)
    assert (confirmed, skipped) == (5, 1)
    assert registered_voter_count(election) == 5
    assert Registration.objects.get(resident=problem).status == "pending"
    entry = AuditLog.objects.get(action="voters.registrations.bulk_confirmed")
    assert entry.data["confirmed"] == 5 and len(entry.data["registrations"]) == 5


def test_bulk_confirm_of_selected_registrations(election, community_a, clerk_a):
    people = [resident(community_a) for _ in range(4)]
    registrations_build(election=election, actor=clerk_a)
    chosen = Registration.objects.filter(resident__in=people[:2]).values_list("pk", flat=True)
    assert registrations_bulk_confirm(election=election, actor=clerk_a, registrations=list(chosen)) == (2, 0)
    assert registered_voter_count(election) == 2


def test_bulk_refuse_of_selected_registrations_needs_a_reason(election, community_a, clerk_a):
    people = [resident(community_a) for _ in range(3)]
    registrations_build(election=election, actor=clerk_a)
    chosen = list(Registration.objects.filter(resident__in=people[:2]).values_list("pk", flat=True))
    with pytest.raises(RuleViolation):
        registrations_bulk_refuse(election=election, actor=clerk_a, registrations=chosen, reason="")
    assert registrations_bulk_refuse(election=election, actor=clerk_a, registrations=chosen, reason="已去世") == 2
    assert set(Registration.objects.filter(status="refused").values_list("reason", flat=True)) == {"已去世"}


def test_vot_10_direct_changes_are_refused_once_the_list_is_posted(election, community_a, clerk_a):
    resident(community_a)
    resident(community_a)
    registrations_build(election=election, actor=clerk_a)
    first, second = Registration.objects.filter(election=election)
    registration_confirm(registration=first, actor=clerk_a)
    post_list(election)
    for call in (lambda: registration_confirm(registration=second, actor=clerk_a),
                 lambda: registration_refuse(registration=first, actor=clerk_a, reason="已迁出"),
                 lambda: registrations_bulk_confirm(election=election, actor=clerk_a)):
        with pytest.raises(RuleViolation) as exc:
            call()
        assert exc.value.rule == "VOT-10"


def test_vot_10_the_supplementary_flow_changes_with_after_posting(election, community_a, clerk_a):
    resident(community_a)
    resident(community_a)
    registrations_build(election=election, actor=clerk_a)
    first, second = Registration.objects.filter(election=election)
    registration_confirm(registration=first, actor=clerk_a)
    post_list(election)
    registration_confirm(registration=second, actor=clerk_a, after_posting=True)
    registration_refuse(registration=first, actor=clerk_a, reason="已迁出", after_posting=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.after_posting) == ("removed", True)
    assert (second.status, second.after_posting) == ("confirmed", True)
    assert registered_voter_count(election) == 1


def test_vot_10_after_posting_is_refused_before_the_list_is_posted(election, community_a, clerk_a):
    resident(community_a)
    registrations_build(election=election, actor=clerk_a)
    with pytest.raises(RuleViolation) as exc:
        registration_confirm(registration=Registration.objects.get(), actor=clerk_a, after_posting=True)
    assert exc.value.rule == "VOT-10"


def test_a_pending_registration_may_still_be_refused_after_posting(election, community_a, clerk_a):
    """Not a change to the posted list: the person was never on it."""
    resident(community_a)
    registrations_build(election=election, actor=clerk_a)
    post_list(election)
    registration_refuse(registration=Registration.objects.get(), actor=clerk_a, reason="户籍已迁出")
    assert Registration.objects.get().status == "refused"


def test_after_posting_build_adds_new_residents_as_pending_only(election, community_a, clerk_a):
    resident(community_a)
    registrations_build(election=election, actor=clerk_a)
    registrations_bulk_confirm(election=election, actor=clerk_a)
    post_list(election)
    resident(community_a)
    assert registrations_build(election=election, actor=clerk_a).created == 1
    assert registered_voter_count(election) == 1


def test_vot_1_a_registration_of_someone_no_longer_of_age_on_a_new_election_day_is_flagged(election, community_a,
                                                                                         clerk_a):
    person = resident(community_a, born=datetime.date(2008, 12, 20))
    registrations_build(election=election, actor=clerk_a)
    election.election_date = datetime.date(2026, 12, 19)
    election.save(update_fields=["election_date"])
    assert registrations_build(election=election, actor=clerk_a).updated == 1
    reg = Registration.objects.get(resident=person)
    assert reg.problems == [eligibility.UNDER_AGE]
    with pytest.raises(RuleViolation) as exc:
        registration_confirm(registration=reg, actor=clerk_a)
    assert exc.value.rule == "VOT-1"
