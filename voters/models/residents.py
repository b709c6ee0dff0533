"""Resident groups, households and residents of a community (RULES MTH-2, MTH-3, VOT-1, VOT-2, VOT-9)."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from elections.models import Community, Sex
from elections.privacy import mask_phone

from ..idcard import mask


class ResidentGroup(models.Model):
    """居民小组: about 100 households, drawn by geography/buildings (MTH-2)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="resident_groups",
                                  verbose_name=_("community"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. 第3居民小组 or the buildings it covers"))
    buildings = models.CharField(_("buildings"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("resident group")
        verbose_name_plural = _("resident groups")
        ordering = ["community", "number"]
        constraints = [models.UniqueConstraint(fields=["community", "number"], name="group_number_unique")]

    def __str__(self):
        return self.name


class Household(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="households_set",
                                  verbose_name=_("community"))
    group = models.ForeignKey(ResidentGroup, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="households", verbose_name=_("resident group"))
    number = models.CharField(_("household number"), max_length=40)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["community", "number"]
        constraints = [models.UniqueConstraint(fields=["community", "number"], name="household_number_unique")]

    def __str__(self):
        return self.number


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior high school")
    SENIOR = "senior", _("Senior high school / technical secondary")
    COLLEGE = "college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", _("CPC member")
    PROBATIONARY = "probationary", _("Probationary CPC member")
    LEAGUE = "league", _("Communist Youth League member")
    DEMOCRATIC = "democratic", _("Member of a democratic party")
    MASSES = "masses", _("Ordinary citizen")


class Resident(models.Model):
    """A person living in or registered in the community. The identity number is stored once, in full, and
    shown masked (VOT-7) except to the roles that need it."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="residents",
                                  verbose_name=_("community"))
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="members", verbose_name=_("household"))
    group = models.ForeignKey(ResidentGroup, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="residents", verbose_name=_("resident group"))
    name = models.CharField(_("Full name"), max_length=50)
    id_number = models.CharField(_("identity number"), max_length=18, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    relation_to_head = models.CharField(_("relation to head of household"), max_length=20, blank=True)
    is_household_head = models.BooleanField(_("head of household"), default=False)
    hukou_address = models.CharField(_("household registration address"), max_length=200, blank=True)
    residence_address = models.CharField(_("residence address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    political_status = models.CharField(_("political status"), max_length=20, choices=PoliticalStatus.choices,
                                        blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # VOT-2: household registration here, and living here; or living here registered elsewhere since a date.
    hukou_here = models.BooleanField(_("household registration in this community"), default=True)
    lives_here = models.BooleanField(_("lives in this community"), default=True)
    owns_home_here = models.BooleanField(_("owns a home in this community"), default=False)
    living_since = models.DateField(_("living here since"), null=True, blank=True)
    # VOT-1: deprived of political rights by a judgment.
    deprived_of_rights = models.BooleanField(_("deprived of political rights"), default=False)
    deprivation_judgment = models.CharField(_("judgment reference"), max_length=100, blank=True)
    # VOT-9: mental incapacity only by a recorded decision of the election committee.
    incapacity = models.BooleanField(_("unable to exercise the right to vote"), default=False)
    incapacity_decision = models.CharField(_("committee decision"), max_length=200, blank=True)
    # MTH-3
    is_representative = models.BooleanField(_("residents' representative"), default=False)
    is_group_leader = models.BooleanField(_("group leader"), default=False)
    # Characters of the name the print font cannot draw (生僻字), found at import.
    undrawable_chars = models.CharField(_("characters the print font lacks"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["community", "group__number", "household__number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "id_number"], name="resident_id_unique_in_community"),
            models.CheckConstraint(name="resident_deprivation_has_judgment",
                                   condition=Q(deprived_of_rights=False) | ~Q(deprivation_judgment="")),
            models.CheckConstraint(name="resident_incapacity_has_decision",
                                   condition=Q(incapacity=False) | ~Q(incapacity_decision="")),
            # MTH-3: each resident group has one group leader (居民小组长).
            models.UniqueConstraint(fields=["group"], condition=Q(is_group_leader=True),
                                    name="resident_one_leader_per_group"),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_id(self):
        """VOT-7: never the full number on anything posted. 110108********123X → first 6 and last 4."""
        return mask(self.id_number)

    @property
    def masked_phone(self):
        """The phone number with its middle digits hidden, for people who need no more than that."""
        return mask_phone(self.phone)
