"""Counting (VOTE-5…VOTE-10, VOTE-13, VOTE-14) and results (AFT-1).

- CountRound: what a voting round of polling (polling.Round: its own ballots, issuance and count) decides —
the
  first round, a further round (另行选举, VOTE-9) or a tie-break vote among the tied (VOTE-9) — with its
  contests (positions, seats, candidates on the ballot), its status and, once closed, its figures.
- TallyBox: the count of one polling station's ballot box in a round, entered twice (double entry) by two
  different people, ballot by ballot or as totals from the counters' sheet; only the agreed entry counts.
- TallyEntry: one entry of a box (the first, the second, or the agreed one built from them).
- BallotLine: one paper ballot as typed in. VOTE-1: a line holds the marks and, at most, the ballot's printed
  serial number; nothing about any voter.
- TallyDifference: one field on which the two entries of a box differ, and how a coordinator resolved it.
- Certification: the committee's certification of the result (locks it, AFT-1).
- Decision: a street-office decision (VOTE-13) voiding a round, or lifting a certification for a correction.

Candidates on ballots and in results are keys: "c<Candidate id>" for formal candidates, "w:<name>" for a name
written in (另选他人, VOTE-8).
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from elections.models import Election


class CountRound(models.Model):
    class Purpose(models.TextChoices):
        FIRST = "first", _("Election")
        FURTHER = "further", _("Further round (VOTE-9)")
        TIE_BREAK = "tie_break", _("Tie-break vote (VOTE-9)")

    class Status(models.TextChoices):
        OPEN = "open", _("Counting")
        CLOSED = "closed", _("Counted")
        VOID = "void", _("Void")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="count_rounds",
                                 verbose_name=_("election"))
    round = models.OneToOneField("polling.Round", on_delete=models.CASCADE, related_name="count",
                                 verbose_name=_("voting round"))
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    # A stage is one contest: the first round, or one further round; tie-breaks and repeats keep its stage.
    stage = models.PositiveSmallIntegerField(_("stage"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # The figures when the round was closed: issued, returned, valid, invalid, blank, votes {position: {key:
    # n}}.
    result = models.JSONField(default=dict, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("closed by"))
    void_rule = models.CharField(_("rule"), max_length=20, blank=True)
    void_reason = models.TextField(_("why the round is void"), blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("counted round")
        verbose_name_plural = _("counted rounds")
        ordering = ["election", "round__number"]
        constraints = [
            models.CheckConstraint(name="count_round_void_has_reason",
                                   condition=~Q(status="void") | (~Q(void_reason="") & ~Q(void_rule=""))),
            models.CheckConstraint(name="count_round_stage_from_1", condition=Q(stage__gte=1)),
        ]

    def __str__(self):
        return f"{_('Round')} {self.round.number} · {self.get_purpose_display()}"

    @property
    def number(self):
        return self.round.number

    @property
    def contests(self):
        """What the ballot of this round holds (polling.Round.contests: [{"position", "seats", "candidates":
        [key], "women_only"}])."""
        return self.round.contests

    @property
    def seats(self):
        """{position: seats} of this round's ballot (contests of one position merged)."""
        seats = {}
        for contest in self.contests:
            seats[contest["position"]] = seats.get(contest["position"], 0) + contest["seats"]
        return seats


class TallyBox(models.Model):
    """The count of one ballot box (a polling station's) in a round (VOTE-6)."""

    class Mode(models.TextChoices):
        BALLOTS = "ballots", _("Ballot by ballot")
        TOTALS = "totals", _("Totals from the counters' sheet")

    class Status(models.TextChoices):
        OPEN = "open", _("Being entered")
        DIFFERENCES = "differences", _("Entries differ")
        AGREED = "agreed", _("Agreed")

    count_round = models.ForeignKey(CountRound, on_delete=models.CASCADE, related_name="boxes",
                                    verbose_name=_("round"))
    station = models.ForeignKey("polling.PollingStation", on_delete=models.PROTECT,
                                related_name="tally_boxes", verbose_name=_("polling station"))
    mode = models.CharField(_("how it is entered"), max_length=10, choices=Mode.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    # Who typed the first and the second entry: never the same person (double entry).
    first_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("first entry by"))
    second_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("second entry by"))
    agreed_entry = models.ForeignKey("TallyEntry", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("agreed entry"))
    agreed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ballot box count")
        verbose_name_plural = _("ballot box counts")
        ordering = ["count_round", "station__kind", "station_id"]
        constraints = [
            models.UniqueConstraint(fields=["count_round", "station"], name="tally_box_once_per_station"),
            # Double entry: the two entries of a box are typed by two different people.
            models.CheckConstraint(name="tally_box_two_different_typists",
                                   condition=~Q(first_by=F("second_by"))),
            models.CheckConstraint(name="tally_box_agreed_has_entry",
                                   condition=~Q(status="agreed") | Q(agreed_entry__isnull=False)),
        ]

    def __str__(self):
        return f"{self.station} · {self.count_round}"


class TallyEntry(models.Model):
    class Role(models.TextChoices):
        FIRST = "first", _("First entry")
        SECOND = "second", _("Second entry")
        AGREED = "agreed", _("Agreed entry")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being typed")
        SUBMITTED = "submitted", _("Finished")
        DISCARDED = "discarded", _("Discarded")

    box = models.ForeignKey(TallyBox, on_delete=models.CASCADE, related_name="entries", verbose_name=_("box"))
    role = models.CharField(_("entry"), max_length=10, choices=Role.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("entered by"))
    # Ballots taken out of the box (开箱清点); by ballot, the lines must come to this number.
    returned = models.PositiveIntegerField(_("ballots in the box"), null=True, blank=True)
    valid = models.PositiveIntegerField(_("valid ballots"), null=True, blank=True)
    invalid = models.PositiveIntegerField(_("invalid ballots"), null=True, blank=True)
    blank = models.PositiveIntegerField(_("blank ballots"), null=True, blank=True)
    # Totals from the counters' sheet: {position: {key: approvals as marked}} (roll-down is applied later).
    totals = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    discarded_at = models.DateTimeField(null=True, blank=True)
    discarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    discard_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("tally entry")
        verbose_name_plural = _("tally entries")
        ordering = ["box", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["box", "role"], condition=~Q(status="discarded"),
                                    name="tally_entry_one_live_per_role"),
            models.CheckConstraint(name="tally_entry_discard_has_reason",
                                   condition=~Q(status="discarded") | ~Q(discard_reason="")),
        ]

    def __str__(self):
        return f"{self.box} · {self.get_role_display()}"


class BallotLine(models.Model):
    """One paper ballot as typed (VOTE-8). `marks` is the canonical text of counting.lines.Line."""

    class Invalid(models.TextChoices):
        NONE = "", _("—")
        UNOFFICIAL = "unofficial", _("Not an official ballot of this round")
        IDENTIFYING = "identifying", _("Writing that identifies the voter")
        DAMAGED = "damaged", _("Torn or defaced beyond reading")
        OTHER = "other", _("Other reason")

    entry = models.ForeignKey(TallyEntry, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveIntegerField(_("line"))
    serial = models.CharField(_("serial number"), max_length=12, blank=True)
    marks = models.TextField(_("marks"), default="{}")
    invalid_reason = models.CharField(_("invalid because"), max_length=12, choices=Invalid.choices,
                                      blank=True)

    class Meta:
        verbose_name = _("ballot line")
        verbose_name_plural = _("ballot lines")
        ordering = ["entry", "number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="ballot_line_number_unique")]


class TallyDifference(models.Model):
    """A field on which the first and second entry of a box differ; a coordinator picks the right value,
    checked against the paper, with the reason."""

    class Choice(models.TextChoices):
        OPEN = "", _("Not resolved")
        FIRST = "first", _("The first entry is right")
        SECOND = "second", _("The second entry is right")

    box = models.ForeignKey(TallyBox, on_delete=models.CASCADE, related_name="differences")
    key = models.CharField(max_length=200)
    first = models.TextField(blank=True)
    second = models.TextField(blank=True)
    choice = models.CharField(max_length=10, choices=Choice.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("resolved by"))
    resolved_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)  # display order

    class Meta:
        verbose_name = _("difference between entries")
        verbose_name_plural = _("differences between entries")
        ordering = ["box", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["box", "key"], name="tally_difference_once_per_field"),
            models.CheckConstraint(name="tally_difference_resolution_has_reason",
                                   condition=Q(choice="") | ~Q(reason="")),
        ]


class Decision(models.Model):
    """VOTE-13: a decision of the street office on the election's count, with its reasons."""

    class Kind(models.TextChoices):
        VOID_ROUND = "void_round", _("The round is void and is repeated (VOTE-13)")
        REOPEN = "reopen", _("The certified result is reopened for a correction")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="count_decisions",
                                 verbose_name=_("election"))
    count_round = models.ForeignKey(CountRound, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="decisions", verbose_name=_("round"))
    kind = models.CharField(_("decision"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("grounds"))
    reference = models.CharField(_("document reference"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("street-office decision")
        verbose_name_plural = _("street-office decisions")
        ordering = ["election", "created_at", "id"]
        constraints = [
            models.CheckConstraint(name="decision_has_grounds", condition=~Q(reason="")),
            models.CheckConstraint(name="decision_void_names_round",
                                   condition=~Q(kind="void_round") | Q(count_round__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.decided_on}"


class Certification(models.Model):
    """The committee certifies the result (AFT-1): from then on it is locked; only a street-office decision
    (Decision) lifts it."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="certifications",
                                 verbose_name=_("election"))
    certified_on = models.DateField(_("certified on"))
    certified_at = models.DateTimeField(auto_now_add=True)
    certified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("certified by"))
    # The result as certified (counting.selectors.results_snapshot): what the notice and the report print.
    snapshot = models.JSONField(default=dict, editable=False)
    vacancy_reason = models.TextField(_("why seats stay vacant"), blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("certification of the result")
        verbose_name_plural = _("certifications of the result")
        ordering = ["election", "-certified_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["election"], condition=Q(revoked_at__isnull=True),
                                    name="certification_one_in_force"),
            models.CheckConstraint(name="certification_revoked_by_decision",
                                   condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False)),
        ]

    def __str__(self):
        return f"{self.election} · {self.certified_on}"
