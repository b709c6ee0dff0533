"""The handover's deadline (AFT-2) from certification under the frozen profile, by the PRC working-day calendar
(CAL-3): the Spring Festival inside it, a year the calendar package does not cover (provisional, weekends only,
until an administrator enters it); the days left on the election page; overdue on the supervisors' dashboard."""
import datetime

import pytest
from django.urls import reverse

from aftermath.selectors import handover_deadline
from elections.access import visible_communities
from elections.models import CalendarYear, Role
from supervision.selectors import street_rows
from tests import factories

from .helpers import begun, certified, sign_all

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def spring_festival_2026(settings, community_a, clerk_a, clerk_a2):
    """Certified on Thursday 2026-02-12: the Spring Festival holiday runs 15–23 February, Saturday the 14th is
    a make-up working day."""
    settings.CLOCK_TODAY = "2026-02-12"
    return certified(community_a, clerk_a, clerk_a2)


def test_aft_2_cal_3_the_spring_festival_inside_the_window_moves_the_deadline(spring_festival_2026):
    election = spring_festival_2026.election
    assert election.results_certified_on == D(2026, 2, 12)
    info = handover_deadline(election, today=D(2026, 2, 12))
    # 13 (Fri), 14 (make-up Saturday), then 24, 25, 26 after the holiday: weekends only would give the 19th.
    assert info.deadline.date == D(2026, 2, 26) and not info.provisional
    assert (info.days_left, info.working_days_left) == (14, 5)


@pytest.mark.parametrize(("today", "status", "days_left", "working_left"), [
    (D(2026, 2, 25), "upcoming", 1, 1),
    (D(2026, 2, 26), "due_today", 0, 0),
    (D(2026, 2, 27), "overdue", -1, 0),
])
def test_aft_2_days_left_the_day_before_the_day_of_and_the_day_after_the_deadline(
        spring_festival_2026, today, status, days_left, working_left):
    info = handover_deadline(spring_festival_2026.election, today=today)
    assert (info.status, info.days_left, info.working_days_left) == (status, days_left, working_left)
    assert info.days_overdue == (1 if status == "overdue" else 0)


def test_aft_2_the_election_page_shows_the_deadline_and_the_days_left(spring_festival_2026, clerk_a, client_as,
                                                                      settings):
    settings.CLOCK_TODAY = "2026-02-25"
    page = client_as(clerk_a).get(reverse("election_detail", args=[spring_festival_2026.election.pk]))
    html = page.content.decode()
    assert 'data-testid="handover-deadline"' in html and "2026年2月26日" in html


def test_aft_2_an_overdue_handover_is_flagged_on_the_supervisors_dashboard(spring_festival_2026, supervisor_a,
                                                                           settings, client_as):
    def flag(day):
        rows = street_rows(visible_communities(supervisor_a), today=day)
        return next(r for r in rows if r.election).flags.handover_overdue

    assert flag(D(2026, 2, 26)) is False
    assert flag(D(2026, 2, 27)) is True
    settings.CLOCK_TODAY = "2026-02-27"
    page = client_as(supervisor_a).get(reverse("community_list"))
    assert page.context["handovers_overdue"] == 1 and 'data-testid="handovers-overdue"' in page.content.decode()


def test_aft_2_a_handover_signed_on_its_last_day_is_in_time(spring_festival_2026, clerk_a, supervisor_a,
                                                            settings):
    settings.CLOCK_TODAY = "2026-02-26"
    sign_all(begun(spring_festival_2026.election, clerk_a), clerk_a, supervisor_a)
    assert handover_deadline(spring_festival_2026.election, today=D(2026, 3, 2)).status == "done"


def test_aft_2_a_handover_signed_a_day_late_is_late(spring_festival_2026, clerk_a, supervisor_a, settings):
    settings.CLOCK_TODAY = "2026-02-27"
    sign_all(begun(spring_festival_2026.election, clerk_a), clerk_a, supervisor_a)
    assert handover_deadline(spring_festival_2026.election, today=D(2026, 3, 2)).status == "late"


@pytest.fixture
def certified_2027(settings, community_a, clerk_a, clerk_a2):
    """Certified on Thursday 2027-02-04, in a year chinese-calendar does not cover."""
    settings.CLOCK_TODAY = "2027-02-04"
    return certified(community_a, clerk_a, clerk_a2)


def test_cal_3_a_year_the_calendar_does_not_cover_is_provisional_weekends_only(certified_2027, clerk_a,
                                                                                client_as):
    info = handover_deadline(certified_2027.election, today=D(2027, 2, 4))
    assert info.deadline.date == D(2027, 2, 11) and info.provisional  # 5, 8, 9, 10, 11 February
    page = client_as(clerk_a).get(reverse("aftermath:handover", args=[certified_2027.election.pk]))
    assert page.context["deadline"].provisional and "2027年2月11日" in page.content.decode()


def test_cal_3_a_year_an_administrator_entered_is_no_longer_provisional(certified_2027):
    # An arrangement as the State Council might publish it: 6–12 February off, Sunday the 14th worked.
    CalendarYear.objects.create(year=2027, holidays=[f"2027-02-{d:02d}" for d in range(6, 13)],
                                workdays=["2027-02-14"], source="测试")
    info = handover_deadline(certified_2027.election, today=D(2027, 2, 4))
    # 5 (Fri), then 14 (make-up Sunday), 15, 16, 17
    assert info.deadline.date == D(2027, 2, 17) and not info.provisional


def test_aft_2_the_national_profile_counts_calendar_days(settings, community_b, clerk_b):
    typist = factories.user("clerk_b2")
    factories.role(typist, Role.Kind.CLERK, community_b)
    settings.CLOCK_TODAY = "2026-02-12"
    setup = certified(community_b, clerk_b, typist, profile_key="national-model")
    info = handover_deadline(setup.election, today=D(2026, 2, 12))
    assert info.deadline.date == D(2026, 2, 22) and info.working_days_left is None  # 10 days, holiday or not
