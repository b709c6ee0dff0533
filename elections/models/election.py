"""The election itself, its committee (ORG-2/3), its meetings (MTH-1, CAN-4) and its recorded steps."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import clock
from ..states import PHASE_OF_STATE, State
from .organisations import Community
from .profiles import RuleProfile


class Method(models.TextChoices):
    DIRECT = "direct", _("Direct election")
    HOUSEHOLD = "household", _("Household representatives")
    REPRESENTATIVE = "representative", _("Residents' representatives")


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Election(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Election of a new committee (换届选举)")
        BY_ELECTION = "by_election", _("By-election of vacant seats (补选)")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="elections",
                                  verbose_name=_("community"))
    term = models.PositiveSmallIntegerField(_("term"), help_text=_("The N of 第N届"))
    # AFT-6: a by-election fills seats left vacant on the committee another (regular) election of the same term
    # elected; it runs through the same steps, rounds, quorum and majority as that election.
    kind = models.CharField(_("kind of election"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    completes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="by_elections", verbose_name=_("completes the committee of"))
    is_rehearsal = models.BooleanField(_("rehearsal"), default=False,
                                       help_text=_("Rehearsals are marked everywhere and left out of statistics."))
    method = models.CharField(_("election method"), max_length=20, choices=Method.choices, blank=True)
    method_meeting = models.ForeignKey("Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("meeting that decided the method"))
    election_date = models.DateField(_("election day"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # SEAT-1: a regular election always elects one chair; a by-election elects only the vacant seats.
    chair_seats = models.PositiveSmallIntegerField(_("chair seats"), default=1)
    vice_chair_seats = models.PositiveSmallIntegerField(_("vice-chair seats"), default=1)
    member_seats = models.PositiveSmallIntegerField(_("member seats"), default=3)
    profile = models.ForeignKey(RuleProfile, on_delete=models.PROTECT, related_name="elections",
                                verbose_name=_("rule profile"))
    # The frozen copy of the profile this election started with; later edits to the profile don't reach it.
    profile_snapshot = models.JSONField(_("rule profile (frozen copy)"), editable=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PREPARATION)
    results_certified_on = models.DateField(_("results certified on"), null=True, blank=True, editable=False)
    # AFT-6: a by-election keeps the members in office when it was called (a frozen copy, [{"name", "sex",
    # "position"}]): with them the new members make up the committee (VOTE-10, the woman rule of SEAT-2).
    committee_in_office = models.JSONField(_("committee members in office"), default=list, blank=True,
                                           editable=False)
    # AFT-7: the election committee's term ends on the day the handover is complete.
    committee_term_ended_on = models.DateField(_("election committee's term ended on"), null=True, blank=True,
                                               editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    # AFT-4: an election restored from its archive (`import_archive`) into another installation is a record,
    # read-only: {"sha256", "restored_at", "source": {installation's community code, election id, …}}.
    restored_from = models.JSONField(_("restored from archive"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["community__code", "-term", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "term"], condition=Q(is_rehearsal=False, kind="regular"),
                                    name="election_one_real_per_term"),
            # SEAT-1: 5–9 members, one chair, 3–7 members. A by-election (AFT-6) elects at least one vacant seat.
            models.CheckConstraint(name="election_seat_plan_size",
                                   condition=(Q(kind="regular", chair_seats=1, member_seats__gte=3,
                                                member_seats__lte=7, vice_chair_seats__gte=1)
                                              & Q(vice_chair_seats__lte=8 - models.F("member_seats")))
                                   | (Q(kind="by_election", chair_seats__lte=1)
                                      & Q(member_seats__gte=1 - models.F("chair_seats") - models.F("vice_chair_seats")))),
            models.CheckConstraint(name="election_by_election_completes_another",
                                   condition=Q(kind="regular", completes__isnull=True)
                                   | Q(kind="by_election", completes__isnull=False)),
        ]

    def __str__(self):
        label = _("%(community)s, term %(term)s") % {"community": self.community, "term": self.term}
        if self.is_by_election:
            label = f"{label} · {_('by-election')}"
        return f"{label}（{_('rehearsal')}）" if self.is_rehearsal else str(label)

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("_rules", None)  # the frozen copy may have been read before it was reloaded

    def save(self, *args, **kwargs):
        if self.restored_from and not self._state.adding:
            raise PermissionError("An election restored from its archive is read-only (AFT-4).")
        super().save(*args, **kwargs)

    @property
    def is_restored(self):
        """AFT-4: restored from an archive — a read-only record that no service changes."""
        return bool(self.restored_from)

    @property
    def is_by_election(self):
        return self.kind == self.Kind.BY_ELECTION

    @property
    def rules(self):
        """The frozen rule profile, as an unsaved RuleProfile."""
        cache = self.__dict__.get("_rules")
        if cache is None:
            cache = self.__dict__["_rules"] = RuleProfile.from_snapshot(self.profile_snapshot)
        return cache

    @property
    def phase(self):
        return PHASE_OF_STATE[State(self.state)]

    @property
    def seats(self):
        """{position: seats} of the positions this election elects, highest first (a by-election may leave
        some out)."""
        plan = {Position.CHAIR: self.chair_seats, Position.VICE_CHAIR: self.vice_chair_seats,
                Position.MEMBER: self.member_seats}
        return {position: n for position, n in plan.items() if n}

    @property
    def total_seats(self):
        return self.chair_seats + self.vice_chair_seats + self.member_seats


class ElectionStateChange(models.Model):
    """Every move of the state machine, with who and when (CAL-1)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    # The service that made the move when the table gives it a door (elections/states.py), and the rule cited.
    door = models.CharField(max_length=40, blank=True)
    rule = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Meeting(models.Model):
    """A residents' representatives meeting and what it decided (ORG-3, MTH-1, CAN-4)."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Choose the election committee")
        METHOD = "method", _("Decide the election method")
        CANDIDATES = "candidates", _("Decide the formal candidates")
        OTHER = "other", _("Other")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="meetings",
                                 verbose_name=_("election"))
    kind = models.CharField(_("purpose"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    representatives_total = models.PositiveIntegerField(_("representatives in total"))
    present = models.PositiveIntegerField(_("representatives present"))
    votes_for = models.PositiveIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    method = models.CharField(_("method decided"), max_length=20, choices=Method.choices, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("representatives meeting")
        verbose_name_plural = _("representatives meetings")
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(name="meeting_present_within_total",
                                   condition=Q(present__lte=models.F("representatives_total"))),
            # ORG-3: more than half of the representatives present, or the meeting decides nothing.
            models.CheckConstraint(name="meeting_quorum_more_than_half",
                                   condition=Q(present__gt=models.F("representatives_total") / 2.0)),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"


class CommitteeMember(models.Model):
    """A member of the community election committee (ORG-2)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="committee",
                                 verbose_name=_("election"))
    name = models.CharField(_("Full name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="committee_seats", verbose_name=_("login"))
    active = models.BooleanField(_("serving"), default=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("election committee member")
        verbose_name_plural = _("election committee members")
        ordering = ["election", "-active", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election"], condition=Q(position="chair", active=True),
                                    name="committee_one_chair"),
            models.CheckConstraint(name="committee_leaving_has_reason",
                                   condition=Q(active=True) | ~Q(left_reason="")),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_position_display()}）"


class StepCompletion(models.Model):
    """A checklist step done: which, on what day, when it was entered, by whom. The checklist and the
    supervisors' dashboard read these; deadlines are judged by the day of the act (`done_on`, CAL-5), not by
    the moment it was entered (`done_at`)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="steps_done")
    step = models.CharField(max_length=40)
    done_on = models.DateField()
    done_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "step"], name="step_done_once")]

    @property
    def entered_on(self):
        """The local day the step was entered (it may come after the day of the act, `done_on`)."""
        return timezone.localdate(self.done_at)


class Override(models.Model):
    """A warn-kind rule (RULES.md) a person chose to proceed past, with their written reason.

    Shown to the street-office supervisor; also written to the audit log.
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="overrides",
                                 verbose_name=_("election"))
    rule = models.CharField(_("rule"), max_length=20)
    message = models.TextField(_("warning"))
    reason = models.TextField(_("reason given"))
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(_("concerning"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("by"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    # The street office's sign-off (elections.services.overrides.override_review): who, when, and their note.
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("supervisor's note"), blank=True)

    class Meta:
        verbose_name = _("warning override")
        verbose_name_plural = _("warning overrides")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason"),
            models.CheckConstraint(name="override_reviewed_with_who_and_note",
                                   condition=Q(reviewed_at__isnull=True)
                                   | (Q(reviewed_by__isnull=False) & ~Q(review_note=""))),
        ]

    def __str__(self):
        return f"{self.rule}: {self.message}"

    @property
    def reviewed(self):
        return self.reviewed_at is not None
