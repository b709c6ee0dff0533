"""The posted voter list (VOT-5), supplementary lists (VOT-10) and objections (VOT-6).

A posting is frozen: its versions and entries refuse updates and deletes (the list is never silently changed);
later changes are VoterListChange rows until a supplementary list posts them.
"""
import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from elections import clock
from elections.models import Election

from .registration import Registration


class FrozenQuerySet(models.QuerySet):
    """VOT-10: what was posted stays as posted; changes are recorded as new postings, not edits."""

    def update(self, **kwargs):
        raise PermissionError("A posted voter list cannot be changed.")

    def delete(self):
        raise PermissionError("A posted voter list cannot be deleted.")


class FrozenModel(models.Model):
    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("A posted voter list cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("A posted voter list cannot be deleted.")


class VoterListVersion(FrozenModel):
    """A frozen, numbered posting: version 1 is the main list, later versions are supplementary lists."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Voter list")
        SUPPLEMENTARY = "supplementary", _("Supplementary list")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voter_lists",
                                 verbose_name=_("election"))
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # CAL-5: the day it went up on the notice board, and the moment it was entered.
    posted_on = models.DateField(_("posted on"))
    published_at = models.DateTimeField(default=clock.now, editable=False)
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


class VoterListReposting(FrozenModel):
    """The posted list put up again, as it stands, after a postponement sent it back to the notice board
    (CAL-4): the same frozen postings (the main list and its supplementary lists), a new day. Not a new version:
    nobody was added or removed by it."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voter_list_repostings",
                                 verbose_name=_("election"))
    # The latest version at the time: what went up again is every posting up to it.
    version = models.ForeignKey("VoterListVersion", on_delete=models.PROTECT, related_name="repostings",
                                verbose_name=_("list as posted up to"))
    posted_on = models.DateField(_("posted again on"))
    published_at = models.DateTimeField(default=clock.now, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("posted again by"))
    election_date = models.DateField(_("election day printed"))

    class Meta:
        verbose_name = _("voter list posted again")
        verbose_name_plural = _("voter lists posted again")
        ordering = ["election", "posted_on", "id"]

    def __str__(self):
        return f"{self.version} · {self.posted_on}"


class VoterListEntry(FrozenModel):
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
        constraints = [models.UniqueConstraint(fields=["version", "registration"],
                                               name="entry_once_per_version")]


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
    subject = models.ForeignKey("Resident", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("resident concerned"))
    content = models.TextField(_("objection"))
    received_on = models.DateField(_("received on"))
    recorded_at = models.DateTimeField(default=clock.now, editable=False)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["election", "received_on", "id"]
        constraints = [
            models.CheckConstraint(name="objection_decision_has_reason",
                                   condition=models.Q(decision="pending") | ~models.Q(decision_reason="")),
            models.CheckConstraint(name="objection_decision_has_date", condition=models.Q(decision="pending")
                                   | models.Q(decided_on__isnull=False)),
            models.CheckConstraint(name="objection_decided_after_receipt",
                                   condition=models.Q(decided_on__isnull=True)
                                   | models.Q(decided_on__gte=models.F("received_on"))),
        ]

    def __str__(self):
        return f"{self.objector} → {self.subject_name}"

    @property
    def is_pending(self):
        return self.decision == self.Decision.PENDING

    @property
    def decision_due(self):
        """VOT-6: decided within the profile's days of receipt, and before election day."""
        due = self.received_on + datetime.timedelta(days=self.election.rules.objection_decision_days)
        election_day = self.election.election_date
        if election_day is not None:
            due = min(due, election_day - datetime.timedelta(days=1))
        return due

    def is_overdue(self, today):
        return self.is_pending and today > self.decision_due


class VoterListChange(models.Model):
    """VOT-10: an addition to or removal from the posted list, with its recorded reason. It stays pending
    (version empty) until a supplementary list posts it."""

    class Reason(models.TextChoices):
        TURNED_18 = "turned_18", _("Turned 18 by election day")
        MOVED_IN = "moved_in", _("Moved into the community")
        RIGHTS_RESTORED = "rights_restored", _("Political rights restored")
        DIED = "died", _("Died")
        MOVED_OUT = "moved_out", _("Moved out of the community")
        DEPRIVED = "deprived", _("Deprived of political rights")
        OBJECTION = "objection", _("Objection upheld")

    ADDITION_REASONS = (Reason.TURNED_18, Reason.MOVED_IN, Reason.RIGHTS_RESTORED, Reason.OBJECTION)
    REMOVAL_REASONS = (Reason.DIED, Reason.MOVED_OUT, Reason.DEPRIVED, Reason.OBJECTION)

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voter_list_changes",
                                 verbose_name=_("election"))
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="list_changes",
                                     verbose_name=_("registration"))
    change = models.CharField(_("change"), max_length=10, choices=[
        (VoterListEntry.Change.ADDED, VoterListEntry.Change.ADDED.label),
        (VoterListEntry.Change.REMOVED, VoterListEntry.Change.REMOVED.label)])
    reason_kind = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    reason = models.CharField(_("details"), max_length=200)
    objection = models.ForeignKey(Objection, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="changes", verbose_name=_("objection"))
    recorded_on = models.DateField(_("recorded on"))
    recorded_at = models.DateTimeField(default=clock.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    version = models.ForeignKey(VoterListVersion, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="changes", verbose_name=_("posted in"))

    class Meta:
        verbose_name = _("change to the posted voter list")
        verbose_name_plural = _("changes to the posted voter list")
        ordering = ["election", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(name="list_change_has_reason", condition=~models.Q(reason="")),
            models.CheckConstraint(name="list_change_kind",
                                   condition=models.Q(change__in=["added", "removed"])),
            models.CheckConstraint(name="list_change_reason_fits", condition=(
                models.Q(change="added",
                         reason_kind__in=["turned_18", "moved_in", "rights_restored", "objection"])
                | models.Q(change="removed",
                           reason_kind__in=["died", "moved_out", "deprived", "objection"]))),
            models.CheckConstraint(name="list_change_objection_linked",
                                   condition=~models.Q(reason_kind="objection")
                                   | models.Q(objection__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_change_display()}: {self.registration.resident} ({self.get_reason_kind_display()})"

    @property
    def printed_reason(self):
        """As the supplementary list prints it, in Chinese whatever the clerk's UI language: 迁入本社区：…"""
        return f"{REASONS_CN[self.reason_kind]}：{self.reason}"


# The supplementary list is an official Chinese document: its reasons are printed in Chinese.
REASONS_CN = {
    VoterListChange.Reason.TURNED_18: "年满十八周岁",
    VoterListChange.Reason.MOVED_IN: "迁入本社区",
    VoterListChange.Reason.RIGHTS_RESTORED: "恢复政治权利",
    VoterListChange.Reason.DIED: "死亡",
    VoterListChange.Reason.MOVED_OUT: "迁出本社区",
    VoterListChange.Reason.DEPRIVED: "被依法剥夺政治权利",
    VoterListChange.Reason.OBJECTION: "经申诉核实",
}
