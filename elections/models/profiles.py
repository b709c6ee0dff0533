"""Rule profiles (规则方案): every number and switch of RULES.md that provinces set differently.

An election keeps a frozen copy (a snapshot dict) of the profile it started with; `RuleProfile.from_snapshot`
turns that copy back into an unsaved instance, so the rule code reads one kind of object either way.
"""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from .organisations import District

SNAPSHOT_EXCLUDE = ("id", "key", "name", "description", "district", "builtin", "copied_from", "created_at")


class RuleProfile(models.Model):
    class Margin(models.TextChoices):
        RATIO = "ratio", _("At least a share of the seats more (rounded up), and at least one")
        PER_POSITION = "per_position", _("Fixed numbers more per position")

    class Overmark(models.TextChoices):
        BALLOT = "ballot", _("The whole ballot is invalid")
        POSITION = "position", _("Only that position is invalid")

    class BallotLayout(models.TextChoices):
        ONE = "one", _("One ballot for all positions")
        SEPARATE = "separate", _("One ballot per position")

    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="rule_profiles", verbose_name=_("district"),
                                 help_text=_("Empty for the profiles shipped with the system."))
    builtin = models.BooleanField(_("shipped with the system"), default=False, editable=False)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, editable=False,
                                    verbose_name=_("copied from"))
    created_at = models.DateTimeField(auto_now_add=True)

    # VOT-5, VOT-6
    voter_list_days_before = models.PositiveSmallIntegerField(_("voter list posted at least N days before"), default=10)
    objection_window_days = models.PositiveSmallIntegerField(_("objections accepted N days after posting"), default=5)
    objection_decision_days = models.PositiveSmallIntegerField(_("objections decided within N days"), default=3)
    # VOT-1, VOT-2, VOT-8
    voter_min_age = models.PositiveSmallIntegerField(_("minimum voter age"), default=18)
    residence_months = models.PositiveSmallIntegerField(
        _("months of residence for voters registered elsewhere"), default=12)
    admit_registered_elsewhere = models.BooleanField(
        _("admit residents registered elsewhere (人户分离)"), default=True)
    absent_voters_excluded = models.BooleanField(
        _("voters who declare absence 2 days before are left out of the count"), default=False)
    # CAN-1, CAN-3, CAN-6
    candidate_age_warning = models.PositiveSmallIntegerField(_("warn when a candidate is over age"), default=60)
    candidates_days_before = models.PositiveSmallIntegerField(
        _("formal candidates posted at least N days before"), default=3)
    joint_nomination_voters = models.PositiveSmallIntegerField(_("voters needed for a joint nomination"), default=10)
    joint_nomination_households = models.PositiveSmallIntegerField(
        _("household representatives needed for a joint nomination"), default=5)
    negative_list = models.JSONField(_("negative list (one condition per line)"), default=list, blank=True)
    near_relatives = models.JSONField(_("near relatives"), default=list, blank=True)
    # CAN-5
    margin_rule = models.CharField(_("differential margin"), max_length=20, choices=Margin.choices,
                                   default=Margin.RATIO)
    # xgettext:no-python-format
    margin_percent = models.PositiveSmallIntegerField(_("margin, % of seats"), default=20)
    margin_leader_min = models.PositiveSmallIntegerField(_("extra candidates for chair and vice-chair"), default=1)
    margin_member_min = models.PositiveSmallIntegerField(_("extra candidates for members, at least"), default=1)
    margin_member_max = models.PositiveSmallIntegerField(_("extra candidates for members, at most"), default=3)
    equal_number_allowed = models.BooleanField(_("equal-number election allowed"), default=False)
    # PRX-3, PRX-4, VOTE-12
    proxy_days_before = models.PositiveSmallIntegerField(_("proxy arranged at least N days before"), default=2)
    proxy_max_authorisations = models.PositiveSmallIntegerField(_("authorisations per proxy"), default=3)
    proxy_candidate_forbidden = models.BooleanField(_("a candidate may not be a proxy"), default=True)
    helper_max_ballots = models.PositiveSmallIntegerField(_("ballots one helper may write"), default=3)
    # VOTE-3, VOTE-4
    rep_quorum_numerator = models.PositiveSmallIntegerField(_("representatives quorum, numerator"), default=4)
    rep_quorum_denominator = models.PositiveSmallIntegerField(_("representatives quorum, denominator"), default=5)
    rep_quorum_strict = models.BooleanField(_("representatives quorum must be exceeded (more than)"), default=False)
    # VOTE-8, VOTE-9, VOTE-11, VOTE-14, SEAT-1, SEAT-2
    overmark_invalidates = models.CharField(_("over-marked ballot"), max_length=10, choices=Overmark.choices,
                                            default=Overmark.BALLOT)
    ballot_layout = models.CharField(_("ballot layout"), max_length=10, choices=BallotLayout.choices,
                                     default=BallotLayout.ONE)
    further_round_numerator = models.PositiveSmallIntegerField(_("further round threshold, numerator"), default=1)
    further_round_denominator = models.PositiveSmallIntegerField(_("further round threshold, denominator"),
                                                                 default=3)
    station_min_staff = models.PositiveSmallIntegerField(_("staff per polling station"), default=3)
    # xgettext:no-python-format
    invalid_warning_percent = models.PositiveSmallIntegerField(_("warn above N% invalid or blank ballots"),
                                                               default=3)
    vice_chairs_min = models.PositiveSmallIntegerField(_("vice-chairs, at least"), default=1)
    vice_chairs_max = models.PositiveSmallIntegerField(_("vice-chairs, at most"), default=1)
    require_woman = models.BooleanField(_("at least one woman on the committee"), default=True)
    # AFT-2, AFT-4
    handover_days = models.PositiveSmallIntegerField(_("handover within N days of the result"), default=5)
    handover_working_days = models.BooleanField(_("handover days are working days"), default=True)
    archive_years = models.PositiveSmallIntegerField(_("archive kept N years"), default=3,
                                                     validators=[MinValueValidator(3)])
    # CAL-5
    backdate_flag_days = models.PositiveSmallIntegerField(
        _("acts dated more than N days before their entry are flagged as back-dated"), default=3)
    # AFT-3: what the new committee sets up after the election (a checklist: missing ones are warnings).
    working_committees = models.JSONField(_("working committees to set up (one per line)"), default=list,
                                          blank=True)
    consultation_council = models.BooleanField(_("a democratic consultation council (协商议事会) is set up"),
                                               default=True)
    supervision_group = models.BooleanField(
        _("a residents' affairs openness supervision group (居务监督委员会) is set up"), default=True)
    # ORG-5
    deferral_occupancy_percent = models.PositiveSmallIntegerField(
        _("deferred community may elect from occupancy (%)"), default=60, validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = _("rule profile")
        verbose_name_plural = _("rule profiles")
        ordering = ["-builtin", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rep_quorum_denominator__gt=0), name="profile_quorum_den_gt_0"),
            models.CheckConstraint(condition=models.Q(further_round_denominator__gt=0),
                                   name="profile_further_den_gt_0"),
            models.CheckConstraint(condition=models.Q(vice_chairs_min__lte=models.F("vice_chairs_max")),
                                   name="profile_vice_chairs_range"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.vice_chairs_min > self.vice_chairs_max:
            raise ValidationError({"vice_chairs_max": _("At most must not be below at least.")})
        if self.margin_member_min > self.margin_member_max:
            raise ValidationError({"margin_member_max": _("At most must not be below at least.")})
        if self.rep_quorum_numerator > self.rep_quorum_denominator:
            raise ValidationError({"rep_quorum_numerator": _("A quorum cannot exceed all representatives.")})

    def snapshot(self):
        """The frozen copy an election keeps (JSON-safe)."""
        data = model_to_dict(self, exclude=SNAPSHOT_EXCLUDE)
        data["source_key"] = self.key
        data["source_name"] = self.name
        return data

    @classmethod
    def from_snapshot(cls, data):
        fields = {f.name for f in cls._meta.concrete_fields}
        profile = cls(**{k: v for k, v in data.items() if k in fields})
        profile.key = data.get("source_key", "")
        profile.name = data.get("source_name", "")
        return profile
