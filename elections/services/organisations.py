"""Organisations: the street office's deferral of a relocating community's election (ORG-5), and the district
administrator's streets and communities (ORG-1), each change audited."""
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audit_log, model_state
from ..models import Community, RuleProfile, Street
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


# --- streets and communities, created and changed by the district administrator (issue 11, item 4) ----------

STREET_FIELDS = ["code", "name", "district"]
COMMUNITY_FIELDS = ["code", "name", "street", "households", "population", "address", "is_pilot"]


def _check_district_admin(actor, district):
    from .. import access
    if not (actor.is_superuser or access.visible_districts(actor).filter(pk=district.pk).exists()
            and access.is_district_admin(actor)):
        raise PermissionDenied


def _check_code(code, *, parent_prefix, parent_name, model, own_pk=None):
    """ORG-1: a statistical division code has 12 digits: 6 of the district (county), 3 of the street (town),
    3 of the community (village); a street's ends in 000 and starts with its district's 6, a community's starts
    with its street's 9."""
    if not re.fullmatch(r"\d{12}", code or ""):
        raise RuleViolation("ORG-1", _("A statistical division code has exactly 12 digits."), "code")
    if not code.startswith(parent_prefix):
        raise RuleViolation("ORG-1", _("The code must begin with %(prefix)s, as %(parent)s's does.")
                            % {"prefix": parent_prefix, "parent": parent_name}, "code")
    if model.objects.filter(code=code).exclude(pk=own_pk).exists():
        raise RuleViolation("ORG-1", _("The code %(code)s is already used.") % {"code": code}, "code")


def street_create(*, actor, district, code, name):
    _check_district_admin(actor, district)
    code, name = (code or "").strip(), (name or "").strip()
    _check_code(code, parent_prefix=district.code[:6], parent_name=district.name, model=Street)
    if not code.endswith("000") or code[6:9] == "000":
        raise RuleViolation("ORG-1", _("A street office's code ends in 000 and has its own three digits after "
                                       "the district's six (e.g. 110108015000)."), "code")
    with transaction.atomic():
        street = Street(district=district, code=code, name=name)
        street.full_clean()
        street.save()
        audit_log(actor=actor, action="elections.street.created", obj=street,
                  after=model_state(street, STREET_FIELDS))
    return street


def street_update(*, actor, street, name):
    _check_district_admin(actor, street.district)
    with transaction.atomic():
        street = Street.objects.select_for_update().get(pk=street.pk)
        before = model_state(street, STREET_FIELDS)
        street.name = (name or "").strip()
        street.full_clean()
        street.save(update_fields=["name"])
        audit_log(actor=actor, action="elections.street.updated", obj=street, before=before,
                  after=model_state(street, STREET_FIELDS))
    return street


def community_create(*, actor, street, code, name, households=0, population=0, address="", is_pilot=False):
    _check_district_admin(actor, street.district)
    code, name = (code or "").strip(), (name or "").strip()
    _check_code(code, parent_prefix=street.code[:9], parent_name=street.name, model=Community)
    if code.endswith("000"):
        raise RuleViolation("ORG-1", _("A community's code has its own last three digits (not 000)."), "code")
    with transaction.atomic():
        community = Community(street=street, code=code, name=name, households=households or 0,
                              population=population or 0, address=address or "", is_pilot=is_pilot)
        community.full_clean()
        community.save()
        audit_log(actor=actor, action="elections.community.created", obj=community,
                  after=model_state(community, COMMUNITY_FIELDS))
    return community


def community_update(*, actor, community, **changes):
    """Name, households, population, office address and pilot flag (the code and the street stay)."""
    _check_district_admin(actor, community.street.district)
    fields = [f for f in ("name", "households", "population", "address", "is_pilot") if f in changes]
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=community.pk)
        before = model_state(community, COMMUNITY_FIELDS)
        for field in fields:
            setattr(community, field, changes[field])
        community.full_clean()
        community.save(update_fields=fields)
        audit_log(actor=actor, action="elections.community.updated", obj=community, before=before,
                  after=model_state(community, COMMUNITY_FIELDS))
    return community
