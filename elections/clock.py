"""The day and time the application believes it is.

Every rule that depends on the date (deadlines, "ballots only on voting day", back-dated acts) reads the clock
here rather than `timezone.now()`, so that the browser rehearsal and demos can run an election's calendar in
minutes: `settings.CLOCK_TODAY` (environment `CLOCK_TODAY=2026-12-20`) moves the whole app to that day, keeping
the time of day. It is honoured only in development and tests (`DEBUG` or `DJANGO_DEV`); production settings
refuse it.

A rehearsal (`simulate_election`) lives an election's calendar in one run: `travelling_to(day)` moves the clock
of the running code only (a context variable, not a setting), so that each step is entered on the day it is
dated, as in a real election.
"""
import contextlib
import contextvars
import datetime

from django.conf import settings
from django.utils import timezone

_travel = contextvars.ContextVar("clock_travel", default=None)


def _offset():
    fixed = _travel.get() or getattr(settings, "CLOCK_TODAY", None)
    if not fixed:
        return datetime.timedelta(0)
    if isinstance(fixed, str):
        fixed = datetime.date.fromisoformat(fixed)
    return datetime.timedelta(days=(fixed - timezone.localdate()).days)


def now():
    """The current moment (aware), on the application's clock."""
    return timezone.now() + _offset()


def today():
    """Today's date in the local time zone (Asia/Shanghai), on the application's clock."""
    return timezone.localdate(now())


@contextlib.contextmanager
def travelling_to(day):
    """Run the block as if it were `day` (for rehearsals only: the code inside, not the whole application)."""
    token = _travel.set(day)
    try:
        yield
    finally:
        _travel.reset(token)
