"""The audit log: written by every service in the same transaction, append-only."""
import datetime

import pytest
from django.db import connection, transaction

from elections.models import AuditLog
from elections.services.committee import committee_member_add, committee_member_leave
from elections.services.elections import election_transition, election_update
from elections.services.errors import RuleViolation
from elections.services.meetings import meeting_record
from elections.services.organisations import community_defer, community_resume
from tests import factories


def _last(action):
    return AuditLog.objects.filter(action=action).latest("id")


def test_election_create_is_audited(election_a, clerk_a):
    entry = _last("elections.election.created")
    assert entry.actor == clerk_a and entry.election == election_a and entry.after["term"] == 12


def test_election_update_records_before_and_after(election_a, clerk_a):
    election_update(election=election_a, actor=clerk_a, place="怡丽北园广场", election_date=datetime.date(2026, 12, 27))
    entry = _last("elections.election.updated")
    assert ("place", "", "怡丽北园广场") in entry.changes()
    assert ("election_date", "2026-12-20", "2026-12-27") in entry.changes()


def test_committee_and_meetings_are_audited(election_a, clerk_a):
    member = committee_member_add(election=election_a, actor=clerk_a, name="王建国", sex="M", position="chair")
    committee_member_leave(member=member, actor=clerk_a, reason="接受提名")
    meeting_record(election=election_a, actor=clerk_a, kind="other", held_on=datetime.date(2026, 10, 1),
                   representatives_total=51, present=26)
    assert _last("elections.committee.member_added").after["name"] == "王建国"
    assert _last("elections.committee.member_left").changes() == [("active", True, False),
                                                                   ("left_reason", "", "接受提名")]
    assert _last("elections.meeting.recorded").after["present"] == 26


def test_transitions_and_deferrals_are_audited(election_a, clerk_a, community_a, supervisor_a):
    factories.ready_for_registration(election_a, clerk_a)
    election_transition(election=election_a, to="registration", actor=clerk_a)
    assert _last("elections.election.transitioned").changes() == [("state", "preparation", "registration")]
    community_defer(community=community_a, actor=supervisor_a, reason="拆迁", occupancy_percent=40)
    assert _last("elections.community.deferred").actor == supervisor_a
    community_resume(community=community_a, actor=supervisor_a, occupancy_percent=60)
    assert _last("elections.community.resumed").after["deferred"] is False


def test_a_refused_action_leaves_no_audit_entry(election_a, clerk_a):
    before = AuditLog.objects.count()
    with pytest.raises(RuleViolation):
        meeting_record(election=election_a, actor=clerk_a, kind="other", held_on=datetime.date(2026, 10, 1),
                       representatives_total=51, present=25)
    assert AuditLog.objects.count() == before


def test_the_audit_log_cannot_be_changed_or_deleted(election_a):
    entry = AuditLog.objects.first()
    entry.action = "forged"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.all().update(action="forged")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_raw_updates_of_the_audit_log(election_a):
    from django.db.utils import DatabaseError
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE elections_auditlog SET action = 'forged'")


def test_the_audit_log_is_read_only_in_the_admin(admin_client, election_a):
    entry = AuditLog.objects.first()
    assert admin_client.get(f"/admin/elections/auditlog/{entry.pk}/change/").status_code == 200
    assert admin_client.post(f"/admin/elections/auditlog/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditLog.objects.filter(pk=entry.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_to_truncate_the_audit_log(election_a):
    from django.db.utils import DatabaseError
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred foreign-key check may wait on the table
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("TRUNCATE elections_auditlog CASCADE")
    assert AuditLog.objects.filter(action="elections.election.created").exists()
