"""The street dashboard (issue 11, item 1): its figures against the raw rows, the decisive round's quorum (a
void tie-break round is not the election's quorum), nothing due after certification but the handover, the
filters and the sorting, and a number of queries that does not grow with the number of communities."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftermath.models import Handover, HandoverSignature
from counting.models import CountRound
from counting.selectors import decisive_rounds
from counting.services.rounds import round_close, round_next_open
from elections import clock
from elections.checklist import checklist
from elections.models import BackdatedAct, Election, Override, Role, StepCompletion
from elections.states import State
from polling.models import BallotIssue
from polling.selectors import quorum_status
from supervision.selectors import filter_rows, sort_rows, street_rows
from tests import factories
from tests.aftermath.helpers import begun, certified
from tests.counting.helpers import close_polls, counting_setup
from tests.counting.test_scenarios import CANDIDATES, CLEAN, SEPARATE, count_totals
from tests.supervision.helpers import backdated as _backdated
from tests.supervision.helpers import override as _override
from tests.supervision.helpers import street_of as _street_of
from voters.models import Registration

pytestmark = pytest.mark.django_db
D = datetime.date
TIE = {**CLEAN, "member": {"范卫东": 16, "高建华": 15, "黄立新": 12, "金海涛": 12, "刘芳": 3}}


@pytest.fixture
def clerk_a2(community_a):
    user = factories.user("clerk_a2")
    factories.role(user, Role.Kind.CLERK, community_a)
    return user


# --- the figures are the raw rows' ----------------------------------------------------------------------------

def test_every_figure_of_a_row_equals_what_the_raw_rows_say(street_a, community_a, clerk_a, clerk_a2,
                                                            supervisor_a):
    setup = certified(community_a, clerk_a, clerk_a2)  # 20 ballots of 29 registered, 5 of 5 elected
    handover = begun(setup.election, clerk_a)
    HandoverSignature.objects.create(handover=handover, party="outgoing", order=1, signer_name="周上届",
                                     signed_on=clock.today())
    _override(setup.election)
    _override(setup.election, reviewed_by=supervisor_a)
    _backdated(setup.election)
    _backdated(setup.election, acknowledged_by=supervisor_a)
    _street_of(street_a, 5, clerk_a, today=clock.today())
    factories.community(street_a, name="未开始社区")  # no election yet

    rows = street_rows(street_a.communities.all(), clock.today())

    assert [r.community.code for r in rows] == sorted(c.code for c in street_a.communities.all())
    for row in rows:
        election = row.election
        if election is None:
            assert (row.registered, row.needs_review, row.next, row.quorum) == (0, 0, None, None)
            continue
        assert election == (Election.objects.filter(community=row.community, is_rehearsal=False)
                            .order_by("-term").first())
        raw_registered = Registration.objects.filter(election=election, status="confirmed").count()
        raw_overrides = Override.objects.filter(election=election)
        raw_backdated = BackdatedAct.objects.filter(election=election, acknowledged_at__isnull=True).count()
        signatures = HandoverSignature.objects.filter(handover__election=election).count()
        awaiting = signatures == 2 and not Handover.objects.filter(election=election,
                                                                  completed_on__isnull=False).exists()
        assert row.registered == raw_registered
        assert row.overrides == raw_overrides.count()
        assert row.overrides_unreviewed == raw_overrides.filter(reviewed_at__isnull=True).count()
        assert row.backdated_unacknowledged == raw_backdated
        assert row.handover.signatures == signatures and row.handover_awaiting_street == awaiting
        assert row.needs_review == row.overrides_unreviewed + raw_backdated + awaiting
        assert row.done == StepCompletion.objects.filter(election=election).count()
        if election.state in (State.VOTING, State.COUNTING, State.CERTIFIED):
            decisive = decisive_rounds([election])[election.pk]
            issued = BallotIssue.objects.filter(round__election=election, round__number=decisive.number
                                                if decisive else 1, cancelled_at__isnull=True).count()
            assert (row.quorum.attended, row.quorum.eligible) == (issued, raw_registered)
    mine = next(r for r in rows if r.election == setup.election)
    assert (mine.registered, mine.quorum.attended, mine.quorum.eligible, mine.quorum.reached) == (29, 20, 29, True)
    assert (mine.result.elected, mine.result.seats, mine.result.vacancies) == (5, 5, 0)
    assert (mine.overrides, mine.overrides_unreviewed, mine.backdated_unacknowledged) == (2, 1, 1)
    assert mine.handover.key == "signing" and mine.needs_review == 2


def test_the_page_shows_the_rows_figures(client_as, supervisor_a, community_a, clerk_a, clerk_a2):
    setup = certified(community_a, clerk_a, clerk_a2)
    html = client_as(supervisor_a).get(reverse("community_list")).content.decode()
    assert "20/29" in html and "5/5" in html
    assert reverse("election_detail", args=[setup.election.pk]) in html  # the drill-in


# --- the decisive round -------------------------------------------------------------------------------------------

def test_vote_4_vote_9_a_void_tie_break_round_is_not_the_quorum_shown(community_a, clerk_a, clerk_a2,
                                                                     supervisor_a, client_as):
    """Round 1: 20 of 29 took ballots; the tie at the last member seat opens a tie-break vote to which nobody
    comes: it is void for the quorum (0/29). The dashboard shows round 1's 20/29, not 0/29."""
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)
    count_totals(setup, (clerk_a, clerk_a2), TIE)
    tie = round_next_open(election=setup.election, actor=clerk_a)
    close_polls(setup, clerk_a)  # nobody came: the issuance of the tie-break closes with no ballot issued
    tie = round_close(count_round=CountRound.objects.get(pk=tie.pk), actor=clerk_a)
    assert tie.status == CountRound.Status.VOID and tie.void_rule == "VOTE-4"
    live = quorum_status(setup.refresh())
    assert (live.round_number, live.attended) == (2, 0)  # the current round: what the old dashboard showed

    row = street_rows([community_a], clock.today())[0]
    assert row.decisive_round.number == 1
    assert (row.quorum.round_number, row.quorum.attended, row.quorum.eligible, row.quorum.reached) == (
        1, 20, 29, True)
    html = client_as(supervisor_a).get(reverse("community_list")).content.decode()
    assert ">20/29<" in html and ">0/29<" not in html


def test_a_round_open_and_voting_today_is_the_decisive_one(community_a, clerk_a, clerk_a2):
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)
    count_totals(setup, (clerk_a, clerk_a2), TIE)
    round_next_open(election=setup.election, actor=clerk_a)  # the tie-break, voting today
    row = street_rows([community_a], clock.today())[0]
    assert (row.decisive_round.number, row.decisive_round.kind) == (2, "tie_break")
    assert row.quorum.attended == 0 and not row.quorum.reached  # deciding now: its live quorum


def test_a_round_opened_for_a_later_day_waits_for_its_day(community_a, clerk_a, clerk_a2):
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)
    count_totals(setup, (clerk_a, clerk_a2), TIE)
    later = clock.today() + datetime.timedelta(days=3)
    round_next_open(election=setup.election, actor=clerk_a, voting_day=later)
    assert decisive_rounds([setup.refresh()])[setup.election.pk].number == 1
    assert decisive_rounds([setup.election], later)[setup.election.pk].number == 2


# --- nothing due after the vote but the handover -----------------------------------------------------------------

def test_aft_1_a_certified_election_shows_only_the_handover_as_due(community_a, clerk_a, clerk_a2, supervisor_a,
                                                                   client_as):
    setup = certified(community_a, clerk_a, clerk_a2)
    # Steps before the vote were never recorded in this test: the old dashboard called them overdue forever.
    assert any(r.status == "overdue" for r in checklist(setup.election))
    row = street_rows([community_a], clock.today())[0]
    assert row.next.step.key == "handover_done" and row.next.status == "upcoming"
    assert row.overdue == 0 and not row.late
    page = client_as(supervisor_a).get(reverse("community_list") + "?filter=late")
    assert page.context["rows"] == []
    assert 'data-testid="due-today"' not in client_as(supervisor_a).get(reverse("community_list")).content.decode()


def test_cal_1_a_certified_election_on_its_election_day_shows_no_due_today(community_a, clerk_a, clerk_a2,
                                                                         supervisor_a, client_as):
    """Certified on election day, when election day's steps were due: nothing shows as due today."""
    setup = certified(community_a, clerk_a, clerk_a2)
    StepCompletion.objects.filter(election=setup.election, step="election_held").delete()
    assert any(r.status == "due_today" for r in checklist(setup.election))  # what the old dashboard showed
    row = street_rows([community_a], setup.election.election_date)[0]
    assert row.next.status != "due_today" and not any(r.status == "due_today" for r in [row.next])
    html = client_as(supervisor_a).get(reverse("community_list")).content.decode()
    assert 'data-testid="due-today"' not in html


def test_aft_7_a_closed_election_has_nothing_due(community_a, clerk_a, clerk_a2):
    setup = certified(community_a, clerk_a, clerk_a2)
    Election.objects.filter(pk=setup.election.pk).update(state=State.CLOSED)
    row = street_rows([community_a], clock.today() + datetime.timedelta(days=30))[0]
    assert (row.next, row.overdue, row.days_left) == (None, 0, None)


# --- filters and sorting -------------------------------------------------------------------------------------------

@pytest.fixture
def street_of_five(street_a, clerk_a, settings):
    settings.CLOCK_TODAY = "2026-12-04"
    _street_of(street_a, 5, clerk_a, today=D(2026, 12, 10))
    return street_a


def _codes(rows):
    return [r.community.code for r in rows]


def test_the_filters_keep_late_due_this_week_and_to_review(street_of_five, supervisor_a, client_as):
    rows = street_rows(street_of_five.communities.all(), D(2026, 12, 4))
    late = [r for r in rows if r.overdue]
    week = [r for r in rows if r.election and any(
        not s.done and s.deadline and 0 <= (s.deadline.date - D(2026, 12, 4)).days < 7 for s in r.steps)
        and r.election.state not in ("certified", "handover", "closed")
        or r.election and r.election.state in ("certified", "handover") and any(
        s.step.key == "handover_done" and not s.done and s.deadline
        and 0 <= (s.deadline.date - D(2026, 12, 4)).days < 7 for s in r.steps)]
    review = [r for r in rows if r.overrides_unreviewed or r.backdated_unacknowledged or
              r.handover.awaiting_street]
    assert late and week and review  # the street has some of each
    assert _codes(filter_rows(rows, "late")) == _codes(late)
    assert _codes(filter_rows(rows, "week")) == _codes(week)
    assert _codes(filter_rows(rows, "review")) == _codes(review)
    client = client_as(supervisor_a)
    for key, expected in (("late", late), ("week", week), ("review", review)):
        page = client.get(reverse("community_list"), {"filter": key})
        assert _codes(page.context["rows"]) == _codes(expected), key
        counts = {f["key"]: f["count"] for f in page.context["filters"]}
        assert counts == {"late": len(late), "week": len(week), "review": len(review)}
    assert len(client.get(reverse("community_list"), {"filter": "nonsense"}).context["rows"]) == len(rows)


def test_the_table_sorts_by_what_needs_review_and_by_deadline(street_of_five, supervisor_a, client_as):
    page = client_as(supervisor_a).get(reverse("community_list"), {"sort": "-review"})
    needs = [r.needs_review for r in page.context["rows"]]
    assert needs == sorted(needs, reverse=True) and needs[0] > 0
    rows = sort_rows(page.context["rows"], "deadline")
    days = [r.days_left for r in rows if r.days_left is not None]
    assert days == sorted(days) and all(r.days_left is None for r in rows[len(days):])


# --- the number of queries does not grow with the communities ------------------------------------------------------

def _queries(client, user):
    client.force_login(user)
    client.get(reverse("community_list"))  # warm the session and the role cache of this test client
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("community_list"))
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["rows"])


def test_the_dashboard_makes_as_many_queries_for_30_communities_as_for_3(district, clerk_a, client, settings):
    settings.CLOCK_TODAY = "2026-12-04"
    small, large = factories.street(district), factories.street(district)
    _street_of(small, 3, clerk_a, today=D(2026, 12, 4))
    _street_of(large, 30, clerk_a, today=D(2026, 12, 4))
    watching_small, watching_large = factories.user("small_supervisor"), factories.user("large_supervisor")
    factories.role(watching_small, Role.Kind.STREET_SUPERVISOR, small)
    factories.role(watching_large, Role.Kind.STREET_SUPERVISOR, large)

    queries_small, rows_small = _queries(client, watching_small)
    queries_large, rows_large = _queries(client, watching_large)
    assert (rows_small, rows_large) == (3, 30)
    assert queries_small == queries_large, (queries_small, queries_large)


def test_a_district_scope_too_large_for_one_page_shows_one_street_office_at_a_time(
        district_admin, election_a, election_b, street_a, street_b, client_as, monkeypatch):
    client = client_as(district_admin)
    assert len(client.get(reverse("community_list")).context["rows"]) == 2
    monkeypatch.setattr("supervision.views.ONE_PAGE", 1)
    page = client.get(reverse("community_list"))
    assert [r.community.street for r in page.context["rows"]] == [street_a]
    assert 'value="">' not in page.content.decode()  # no "every street office" choice
    chosen = client.get(reverse("community_list"), {"street": street_b.code})
    assert [r.community.street for r in chosen.context["rows"]] == [street_b]
