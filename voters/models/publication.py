"""The posted voter list (VOT-5), supplementary lists (VOT-10) and objections (VOT-6)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from elections.models import Election

from .registration import Registration


class VoterListVersion(models.Model):
    """A frozen, numbered posting: version 1 is the main list, later versions are supplementary lists."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Voter list")
        SUPPLEMENTARY = "supplementary", _("Supplementary list")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voter_lists",
                                 verbose_name=_("election"))
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    posted_on = models.DateField(_("posted on"))
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("published by"))
    voter_count = models.PositiveIntegerField(_("voters on the list after this posting"))

    class Meta:
        verbose_name = _("posted voter list")
        verbose_name_plural = _("posted voter lists")
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="voter_list_number_unique"),
            models.UniqueConstraint(fields=["election"], condition=models.Q(kind="main"),
                                    name="voter_list_one_main"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.number}"


class VoterListEntry(models.Model):
    """One line of a posting, frozen as printed (name, group, sex, masked number)."""

    class Change(models.TextChoices):
        LISTED = "listed", _("Listed")
        ADDED = "added", _("Added")
        REMOVED = "removed", _("Removed")

    version = models.ForeignKey(VoterListVersion, on_delete=models.PROTECT, related_name="entries")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="list_entries")
    change = models.CharField(max_length=10, choices=Change.choices)
    reason = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=50)
    group_name = models.CharField(max_length=50, blank=True)
    group_number = models.PositiveSmallIntegerField(null=True)
    sex = models.CharField(max_length=1)
    masked_id = models.CharField(max_length=18)

    class Meta:
        ordering = ["version", "group_number", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "registration"], name="entry_once_per_version")]


class Objection(models.Model):
    """申诉 against the posted list (VOT-6): recorded, then decided with a reason within the profile's days."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="objections",
                                 verbose_name=_("election"))
    objector = models.CharField(_("objector"), max_length=50)
    objector_contact = models.CharField(_("objector's contact"), max_length=50, blank=True)
    subject_name = models.CharField(_("person concerned"), max_length=50)
    subject = models.ForeignKey("Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("resident concerned"))
    content = models.TextField(_("objection"))
    received_on = models.DateField(_("received on"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["election", "received_on", "id"]
        constraints = [models.CheckConstraint(name="objection_decision_has_reason",
                                              condition=models.Q(decision="pending") | ~models.Q(decision_reason=""))]

    def __str__(self):
        return f"{self.objector} → {self.subject_name}"
