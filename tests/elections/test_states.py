"""CAL-1: the state machine — every allowed and every refused transition, with who and when recorded."""
import datetime

import pytest

from elections.models import ElectionStateChange, StepCompletion
from elections.services.elections import election_transition
from elections.services.errors import RuleViolation
from elections.states import ALLOWED_TRANSITIONS, State, move_of
from tests import factories

ALL_PAIRS = [(src, dst) for src in State for dst in State if src != dst]


def _force_state(election, state):
    type(election).objects.filter(pk=election.pk).update(state=state)
    election.refresh_from_db()




@pytest.mark.parametrize("src,dst", ALL_PAIRS, ids=[f"{s.value}->{d.value}" for s, d in ALL_PAIRS])
def test_cal_1_only_the_allowed_transitions_are_possible(src, dst, election_a, clerk_a, monkeypatch):
    factories.ready_for_registration(election_a, clerk_a)
    monkeypatch.setattr("elections.services.elections.GUARDS", {})
    monkeypatch.setattr("elections.services.elections._REGISTERED_GUARDS", {})
    _force_state(election_a, src)
    move = move_of(src, dst)
    if move is None:
        with pytest.raises(RuleViolation) as exc:
            election_transition(election=election_a, to=dst, actor=clerk_a, reason="测试")
        assert exc.value.rule == "CAL-1"
        election_a.refresh_from_db()
        assert election_a.state == src
        return
    door = "" if move.generic else move.doors[0]
    election = election_transition(election=election_a, to=dst, actor=clerk_a, reason="测试", door=door)
    assert election.state == dst
    change = ElectionStateChange.objects.get(election=election_a)
    assert (change.from_state, change.to_state, change.actor, change.door) == (src, dst, clerk_a, door)


DOOR_MOVES = [(src, dst, move) for src, moves in ALLOWED_TRANSITIONS.items() for dst, move in moves.items()
              if not move.generic]


@pytest.mark.parametrize("src,dst,move", DOOR_MOVES, ids=[f"{s.value}->{d.value}" for s, d, _m in DOOR_MOVES])
def test_cal_1_a_step_with_a_door_is_refused_to_the_generic_advance_and_to_other_doors(
        src, dst, move, election_a, clerk_a):
    _force_state(election_a, src)
    for door in ("", "some_other_service"):
        with pytest.raises(RuleViolation) as exc:
            election_transition(election=election_a, to=dst, actor=clerk_a, reason="测试", door=door)
        assert exc.value.rule == move.rule
    election_a.refresh_from_db()
    assert election_a.state == src and not election_a.state_changes.exists()


def test_cal_1_certification_handover_and_closing_each_have_exactly_one_door():
    assert move_of(State.COUNTING, State.CERTIFIED).doors == ("results_certify",)
    assert move_of(State.CERTIFIED, State.HANDOVER).doors == ("handover_start",)
    assert move_of(State.HANDOVER, State.CLOSED).doors == ("election_close",)


def test_cal_1_the_whole_forward_path_with_every_guard_met(election_a, clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    path = [State.REGISTRATION, State.NOMINATION, State.VOTING, State.COUNTING, State.CERTIFIED,
            State.HANDOVER, State.CLOSED]
    steps = {State.NOMINATION: "voter_list_published", State.VOTING: "candidates_posted"}
    for state in path:
        if state in steps:
            StepCompletion.objects.create(election=election_a, step=steps[state], done_on=datetime.date(2026, 12, 1),
                                          done_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))
        move = move_of(election_a.state, state)
        door = "" if move.generic else move.doors[0]
        election_a = election_transition(election=election_a, to=state, actor=clerk_a, door=door)
    assert election_a.state == State.CLOSED
    assert election_a.state_changes.count() == len(path)
    assert election_a.audit_entries.filter(action="elections.election.transitioned").count() == len(path)
    assert [c.rule for c in election_a.state_changes.all()][-4:] == ["VOTE-2", "AFT-1", "AFT-2", "AFT-7"]


def test_org_2_registration_cannot_open_without_a_complete_committee(election_a, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        election_transition(election=election_a, to=State.REGISTRATION, actor=clerk_a)
    assert exc.value.rule == "ORG-5" or exc.value.rule == "ORG-2"
    assert "2" in str(exc.value)  # names how many vice-chairs are needed


def test_mth_1_registration_cannot_open_before_the_method_is_decided(election_a, clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    type(election_a).objects.filter(pk=election_a.pk).update(method="", method_meeting=None)
    election_a.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        election_transition(election=election_a, to=State.REGISTRATION, actor=clerk_a)
    assert exc.value.rule == "MTH-1"


def test_cal_2_registration_cannot_open_before_election_day_is_fixed(community_a, clerk_a):
    election = factories.election(community_a, actor=clerk_a, election_date=None)
    factories.ready_for_registration(election, clerk_a)
    with pytest.raises(RuleViolation) as exc:
        election_transition(election=election, to=State.REGISTRATION, actor=clerk_a)
    assert exc.value.rule == "CAL-2"


def test_org_5_a_deferred_community_cannot_open_registration(election_a, clerk_a, community_a):
    factories.ready_for_registration(election_a, clerk_a)
    type(community_a).objects.filter(pk=community_a.pk).update(deferred=True, deferred_reason="拆迁")
    election_a.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        election_transition(election=election_a, to=State.REGISTRATION, actor=clerk_a)
    assert exc.value.rule == "ORG-5"


def test_vot_5_nomination_waits_for_the_posted_voter_list(election_a, clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    election_transition(election=election_a, to=State.REGISTRATION, actor=clerk_a)
    with pytest.raises(RuleViolation) as exc:
        election_transition(election=election_a, to=State.NOMINATION, actor=clerk_a)
    assert exc.value.rule == "VOT-5"


def test_cal_1_going_back_needs_a_reason(election_a, clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    election_transition(election=election_a, to=State.REGISTRATION, actor=clerk_a)
    with pytest.raises(RuleViolation):
        election_transition(election=election_a, to=State.PREPARATION, actor=clerk_a)
    election = election_transition(election=election_a, to=State.PREPARATION, actor=clerk_a, reason="选举日调整")
    assert election.state == State.PREPARATION
    assert election.state_changes.last().reason == "选举日调整"


def test_vot_10_registration_cannot_go_back_once_the_list_is_posted(election_a, clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    election_transition(election=election_a, to=State.REGISTRATION, actor=clerk_a)
    StepCompletion.objects.create(election=election_a, step="voter_list_published", done_on=datetime.date(2026, 12, 1),
                                  done_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))
    with pytest.raises(RuleViolation) as exc:
        election_transition(election=election_a, to=State.PREPARATION, actor=clerk_a, reason="x")
    assert exc.value.rule == "VOT-10"


def test_aft_7_the_generic_advance_cannot_close_the_election(election_a, clerk_a):
    _force_state(election_a, State.HANDOVER)
    with pytest.raises(RuleViolation) as exc:
        election_transition(election=election_a, to=State.CLOSED, actor=clerk_a)
    assert exc.value.rule == "AFT-7"
