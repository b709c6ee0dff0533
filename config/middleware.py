"""The project's own middleware.

ChosenLanguageMiddleware — Chinese by default: the language is zh-hans unless the user chose another with the
language switcher. Django's LocaleMiddleware would follow the browser's Accept-Language; office computers and
kiosks often have English browsers, and the staff still expect the Chinese interface.

ConstantPolicyCSPMiddleware — django-csp's Content-Security-Policy header, built once.
"""
from http import HTTPStatus

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# What makes a response's policy its own (django-csp's per-view decorators), and the pages django-csp leaves
# alone when DEBUG is on (Django's debug pages for a 404 and a 500).
PER_VIEW_ATTRIBUTES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro",
                       "_csp_replace_ro")
DEBUG_PAGES = (HTTPStatus.NOT_FOUND, HTTPStatus.INTERNAL_SERVER_ERROR)


class ConstantPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once: it is the same for every response that asks for no
    nonce and carries no per-view policy (csp_update and the like), and django-csp builds it anew each time —
    about a tenth of a small JSON request's CPU on election day (issue 13). Any other response is built as
    django-csp does; a change of the settings (tests) drops the built one."""

    _built = []

    def process_response(self, request, response):
        if (getattr(request, "_csp_nonce", None) is not None
                or any(getattr(response, name, None) is not None for name in PER_VIEW_ATTRIBUTES)
                or (settings.DEBUG and response.status_code in DEBUG_PAGES)):
            return super().process_response(request, response)
        for header, policy, exempt, prefixes in self._policies():
            if (policy and header not in response and not getattr(response, exempt, False)
                    and not request.path_info.startswith(prefixes)):
                response[header] = policy
        # As django-csp: the header is written, so asking for a nonce now is an error, not a silent omission.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @classmethod
    def _policies(cls):
        """[(header, policy, the response's exemption attribute, URL prefixes left out)], built once."""
        if not cls._built:
            cls._built[:] = [
                (header, build_policy(report_only=report_only), exempt,
                 tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()))
                for header, report_only, exempt, setting in (
                    (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
                    (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"))]
        return cls._built


@receiver(setting_changed)
def _drop_built_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        ConstantPolicyCSPMiddleware._built.clear()
