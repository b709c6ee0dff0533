"""VOT-3: one registration per person in the district; a conflict is shown to both committees and decided by
both of them together, or by the street office (the district office across streets)."""
import datetime

import pytest
from django.urls import reverse

from elections.models import AuditLog, Role
from elections.services.errors import RuleViolation
from tests import factories
from voters import eligibility
from voters.models import ConflictAgreement, Registration, RegistrationConflict, VoterListVersion
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


def test_vot_3_when_both_committees_agree_one_is_kept_and_the_other_refused_with_the_reasons(
        both, clerk_a, clerk_b):
    (_a, reg_a), (_b, reg_b) = both
    conflict = RegistrationConflict.objects.get()
    conflict_resolve(conflict=conflict, keep=reg_b, actor=clerk_b, decision="本人实际居住在花园东路社区，本人申请在此登记")
    conflict_resolve(conflict=conflict, keep=reg_b, actor=clerk_a, decision="同意，本人已搬离")
    conflict.refresh_from_db()
    reg_a.refresh_from_db()
    reg_b.refresh_from_db()
    assert conflict.resolved and conflict.kept == reg_b and conflict.decided_by == clerk_a
    assert (reg_a.status, reg_a.reason) == (
        "refused", "花园东路社区：本人实际居住在花园东路社区，本人申请在此登记；怡丽北园社区：同意，本人已搬离")
    assert reg_b.problems == []
    registration_confirm(registration=reg_b, actor=clerk_b)
    assert AuditLog.objects.filter(action="voters.conflict.agreed").count() == 2
    assert AuditLog.objects.filter(action="voters.conflict.resolved").count() == 2


def test_vot_3_a_clerk_alone_cannot_refuse_the_other_communitys_voter(both, clerk_b):
    (a, reg_a), (b, reg_b) = both
    conflict = RegistrationConflict.objects.get()

    result = conflict_resolve(conflict=conflict, keep=reg_b, actor=clerk_b, decision="本人在花园东路居住")

    assert not result.resolved
    reg_a.refresh_from_db()
    assert (reg_a.status, reg_a.problems) == ("pending", [eligibility.CONFLICT])
    agreement = ConflictAgreement.objects.get()
    assert (agreement.community, agreement.keep, agreement.agreed_by) == (b.community, reg_b, clerk_b)
    entry = AuditLog.objects.get(action="voters.conflict.agreed")
    assert (entry.election, entry.data["kept"]) == (b, reg_b.pk)


def test_vot_3_committees_that_disagree_leave_it_open_and_may_change_their_minds(both, clerk_a, clerk_b):
    (_a, reg_a), (_b, reg_b) = both
    conflict = RegistrationConflict.objects.get()
    conflict_resolve(conflict=conflict, keep=reg_b, actor=clerk_b, decision="在花园东路居住")
    conflict_resolve(conflict=conflict, keep=reg_a, actor=clerk_a, decision="户籍在怡丽北园")
    conflict.refresh_from_db()
    assert not conflict.resolved

    conflict_resolve(conflict=conflict, keep=reg_a, actor=clerk_b, decision="核实后同意保留怡丽北园的登记")

    conflict.refresh_from_db()
    assert conflict.resolved and conflict.kept == reg_a
    assert ConflictAgreement.objects.count() == 2


def test_vot_3_across_two_streets_the_district_office_decides_alone(both, district_admin):
    (_a, reg_a), (_b, reg_b) = both
    conflict = RegistrationConflict.objects.get()

    conflict_resolve(conflict=conflict, keep=reg_a, actor=district_admin, decision="户籍在怡丽北园社区")

    conflict.refresh_from_db()
    reg_b.refresh_from_db()
    assert conflict.resolved and conflict.decided_by == district_admin
    assert (reg_b.status, reg_b.reason) == ("refused", "户籍在怡丽北园社区")


def test_vot_3_a_street_supervisor_cannot_decide_for_a_community_of_another_street(both, supervisor_a):
    (_a, reg_a), _b = both
    conflict = RegistrationConflict.objects.get()

    with pytest.raises(RuleViolation) as exc:
        conflict_resolve(conflict=conflict, keep=reg_a, actor=supervisor_a, decision="户籍在怡丽北园社区")

    assert exc.value.rule == "VOT-3"
    assert not ConflictAgreement.objects.exists()


def test_vot_3_within_one_street_its_supervisor_decides_alone(
        client_as, street_a, community_a, election_a, clerk_a, supervisor_a):
    neighbour = factories.community(street_a, code="110108015002", name="北太平庄社区")
    clerk_n = factories.user("clerk_n")
    factories.role(clerk_n, Role.Kind.CLERK, neighbour)
    number = id_number(datetime.date(1970, 1, 1))
    resident(community_a, number=number)
    resident(neighbour, number=number)
    a = open_registration(election_a, clerk_a)
    n = open_registration(factories.election(neighbour, actor=clerk_n, term=12), clerk_n)
    registrations_build(election=a, actor=clerk_a)
    registrations_build(election=n, actor=clerk_n)
    conflict = RegistrationConflict.objects.get()

    page = client_as(supervisor_a).get(reverse("voters:conflicts", args=[a.pk])).content.decode()
    assert "以街道办事处名义决定" in page
    conflict_resolve(conflict=conflict, keep=Registration.objects.get(election=n), actor=supervisor_a,
                     decision="本人实际居住在北太平庄社区")

    conflict.refresh_from_db()
    assert conflict.resolved
    assert Registration.objects.get(election=a).status == "refused"


def test_vot_3_a_clerk_of_a_community_not_concerned_has_no_say(both, street_b):
    (_a, reg_a), _b = both
    outsider = factories.user("clerk_c")
    factories.role(outsider, Role.Kind.CLERK,
                   factories.community(street_b, code="110108016002", name="花园西路社区"))

    with pytest.raises(RuleViolation):
        conflict_resolve(conflict=RegistrationConflict.objects.get(), keep=reg_a, actor=outsider, decision="x")


def test_vot_3_a_decision_needs_its_reason_and_is_taken_once(both, district_admin):
    (_a, reg_a), _b = both
    conflict = RegistrationConflict.objects.get()
    with pytest.raises(RuleViolation):
        conflict_resolve(conflict=conflict, keep=reg_a, actor=district_admin, decision="")
    conflict_resolve(conflict=conflict, keep=reg_a, actor=district_admin, decision="户籍在怡丽北园社区")
    with pytest.raises(RuleViolation):
        conflict_resolve(conflict=conflict, keep=reg_a, actor=district_admin, decision="again")


def test_vot_3_refusing_on_one_side_settles_the_conflict_at_the_next_build(both, clerk_a, clerk_b):
    (a, reg_a), (_b, reg_b) = both
    registration_refuse(registration=reg_a, actor=clerk_a, reason="已迁往花园东路社区")
    registrations_build(election=a, actor=clerk_a)
    conflict = RegistrationConflict.objects.get()
    assert conflict.resolved and conflict.kept == reg_b
    registration_confirm(registration=reg_b, actor=clerk_b)


def test_vot_10_a_registration_on_a_posted_list_is_not_refused_by_a_conflict_decision(
        election_a, election_b, clerk_a, clerk_b, community_a, community_b, district_admin):
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
        conflict_resolve(conflict=conflict, keep=reg_b, actor=district_admin, decision="实际居住在花园东路")
    assert exc.value.rule == "VOT-10"
    reg_a.refresh_from_db()
    assert reg_a.status == "confirmed"
    conflict_resolve(conflict=conflict, keep=reg_a, actor=district_admin, decision="已在怡丽北园社区登记并公布")
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


def _post_decision(client, election, conflict, keep, decision):
    return client.post(reverse("voters:conflict_resolve", args=[election.pk, conflict.pk]),
                       {f"c{conflict.pk}-keep": str(keep.pk), f"c{conflict.pk}-decision": decision},
                       follow=True)


def test_vot_3_through_the_pages_each_committee_agrees_and_then_it_is_settled(
        both, client_as, clerk_a, clerk_b):
    (a, reg_a), (b, reg_b) = both
    conflict = RegistrationConflict.objects.get()

    page = _post_decision(client_as(clerk_b), b, conflict, reg_b, "本人在花园东路居住").content.decode()
    assert "已记录本委员会的意见" in page
    assert "花园东路社区选举委员会同意保留在花园东路社区的登记：" in page
    assert Registration.objects.get(pk=reg_a.pk).status == "pending"

    page = client_as(clerk_a).get(reverse("voters:conflicts", args=[a.pk])).content.decode()
    assert "记录本委员会的意见" in page and "名义决定" not in page
    _post_decision(client_as(clerk_a), a, conflict, reg_b, "同意")
    assert Registration.objects.get(pk=reg_a.pk).status == "refused"


def test_vot_3_the_district_office_page_offers_the_decision_and_a_street_supervisor_gets_none(
        both, client_as, district_admin, supervisor_a):
    (a, reg_a), _b = both
    url = reverse("voters:conflicts", args=[a.pk])

    assert "以区选举工作领导小组办公室名义决定" in client_as(district_admin).get(url).content.decode()
    page = client_as(supervisor_a).get(url).content.decode()
    assert "名义决定" not in page and "记录本委员会的意见" not in page
    response = client_as(supervisor_a).post(
        reverse("voters:conflict_resolve", args=[a.pk, RegistrationConflict.objects.get().pk]),
        {"c1-keep": str(reg_a.pk), "c1-decision": "x"})
    assert response.status_code == 403
