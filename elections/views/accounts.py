"""Accounts: one's own password change, and the district administrator's page of login lock-outs with an
unlock button for each."""
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..account_middleware import forget_one_time_password
from ..login_throttle import current_lockouts
from ..services.accounts import LOCKOUT_KINDS, login_lockout_release, password_changed
from ._helpers import run_service


def _district_admin_only(user):
    if not access.is_district_admin(user):
        raise PermissionDenied


@login_required
def login_lockouts(request):
    _district_admin_only(request.user)
    return render(request, "elections/login_lockouts.html", {
        "lockouts": current_lockouts(), "user_limit": settings.LOGIN_FAILURE_LIMIT,
        "address_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT, "minutes": settings.LOGIN_LOCKOUT_MINUTES})


@login_required
@require_POST
def login_lockout_release_view(request):
    _district_admin_only(request.user)
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "").strip()
    if kind in LOCKOUT_KINDS and value:
        run_service(request, login_lockout_release, kind=kind, value=value, actor=request.user,
                    success=_("Unlocked: %(value)s may log in again.") % {"value": value})
    return redirect("login_lockouts")


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, the password validators), audited."""

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            password_changed(user=form.user)
        forget_one_time_password(self.request)
        return response
