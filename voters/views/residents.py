"""Residents and resident groups of a community (the import: views/imports.py)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from elections import access
from elections.audit_display import describe
from elections.models import AuditLog
from elections.views._helpers import paginate, run_service

from ..forms import GroupForm, ReasonForm, ResidentFilterForm, ResidentForm
from ..models import Resident, ResidentGroup
from ..selectors import residents_for_list
from ..services.residents import (group_create, group_update, group_warnings, group_warnings_accept,
                                  groups_with_counts, resident_create, resident_roles_set, resident_update)
from . import community_context, redirect_back, sees_full_ids


def _resident(community, pk):
    return get_object_or_404(Resident.objects.select_related("group", "household"), community=community, pk=pk)


@login_required
def resident_list(request, code):
    community = access.get_community(request.user, code)
    groups = ResidentGroup.objects.filter(community=community).order_by("number")
    form = ResidentFilterForm(request.GET or None, groups=groups)
    data = form.cleaned_data if form.is_valid() else {}
    full_ids = sees_full_ids(request.user, community)
    residents = residents_for_list(community, group=data.get("group"), query=data.get("q", ""), full_ids=full_ids)
    page = paginate(request, residents, per_page=50)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "voters/resident_list.html", community_context(
        request, community, page=page, form=form, query=query.urlencode(), total=page.paginator.count,
        show_phone=full_ids))


@login_required
def resident_detail(request, code, pk):
    community = access.get_community(request.user, code)
    resident = _resident(community, pk)
    members = (resident.household.members.select_related("group").order_by("-is_household_head", "id")
               if resident.household_id else [])
    full_ids = sees_full_ids(request.user, community)
    # The resident's changes in words (issue 11, item 5): field labels, choice labels, people by name.
    history = describe(AuditLog.objects.filter(object_type="voters.Resident", object_id=str(resident.pk))
                       .select_related("actor")[:20], reveal_private=full_ids)
    registrations = resident.registrations.select_related("election").order_by("-election__created_at")
    return render(request, "voters/resident_detail.html", community_context(
        request, community, resident=resident, members=members, history=history, registrations=registrations,
        full_ids=full_ids))


@login_required
def resident_add(request, code):
    community = access.get_community(request.user, code, edit=True)
    form = ResidentForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        resident = run_service(request, resident_create, form=form, community=community, actor=request.user,
                               success=_("The resident was added."), **form.service_kwargs())
        if resident:
            return redirect("voters:resident_detail", community.code, resident.pk)
    return render(request, "voters/resident_form.html", community_context(
        request, community, form=form, title=_("Add a resident")))


@login_required
def resident_edit(request, code, pk):
    community = access.get_community(request.user, code, edit=True)
    resident = _resident(community, pk)
    form = ResidentForm(request.POST or None, instance=resident, community=community)
    if request.method == "POST" and form.is_valid():
        fresh = Resident.objects.get(pk=resident.pk)  # the form wrote its values onto `resident` already
        if run_service(request, resident_update, form=form, resident=fresh, actor=request.user,
                       success=_("The resident was saved."), **form.service_kwargs()):
            return redirect("voters:resident_detail", community.code, resident.pk)
    return render(request, "voters/resident_form.html", community_context(
        request, community, form=form, resident=resident, title=_("Edit resident")))


@login_required
@require_POST
def resident_roles(request, code, pk):
    """MTH-3: mark or unmark a residents' representative or the group leader."""
    community = access.get_community(request.user, code, edit=True)
    resident = _resident(community, pk)
    flags = {}
    for field in ("is_representative", "is_group_leader"):
        if field in request.POST:
            flags[field] = request.POST[field] == "1"
    run_service(request, resident_roles_set, resident=resident, actor=request.user,
                success=_("Saved: %(name)s.") % {"name": resident.name}, **flags)
    return redirect_back(request, "voters:resident_detail", community.code, resident.pk)


# --- groups (MTH-2, MTH-3) -------------------------------------------------------------------------------------

@login_required
def group_list(request, code):
    community = access.get_community(request.user, code)
    groups = list(groups_with_counts(community))
    context = community_context(request, community, groups=groups, warnings=group_warnings(community, groups),
                                accept_form=ReasonForm())
    context["accepted"] = (context["election"].overrides.filter(rule__in=["MTH-2", "MTH-3"]).select_related("actor")
                           if context["election"] else [])
    return render(request, "voters/group_list.html", context)


@login_required
@require_POST
def group_warnings_accept_view(request, code):
    community = access.get_community(request.user, code, edit=True)
    election = community_context(request, community)["election"]
    if election is None:
        raise Http404
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(request, group_warnings_accept, election=election, actor=request.user,
                    reason=form.cleaned_data["reason"], success=_("The warnings were accepted with your reason."))
    else:
        messages.error(request, _("Give the reason for going ahead."))
    return redirect("voters:groups", community.code)


@login_required
def group_detail(request, code, pk):
    community = access.get_community(request.user, code)
    group = get_object_or_404(ResidentGroup, community=community, pk=pk)
    residents = group.residents.select_related("household").order_by("household__number", "-is_household_head",
                                                                     "id")
    page = paginate(request, residents, per_page=100)
    return render(request, "voters/group_detail.html", community_context(
        request, community, group=group, page=page, households=group.households.count(),
        representatives=group.residents.filter(is_representative=True).order_by("id"),
        leader=group.residents.filter(is_group_leader=True).first()))


@login_required
def group_add(request, code):
    community = access.get_community(request.user, code, edit=True)
    form = GroupForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        if run_service(request, group_create, form=form, community=community, actor=request.user,
                       success=_("The group was created."), **form.cleaned_data):
            return redirect("voters:groups", community.code)
    return render(request, "voters/simple_form.html", community_context(
        request, community, form=form, title=_("New resident group")))


@login_required
def group_edit(request, code, pk):
    community = access.get_community(request.user, code, edit=True)
    group = get_object_or_404(ResidentGroup, community=community, pk=pk)
    form = GroupForm(request.POST or None, instance=group, community=community)
    if request.method == "POST" and form.is_valid():
        fresh = ResidentGroup.objects.get(pk=group.pk)
        if run_service(request, group_update, form=form, group=fresh, actor=request.user,
                       success=_("The group was saved."), **form.cleaned_data):
            return redirect("voters:group_detail", community.code, group.pk)
    return render(request, "voters/simple_form.html", community_context(
        request, community, form=form, title=_("Edit resident group")))
