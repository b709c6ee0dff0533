"""Community-level decisions of the street office: deferral of a relocating community's election (ORG-5)."""
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audit_log, model_state
from ..models import Community, RuleProfile
from .errors import RuleViolation

DEFERRAL_FIELDS = ["deferred", "deferred_reason", "occupancy_percent"]


def deferral_threshold(community):
    """ORG-5 config: the occupancy from which a deferred community may elect (district's profile, else 60%)."""
    profile = community.street.district.default_profile or RuleProfile.objects.filter(
        key="seed-district-plan").first()
    return profile.deferral_occupancy_percent if profile else 60


def community_defer(*, community, actor, reason, occupancy_percent=None):
    if not reason.strip():
        raise RuleViolation("ORG-5", _("A deferral needs the street office's written reason."))
    return _save_deferral(community, actor, True, reason.strip(), occupancy_percent, "elections.community.deferred")


def community_resume(*, community, actor, occupancy_percent):
    threshold = deferral_threshold(community)
    if occupancy_percent is None or occupancy_percent < threshold:
        raise RuleViolation("ORG-5", _("Occupancy is %(now)s%%; the election may resume from %(need)s%%.")
                            % {"now": occupancy_percent if occupancy_percent is not None else "?",
                               "need": threshold})
    return _save_deferral(community, actor, False, "", occupancy_percent, "elections.community.resumed")


def _save_deferral(community, actor, deferred, reason, occupancy, action):
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=community.pk)
        before = model_state(community, DEFERRAL_FIELDS)
        community.deferred, community.deferred_reason, community.occupancy_percent = deferred, reason, occupancy
        community.full_clean()
        community.save(update_fields=DEFERRAL_FIELDS)
        audit_log(actor=actor, action=action, obj=community, before=before,
                  after=model_state(community, DEFERRAL_FIELDS))
    return community
