"""Voter registration per election (VOT-1…VOT-4, VOT-9): one row per resident considered for the list."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from elections.models import Election

from .residents import Resident


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        REMOVED = "removed", _("Removed after posting")

    class Category(models.TextChoices):
        HUKOU_RESIDENT = "hukou_resident", _("Registered here and living here")
        HUKOU_AWAY = "hukou_away", _("Registered here, living elsewhere")
        ELSEWHERE = "elsewhere", _("Living here, registered elsewhere")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="registrations",
                                 verbose_name=_("election"))
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="registrations",
                                 verbose_name=_("resident"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    # Problems found by the eligibility check (codes such as "VOT-1:under_age"), for filtering the review.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Required when refusing or removing (VOT-4)."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Set when the change came after the list was posted (VOT-10): it appears on a supplementary list.
    after_posting = models.BooleanField(_("changed after posting"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voter registration")
        verbose_name_plural = _("voter registrations")
        ordering = ["election", "resident__group__number", "resident__household__number", "resident_id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "resident"], name="registration_once_per_election"),
            models.CheckConstraint(name="registration_refusal_has_reason",
                                   condition=~Q(status__in=["refused", "removed"]) | ~Q(reason="")),
        ]
        indexes = [models.Index(fields=["election", "status"], name="registration_election_status")]

    def __str__(self):
        return f"{self.resident} · {self.get_status_display()}"


class RegistrationConflict(models.Model):
    """VOT-3: the same identity number registered in two communities of the district, until a person decides."""

    id_number = models.CharField(_("identity number"), max_length=18, db_index=True)
    registrations = models.ManyToManyField(Registration, related_name="conflicts")
    found_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    kept = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("registration kept"))
    decision = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration conflict")
        verbose_name_plural = _("registration conflicts")
        constraints = [models.CheckConstraint(name="conflict_resolution_has_decision",
                                              condition=Q(resolved=False) | ~Q(decision=""))]


class Absence(models.Model):
    """VOT-8: a voter declares that they cannot come on election day. Under the direct and household methods, a
    declaration made at least 2 days before a round's voting day leaves the voter (under the household method:
    a household whose every voter declared) out of that round's quorum base, when the rule profile says so
    (`absent_voters_excluded`). A voter who comes after all counts again for that round."""

    class Reason(models.TextChoices):
        WORK = "work", _("Working or studying away")
        ILLNESS = "illness", _("Illness or hospital")
        TRAVEL = "travel", _("Travelling")
        OTHER = "other", _("Other")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="absences",
                                     verbose_name=_("voter"))
    declared_on = models.DateField(_("declared on"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    reason_detail = models.CharField(_("details"), max_length=200, blank=True)
    evidence = models.CharField(_("how it was declared"), max_length=200,
                                help_text=_("e.g. 本人书面说明，存档第5号; 本人电话告知，工作人员记录"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    withdrawal_reason = models.CharField(_("why it was withdrawn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("declared absence")
        verbose_name_plural = _("declared absences")
        ordering = ["registration", "-declared_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["registration"], condition=Q(withdrawn_at__isnull=True),
                                    name="absence_one_standing_per_voter"),
            models.CheckConstraint(name="absence_has_evidence", condition=~Q(evidence="")),
            models.CheckConstraint(name="absence_withdrawal_has_reason",
                                   condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason="")),
        ]

    def __str__(self):
        return f"{self.registration.resident} · {self.declared_on}"
