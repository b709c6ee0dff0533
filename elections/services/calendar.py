"""Entering a year's official holiday arrangement (CAL-3) when the maintained package does not cover it."""
import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audit_log, model_state
from ..models import CalendarYear
from .errors import RuleViolation


def _parse_dates(text, year, label):
    dates = []
    for n, line in enumerate(text.replace("，", ",").replace(",", "\n").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        first, _sep, last = line.partition("~")
        try:
            start = datetime.date.fromisoformat(first.strip())
            end = datetime.date.fromisoformat(last.strip()) if last else start
        except ValueError:
            raise RuleViolation("CAL-3", _("%(label)s, line %(n)s: “%(line)s” is not a date like 2027-10-01.")
                                % {"label": label, "n": n, "line": line}) from None
        if start.year != year or end.year != year or end < start:
            raise RuleViolation("CAL-3", _("%(label)s, line %(n)s: the dates must lie in %(year)s.")
                                % {"label": label, "n": n, "year": year})
        dates += [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    return sorted(set(dates))


def calendar_year_save(*, year, holidays_text, workdays_text, source, actor):
    holidays = _parse_dates(holidays_text, year, _("Holidays"))
    workdays = _parse_dates(workdays_text, year, _("Make-up working days"))
    both = set(holidays) & set(workdays)
    if both:
        raise RuleViolation("CAL-3", _("%(day)s cannot be both a holiday and a working day.")
                            % {"day": min(both).isoformat()})
    weekday_workdays = [d for d in workdays if d.weekday() < 5]
    if weekday_workdays:
        raise RuleViolation("CAL-3", _("%(day)s is a weekday: only weekend days can be make-up working days.")
                            % {"day": weekday_workdays[0].isoformat()})
    with transaction.atomic():
        entry, created = CalendarYear.objects.select_for_update().get_or_create(year=year)
        before = None if created else model_state(entry)
        entry.holidays = [d.isoformat() for d in holidays]
        entry.workdays = [d.isoformat() for d in workdays]
        entry.source, entry.entered_by = source, actor
        entry.save()
        audit_log(actor=actor, action="elections.calendar.year_saved", obj=entry, before=before,
                  after=model_state(entry))
    return entry
