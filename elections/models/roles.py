"""Who may do what, and where: one row per role a user holds, with the organisation (or, for a counting user,
the election) it covers. Roles are granted and removed only through elections/services/users.py (audited)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .organisations import Community, District, Street


class Role(models.Model):
    class Kind(models.TextChoices):
        DISTRICT_ADMIN = "district_admin", _("District administrator")
        STREET_SUPERVISOR = "street_supervisor", _("Street supervisor")
        CLERK = "clerk", _("Election committee member/clerk")
        OBSERVER = "observer", _("Read-only observer")
        # A member of the committee's counting staff: may only enter the tallies of one election (VOTE-5).
        COUNTER = "counter", _("Counting user")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles",
                             verbose_name=_("user"))
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("district"))
    street = models.ForeignKey(Street, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("street office"))
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("community"))
    election = models.ForeignKey("Election", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("election"))

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            # Exactly one scope per role, and the right one for its kind (observers may have any one).
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    (Q(election__isnull=True) & (
                        Q(kind="district_admin", district__isnull=False, street__isnull=True,
                          community__isnull=True)
                        | Q(kind="street_supervisor", district__isnull=True, street__isnull=False,
                            community__isnull=True)
                        | Q(kind="clerk", district__isnull=True, street__isnull=True, community__isnull=False)
                        | Q(kind="observer", district__isnull=False, street__isnull=True, community__isnull=True)
                        | Q(kind="observer", district__isnull=True, street__isnull=False, community__isnull=True)
                        | Q(kind="observer", district__isnull=True, street__isnull=True, community__isnull=False)))
                    | Q(kind="counter", district__isnull=True, street__isnull=True, community__isnull=True,
                        election__isnull=False)
                ),
            ),
            models.UniqueConstraint(fields=["user", "kind", "district", "street", "community", "election"],
                                    name="role_unique_per_scope"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.scope}"

    @property
    def scope(self):
        return self.election or self.community or self.street or self.district

    @property
    def scope_community(self):
        """The community the role is about (None for a street's or the district's)."""
        return self.election.community if self.election_id else self.community
