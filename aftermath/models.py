"""After the vote (RULES AFT-2, AFT-3, AFT-5, AFT-6, AFT-7): the new committee in office, the handover, the
wrap-up, complaints, recalls. Every row belongs to one election (directly or through its parent row), so that
the election archive (AFT-4) can carry it whole.

- CommitteeSeat: a member of the residents' committee the election (or a by-election completing it) elected,
  from the day they took office until they leave it (a recall, AFT-6; resignation; death).
- Handover (交接, AFT-2): the outgoing committee hands over to the new one, presided over by the street office,
  within the profile's deadline after certification. Its items (HandoverItem: seal, premises, equipment,
  collective property and accounts, fixed assets, archives, claims and debts, other matters) and three
  signatures in order (HandoverSignature: the outgoing chair, the incoming chair, the presiding street
  official). Once the third is recorded the record is complete: nothing in it changes (services refuse; on
  PostgreSQL and SQLite database triggers refuse too, see migrations/0002), and the election committee's term
  ends (AFT-7). Whoever restores a handover (the archive) inserts its items and signatures first and sets
  `completed_on` last, as the service does.
- WorkingCommittee / WorkingCommitteeMember and ResidentBody / ResidentBodyMember (AFT-3): the new committee's
  working committees (人民调解, 治安保卫, 公共卫生, …) with members from the elected; the democratic
  consultation council (协商议事会) and the openness supervision group (居务监督委员会).
- Complaint / ComplaintEvidence (AFT-5): complaints and reports about the election (来信来访), routed to the
  street office and decided there, with their effect (none, a round voided under VOTE-13, a re-election).
  Evidence files live in private storage (MEDIA_ROOT/private).
- Recall (罢免, AFT-6): a petition against a member in office and the residents' vote on it, with the quorum
  and majority of an election; a recall carried vacates the seat, which a by-election (an Election of kind
  "by_election") fills.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from elections.models import Election, Position, Sex

from .storage import private_storage


class CommitteeSeat(models.Model):
    """A member of the residents' committee (居民委员会成员) of the term `election` elected."""

    class Left(models.TextChoices):
        RECALLED = "recalled", _("Recalled (AFT-6)")
        RESIGNED = "resigned", _("Resigned")
        DIED = "died", _("Died")
        OTHER = "other", _("Other reason")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="committee_seats",
                                 verbose_name=_("election of the committee"))
    # The election that elected this member: `election` itself, or a by-election completing its committee.
    elected_in = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="seats_won",
                                   verbose_name=_("elected in"))
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    name = models.CharField(_("Full name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    resident = models.ForeignKey("voters.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="committee_seats", verbose_name=_("resident"))
    # The key the count knew them by ("c<candidate id>" or "w:<name>", counting.lines), and their votes.
    result_key = models.CharField(max_length=60, blank=True)
    votes = models.PositiveIntegerField(_("votes"), default=0)
    took_office_on = models.DateField(_("took office on"))
    left_on = models.DateField(_("left office on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=10, choices=Left.choices, blank=True)
    left_note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("committee member in office")
        verbose_name_plural = _("committee members in office")
        ordering = ["election", "left_on", "position", "id"]
        constraints = [
            models.CheckConstraint(name="committee_seat_leaving_has_reason",
                                   condition=Q(left_on__isnull=True, left_reason="")
                                   | Q(left_on__isnull=False) & ~Q(left_reason="")),
            models.UniqueConstraint(fields=["election"], condition=Q(position="chair", left_on__isnull=True),
                                    name="committee_seat_one_chair_in_office"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_position_display()}）"

    @property
    def in_office(self):
        return self.left_on is None


# --- the handover (AFT-2, AFT-7) ----------------------------------------------------------------------------

class Handover(models.Model):
    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="handover",
                                    verbose_name=_("election"))
    started_on = models.DateField(_("handover began on"))
    outgoing_chair = models.CharField(_("chair of the outgoing committee"), max_length=50)
    incoming_chair = models.CharField(_("chair of the new committee"), max_length=50)
    # The day of the third signature: the handover is complete and the record sealed (AFT-2, AFT-7).
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.CheckConstraint(name="handover_completed_after_start",
                                   condition=Q(completed_on__isnull=True)
                                   | Q(completed_on__gte=models.F("started_on"))),
        ]

    def __str__(self):
        return f"{self.election} · {_('handover')}"

    @property
    def is_complete(self):
        return self.completed_on is not None


class HandoverItem(models.Model):
    """One line of the handover checklist (交接清单)."""

    class Category(models.TextChoices):
        SEAL = "seal", _("Seal (公章)")
        PREMISES = "premises", _("Office premises")
        EQUIPMENT = "equipment", _("Office equipment")
        PROPERTY = "property", _("Collective property and accounts")
        FIXED_ASSETS = "fixed_assets", _("Fixed assets")
        ARCHIVES = "archives", _("Work archives and files")
        CLAIMS_DEBTS = "claims_debts", _("Claims and debts")
        OTHER = "other", _("Other outstanding matters")

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("handover"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.CharField(_("quantity or amount"), max_length=100, blank=True,
                                help_text=_("e.g. 1枚, 3间 120平方米, 人民币12,345.67元, 无"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+", editable=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["handover", "id"]
        constraints = [models.CheckConstraint(name="handover_item_has_description", condition=~Q(description=""))]

    def __str__(self):
        return f"{self.get_category_display()}：{self.description}"


class HandoverSignature(models.Model):
    """A signature of the handover record, in order: 1 the outgoing chair, 2 the incoming chair, 3 the
    presiding street official. The chairs sign the paper and a clerk records it; the street official's is
    recorded by a supervisor user. `signed_on` is the date on the paper (CAL-5: the day the act happened)."""

    class Party(models.TextChoices):
        OUTGOING = "outgoing", _("Chair of the outgoing committee")
        INCOMING = "incoming", _("Chair of the new committee")
        STREET = "street", _("Presiding street-office official")

    ORDER = {Party.OUTGOING: 1, Party.INCOMING: 2, Party.STREET: 3}

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="signatures",
                                 verbose_name=_("handover"))
    party = models.CharField(_("signs as"), max_length=10, choices=Party.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    signer_name = models.CharField(_("name of the signer"), max_length=50)
    signed_on = models.DateField(_("signed on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handover signature")
        verbose_name_plural = _("handover signatures")
        ordering = ["handover", "order"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "party"], name="handover_signature_once_per_party"),
            models.CheckConstraint(name="handover_signature_order_of_party",
                                   condition=Q(party="outgoing", order=1) | Q(party="incoming", order=2)
                                   | Q(party="street", order=3)),
        ]

    def __str__(self):
        return f"{self.get_party_display()}：{self.signer_name}"


# --- wrap-up (AFT-3) ------------------------------------------------------------------------------------------

class WorkingCommittee(models.Model):
    """A working committee (下属委员会) of the new residents' committee: 人民调解委员会, 治安保卫委员会, …"""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="working_committees",
                                 verbose_name=_("election"))
    name = models.CharField(_("name"), max_length=50)
    set_up_on = models.DateField(_("set up on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working committee")
        verbose_name_plural = _("working committees")
        ordering = ["election", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="working_committee_once")]

    def __str__(self):
        return self.name


class WorkingCommitteeMember(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Head (主任)")
        MEMBER = "member", _("Member")

    committee = models.ForeignKey(WorkingCommittee, on_delete=models.CASCADE, related_name="members",
                                  verbose_name=_("working committee"))
    seat = models.ForeignKey(CommitteeSeat, on_delete=models.PROTECT, related_name="working_roles",
                             verbose_name=_("member of the residents' committee"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("working committee member")
        verbose_name_plural = _("working committee members")
        ordering = ["committee", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "seat"], name="working_committee_member_once"),
            models.UniqueConstraint(fields=["committee"], condition=Q(role="head"),
                                    name="working_committee_one_head"),
        ]


class ResidentBody(models.Model):
    """The democratic consultation council (协商议事会) or the residents' affairs openness supervision group
    (居务监督委员会), as the residents' meeting chose it."""

    class Kind(models.TextChoices):
        CONSULTATION_COUNCIL = "consultation_council", _("Democratic consultation council (协商议事会)")
        SUPERVISION_GROUP = "supervision_group", _("Openness supervision group (居务监督委员会)")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="resident_bodies",
                                 verbose_name=_("election"))
    kind = models.CharField(_("body"), max_length=20, choices=Kind.choices)
    set_up_on = models.DateField(_("set up on"))
    chosen_by = models.CharField(_("chosen by"), max_length=200,
                                 help_text=_("e.g. 社区居民代表会议（2026年12月28日）"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation or supervision body")
        verbose_name_plural = _("consultation and supervision bodies")
        ordering = ["election", "kind"]
        constraints = [models.UniqueConstraint(fields=["election", "kind"], name="resident_body_once")]

    def __str__(self):
        return str(self.get_kind_display())


class ResidentBodyMember(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Head (主任/召集人)")
        MEMBER = "member", _("Member")

    body = models.ForeignKey(ResidentBody, on_delete=models.CASCADE, related_name="members",
                             verbose_name=_("body"))
    name = models.CharField(_("Full name"), max_length=50)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["body", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["body"], condition=Q(role="head"),
                                               name="resident_body_one_head")]


# --- complaints (AFT-5) -----------------------------------------------------------------------------------------

class Complaint(models.Model):
    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter (来信)")
        VISIT = "visit", _("Visit (来访)")
        PHONE = "phone", _("Telephone")
        ONLINE = "online", _("Online")
        OTHER = "other", _("Other")

    class Subject(models.TextChoices):
        VIOLENCE = "violence", _("Violence")
        THREATS = "threats", _("Threats")
        FRAUD = "fraud", _("Fraud or deception")
        BRIBERY = "bribery", _("Bribery (贿选)")
        FORGED = "forged_ballots", _("Forged ballots")
        FALSE_COUNT = "false_count", _("False count")
        PROCEDURE = "procedure", _("Breach of procedure")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Recorded, not sent on yet")
        ROUTED = "routed", _("With the street office")
        DECIDED = "decided", _("Decided")

    class Effect(models.TextChoices):
        NONE = "none", _("No effect on the result")
        ROUND_VOIDED = "round_voided", _("A round is void and repeated (VOTE-13)")
        RE_ELECTION = "re_election", _("A new election is ordered")

    OPEN = (Status.RECEIVED, Status.ROUTED)

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="complaints",
                                 verbose_name=_("election"))
    number = models.PositiveIntegerField(_("number"), editable=False)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("how it came"), max_length=10, choices=Channel.choices)
    # Empty for an anonymous report. The complainant's details are seen only by the committee and the street
    # office (never by read-only observers).
    complainant = models.CharField(_("complainant"), max_length=100, blank=True,
                                   help_text=_("Leave empty for an anonymous report."))
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    subject = models.CharField(_("concerning"), max_length=20, choices=Subject.choices)
    summary = models.TextField(_("what is reported"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    routed_on = models.DateField(_("sent to the street office on"), null=True, blank=True)
    routed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    decision = models.TextField(_("decision"), blank=True)
    effect = models.CharField(_("effect"), max_length=15, choices=Effect.choices, blank=True)
    reference = models.CharField(_("document reference"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # VOTE-13: the street-office decision voiding a round, made through counting's service.
    count_decision = models.OneToOneField("counting.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="complaint", verbose_name=_("decision on the count"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["election", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="complaint_number_unique"),
            models.CheckConstraint(name="complaint_decided_in_full",
                                   condition=~Q(status="decided") | (~Q(decision="") & ~Q(effect="")
                                                                      & Q(decided_on__isnull=False))),
            models.CheckConstraint(name="complaint_voided_round_has_decision",
                                   condition=~Q(effect="round_voided") | Q(count_decision__isnull=False)),
        ]

    def __str__(self):
        return _("Complaint %(n)s") % {"n": self.number}

    @property
    def is_open(self):
        return self.status in self.OPEN


def evidence_path(instance, filename):
    return f"complaints/e{instance.complaint.election_id}/c{instance.complaint_id}/{filename}"


class ComplaintEvidence(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence",
                                  verbose_name=_("complaint"))
    file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["complaint", "id"]

    def __str__(self):
        return self.original_name


# --- recall (AFT-6) -------------------------------------------------------------------------------------------

class Recall(models.Model):
    """罢免: a petition against a member in office, then the vote on it (AFT-6: the quorum and majority of an
    election, VOTE-3/4 and VOTE-5)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Petition received, vote pending")
        RECALLED = "recalled", _("Recalled")
        REJECTED = "rejected", _("Not recalled")
        VOID = "void", _("Vote void: quorum missed")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="recalls",
                                 verbose_name=_("election of the committee"))
    seat = models.ForeignKey(CommitteeSeat, on_delete=models.PROTECT, related_name="recalls",
                             verbose_name=_("member"))
    petition_on = models.DateField(_("petition submitted on"))
    petitioners = models.PositiveIntegerField(_("petitioners"))
    grounds = models.TextField(_("grounds"))
    vote_on = models.DateField(_("vote held on"), null=True, blank=True)
    eligible = models.PositiveIntegerField(_("entitled to vote"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("took part"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for the recall"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against the recall"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    # What the rules said when the vote was recorded: quorum and majority needed, and the rule ids.
    reckoning = models.JSONField(default=dict, blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")
        ordering = ["election", "-petition_on", "-id"]
        constraints = [
            models.CheckConstraint(name="recall_has_grounds", condition=~Q(grounds="")),
            models.CheckConstraint(name="recall_vote_recorded_in_full",
                                   condition=Q(outcome="pending") | Q(vote_on__isnull=False,
                                                                      eligible__isnull=False,
                                                                      participants__isnull=False,
                                                                      votes_for__isnull=False)),
            models.UniqueConstraint(fields=["seat"], condition=Q(outcome="pending"),
                                    name="recall_one_pending_per_member"),
        ]

    def __str__(self):
        return f"{_('Recall')} · {self.seat.name}"
