"""Working days by the official PRC calendar (RULES CAL-3).

Sources, in order: a year an administrator entered (CalendarYear), then the maintained `chinese_calendar`
package; a year neither covers is *provisional* (weekends only) and callers show a warning.
"""
import datetime
from dataclasses import dataclass

import chinese_calendar

from .models import CalendarYear


@dataclass(frozen=True)
class Day:
    date: datetime.date
    provisional: bool = False


class WorkdayCalendar:
    """Loads the administrator-entered years once; use one instance per computation."""

    def __init__(self, years=None):
        if years is None:
            years = CalendarYear.objects.all()
        self._entered = {
            y.year: ({datetime.date.fromisoformat(d) for d in y.holidays},
                     {datetime.date.fromisoformat(d) for d in y.workdays})
            for y in years
        }

    def is_working_day(self, day):
        """(is it a working day, is the answer provisional)."""
        if day.year in self._entered:
            holidays, workdays = self._entered[day.year]
            if day in workdays:
                return True, False
            return (day.weekday() < 5 and day not in holidays), False
        try:
            return chinese_calendar.is_workday(day), False
        except NotImplementedError:
            return day.weekday() < 5, True

    def is_covered(self, year):
        if year in self._entered:
            return True
        try:
            chinese_calendar.is_workday(datetime.date(year, 6, 1))
            return True
        except NotImplementedError:
            return False

    def add_working_days(self, start, count):
        """The date `count` working days after `start` (start itself not counted)."""
        day, provisional, left = start, False, count
        while left > 0:
            day += datetime.timedelta(days=1)
            working, guessed = self.is_working_day(day)
            provisional |= guessed
            left -= working
        return Day(day, provisional)


def days_before(day, n):
    """The last date that is at least `n` calendar days before `day` (legal 'at least N days before')."""
    return day - datetime.timedelta(days=n)
