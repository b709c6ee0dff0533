"""Users and their roles, managed in the app rather than the admin site (issue 11, item 4); every change audited.

Who may give which role (`may_grant`):
- the district administrator: any role within their district (streets, communities, elections of it);
- a street supervisor: the clerk role of a community of their street;
- a community clerk: the counting role of an election of their community (Role.Kind.COUNTER: enters the tallies
  of that election and nothing else, elections/access.py).
A user is managed (disabled, enabled, given a new one-time password, roles added or removed) by whoever may grant
every role they hold. Users are disabled, never deleted: the audit log keeps naming them.

A new user, and one whose password is reset, gets a one-time password shown once to the person who made it; at
the first login the user must choose their own (elections/account_middleware.py).
"""
import re
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .. import access
from ..audit import audit_log
from ..models import Account, Community, District, Election, Role, Street
from .errors import RuleViolation

SCOPE_FIELD = {District: "district", Street: "street", Community: "community", Election: "election"}
KIND_SCOPES = {
    Role.Kind.DISTRICT_ADMIN: (District,),
    Role.Kind.STREET_SUPERVISOR: (Street,),
    Role.Kind.CLERK: (Community,),
    Role.Kind.OBSERVER: (District, Street, Community),
    Role.Kind.COUNTER: (Election,),
}
# Letters and digits nobody misreads on a screen or a slip of paper (no 0/O, 1/l/I).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PHONE = re.compile(r"^[0-9][0-9\- ]{5,18}[0-9]$")


def one_time_password():
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(10))


# --- scope ----------------------------------------------------------------------------------------------------

def _district_id(scope):
    if isinstance(scope, District):
        return scope.pk
    if isinstance(scope, Street):
        return scope.district_id
    if isinstance(scope, Community):
        return scope.street.district_id
    return scope.community.street.district_id


def scope_label(scope):
    if isinstance(scope, Election):
        term = _("term %(term)s") % {"term": scope.term}
        return f"{scope.community.name} {term}{'（' + _('Rehearsal') + '）' if scope.is_rehearsal else ''}"
    return f"{scope.name}（{scope.code}）"


def may_grant(actor, kind, scope):
    if type(scope) not in KIND_SCOPES.get(kind, ()):
        return False
    if actor.is_superuser:
        return True
    for role in access._roles(actor):
        if role.kind == Role.Kind.DISTRICT_ADMIN and role.district_id == _district_id(scope):
            return True
        if (role.kind == Role.Kind.STREET_SUPERVISOR and kind == Role.Kind.CLERK
                and scope.street_id == role.street_id):
            return True
        if role.kind == Role.Kind.CLERK and kind == Role.Kind.COUNTER and scope.community_id == role.community_id:
            return True
    return False


def may_manage(actor, user):
    if user.pk == actor.pk or user.is_superuser:
        return False
    roles = list(Role.objects.filter(user=user).select_related(
        "district", "street", "community__street", "election__community__street"))
    return bool(roles) and all(may_grant(actor, r.kind, r.scope) for r in roles)


def grantable_kinds(actor):
    """The role kinds the actor may give somewhere (for the forms)."""
    if actor.is_superuser or access.is_district_admin(actor):
        return list(Role.Kind)
    kinds = access.role_kinds(actor)
    return ([Role.Kind.CLERK] if Role.Kind.STREET_SUPERVISOR in kinds else []) + (
        [Role.Kind.COUNTER] if Role.Kind.CLERK in kinds else [])


def managed_users(actor):
    """Users holding at least one role the actor may give (the users page lists them)."""
    User = get_user_model()
    if actor.is_superuser:
        return User.objects.filter(is_superuser=False)
    q = Q(pk__in=[])
    for role in access._roles(actor):
        if role.kind == Role.Kind.DISTRICT_ADMIN:
            d = role.district_id
            q |= (Q(roles__district_id=d) | Q(roles__street__district_id=d) | Q(roles__community__street__district_id=d)
                  | Q(roles__election__community__street__district_id=d))
        elif role.kind == Role.Kind.STREET_SUPERVISOR:
            q |= Q(roles__kind=Role.Kind.CLERK, roles__community__street_id=role.street_id)
        elif role.kind == Role.Kind.CLERK:
            q |= Q(roles__kind=Role.Kind.COUNTER, roles__election__community_id=role.community_id)
    return User.objects.filter(q, is_superuser=False).distinct()


def _check_grant(actor, kind, scope):
    if not may_grant(actor, kind, scope):
        raise PermissionDenied


def _check_manage(actor, user):
    if not may_manage(actor, user):
        raise PermissionDenied


# --- snapshots for the audit log --------------------------------------------------------------------------------

def role_state(role):
    return {"user": role.user_id, "kind": role.kind, "scope": scope_label(role.scope)}


def user_state(user):
    account = Account.objects.filter(user=user).first()
    return {"username": user.username, "full_name": user.first_name, "phone": account.phone if account else "",
            "is_active": user.is_active}


def _home_community(user):
    """The community a user's audit entries are filed under, so its street and committee read them too."""
    role = Role.objects.filter(user=user).select_related("election").first()
    return role.scope_community if role else None


# --- the doors ----------------------------------------------------------------------------------------------

def _clean_person(username, full_name, phone):
    errors = {}
    username, full_name, phone = (username or "").strip(), (full_name or "").strip(), (phone or "").strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        errors["username"] = _("A user name has letters, digits and @ . + - _ only.")
    if not username:
        errors["username"] = _("A user name is required.")
    elif get_user_model().objects.filter(username__iexact=username).exists():
        errors["username"] = _("The user name %(name)s is taken.") % {"name": username}
    if not full_name:
        errors["full_name"] = _("The person's full name is required.")
    if phone and not PHONE.match(phone):
        errors["phone"] = _("A phone number has digits only, like 13812345678 or 010-62751234.")
    if errors:
        raise ValidationError(errors)
    return username, full_name, phone


def user_create(*, actor, username, full_name, kind, scope, phone=""):
    """A new user with one role and a one-time password; returns (user, password). The password is shown once
    to the creator and never stored in the clear or logged."""
    _check_grant(actor, kind, scope)
    username, full_name, phone = _clean_person(username, full_name, phone)
    password = one_time_password()
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, password=password, first_name=full_name)
        Account.objects.create(user=user, phone=phone, must_change_password=True, created_by=actor)
        role = Role.objects.create(user=user, kind=kind, **{SCOPE_FIELD[type(scope)]: scope})
        community = role.scope_community
        audit_log(actor=actor, action="elections.user.created", obj=user, community=community,
                  election=role.election, after=user_state(user))
        audit_log(actor=actor, action="elections.role.granted", obj=role, community=community,
                  election=role.election, after=role_state(role))
    return user, password


def role_grant(*, actor, user, kind, scope):
    _check_grant(actor, kind, scope)
    if not user.is_active:
        raise RuleViolation("", _("%(name)s is disabled: enable the account first.") % {"name": _name(user)})
    held = set(Role.objects.filter(user=user).values_list("kind", flat=True))
    if held and (kind == Role.Kind.COUNTER) != (held == {Role.Kind.COUNTER}):
        raise RuleViolation("", _("A counting user holds counting roles only: create a separate account."))
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        fields = {SCOPE_FIELD[type(scope)]: scope}
        if Role.objects.filter(user=user, kind=kind, **fields).exists():
            raise RuleViolation("", _("%(name)s already holds this role.") % {"name": _name(user)})
        role = Role.objects.create(user=user, kind=kind, **fields)
        audit_log(actor=actor, action="elections.role.granted", obj=role, community=role.scope_community,
                  election=role.election, after=role_state(role))
    return role


def role_remove(*, actor, role):
    """Take a role away. The last role stays: disable the account instead, so nobody is left signed in
    without any scope."""
    _check_grant(actor, role.kind, role.scope)
    if role.user_id == actor.pk:
        raise RuleViolation("", _("You cannot remove your own role."))
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=role.user_id)
        if not Role.objects.filter(user_id=role.user_id).exclude(pk=role.pk).exists():
            raise RuleViolation("", _("This is the user's last role: disable the account instead."))
        before = role_state(role)
        community, election = role.scope_community, role.election
        audit_log(actor=actor, action="elections.role.removed", obj=role, community=community,
                  election=election, before=before)
        role.delete()


def _set_active(actor, user, active, reason):
    _check_manage(actor, user)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user
        before = user_state(user)
        user.is_active = active
        user.save(update_fields=["is_active"])
        Account.objects.update_or_create(user=user, defaults={"disabled_reason": reason if not active else ""})
        audit_log(actor=actor, action="elections.user.disabled" if not active else "elections.user.enabled",
                  obj=user, community=_home_community(user), before=before, after=user_state(user),
                  data={"reason": reason} if reason else None)
    return user


def user_disable(*, actor, user, reason=""):
    """Disabled instead of deleted: the user can no longer log in (Django refuses inactive users, and their
    open sessions end at the next request); the audit log keeps their name."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the account is disabled.")})
    return _set_active(actor, user, False, reason)


def user_enable(*, actor, user):
    return _set_active(actor, user, True, "")


def user_update(*, actor, user, full_name, phone=""):
    _check_manage(actor, user)
    full_name, phone = (full_name or "").strip(), (phone or "").strip()
    if not full_name:
        raise ValidationError({"full_name": _("The person's full name is required.")})
    if phone and not PHONE.match(phone):
        raise ValidationError({"phone": _("A phone number has digits only, like 13812345678 or 010-62751234.")})
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        before = user_state(user)
        user.first_name = full_name
        user.save(update_fields=["first_name"])
        Account.objects.update_or_create(user=user, defaults={"phone": phone})
        audit_log(actor=actor, action="elections.user.updated", obj=user, community=_home_community(user),
                  before=before, after=user_state(user))
    return user


def user_password_reset(*, actor, user):
    """A new one-time password for a user who forgot theirs; returns it (shown once)."""
    _check_manage(actor, user)
    password = one_time_password()
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.save(update_fields=["password"])
        Account.objects.update_or_create(user=user, defaults={"must_change_password": True})
        audit_log(actor=actor, action="elections.user.password_reset", obj=user,
                  community=_home_community(user))
    return password


def _name(user):
    return user.get_full_name() or user.username
