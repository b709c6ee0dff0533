"""Who sees and changes what (DESIGN: every page and action checks the user's scope).

Outside one's scope an object does not exist (404, to prevent information leakage); inside it but without the
right to change it, the answer is 403.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import Community, Election, Role, Street


def _roles(user):
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = user._role_cache = list(Role.objects.filter(user=user))
    return cache


def role_kinds(user):
    return {r.kind for r in _roles(user)}


def is_district_admin(user):
    return user.is_superuser or Role.Kind.DISTRICT_ADMIN in role_kinds(user)


def is_supervisor(user):
    return bool(role_kinds(user) & {Role.Kind.STREET_SUPERVISOR, Role.Kind.DISTRICT_ADMIN}) or user.is_superuser


def _scope_q(roles, prefix=""):
    q = Q(pk__in=[])
    for role in roles:
        if role.community_id:
            q |= Q(**{f"{prefix}pk": role.community_id})
        elif role.street_id:
            q |= Q(**{f"{prefix}street_id": role.street_id})
        elif role.district_id:
            q |= Q(**{f"{prefix}street__district_id": role.district_id})
    return q


def visible_communities(user):
    """Every community the user may look at (read-only or more)."""
    if not user.is_authenticated:
        return Community.objects.none()
    if user.is_superuser:
        return Community.objects.all()
    return Community.objects.filter(_scope_q(_roles(user)))


def editable_communities(user):
    """Communities whose election data the user may change: the committee's clerks, and superusers."""
    if user.is_superuser:
        return Community.objects.all()
    return Community.objects.filter(_scope_q([r for r in _roles(user) if r.kind == Role.Kind.CLERK]))


def supervised_communities(user):
    """Communities whose supervisor steps (deferral, sign-offs, decisions) the user may take."""
    if user.is_superuser:
        return Community.objects.all()
    kinds = {Role.Kind.STREET_SUPERVISOR, Role.Kind.DISTRICT_ADMIN}
    return Community.objects.filter(_scope_q([r for r in _roles(user) if r.kind in kinds]))


def visible_districts(user):
    """Districts the user works in, by any role (even before the district has communities)."""
    from .models import District
    if user.is_superuser:
        return District.objects.all()
    roles = _roles(user)
    return District.objects.filter(
        Q(pk__in=[r.district_id for r in roles if r.district_id])
        | Q(streets__pk__in=[r.street_id for r in roles if r.street_id])
        | Q(streets__communities__pk__in=[r.community_id for r in roles if r.community_id])).distinct()


def visible_streets(user):
    if user.is_superuser:
        return Street.objects.all()
    return Street.objects.filter(communities__in=visible_communities(user)).distinct()


def visible_elections(user):
    return Election.objects.filter(community__in=visible_communities(user))


def _covers(role, community):
    """Whether the role's scope includes the community: the test _scope_q writes as SQL, made on the loaded
    objects (no query; a district role reads community.street, which get_election has loaded)."""
    if role.community_id:
        return role.community_id == community.pk
    if role.street_id:
        return role.street_id == community.street_id
    if role.district_id:
        return community.street.district_id == role.district_id
    return False


def can_edit_community(user, community):
    # Asked on every page of an election (may-I-change) and by every POST: answered from the user's roles,
    # loaded once per request, rather than by a query each time (issue 13: queries per issuance request).
    if user.is_superuser:
        return True
    return any(_covers(r, community) for r in _roles(user) if r.kind == Role.Kind.CLERK)


def can_supervise_community(user, community):
    if user.is_superuser:
        return True
    kinds = {Role.Kind.STREET_SUPERVISOR, Role.Kind.DISTRICT_ADMIN}
    return any(_covers(r, community) for r in _roles(user) if r.kind in kinds)


def get_community(user, code, *, edit=False, supervise=False):
    community = visible_communities(user).filter(code=code).select_related("street__district").first()
    if community is None:
        raise Http404
    if edit and not can_edit_community(user, community):
        raise PermissionDenied
    if supervise and not can_supervise_community(user, community):
        raise PermissionDenied
    return community


def get_election(user, pk, *, edit=False, supervise=False):
    """The election if the user may see it (404 otherwise); 403 when they may see but not change it."""
    election = (visible_elections(user).filter(pk=pk)
                .select_related("community__street__district", "profile").first())
    if election is None:
        raise Http404
    if edit and not can_edit_community(user, election.community):
        raise PermissionDenied
    if supervise and not can_supervise_community(user, election.community):
        raise PermissionDenied
    return election


def can_edit_election(user, election):
    return can_edit_community(user, election.community)
