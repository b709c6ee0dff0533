"""Chinese by default, and the idle-session timeout.

Chinese by default: the language is zh-hans unless the user chose another with the language switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language; office computers and kiosks often have
English browsers, and the staff still expect the Chinese interface.
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class IdleTimeoutMiddleware:
    """Log out a user who sent no request for SESSION_IDLE_TIMEOUT seconds: a clerk who walks away from the
    office computer leaves no open session behind. The absolute limit is SESSION_COOKIE_AGE.

    Requests a page makes by itself (the live quorum, print progress) carry the header X-Background: 1 and do
    not count as activity; once the session is over they get 401, and the page reloads to the login page.
    """
    KEY = "last_activity"
    # Write the time into the session at most once a minute, not on every request.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            background = request.headers.get("X-Background") == "1"
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                if background:
                    return HttpResponse(status=401)
                messages.info(request, _("You were logged out after %(minutes)s minutes without activity. Log "
                                         "in again to continue.") % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60})
                return redirect_to_login(request.get_full_path())
            if not background and (last is None or now - last >= self.RESOLUTION):
                request.session[self.KEY] = now
        return self.get_response(request)
