"""The idle-session timeout: a user who sent no request for SESSION_IDLE_TIMEOUT seconds is logged out, so a
clerk who walks away from the office computer leaves no open session behind. The absolute limit is
SESSION_COOKIE_AGE (8 hours from logging in).
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils.translation import gettext as _

KEY = "last_activity"
# Write the time into the session at most once a minute, not on every request.
RESOLUTION = 60


def stamp_login(sender, request, user, **kwargs):
    """Logging in is activity (connected to user_logged_in in ElectionsConfig.ready)."""
    request.session[KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """Requests a page makes by itself (the live quorum, print progress) carry the header X-Background: 1 and do
    not count as activity; once the session is over they get 401, and the page reloads to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(KEY)
            background = request.headers.get("X-Background") == "1"
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                if background:
                    return HttpResponse(status=401)
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                messages.info(request, _("You were logged out after %(minutes)s minutes without activity. Log "
                                         "in again to continue.") % {"minutes": minutes})
                return redirect_to_login(request.get_full_path())
            if not background and (last is None or now - last >= RESOLUTION):
                request.session[KEY] = now
        return self.get_response(request)
