"""The handover (AFT-2) and the end of the election (AFT-7): its door, its items, the three signatures in order,
the sealed record, closing."""
import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from aftermath.models import CommitteeSeat, Handover, HandoverItem, HandoverSignature
from aftermath.services.complaints import complaint_record
from aftermath.services.handover import (
    election_close,
    handover_items_save,
    handover_sign,
    handover_start,
    sign_problems,
)
from elections.checklist import checklist
from elections.models import AuditLog, ElectionStateChange, Override, Role
from elections.services.elections import election_transition, transition_problems
from elections.services.errors import NeedsOverride, RuleViolation
from elections.states import State
from tests import factories

from .helpers import Party, begun, fill_items, sign_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(street_a):
    user = factories.user("supervisor_a", first_name="监交人")
    factories.role(user, Role.Kind.STREET_SUPERVISOR, street_a)
    return user


def test_aft_2_the_handover_begins_only_through_its_door(certified_a, clerk_a):
    election = certified_a.election
    with pytest.raises(RuleViolation) as refused:
        election_transition(election=election, to=State.HANDOVER, actor=clerk_a)
    assert refused.value.rule == "AFT-2" and certified_a.refresh().state == State.CERTIFIED
    assert transition_problems(election, State.HANDOVER) == []

    handover = handover_start(election=election, actor=clerk_a, outgoing_chair="周上届")
    assert certified_a.refresh().state == State.HANDOVER
    assert ElectionStateChange.objects.filter(election=election).last().door == "handover_start"
    assert handover.incoming_chair == "安国强"  # the elected chair
    assert [i.category for i in handover.items.all()] == list(HandoverItem.Category.values)
    assert sorted(CommitteeSeat.objects.filter(election=election).values_list("name", "position")) == sorted([
        ("安国强", "chair"), ("陈秀英", "vice_chair"), ("范卫东", "member"), ("高建华", "member"),
        ("黄立新", "member")])


def test_aft_2_the_handover_does_not_begin_before_certification(community_a, clerk_a):
    election = factories.election(community_a, actor=clerk_a)
    with pytest.raises(RuleViolation) as refused:
        handover_start(election=election, actor=clerk_a, outgoing_chair="周上届")
    assert refused.value.rule == "AFT-2" and not Handover.objects.exists()


def test_aft_2_the_outgoing_chair_is_named(certified_a, clerk_a):
    with pytest.raises(RuleViolation) as refused:
        handover_start(election=certified_a.election, actor=clerk_a)
    assert refused.value.rule == "AFT-2" and certified_a.refresh().state == State.CERTIFIED
    assert not CommitteeSeat.objects.exists()  # nothing half-done


def test_aft_2_items_can_be_added_changed_and_removed_before_anyone_signs(certified_a, clerk_a):
    handover = handover_start(election=certified_a.election, actor=clerk_a, outgoing_chair="周上届")
    seal = handover.items.get(category="seal")
    handover_items_save(handover=handover, actor=clerk_a, rows=[
        {"item": seal, "category": "seal", "description": seal.description, "quantity": "1枚", "note": "已核对"},
        {"item": None, "category": "equipment", "description": "投影仪", "quantity": "1台", "note": ""},
    ])
    projector = handover.items.get(description="投影仪")
    handover_items_save(handover=handover, actor=clerk_a, rows=[{"item": projector, "remove": True}])
    assert handover.items.count() == 8 and handover.items.get(category="seal").quantity == "1枚"
    actions = list(AuditLog.objects.filter(action__startswith="aftermath.handover.item").order_by("pk")
                   .values_list("action", flat=True))
    assert actions == ["aftermath.handover.item_changed", "aftermath.handover.item_added",
                       "aftermath.handover.item_removed"]


def test_aft_2_nobody_signs_before_every_item_of_the_rule_has_its_quantity(certified_a, clerk_a):
    handover = handover_start(election=certified_a.election, actor=clerk_a, outgoing_chair="周上届")
    assert [rule for rule, _m in sign_problems(handover)] == ["AFT-2"]
    with pytest.raises(RuleViolation):
        handover_sign(handover=handover, party=Party.OUTGOING, actor=clerk_a, signer_name="周上届",
                      signed_on=datetime.date.today())
    fill_items(handover, clerk_a)
    seal = handover.items.get(category="seal")
    handover_items_save(handover=handover, actor=clerk_a, rows=[{"item": seal, "remove": True}])
    assert "公章" in str(sign_problems(handover)[0][1])  # the seal is one of the rule's items


def test_aft_2_the_signatures_come_in_order(certified_a, clerk_a, supervisor):
    handover = begun(certified_a.election, clerk_a)
    today = handover.started_on
    for party in (Party.INCOMING, Party.STREET):
        with pytest.raises(RuleViolation) as refused:
            handover_sign(handover=handover, party=party, actor=clerk_a, signer_name="某人", signed_on=today)
        assert "上届" in str(refused.value) or refused.value.rule == "AFT-2"
    handover_sign(handover=handover, party=Party.OUTGOING, actor=clerk_a, signer_name="周上届", signed_on=today)
    with pytest.raises(RuleViolation):
        handover_sign(handover=handover, party=Party.STREET, actor=supervisor, signer_name="监交人",
                      signed_on=today)
    handover_sign(handover=handover, party=Party.INCOMING, actor=clerk_a, signer_name="安国强", signed_on=today)
    handover_sign(handover=handover, party=Party.STREET, actor=supervisor, signer_name="监交人", signed_on=today)
    assert list(handover.signatures.values_list("party", "order")) == [("outgoing", 1), ("incoming", 2),
                                                                       ("street", 3)]


def test_cal_5_a_signature_is_dated_neither_in_the_future_nor_before_the_one_it_follows(
        certified_a, clerk_a, settings):
    settings.CLOCK_TODAY = (certified_a.election.results_certified_on + datetime.timedelta(days=3)).isoformat()
    day = certified_a.election.results_certified_on
    handover = begun(certified_a.election, clerk_a, started_on=day)
    with pytest.raises(RuleViolation) as refused:
        handover_sign(handover=handover, party=Party.OUTGOING, actor=clerk_a, signer_name="周上届",
                      signed_on=day + datetime.timedelta(days=4))
    assert refused.value.rule == "CAL-5"
    with pytest.raises(RuleViolation):  # before the handover began
        handover_sign(handover=handover, party=Party.OUTGOING, actor=clerk_a, signer_name="周上届",
                      signed_on=day - datetime.timedelta(days=1))
    handover_sign(handover=handover, party=Party.OUTGOING, actor=clerk_a, signer_name="周上届",
                  signed_on=day + datetime.timedelta(days=2))
    with pytest.raises(RuleViolation) as refused:
        handover_sign(handover=handover, party=Party.INCOMING, actor=clerk_a, signer_name="安国强",
                      signed_on=day + datetime.timedelta(days=1))
    assert refused.value.rule == "CAL-5"


def test_aft_2_items_stop_changing_at_the_first_signature(certified_a, clerk_a):
    handover = begun(certified_a.election, clerk_a)
    handover_sign(handover=handover, party=Party.OUTGOING, actor=clerk_a, signer_name="周上届",
                  signed_on=handover.started_on)
    with pytest.raises(RuleViolation) as refused:
        handover_items_save(handover=handover, actor=clerk_a, rows=[
            {"item": None, "category": "other", "description": "后补事项", "quantity": "1"}])
    assert refused.value.rule == "AFT-2" and handover.items.count() == 8


def test_aft_7_the_third_signature_completes_the_handover_and_ends_the_election_committees_term(
        certified_a, clerk_a, supervisor):
    handover = sign_all(begun(certified_a.election, clerk_a), clerk_a, supervisor)
    election = certified_a.refresh()
    assert handover.is_complete and handover.completed_on == handover.started_on
    assert election.committee_term_ended_on == handover.completed_on
    row = next(r for r in checklist(election) if r.step.key == "handover_done")
    assert row.status == "done" and row.done.actor == supervisor
    assert AuditLog.objects.filter(action="elections.committee.term_ended", election=election).exists()
    assert election.state == State.HANDOVER  # closing is a step of its own


def test_aft_2_after_the_third_signature_nothing_in_the_record_changes(certified_a, clerk_a, supervisor):
    handover = sign_all(begun(certified_a.election, clerk_a), clerk_a, supervisor)
    seal = handover.items.get(category="seal")
    with pytest.raises(RuleViolation):
        handover_items_save(handover=handover, actor=clerk_a, rows=[{"item": seal, "remove": True}])
    with pytest.raises(RuleViolation):
        handover_sign(handover=handover, party=Party.STREET, actor=supervisor, signer_name="另一人",
                      signed_on=handover.completed_on)
    assert handover.items.count() == 8 and handover.signatures.count() == 3


@pytest.mark.parametrize("change", ["update item", "insert item", "update signature", "update handover"])
def test_aft_2_the_database_itself_refuses_to_change_a_sealed_record(certified_a, clerk_a, supervisor, change):
    handover = sign_all(begun(certified_a.election, clerk_a), clerk_a, supervisor)
    with pytest.raises(DatabaseError), transaction.atomic():
        if change == "update item":
            HandoverItem.objects.filter(handover=handover).update(quantity="2枚")
        elif change == "insert item":
            HandoverItem.objects.create(handover=handover, category="other", description="私自添加")
        elif change == "update signature":
            HandoverSignature.objects.filter(handover=handover).update(signer_name="他人")
        else:
            Handover.objects.filter(pk=handover.pk).update(outgoing_chair="他人")
    assert HandoverItem.objects.filter(handover=handover, quantity="2枚").count() == 0


def test_aft_2_on_postgresql_a_sealed_records_items_cannot_be_deleted(certified_a, clerk_a, supervisor):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's DELETE stays unguarded (Django empties SQLite tables with DELETE)")
    handover = sign_all(begun(certified_a.election, clerk_a), clerk_a, supervisor)
    with pytest.raises(DatabaseError), transaction.atomic():
        HandoverItem.objects.filter(handover=handover).delete()


def test_aft_7_closing_is_refused_before_the_handover_is_signed(certified_a, clerk_a, supervisor, client_as):
    election = certified_a.election
    handover = begun(election, clerk_a)
    handover_sign(handover=handover, party=Party.OUTGOING, actor=clerk_a, signer_name="周上届",
                  signed_on=handover.started_on)
    handover_sign(handover=handover, party=Party.INCOMING, actor=clerk_a, signer_name="安国强",
                  signed_on=handover.started_on)
    with pytest.raises(RuleViolation) as refused:
        election_close(election=election, actor=clerk_a, reason="已处理")
    assert refused.value.rule == "AFT-2"
    with pytest.raises(RuleViolation):  # the generic advance cannot take the door's step either
        election_transition(election=election, to=State.CLOSED, actor=clerk_a)
    client = client_as(clerk_a)
    client.post(reverse("election_transition", args=[election.pk]), {"to": "closed"})
    client.post(reverse("aftermath:election_close", args=[election.pk]), {"reason": "已处理"})
    assert certified_a.refresh().state == State.HANDOVER


def test_aft_3_closing_with_the_wrap_up_missing_needs_a_written_reason(certified_a, clerk_a, supervisor):
    election = certified_a.election
    sign_all(begun(election, clerk_a), clerk_a, supervisor)
    with pytest.raises(NeedsOverride) as warned:
        election_close(election=election, actor=clerk_a)
    assert {w.rule for w in warned.value.warnings} == {"AFT-3"}
    assert len(warned.value.warnings) == 6  # 4 working committees of the seed plan, the council, the group
    closed = election_close(election=election, actor=clerk_a, reason="下属委员会待居民会议后组建")
    assert closed.state == State.CLOSED
    assert ElectionStateChange.objects.filter(election=election).last().door == "election_close"
    assert Override.objects.filter(election=election, rule="AFT-3").count() == 6


def test_aft_5_an_undecided_complaint_keeps_the_election_open(certified_a, clerk_a, supervisor):
    election = certified_a.election
    sign_all(begun(election, clerk_a), clerk_a, supervisor)
    complaint_record(election=election, actor=clerk_a, received_on=election.results_certified_on,
                     channel="letter", subject="bribery", summary="有人反映候选人请客拉票")
    with pytest.raises(RuleViolation) as refused:
        election_close(election=election, actor=clerk_a, reason="已处理")
    assert refused.value.rule == "AFT-5"


def test_aft_7_the_election_committee_changes_no_more_once_its_term_ended(certified_a, clerk_a, supervisor):
    from elections.models import CommitteeMember
    from elections.services.committee import committee_member_add, committee_member_leave

    election = certified_a.election
    member = CommitteeMember.objects.create(election=election, name="王委员", sex="F", position="member")
    sign_all(begun(election, clerk_a), clerk_a, supervisor)
    with pytest.raises(RuleViolation) as refused:
        committee_member_add(election=election, actor=clerk_a, name="新委员", sex="M", position="member")
    assert refused.value.rule == "AFT-7"
    with pytest.raises(RuleViolation):
        committee_member_leave(member=member, actor=clerk_a, reason="调离")
    member.refresh_from_db()
    assert member.active
