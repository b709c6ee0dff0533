"""A community: its elections, creating a new one, and the street office's deferral decision (ORG-5)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..forms import DeferralForm, ElectionCreateForm
from ..services.elections import election_create
from ..services.organisations import community_defer, community_resume, deferral_threshold
from ._helpers import run_service


@login_required
def community_detail(request, code):
    community = access.get_community(request.user, code)
    return render(request, "elections/community_detail.html", {
        "community": community,
        "elections": community.elections.order_by("-term", "-id"),
        "can_edit": access.can_edit_community(request.user, community),
        "can_supervise": access.can_supervise_community(request.user, community),
        "deferral_form": DeferralForm(initial={"deferred": community.deferred, "reason": community.deferred_reason,
                                               "occupancy_percent": community.occupancy_percent}),
        "deferral_threshold": deferral_threshold(community),
    })


@login_required
def election_create_view(request, code):
    community = access.get_community(request.user, code, edit=True)
    form = ElectionCreateForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        election = run_service(request, election_create, form=form, community=community, actor=request.user,
                               success=_("The election was created."), **form.cleaned_data)
        if election:
            return redirect("election_detail", election.pk)
    return render(request, "elections/election_form.html", {"form": form, "community": community,
                                                            "title": _("New election")})


@login_required
@require_POST
def community_deferral(request, code):
    community = access.get_community(request.user, code, supervise=True)
    form = DeferralForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["deferred"]:
            run_service(request, community_defer, community=community, actor=request.user, reason=data["reason"],
                        occupancy_percent=data["occupancy_percent"], success=_("The election is deferred."))
        else:
            run_service(request, community_resume, community=community, actor=request.user,
                        occupancy_percent=data["occupancy_percent"], success=_("The election may go ahead."))
    else:
        messages.error(request, _("Check the deferral form."))
    return redirect("community_detail", community.code)
