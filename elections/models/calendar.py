"""Official working-day arrangements entered by an administrator (RULES CAL-3): data, not code."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year's State Council holiday arrangement, for years the maintained package does not cover yet.

    Where a year is entered here, it wins over the package: the office's own entry is the one it checked.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    holidays = models.JSONField(_("statutory holidays (days off)"), default=list,
                                help_text=_("ISO dates, e.g. 2027-10-01"))
    workdays = models.JSONField(_("make-up working days (调休上班)"), default=list,
                                help_text=_("ISO dates of weekend days that are working days"))
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("e.g. the State Council notice number"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official calendar year")
        verbose_name_plural = _("official calendar years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)
