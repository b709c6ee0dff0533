"""CAL-2 and CAL-3: deadlines from election day, working days by the official PRC calendar."""
import datetime

import pytest

from elections.checklist import checklist, step_done
from elections.legal_calendar import WorkdayCalendar
from elections.models import CalendarYear, Election
from elections.services.calendar import calendar_year_save
from elections.services.errors import RuleViolation
from tests import factories

D = datetime.date


@pytest.fixture
def calendar(db):
    return WorkdayCalendar()


def test_cal_3_national_day_holidays_are_not_working_days(calendar):
    assert calendar.is_working_day(D(2026, 10, 1)) == (False, False)
    assert calendar.is_working_day(D(2026, 10, 7)) == (False, False)


def test_cal_3_a_make_up_saturday_is_a_working_day(calendar):
    assert calendar.is_working_day(D(2026, 10, 10)) == (True, False)  # Saturday, 调休上班
    assert calendar.is_working_day(D(2026, 10, 11)) == (False, False)  # ordinary Sunday


def test_cal_3_five_working_days_skip_the_holiday_and_count_the_make_up_day(calendar):
    # 30 Sep → 8, 9, 10 (Sat, make-up), 12, 13 Oct: without the make-up day it would be 14 Oct.
    assert calendar.add_working_days(D(2026, 9, 30), 5).date == D(2026, 10, 13)


def test_cal_3_a_deadline_running_into_the_holiday_moves_past_it(calendar):
    # 24 Sep (Thu) → 28, 29, 30 Sep, 8, 9 Oct (25–27 Sep Mid-autumn, 1–7 Oct National Day).
    assert calendar.add_working_days(D(2026, 9, 24), 5).date == D(2026, 10, 9)


def test_cal_3_a_year_the_package_does_not_cover_is_provisional(calendar):
    day = calendar.add_working_days(D(2027, 9, 30), 5)
    assert day.provisional
    assert day.date == D(2027, 10, 7)  # weekends only: 1, 4, 5, 6, 7 Oct


def test_cal_3_an_entered_year_replaces_the_guess(db, clerk_a):
    calendar_year_save(year=2027, holidays_text="2027-10-01~2027-10-07", workdays_text="2027-10-09",
                       source="国办发明电〔2026〕X号", actor=clerk_a)
    day = WorkdayCalendar().add_working_days(D(2027, 9, 30), 5)
    assert not day.provisional
    assert day.date == D(2027, 10, 13)  # 8, 9 (Sat, make-up), 11, 12, 13 Oct


def test_cal_3_entering_a_weekday_as_a_make_up_day_is_refused(db, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        calendar_year_save(year=2027, holidays_text="", workdays_text="2027-10-08", source="", actor=clerk_a)
    assert exc.value.rule == "CAL-3"
    assert not CalendarYear.objects.exists()


def test_cal_3_dates_outside_the_year_are_refused(db, clerk_a):
    with pytest.raises(RuleViolation):
        calendar_year_save(year=2027, holidays_text="2026-10-01", workdays_text="", source="", actor=clerk_a)


def _rows(election, today):
    return {row.step.key: row for row in checklist(election, today=today)}


def test_cal_2_voter_list_deadline_is_ten_days_before_under_the_seed_profile(election_a):
    assert _rows(election_a, D(2026, 11, 1))["voter_list_published"].deadline.date == D(2026, 12, 10)


def test_cal_2_voter_list_deadline_is_twenty_days_before_under_the_national_profile(community_b, clerk_b):
    election = factories.election(community_b, actor=clerk_b, profile_key="national-model",
                                  vice_chair_seats=2, member_seats=5)
    rows = _rows(election, D(2026, 11, 1))
    assert rows["voter_list_published"].deadline.date == D(2026, 11, 30)
    assert rows["candidates_posted"].deadline.date == D(2026, 12, 15)
    assert rows["proxies_arranged"].deadline.date == D(2026, 12, 18)


def test_cal_2_the_day_of_the_deadline_is_due_and_the_day_after_is_overdue(election_a):
    assert _rows(election_a, D(2026, 12, 9))["voter_list_published"].status == "upcoming"
    assert _rows(election_a, D(2026, 12, 10))["voter_list_published"].status == "due_today"
    assert _rows(election_a, D(2026, 12, 11))["voter_list_published"].status == "overdue"


def test_a_step_done_on_its_deadline_is_done_and_a_day_later_is_late(election_a, clerk_a):
    step_done(election=election_a, step="voter_list_published", actor=clerk_a, on=D(2026, 12, 10))
    assert _rows(election_a, D(2026, 12, 15))["voter_list_published"].status == "done"
    step_done(election=election_a, step="candidates_posted", actor=clerk_a, on=D(2026, 12, 18))
    assert _rows(election_a, D(2026, 12, 19))["candidates_posted"].status == "late"


def test_aft_2_handover_deadline_counts_working_days_after_the_result(election_a):
    Election.objects.filter(pk=election_a.pk).update(results_certified_on=D(2026, 9, 30))
    election_a.refresh_from_db()
    assert _rows(election_a, D(2026, 10, 1))["handover_done"].deadline.date == D(2026, 10, 13)


def test_aft_2_national_profile_handover_counts_calendar_days_even_onto_a_holiday(community_b, clerk_b):
    election = factories.election(community_b, actor=clerk_b, profile_key="national-model")
    Election.objects.filter(pk=election.pk).update(results_certified_on=D(2026, 9, 24))
    election.refresh_from_db()
    assert _rows(election, D(2026, 10, 1))["handover_done"].deadline.date == D(2026, 10, 4)
