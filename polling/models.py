"""Election day: voting rounds, proxies (PRX-1…PRX-4), the polling plan (VOTE-2, VOTE-11), ballot issuance
(领票登记, VOTE-2, VOTE-12) and the printed, serial-numbered ballot batches.

VOTE-1 (secret ballot) shapes these models: an issuance records *who* received a ballot, where and when, never
which ballot (no serial number, no content). Batches know serial ranges and nothing about voters.

Voters' models are referred to by name ("voters.Registration"); this app reads them and never changes them.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from elections import clock
from elections.models import Election, Job


class Round(models.Model):
    """One round of voting of an election: the first, a further round (另行选举, VOTE-9) or a repeated one
    (VOTE-7, VOTE-13). Each voter receives at most one ballot per round (VOTE-2)."""

    class Kind(models.TextChoices):
        FIRST = "first", _("First round")
        FURTHER = "further", _("Further round (VOTE-9)")
        TIE_BREAK = "tie_break", _("Tie-break vote (VOTE-9)")
        REPEAT = "repeat", _("Repeated round (VOTE-7, VOTE-13)")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="polling_rounds",
                                 verbose_name=_("election"))
    number = models.PositiveSmallIntegerField(_("round"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FIRST)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # CAL-5: ballots of a round are issued only on its voting day. The first round's is election day (it moves
    # with a postponement); a later round's is set when it is opened, that day or a later one.
    voting_day = models.DateField(_("voting day"), null=True, blank=True)
    # What the round's ballot holds: [{"position", "seats", "candidates": [key], "women_only"}] (see
    # polling.candidates). Empty for the first round until its ballots are counted: then every formal candidate.
    contests = models.JSONField(_("contests"), default=list, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        verbose_name = _("voting round")
        verbose_name_plural = _("voting rounds")
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="polling_round_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="polling_round_number_from_1"),
            models.CheckConstraint(condition=Q(number=1) | Q(voting_day__isnull=False),
                                   name="polling_round_later_has_voting_day"),
        ]

    def __str__(self):
        return f"{self.election} · {self.get_kind_display()} {self.number}"

    @property
    def day(self):
        """The round's voting day (CAL-5): election day for the first round."""
        return self.voting_day if self.number > 1 else self.election.election_date


class Proxy(models.Model):
    """委托投票: a voter who cannot attend (PRX-2) authorises another voter of the same election (PRX-4)."""

    class Reason(models.TextChoices):
        AGE = "age", _("Old age")
        ILLNESS = "illness", _("Illness")
        DISABILITY = "disability", _("Disability")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the committee")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        REVOKED = "revoked", _("Withdrawn")

    ACTIVE = (Status.PENDING, Status.APPROVED)

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="proxies",
                                 verbose_name=_("election"))
    # The number printed on the certificate (委托投票证): given when the committee approves.
    number = models.PositiveIntegerField(_("certificate number"), null=True, blank=True, editable=False)
    principal = models.ForeignKey("voters.Registration", on_delete=models.PROTECT,
                                  related_name="proxies_given", verbose_name=_("voter giving the proxy"))
    holder = models.ForeignKey("voters.Registration", on_delete=models.PROTECT, related_name="proxies_held",
                               verbose_name=_("proxy (votes for them)"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    reason_detail = models.CharField(_("details of the reason"), max_length=200, blank=True)
    # PRX-2: the written authorisation (书面委托书), as received and filed by the committee.
    authorisation_signed_on = models.DateField(_("written authorisation signed on"))
    authorisation_note = models.CharField(_("written authorisation"), max_length=200,
                                          help_text=_("Where the signed authorisation is filed, e.g. 委托书第3号"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # CAL-5: the days of the application and of the decision, and the moments each was entered.
    applied_on = models.DateField(_("applied on"))
    applied_at = models.DateTimeField(default=clock.now, editable=False)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    decision_note = models.CharField(_("reason for the decision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["election", "number", "id"]
        constraints = [
            # PRX-4: one proxy at a time per voter (a second one would let two people vote for them).
            models.UniqueConstraint(fields=["principal"], condition=Q(status__in=["pending", "approved"]),
                                    name="proxy_one_active_per_principal"),
            models.UniqueConstraint(fields=["election", "number"], condition=Q(number__isnull=False),
                                    name="proxy_certificate_number_unique"),
            models.CheckConstraint(condition=~Q(principal=models.F("holder")), name="proxy_not_to_oneself"),
            # PRX-2: the written authorisation is on record.
            models.CheckConstraint(condition=~Q(authorisation_note=""), name="proxy_written_authorisation"),
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(decision_note=""),
                                   name="proxy_refusal_has_reason"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(number__isnull=False),
                                   name="proxy_approved_has_number"),
        ]
        indexes = [models.Index(fields=["holder", "status"], name="proxy_holder_status")]

    def __str__(self):
        return f"{self.principal.resident} → {self.holder.resident}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE


class PollingStation(models.Model):
    """VOTE-2: the election meeting (选举大会), or a central station (中心投票站) with polling points (投票点);
    mobile ballot boxes (流动票箱) for those who cannot come. Mobile boxes and points are opened and counted
    at the main venue (VOTE-11)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Election meeting")
        CENTRAL = "central", _("Central polling station")
        POINT = "point", _("Polling point")
        MOBILE = "mobile", _("Mobile ballot box")

    MAIN_KINDS = (Kind.MEETING, Kind.CENTRAL)

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="polling_stations",
                                 verbose_name=_("election"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60)
    place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["election", "kind", "id"]
        constraints = [
            # VOTE-2: one main venue, where the ballots are counted.
            models.UniqueConstraint(fields=["election"], condition=Q(kind__in=["meeting", "central"]),
                                    name="station_one_main_venue"),
            models.UniqueConstraint(fields=["election", "name"], name="station_name_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_main(self):
        return self.kind in self.MAIN_KINDS


class StationStaff(models.Model):
    """Staff of a station (VOTE-11: at least the profile's number each). Scrutineers, tellers and callers
    count or scrutinise: no candidate or near relative of one may (VOTE-6, CAN-9)."""

    class Duty(models.TextChoices):
        CHIEF = "chief", _("Person in charge")
        ISSUER = "issuer", _("Ballot issuer")
        SCRUTINEER = "scrutineer", _("Scrutineer")
        TELLER = "teller", _("Teller (counts)")
        CALLER = "caller", _("Caller (reads out)")
        WRITER = "writer", _("Writes ballots for voters who ask")
        OTHER = "other", _("Other staff")

    COUNTING_DUTIES = (Duty.SCRUTINEER, Duty.TELLER, Duty.CALLER)

    station = models.ForeignKey(PollingStation, on_delete=models.CASCADE, related_name="staff",
                                verbose_name=_("polling station"))
    name = models.CharField(_("Full name"), max_length=50)
    resident = models.ForeignKey("voters.Resident", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("resident"))
    duty = models.CharField(_("duty"), max_length=12, choices=Duty.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("station staff member")
        verbose_name_plural = _("station staff")
        ordering = ["station", "duty", "id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "name", "duty"], name="staff_once_per_duty"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_duty_display()}）"

    @property
    def counts_ballots(self):
        return self.duty in self.COUNTING_DUTIES


class BallotIssue(models.Model):
    """领票登记 (VOTE-2): a voter received the ballot of a round, at a station, in person or through their
    proxy (PRX-4), perhaps with a helper who writes it for them (VOTE-12).

    VOTE-1: there is deliberately no serial number here — nothing links a voter to a ballot.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="issues", verbose_name=_("round"))
    registration = models.ForeignKey("voters.Registration", on_delete=models.PROTECT,
                                     related_name="ballot_issues", verbose_name=_("voter"))
    # Household method (MTH-1): one ballot per household; set only under that method.
    household = models.ForeignKey("voters.Household", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("household"))
    station = models.ForeignKey(PollingStation, on_delete=models.PROTECT, related_name="issues",
                                verbose_name=_("polling station"))
    proxy = models.ForeignKey(Proxy, null=True, blank=True, on_delete=models.PROTECT, related_name="issues",
                              verbose_name=_("collected by the proxy"))
    helper_name = models.CharField(_("written by (helper)"), max_length=50, blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("issued by"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ballot issued")
        verbose_name_plural = _("ballots issued")
        ordering = ["round", "issued_at", "id"]
        constraints = [
            # VOTE-2: nobody receives two ballots in a round, even when two clerks at two stations press the
            # button at the same moment: the database refuses the second row.
            models.UniqueConstraint(fields=["round", "registration"], condition=Q(cancelled_at__isnull=True),
                                    name="ballot_issued_once_per_voter"),
            # MTH-1 (household method): one ballot per household.
            models.UniqueConstraint(fields=["round", "household"],
                                    condition=Q(cancelled_at__isnull=True, household__isnull=False),
                                    name="ballot_issued_once_per_household"),
            models.CheckConstraint(condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                                   name="ballot_issue_cancel_has_reason"),
        ]
        indexes = [models.Index(fields=["round", "station"], name="ballot_issue_round_station"),
                   models.Index(fields=["round", "helper_name"], name="ballot_issue_round_helper")]

    def __str__(self):
        return f"{self.registration.resident} · {self.round}"


class BallotBatch(models.Model):
    """A numbered print run of the ballots of a round (e.g. 0001–1300): the serial numbers are unique per
    round across batches. Rendered by a background job (its status and progress: `job`) into
    MEDIA_ROOT/private/; a run whose job is cancelled is deleted, releasing its serials."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballot_batches",
                                 verbose_name=_("election"))
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="batches",
                              verbose_name=_("round"))
    first_serial = models.PositiveIntegerField(_("first serial number"))
    last_serial = models.PositiveIntegerField(_("last serial number"))
    serial_width = models.PositiveSmallIntegerField(default=4)
    voters = models.PositiveIntegerField(_("ballots for the voters"))
    spare = models.PositiveIntegerField(_("spare ballots"))
    layout = models.CharField(_("layout"), max_length=10)
    job = models.OneToOneField(Job, on_delete=models.PROTECT, related_name="ballot_batch")
    file_name = models.CharField(max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ballot print run")
        verbose_name_plural = _("ballot print runs")
        ordering = ["election", "round", "first_serial"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_serial__gte=1) & Q(last_serial__gte=models.F("first_serial")),
                name="batch_serial_range"),
            models.UniqueConstraint(fields=["round", "first_serial"], name="batch_first_serial_unique"),
        ]

    def __str__(self):
        return f"{self.serial(self.first_serial)}–{self.serial(self.last_serial)}"

    @property
    def count(self):
        return self.last_serial - self.first_serial + 1

    def serial(self, n):
        return f"{n:0{self.serial_width}d}"
