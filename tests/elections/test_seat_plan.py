"""SEAT-1: 5–9 seats, one chair, vice-chairs as the profile says, 3–7 members."""
import datetime

import pytest
from django.db import IntegrityError

from elections.models import Election
from elections.services.elections import election_update
from elections.services.errors import RuleViolation
from tests import factories


@pytest.mark.parametrize("vice,members,ok", [
    (1, 3, True),    # 5 seats, the smallest committee
    (1, 7, True),    # 9 seats, the largest
    (1, 2, False),   # 4 seats: too few members
    (1, 8, False),   # 10 seats
    (2, 3, False),   # the seed profile allows one vice-chair only
    (0, 5, False),
])
def test_seat_1_seat_plan_under_the_seed_profile(vice, members, ok, community_a, clerk_a):
    if ok:
        election = factories.election(community_a, actor=clerk_a, vice_chair_seats=vice, member_seats=members)
        assert election.total_seats == 1 + vice + members
    else:
        with pytest.raises(RuleViolation) as exc:
            factories.election(community_a, actor=clerk_a, vice_chair_seats=vice, member_seats=members)
        assert exc.value.rule == "SEAT-1"


@pytest.mark.parametrize("vice,members,ok", [(2, 6, True), (2, 7, False), (3, 3, False)])
def test_seat_1_seat_plan_under_the_national_profile(vice, members, ok, community_a, clerk_a):
    if ok:
        assert factories.election(community_a, actor=clerk_a, profile_key="national-model",
                                  vice_chair_seats=vice, member_seats=members).total_seats == 9
    else:
        with pytest.raises(RuleViolation):
            factories.election(community_a, actor=clerk_a, profile_key="national-model", vice_chair_seats=vice,
                               member_seats=members)


def test_seat_1_the_database_refuses_more_than_nine_seats(election_a):
    with pytest.raises(IntegrityError):
        Election.objects.filter(pk=election_a.pk).update(vice_chair_seats=2, member_seats=7)


def test_seat_1_update_refuses_a_bad_plan_and_keeps_the_old_one(election_a, clerk_a):
    with pytest.raises(RuleViolation):
        election_update(election=election_a, actor=clerk_a, member_seats=8)
    election_a.refresh_from_db()
    assert election_a.member_seats == 3


def test_cal_4_election_day_changes_only_by_postponement_once_the_list_is_posted(election_a, clerk_a):
    from elections.checklist import step_done
    step_done(election=election_a, step="voter_list_published", actor=clerk_a)
    with pytest.raises(RuleViolation) as exc:
        election_update(election=election_a, actor=clerk_a, election_date=datetime.date(2026, 12, 27))
    assert exc.value.rule == "CAL-4"
    election_update(election=election_a, actor=clerk_a, place="社区活动中心")  # the place may still change


def test_org_5_a_deferred_community_cannot_open_an_election(community_a, clerk_a):
    type(community_a).objects.filter(pk=community_a.pk).update(deferred=True, deferred_reason="整体拆迁")
    community_a.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        factories.election(community_a, actor=clerk_a)
    assert exc.value.rule == "ORG-5"


def test_one_real_election_per_term_but_rehearsals_may_repeat(election_a, community_a, clerk_a):
    with pytest.raises(RuleViolation):
        factories.election(community_a, actor=clerk_a, term=12)
    factories.election(community_a, actor=clerk_a, term=12, is_rehearsal=True)
    factories.election(community_a, actor=clerk_a, term=12, is_rehearsal=True)
    assert community_a.elections.filter(term=12).count() == 3
