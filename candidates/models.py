"""Nominees, their nominations and checks, and the formal candidates (RULES CAN-1…CAN-10, SEAT-2…SEAT-4).

- Nominee: a resident nominated in an election — one row per person however many nominations name them; it
  carries the person's checks (warnings overridden, negative list), acceptance (CAN-8) and introductions (CAN-7).
- Nomination: one nomination of a nominee, with its source, date, position(s) and supporting names (CAN-3).
- NegativeCheck: one item of the frozen profile's negative list for one nominee, with its finding (CAN-2).
- Candidate: a nominee voted on at the representatives meeting that decides the formal candidates (CAN-4):
  formal, reserve (voted on, not chosen; next in line under CAN-10) or withdrawn.
- CandidatePosting: each public posting of the formal candidates, with the list as posted (CAN-6).
- Relation: a near relative (CAN-9) of a nominee: another nominee, counting staff or someone else.

The candidates app sits above elections and voters (DESIGN: layers) and refers to their models directly.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from elections import clock
from elections.models import CommitteeMember, Election, Meeting, Position
from voters.models import Resident, ResidentGroup


class NominationSource(models.TextChoices):
    GROUP = "group", _("Resident group")
    JOINT_VOTERS = "joint_voters", _("Voters jointly")
    JOINT_HOUSEHOLDS = "joint_households", _("Household representatives jointly")
    SELF = "self", _("Self-application")


class Nominee(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominees",
                                 verbose_name=_("election"))
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="nominee_records",
                                 verbose_name=_("resident"))
    # SEAT-4: the community party secretary standing for chair as well (一肩挑).
    is_party_secretary = models.BooleanField(_("community party secretary"), default=False)
    accepted_on = models.DateField(_("accepted the nomination on"), null=True, blank=True)
    # CAN-8: the election-committee seat this person holds (and leaves on accepting).
    committee_member = models.ForeignKey(CommitteeMember, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="nominee_records",
                                         verbose_name=_("election committee member"))
    # CAN-1: codes of the warnings a person overrode with a written reason (the Override rows hold the reason).
    warnings_overridden = models.JSONField(default=list, blank=True, editable=False)
    # CAN-7
    committee_introduction = models.TextField(_("introduction by the election committee"), blank=True)
    self_introduction = models.TextField(_("introduction by the candidate"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["election", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "resident"], name="nominee_once_per_election")]

    def __str__(self):
        return self.resident.name

    @property
    def positions_sought(self):
        """The positions any nomination named, highest first."""
        sought = {p for n in self.nominations.all() for p in n.positions}
        return [p for p in Position.values if p in sought]

    @property
    def positions_sought_display(self):
        return "、".join(str(Position(p).label) for p in self.positions_sought)


class Nomination(models.Model):
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="nominations",
                                verbose_name=_("nominee"))
    source = models.CharField(_("source"), max_length=20, choices=NominationSource.choices)
    positions = models.JSONField(_("positions sought"), default=list)
    nominated_on = models.DateField(_("date of nomination"))
    group = models.ForeignKey(ResidentGroup, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="nominations", verbose_name=_("resident group"))
    group_meeting_on = models.DateField(_("date of the group meeting"), null=True, blank=True)
    # [{"name": ..., "resident": id or None}]: joint nominations are matched against the voter list (CAN-3).
    supporters = models.JSONField(_("supporting names"), default=list, blank=True)
    statement = models.TextField(_("statement"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["nominated_on", "id"]
        constraints = [
            # CAN-3: a resident group's nomination names the group and the date of its meeting.
            models.CheckConstraint(name="nomination_group_has_group_and_meeting",
                                   condition=~Q(source="group") | Q(group__isnull=False,
                                                                    group_meeting_on__isnull=False)),
        ]

    def __str__(self):
        return f"{self.nominee} · {self.get_source_display()}"

    @property
    def supporter_names(self):
        return [s["name"] for s in self.supporters]


class NegativeCheck(models.Model):
    """CAN-2: one condition of the negative list, checked for one nominee, with its evidence."""

    class Finding(models.TextChoices):
        UNCHECKED = "", _("Not checked yet")
        CLEAR = "clear", _("Clear")
        FOUND = "found", _("Found")

    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="negative_checks",
                                verbose_name=_("nominee"))
    number = models.PositiveSmallIntegerField(_("item"))
    item = models.TextField(_("condition"))
    finding = models.CharField(_("finding"), max_length=10, choices=Finding.choices, blank=True, default="")
    evidence = models.TextField(_("evidence"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("negative-list check")
        verbose_name_plural = _("negative-list checks")
        ordering = ["nominee", "number"]
        constraints = [
            models.UniqueConstraint(fields=["nominee", "number"], name="negative_check_once_per_item"),
            models.CheckConstraint(name="negative_check_finding_has_evidence",
                                   condition=Q(finding="") | ~Q(evidence="")),
            models.CheckConstraint(name="negative_check_resolution_of_a_finding",
                                   condition=Q(resolved=False) | (Q(finding="found") & ~Q(resolution=""))),
        ]

    def __str__(self):
        return f"{self.nominee} · {self.number}"

    @property
    def is_open(self):
        """An open finding blocks the nominee from becoming a formal candidate (CAN-2)."""
        return self.finding == self.Finding.FOUND and not self.resolved


class Candidate(models.Model):
    """A nominee voted on at the meeting that decides the formal candidates (CAN-4)."""

    class Status(models.TextChoices):
        FORMAL = "formal", _("Formal candidate")
        RESERVE = "reserve", _("Not chosen (next in line)")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates",
                                 verbose_name=_("election"))
    nominee = models.OneToOneField(Nominee, on_delete=models.PROTECT, related_name="candidacy",
                                   verbose_name=_("nominee"))
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="candidate_votes",
                                verbose_name=_("meeting"))
    votes = models.PositiveIntegerField(_("votes at the meeting"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # CAN-10: the withdrawn candidate whose place this one took.
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by", verbose_name=_("replaces"))
    withdrawn_on = models.DateField(_("written withdrawal dated"), null=True, blank=True)
    withdrawal_statement = models.TextField(_("written withdrawal"), blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "position", "-votes", "id"]
        constraints = [
            # CAN-10: a withdrawal is in writing: its date and text are on record.
            models.CheckConstraint(name="candidate_withdrawal_in_writing",
                                   condition=~Q(status="withdrawn") | (Q(withdrawn_on__isnull=False)
                                                                       & ~Q(withdrawal_statement=""))),
        ]

    def __str__(self):
        return f"{self.nominee} · {self.get_position_display()}"


class CandidatePosting(models.Model):
    """CAN-6: a public posting of the formal candidates, with the list as it was posted."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidate_postings",
                                 verbose_name=_("election"))
    posted_on = models.DateField(_("posted on"))
    # [{"candidate": id, "name": ..., "position": ...}] in the order posted.
    candidates = models.JSONField(default=list, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("posted by"))
    # CAL-5: `posted_on` the day on the notice board, `at` the moment it was entered.
    at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("posting of the formal candidates")
        verbose_name_plural = _("postings of the formal candidates")
        ordering = ["election", "at", "id"]

    def __str__(self):
        return f"{self.election} · {self.posted_on}"


class Relation(models.Model):
    """CAN-9: a near relative of a nominee, of a kind the profile lists (spouse, parents, …)."""

    class Role(models.TextChoices):
        NOMINEE = "nominee", _("Another nominee")
        COUNTING_STAFF = "counting_staff", _("Counting or scrutinising staff")
        OTHER = "other", _("Someone else")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="relations",
                                 verbose_name=_("election"))
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="relations",
                                verbose_name=_("nominee"))
    kind = models.CharField(_("relation"), max_length=30)
    role = models.CharField(_("the relative is"), max_length=20, choices=Role.choices)
    relative_nominee = models.ForeignKey(Nominee, null=True, blank=True, on_delete=models.CASCADE,
                                         related_name="relations_as_relative", verbose_name=_("relative (nominee)"))
    relative_name = models.CharField(_("relative's name"), max_length=50)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("near relative")
        verbose_name_plural = _("near relatives")
        ordering = ["election", "nominee", "id"]
        constraints = [
            models.CheckConstraint(name="relation_nominee_role_names_the_nominee",
                                   condition=~Q(role="nominee") | Q(relative_nominee__isnull=False)),
            models.CheckConstraint(name="relation_not_to_oneself",
                                   condition=~Q(relative_nominee=models.F("nominee"))),
        ]

    def __str__(self):
        return f"{self.nominee} — {self.kind} — {self.relative_name}"
