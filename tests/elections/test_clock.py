"""elections/clock.py: the day the application believes it is (the rehearsal's test clock)."""
import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from elections import clock
from tests.test_settings import PRODUCTION, load_settings


def test_without_a_set_day_the_clock_is_the_real_one():
    assert clock.today() == timezone.localdate()
    assert abs((clock.now() - timezone.now()).total_seconds()) < 5


def test_a_set_day_moves_the_whole_app_there_keeping_the_time_of_day(settings):
    settings.CLOCK_TODAY = "2026-12-20"
    assert clock.today() == datetime.date(2026, 12, 20)
    shift = clock.now() - timezone.now()
    days = (datetime.date(2026, 12, 20) - timezone.localdate()).days
    assert abs(shift.total_seconds() - days * 86400) < 5


def test_a_set_day_may_be_a_date(settings):
    settings.CLOCK_TODAY = datetime.date(2027, 1, 4)
    assert clock.today() == datetime.date(2027, 1, 4)


def test_production_settings_refuse_a_set_day(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="CLOCK_TODAY"):
        load_settings(monkeypatch, CLOCK_TODAY="2026-12-20", **PRODUCTION)


def test_development_settings_read_the_set_day(monkeypatch):
    module = load_settings(monkeypatch, CLOCK_TODAY="2026-12-20", DJANGO_DEV="1")
    assert module.CLOCK_TODAY == "2026-12-20"
