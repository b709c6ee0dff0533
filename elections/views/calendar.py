"""The official working-day calendar (CAL-3): which years are covered, and entering a new year's arrangement."""
import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import access, clock
from ..forms import CalendarYearForm
from ..legal_calendar import WorkdayCalendar
from ..models import CalendarYear
from ..services.calendar import calendar_year_save
from ._helpers import run_service


@login_required
def calendar_years(request):
    can_edit = access.is_district_admin(request.user)
    form = CalendarYearForm(request.POST or None, initial={"year": clock.today().year + 1})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid() and run_service(request, calendar_year_save, form=form, actor=request.user,
                                           success=_("The year's arrangement was saved."), **form.cleaned_data):
            return redirect("calendar_years")
    calendar = WorkdayCalendar()
    this_year = clock.today().year
    years = [{"year": y, "covered": calendar.is_covered(y),
              "entered": CalendarYear.objects.filter(year=y).first()} for y in range(this_year - 1, this_year + 3)]
    return render(request, "elections/calendar.html", {
        "years": years, "form": form, "can_edit": can_edit,
        "entered": CalendarYear.objects.select_related("entered_by"),
        "today": datetime.date.today(),
    })
