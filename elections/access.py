"""Who sees and changes what (DESIGN: every page and action checks the user's scope).

Outside one's scope an object does not exist (404, to prevent information leakage); inside it but without the
right to change it, the answer is 403.

A counting user (Role.Kind.COUNTER, issue 11 item 4) holds one role only, scoped to one election: it may open the
count's pages that enter tallies of that election (COUNTER_PAGES, with `tally=True` in `get_election`) and nothing
else: `counter_refusal` is asked by the account middleware for every request, so a page added later is refused to
counting users unless it is named here.
"""
import contextvars

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import Community, Election, Role, Street
from .prepared import prepared


def _roles(user):
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = load_roles(user)
    return cache


def load_roles(user):
    """The user's roles, loaded once per request (or kept with the user in the shared cache:
    elections/auth_backend.py)."""
    user._role_cache = list(Role.objects.filter(user=user))
    return user._role_cache


# The pages of the count where tallies are entered (counting app), plus one's own password and logging out.
COUNTER_PAGES = {"counting:overview", "counting:box", "counting:entry_start", "counting:entry",
                 "counting:entry_submit", "counting:line_edit", "counting:line_delete"}
COUNTER_ACCOUNT_PAGES = {"password_change", "password_change_done", "logout", "login", "set_language", "home"}
# The roles that take a community's supervisor steps.
SUPERVISOR_KINDS = {Role.Kind.STREET_SUPERVISOR, Role.Kind.DISTRICT_ADMIN}


def role_kinds(user):
    return {r.kind for r in _roles(user)}


def is_district_admin(user):
    return user.is_superuser or Role.Kind.DISTRICT_ADMIN in role_kinds(user)


def is_supervisor(user):
    return bool(role_kinds(user) & SUPERVISOR_KINDS) or user.is_superuser


def is_counting_user(user):
    """A user whose only roles are counting roles (superusers never are)."""
    kinds = role_kinds(user)
    return bool(kinds) and kinds == {Role.Kind.COUNTER} and not user.is_superuser


def counting_election_ids(user):
    return {r.election_id for r in _roles(user) if r.kind == Role.Kind.COUNTER}


def counter_refusal(user, url_name, kwargs):
    """None when a counting user may open the page; else the refusal: 404 for another election's tally pages,
    403 for every page that is not a tally page. Other users: always None (their pages check their scope)."""
    if not user.is_authenticated or not is_counting_user(user):
        return None
    if url_name in COUNTER_ACCOUNT_PAGES:
        return None
    if url_name not in COUNTER_PAGES:
        return PermissionDenied
    return None if kwargs.get("pk") in counting_election_ids(user) else Http404


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
    return Community.objects.filter(_scope_q([r for r in _roles(user) if r.kind in SUPERVISOR_KINDS]))


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


def _covered(user, community, kinds=None):
    """Whether a role of the user (of `kinds`, else any) covers the community; superusers always. Asked on
    every page of an election and by every POST: answered from the user's roles, loaded once per request,
    rather than by a query each time (issue 13: queries per issuance request)."""
    return user.is_superuser or any(_covers(r, community) for r in _roles(user)
                                    if kinds is None or r.kind in kinds)


def can_view_community(user, community):
    """Whether `community` is among `visible_communities(user)`."""
    return _covered(user, community)


def can_edit_community(user, community):
    """Whether `community` is among `editable_communities(user)`."""
    return _covered(user, community, {Role.Kind.CLERK})


def can_supervise_community(user, community):
    """Whether `community` is among `supervised_communities(user)`."""
    return _covered(user, community, SUPERVISOR_KINDS)


def get_community(user, code, *, edit=False, supervise=False):
    # As get_election: the row by its code, then the scope tested on it.
    community = Community.objects.filter(code=code).select_related("street__district").first()
    if community is None or not can_view_community(user, community):
        raise Http404
    if edit and not can_edit_community(user, community):
        raise PermissionDenied
    if supervise and not can_supervise_community(user, community):
        raise PermissionDenied
    return community


# An election as its pages load it: with its community and street, which the scope is tested on (a role's
# district is the street's district_id); no ordering (it joined up to the district). Its SQL compiled once:
# every request of election day asks for it (issue 13).
@prepared(Election)
def _election_by_pk(shape, pk):
    return Election.objects.select_related("community__street").order_by().filter(pk=pk)


# The row the read-only middleware (elections/read_only.py) read for this request, offered once to
# get_election. A context variable: each thread of a server process serves its own request.
_preloaded = contextvars.ContextVar("preloaded_election", default=None)


def preload_election(pk):
    """The election `pk` as get_election loads it (None if there is none), kept for this request's first
    get_election of it. No scope test here: get_election tests it."""
    election = _election_row(pk)
    _preloaded.set(election)
    return election


def forget_preloaded_election():
    _preloaded.set(None)


def _load_election(pk):
    election = _preloaded.get()
    if election is not None and election.pk == pk:
        _preloaded.set(None)  # once: a later lookup in the same request reads the row again
        return election
    return _election_row(pk)


def _election_row(pk):
    return next(iter(_election_by_pk((), pk=int(pk))), None)


def get_election(user, pk, *, edit=False, supervise=False, tally=False):
    """The election if the user may see it (404 otherwise); 403 when they may see but not change it.

    `tally=True` marks the count's pages where tallies are entered: the election's counting users may open them,
    and `edit` is then "may enter tallies" (clerks, and the election's counting users)."""
    if tally and pk in counting_election_ids(user):
        election = _load_election(pk)
        if election is None:
            raise Http404
        return election
    # The row by its key, then the scope tested on it (`can_view_community`, the same test as
    # `visible_communities` writes in SQL): asked by every page of an election, and a join to the scope's
    # subquery costs more to build than to run (issue 13). Not the rule profile: the election's rules are its
    # frozen snapshot (Election.rules).
    election = _load_election(pk)
    if election is None or not can_view_community(user, election.community):
        raise Http404
    if (edit or supervise) and election.is_restored:
        raise PermissionDenied  # AFT-4: an election restored from its archive is a read-only record
    if edit and not can_edit_community(user, election.community):
        raise PermissionDenied
    if supervise and not can_supervise_community(user, election.community):
        raise PermissionDenied
    return election


def sees_full_ids(user, community):
    """VOT-7: the full identity number is for the community's own election committee (its clerks) only —
    on screen, in exports and in the election archive (AFT-4)."""
    return can_edit_community(user, community)


def can_edit_election(user, election):
    return not election.is_restored and can_edit_community(user, election.community)


def can_view_statistics(user):
    """The district statistics (supervision): district administrators and observers of a district or a street
    see the roll-up of their scope, street supervisors their own streets'. A committee's clerk or a community's
    observer has no roll-up."""
    if user.is_superuser:
        return True
    return any(r.kind in (Role.Kind.DISTRICT_ADMIN, Role.Kind.STREET_SUPERVISOR)
               or (r.kind == Role.Kind.OBSERVER and (r.district_id or r.street_id)) for r in _roles(user))


def can_enter_tally(user, election):
    """VOTE-5/6: the committee's clerks, and the counting users of this election, type the count."""
    return election.pk in counting_election_ids(user) or can_edit_election(user, election)
