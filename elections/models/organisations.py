"""District → street office → community (RULES ORG-1), each identified by its 12-digit division code."""
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

division_code_validator = RegexValidator(r"^\d{12}$", _("A statistical division code has exactly 12 digits."))


class Organisation(models.Model):
    code = models.CharField(_("division code"), max_length=12, unique=True, validators=[division_code_validator])
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return self.name


class District(Organisation):
    # The rule profile the district chose for its elections (RULES "Rule profiles"); new elections start with it.
    default_profile = models.ForeignKey("RuleProfile", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+", verbose_name=_("default rule profile"))

    class Meta(Organisation.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Street(Organisation):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="streets",
                                 verbose_name=_("district"))

    class Meta(Organisation.Meta):
        verbose_name = _("street office")
        verbose_name_plural = _("street offices")


class Community(Organisation):
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="communities",
                               verbose_name=_("street office"))
    households = models.PositiveIntegerField(_("households"), default=0)
    population = models.PositiveIntegerField(_("registered population"), default=0)
    address = models.CharField(_("office address"), max_length=200, blank=True)
    # ORG-5: a community being demolished/relocated defers its election until occupancy is high enough.
    deferred = models.BooleanField(_("election deferred"), default=False)
    deferred_reason = models.TextField(_("reason for deferral"), blank=True)
    occupancy_percent = models.PositiveSmallIntegerField(
        _("occupancy (%)"), null=True, blank=True, validators=[MaxValueValidator(100), MinValueValidator(0)]
    )
    is_pilot = models.BooleanField(_("pilot community"), default=False, help_text=_("ORG-6"))

    class Meta(Organisation.Meta):
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deferred=False) | ~models.Q(deferred_reason=""),
                name="community_deferral_has_reason",
            ),
        ]

    @property
    def district(self):
        return self.street.district
