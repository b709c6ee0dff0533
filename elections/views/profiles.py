"""Rule profiles: everyone may read them; a district administrator copies and edits their district's."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import access
from ..forms import ProfileCopyForm, ProfileForm
from ..models import District, RuleProfile
from ..services.profiles import profile_copy, profile_update
from ._helpers import run_service


def _admin_districts(user):
    if user.is_superuser:
        return District.objects.all()
    return District.objects.filter(pk__in=[r.district_id for r in access._roles(user)
                                           if r.kind == "district_admin"])


def _visible_profiles(user):
    if user.is_superuser:
        return RuleProfile.objects.all()
    return RuleProfile.objects.filter(Q(district__isnull=True) | Q(district__in=access.visible_districts(user)))


def _get_profile(user, pk, edit=False):
    profile = _visible_profiles(user).filter(pk=pk).first()
    if profile is None:
        raise Http404
    if edit and (profile.builtin or not _admin_districts(user).filter(pk=profile.district_id).exists()):
        raise PermissionDenied
    return profile


@login_required
def profile_list(request):
    return render(request, "elections/profile_list.html", {
        "profiles": _visible_profiles(request.user).select_related("district", "copied_from"),
        "can_copy": _admin_districts(request.user).exists(),
    })


@login_required
def profile_detail(request, pk):
    profile = _get_profile(request.user, pk)
    form = ProfileForm(instance=profile)
    return render(request, "elections/profile_detail.html", {
        "profile": profile, "form": form,
        "can_edit": not profile.builtin and _admin_districts(request.user).filter(pk=profile.district_id).exists(),
        "can_copy": _admin_districts(request.user).exists(),
        "copy_form": ProfileCopyForm(initial={"key": f"{profile.key}-copy", "name": f"{profile.name}（副本）"}),
    })


@login_required
def profile_copy_view(request, pk):
    profile = _get_profile(request.user, pk)
    districts = _admin_districts(request.user)
    if not districts.exists():
        raise PermissionDenied
    form = ProfileCopyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = run_service(request, profile_copy, form=form, profile=profile, actor=request.user,
                           district=districts.first(), success=_("The profile was copied."), **form.cleaned_data)
        if copy:
            return redirect("profile_edit", copy.pk)
    return render(request, "elections/simple_form.html", {"form": form, "title": _("Copy rule profile"),
                                                          "back": profile})


@login_required
def profile_edit(request, pk):
    profile = _get_profile(request.user, pk, edit=True)
    form = ProfileForm(request.POST or None, instance=RuleProfile.objects.get(pk=profile.pk))
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.cleaned_data}
        if run_service(request, profile_update, form=form, profile=profile, actor=request.user,
                       success=_("The profile was saved."), **changes):
            return redirect("profile_detail", profile.pk)
    return render(request, "elections/simple_form.html", {"form": form, "title": _("Edit rule profile"),
                                                          "back": profile})
