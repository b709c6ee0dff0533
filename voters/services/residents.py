"""Residents, households and resident groups of a community (MTH-2, MTH-3, VOT-1, VOT-2, VOT-7, VOT-9)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from elections import names
from elections.audit import audit_log, model_state
from elections.models import Community, Election, Override
from elections.printing import PrintFontMissing, fonts_can_draw
from elections.services.errors import RuleViolation, RuleWarning
from elections.services.overrides import record_overrides
from elections.states import State

from .. import idcard
from ..models import Household, Registration, Resident, ResidentGroup
from .registration import OPEN_STATES, current_problems

# MTH-2: about 100 households per group; warn well outside it.
GROUP_HOUSEHOLDS_TARGET, GROUP_HOUSEHOLDS_MIN, GROUP_HOUSEHOLDS_MAX = 100, 50, 150
# MTH-3: 2–3 representatives and one leader per group; at least 50 representatives in the community.
REPRESENTATIVES_PER_GROUP = (2, 3)
REPRESENTATIVES_TOTAL_MIN = 50

EDIT_FIELDS = [
    "name", "id_number", "sex", "birth_date", "group", "relation_to_head", "is_household_head", "hukou_address",
    "residence_address", "phone", "education", "political_status", "note", "hukou_here", "lives_here",
    "owns_home_here", "living_since", "deprived_of_rights", "deprivation_judgment", "incapacity",
    "incapacity_decision", "is_representative", "is_group_leader",
]


def undrawable(text):
    """The characters of `text` the print fonts cannot draw (生僻字), which would print as empty boxes."""
    try:
        return fonts_can_draw(text)
    except PrintFontMissing:
        return set()  # nothing prints without the font anyway: the PDF side says so loudly


def current_election(community):
    """The community's latest election not yet closed: resident data changes are logged under it too, so its
    audit log tells the whole story of the voter list."""
    return (Election.objects.filter(community=community).exclude(state=State.CLOSED)
            .order_by("-created_at", "-id").first())


def _log(*, community, **kwargs):
    audit_log(community=community, election=current_election(community), **kwargs)


def resident_audit_state(resident):
    """The resident's fields for the audit log, which supervisors read: the identity number masked (VOT-7)."""
    state = model_state(resident, EDIT_FIELDS + ["household"])
    state["id_number"] = resident.masked_id
    return state


def check_identity(*, id_number, sex=None, birth_date=None):
    """(number, sex, birth date) from the identity number; sex and birth date, when given, must agree with it.

    Raises ValidationError keyed by field, so a form shows each message at its field.
    """
    try:
        card = idcard.parse(id_number)
    except idcard.InvalidIdNumber as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    errors = {}
    if sex and sex != card.sex:
        errors["sex"] = _("The identity number is a %(sex)s's.") % {"sex": _("man") if card.sex == "M" else _("woman")}
    if birth_date and birth_date != card.birth_date:
        errors["birth_date"] = _("The identity number gives the date of birth %(date)s.") % {
            "date": card.birth_date.isoformat()}
    if errors:
        raise ValidationError(errors)
    return card.number, card.sex, card.birth_date


def household_for(community, number, group):
    """The community's household with this number, created when new (its group follows the resident's)."""
    number = (number or "").strip()
    if not number:
        return None
    household, created = Household.objects.get_or_create(community=community, number=number,
                                                         defaults={"group": group})
    if not created and group is not None and household.group_id != group.pk:
        household.group = group
        household.save(update_fields=["group"])
    return household


def _apply(resident, data):
    data = dict(data)
    if "id_number" in data or "sex" in data or "birth_date" in data:
        data["id_number"], data["sex"], data["birth_date"] = check_identity(
            id_number=data.get("id_number", resident.id_number), sex=data.get("sex") or None,
            birth_date=data.get("birth_date"))
    unknown = set(data) - set(EDIT_FIELDS)
    assert not unknown, unknown
    for key, value in data.items():
        setattr(resident, key, value)
    if resident.group_id and resident.group.community_id != resident.community_id:
        raise ValidationError({"group": _("Choose a group of this community.")})
    resident.name = names.checked_name(resident.name)  # the importer's rule, on every path (issue 12, item 3)
    resident.undrawable_chars = "".join(sorted(undrawable(resident.name)))[:20]
    if not resident.deprived_of_rights:
        resident.deprivation_judgment = ""
    if not resident.incapacity:
        resident.incapacity_decision = ""


def _check_flags(resident):
    # VOT-1 and VOT-9 are recorded decisions: the flag is meaningless without its reference.
    if resident.deprived_of_rights and not resident.deprivation_judgment.strip():
        raise RuleViolation("VOT-1", _("Give the judgment that deprived the person of political rights."),
                            field="deprivation_judgment")
    if resident.incapacity and not resident.incapacity_decision.strip():
        raise RuleViolation("VOT-9", _("Only a recorded decision of the election committee removes a person for "
                                       "incapacity: give the decision."), field="incapacity_decision")


def _save_resident(resident, household_number, actor):
    _check_flags(resident)
    if household_number is not None:
        resident.household = household_for(resident.community, household_number, resident.group)
    if resident.is_group_leader and resident.group_id:
        _unmark_leader(resident.group, actor, keep=resident)
    resident.full_clean()
    resident.save()


def resident_create(*, community, actor, household_number="", **data):
    with transaction.atomic():
        resident = Resident(community=community)
        _apply(resident, data)
        _save_resident(resident, household_number, actor)
        _log(actor=actor, action="voters.resident.created", obj=resident, community=community,
                  after=resident_audit_state(resident))
    return resident


def resident_update(*, resident, actor, household_number=None, **changes):
    """Change a resident; pending registrations of open elections get their problems refreshed."""
    with transaction.atomic():
        resident = Resident.objects.select_for_update(of=("self",)).select_related("community").get(pk=resident.pk)
        before = resident_audit_state(resident)
        _apply(resident, changes)
        _save_resident(resident, household_number, actor)
        after = resident_audit_state(resident)
        if after != before:
            _log(actor=actor, action="voters.resident.updated", obj=resident, community=resident.community,
                      before={k: v for k, v in before.items() if after[k] != v},
                      after={k: v for k, v in after.items() if before[k] != v})
            _refresh_pending(resident)
    return resident


def _refresh_pending(resident):
    pending = Registration.objects.filter(resident=resident, status=Registration.Status.PENDING,
                                          election__state__in=OPEN_STATES).select_related("election__community")
    for reg in pending:
        reg.resident = resident
        problems = current_problems(reg.election, reg)
        if problems != reg.problems:
            reg.problems = problems
            reg.save(update_fields=["problems"])


# --- representatives and group leaders (MTH-3) -------------------------------------------------------------

def _unmark_leader(group, actor, keep=None):
    for leader in Resident.objects.select_for_update().filter(group=group, is_group_leader=True).exclude(
            pk=getattr(keep, "pk", None)):
        leader.is_group_leader = False
        leader.save(update_fields=["is_group_leader", "updated_at"])
        _log(actor=actor, action="voters.resident.roles_changed", obj=leader, community=leader.community,
                  before={"is_group_leader": True}, after={"is_group_leader": False})


def resident_roles_set(*, resident, actor, is_representative=None, is_group_leader=None):
    """Mark or unmark a residents' representative and the group leader (one leader per group: the new one
    replaces the old)."""
    with transaction.atomic():
        resident = Resident.objects.select_for_update(of=("self",)).select_related("community", "group").get(pk=resident.pk)
        if resident.group_id is None and (is_representative or is_group_leader):
            raise RuleViolation("MTH-3", _("Representatives and group leaders are chosen by a resident group: put "
                                           "the resident in a group first."))
        before = model_state(resident, ["is_representative", "is_group_leader"])
        if is_representative is not None:
            resident.is_representative = is_representative
        if is_group_leader is not None:
            if is_group_leader:
                ResidentGroup.objects.select_for_update().get(pk=resident.group_id)
                _unmark_leader(resident.group, actor, keep=resident)
            resident.is_group_leader = is_group_leader
        after = model_state(resident, ["is_representative", "is_group_leader"])
        if after != before:
            resident.save(update_fields=["is_representative", "is_group_leader", "updated_at"])
            _log(actor=actor, action="voters.resident.roles_changed", obj=resident,
                      community=resident.community, before=before, after=after)
    return resident


# --- resident groups (MTH-2) ---------------------------------------------------------------------------------

def group_default_name(number):
    return f"第{number}居民小组"


def group_create(*, community, actor, number, name="", buildings=""):
    with transaction.atomic():
        group = ResidentGroup(community=community, number=number, name=name.strip() or group_default_name(number),
                              buildings=buildings.strip())
        group.full_clean()
        group.save()
        _log(actor=actor, action="voters.group.created", obj=group, community=community,
                  after=model_state(group))
    return group


def group_update(*, group, actor, **changes):
    with transaction.atomic():
        group = ResidentGroup.objects.select_for_update().get(pk=group.pk)
        before = model_state(group)
        for key in ("number", "name", "buildings"):
            if key in changes:
                setattr(group, key, changes[key].strip() if isinstance(changes[key], str) else changes[key])
        group.name = group.name or group_default_name(group.number)
        group.full_clean()
        group.save()
        after = model_state(group)
        if after != before:
            _log(actor=actor, action="voters.group.updated", obj=group, community=group.community,
                      before=before, after=after)
    return group


def groups_with_counts(community):
    """The community's groups with households, residents, representatives and leaders counted (one query)."""
    return ResidentGroup.objects.filter(community=community).annotate(
        household_count=Count("households", distinct=True),
        resident_count=Count("residents", distinct=True),
        representative_count=Count("residents", filter=Q(residents__is_representative=True), distinct=True),
        leader_count=Count("residents", filter=Q(residents__is_group_leader=True), distinct=True),
    ).order_by("number")


def group_warnings(community, groups=None):
    """MTH-2 and MTH-3 warnings for the community's groups, as RuleWarnings (warn-kind: a person may proceed
    with a written reason, see group_warnings_accept)."""
    groups = list(groups if groups is not None else groups_with_counts(community))
    warnings = []
    for g in groups:
        if not GROUP_HOUSEHOLDS_MIN <= g.household_count <= GROUP_HOUSEHOLDS_MAX:
            warnings.append(RuleWarning("MTH-2", _(
                "%(group)s has %(n)s households; a resident group should have about %(target)s.")
                % {"group": g.name, "n": g.household_count, "target": GROUP_HOUSEHOLDS_TARGET}))
        low, high = REPRESENTATIVES_PER_GROUP
        if not low <= g.representative_count <= high:
            warnings.append(RuleWarning("MTH-3", _(
                "%(group)s has %(n)s residents' representatives; each group elects %(low)s to %(high)s.")
                % {"group": g.name, "n": g.representative_count, "low": low, "high": high}))
        if g.leader_count != 1:
            warnings.append(RuleWarning("MTH-3", _("%(group)s has no group leader.") % {"group": g.name}))
    total = sum(g.representative_count for g in groups)
    if total < REPRESENTATIVES_TOTAL_MIN:
        warnings.append(RuleWarning("MTH-3", _(
            "The community has %(n)s residents' representatives; normally there are at least %(min)s.")
            % {"n": total, "min": REPRESENTATIVES_TOTAL_MIN}))
    return warnings


def group_warnings_accept(*, election, actor, reason):
    """Proceed past the current MTH-2/MTH-3 warnings for this election with a written reason (recorded as
    overrides the supervisor sees). Warnings already accepted for the election are not recorded twice."""
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=election.community_id)
        accepted = set(Override.objects.filter(election=election, rule__in=["MTH-2", "MTH-3"])
                       .values_list("rule", "message"))
        warnings = [w for w in group_warnings(community) if (w.rule, str(w.message)) not in accepted]
        return record_overrides(election=election, warnings=warnings, reason=reason, actor=actor)
