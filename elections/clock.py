"""The day and time the application believes it is.

Every rule that depends on the date (deadlines, "ballots only on voting day", back-dated acts) reads the clock
here rather than `timezone.now()`, so that the browser rehearsal and demos can run an election's calendar in
minutes: `settings.CLOCK_TODAY` (environment `CLOCK_TODAY=2026-12-20`) moves the whole app to that day, keeping
the time of day. It is honoured only in development and tests (`DEBUG` or `DJANGO_DEV`); production settings
refuse it.
"""
import datetime

from django.conf import settings
from django.utils import timezone


def _offset():
    fixed = getattr(settings, "CLOCK_TODAY", None)
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
