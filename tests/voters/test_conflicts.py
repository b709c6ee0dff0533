"""VOT-3: one registration per person in the district; a conflict is shown to both committees and decided."""
import datetime

import pytest

from elections.models import AuditLog
from elections.services.errors import RuleViolation
from tests import factories
from voters import eligibility
from voters.models import Registration, RegistrationConflict, VoterListVersion
from voters.services.registration import (conflict_resolve, registration_confirm, registration_refuse,
                                          registrations_build)

from .helpers import id_number, open_registration, resident


@pytest.fixture
def both(election_a, election_b, clerk_a, clerk_b, community_a, community_b):
    """The same person is a resident of A and of B; A registers first, then B."""
    number = id_number(datetime.date(1970, 1, 1))
    person_a = resident(community_a, number=number, name="张三")
    person_b = resident(community_b, number=number, name="张三")
    a = open_registration(election_a, clerk_a)
    b = open_registration(election_b, clerk_b)
    registrations_build(election=a, actor=clerk_a)
    result = registrations_build(election=b, actor=clerk_b)
    assert result.conflicts_found == 1
    return (a, Registration.objects.get(resident=person_a)), (b, Registration.objects.get(resident=person_b))


def test_vot_3_the_second_community_finds_the_conflict_and_both_are_flagged(both):
    (a, reg_a), (b, reg_b) = both
    conflict = RegistrationConflict.objects.get()
    assert not conflict.resolved
    assert set(conflict.registrations.all()) == {reg_a, reg_b}
    assert reg_a.problems == [eligibility.CONFLICT] and reg_b.problems == [eligibility.CONFLICT]
    assert AuditLog.objects.filter(action="voters.conflict.found", election=a).count() == 1
    assert AuditLog.objects.filter(action="voters.conflict.found", election=b).count() == 1


def test_vot_3_rebuilding_does_not_record_the_conflict_twice(both, clerk_a):
    (a, _reg_a), _b = both
    assert registrations_build(election=a, actor=clerk_a).conflicts_found == 0
    assert RegistrationConflict.objects.count() == 1


def test_vot_3_neither_side_can_confirm_while_the_conflict_is_open(both, clerk_a, clerk_b):
    (_a, reg_a), (_b, reg_b) = both
    for reg, clerk in ((reg_a, clerk_a), (reg_b, clerk_b)):
        with pytest.raises(RuleViolation) as exc:
            registration_confirm(registration=reg, actor=clerk)
        assert exc.value.rule == "VOT-3"


def test_vot_3_the_decision_keeps_one_and_refuses_the_other_with_the_reason(both, clerk_b):
    (_a, reg_a), (_b, reg_b) = both
    conflict = RegistrationConflict.objects.get()
    conflict_resolve(conflict=conflict, keep=reg_b, actor=clerk_b, decision="本人实际居住在花园东路社区，本人申请在此登记")
    conflict.refresh_from_db()
    reg_a.refresh_from_db()
    reg_b.refresh_from_db()
    assert conflict.resolved and conflict.kept == reg_b and conflict.decided_by == clerk_b
    assert (reg_a.status, reg_a.reason) == ("refused", "本人实际居住在花园东路社区，本人申请在此登记")
    assert reg_b.problems == []
    registration_confirm(registration=reg_b, actor=clerk_b)
    assert AuditLog.objects.filter(action="voters.conflict.resolved").count() == 2


def test_vot_3_a_decision_needs_its_reason_and_is_taken_once(both, supervisor_a):
    (_a, reg_a), _b = both
    conflict = RegistrationConflict.objects.get()
    with pytest.raises(RuleViolation):
        conflict_resolve(conflict=conflict, keep=reg_a, actor=supervisor_a, decision="")
    conflict_resolve(conflict=conflict, keep=reg_a, actor=supervisor_a, decision="户籍在怡丽北园社区")
    with pytest.raises(RuleViolation):
        conflict_resolve(conflict=conflict, keep=reg_a, actor=supervisor_a, decision="again")


def test_vot_3_refusing_on_one_side_settles_the_conflict_at_the_next_build(both, clerk_a, clerk_b):
    (a, reg_a), (_b, reg_b) = both
    registration_refuse(registration=reg_a, actor=clerk_a, reason="已迁往花园东路社区")
    registrations_build(election=a, actor=clerk_a)
    conflict = RegistrationConflict.objects.get()
    assert conflict.resolved and conflict.kept == reg_b
    registration_confirm(registration=reg_b, actor=clerk_b)


def test_vot_10_a_registration_on_a_posted_list_is_not_refused_by_a_conflict_decision(
        election_a, election_b, clerk_a, clerk_b, community_a, community_b):
    number = id_number(datetime.date(1970, 1, 1))
    resident(community_a, number=number)
    resident(community_b, number=number)
    a = open_registration(election_a, clerk_a)
    registrations_build(election=a, actor=clerk_a)
    reg_a = Registration.objects.get(election=a)
    registration_confirm(registration=reg_a, actor=clerk_a)
    VoterListVersion.objects.create(election=a, number=1, kind="main", posted_on=datetime.date(2026, 12, 1),
                                    voter_count=1)
    b = open_registration(election_b, clerk_b)
    assert registrations_build(election=b, actor=clerk_b).conflicts_found == 1
    reg_b = Registration.objects.get(election=b)
    conflict = RegistrationConflict.objects.get()
    with pytest.raises(RuleViolation) as exc:
        conflict_resolve(conflict=conflict, keep=reg_b, actor=clerk_b, decision="实际居住在花园东路")
    assert exc.value.rule == "VOT-10"
    reg_a.refresh_from_db()
    assert reg_a.status == "confirmed"
    conflict_resolve(conflict=conflict, keep=reg_a, actor=clerk_b, decision="已在怡丽北园社区登记并公布")
    reg_b.refresh_from_db()
    assert reg_b.status == "refused"


def test_rehearsals_and_other_districts_do_not_conflict(community_a, clerk_a, election_a):
    other = factories.community(factories.street(factories.district()))
    number = id_number(datetime.date(1970, 1, 1))
    resident(community_a, number=number)
    resident(other, number=number)
    rehearsal = open_registration(factories.election(other, is_rehearsal=True), None)
    real = open_registration(factories.election(other), None)
    registrations_build(election=rehearsal, actor=None)
    registrations_build(election=real, actor=None)
    a = open_registration(election_a, clerk_a)
    assert registrations_build(election=a, actor=clerk_a).conflicts_found == 0
