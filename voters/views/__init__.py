"""Pages of the voters app: residents and groups of a community (views.residents), and the registration of
voters for an election (views.registration). Views parse the request and call one service."""
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from elections import access


def community_context(request, community, **extra):
    """Context of a community page. The community's latest election (a rehearsal included) is passed as
    `election`, so the page sits under that election's tabs."""
    election = community.elections.select_related("community__street").order_by("-created_at", "-id").first()
    return {"community": community, "election": election,
            "can_edit": access.can_edit_community(request.user, community), **extra}


def sees_full_ids(user, community):
    """VOT-7: the full identity number is for the community's own election committee (its clerks) only."""
    return access.sees_full_ids(user, community)


def redirect_back(request, *fallback):
    """To the page the form came from (`next`, our own site only), else to the fallback URL name and args."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return redirect(next_url)
    return redirect(*fallback)
