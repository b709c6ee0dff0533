"""The project's own middleware.

ChosenLanguageMiddleware — Chinese by default: the language is zh-hans unless the user chose another with the
language switcher. Django's LocaleMiddleware would follow the browser's Accept-Language; office computers and
kiosks often have English browsers, and the staff still expect the Chinese interface.

ConstantPolicyCSPMiddleware — django-csp's Content-Security-Policy header, built once.
"""
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



class ConstantPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once: it is the same for every response that asks for no
    nonce and carries no per-view policy (csp_update and the like), and django-csp builds it anew each time —
    about a tenth of a small JSON request's CPU on election day (issue 13). A response with a nonce or a
    per-view policy is built as django-csp does; a change of the settings (tests) drops the built one."""

    _built = {}

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
                getattr(response, name, None) is not None for name in PER_VIEW_ATTRIBUTES):
            return super().process_response(request, response)
        if not self._built:
            self._built.update(enforced=build_policy(), report_only=build_policy(report_only=True))
        for header, policy, exempt, setting in (
                (HEADER, self._built["enforced"], "_csp_exempt", "CONTENT_SECURITY_POLICY"),
                (HEADER_REPORT_ONLY, self._built["report_only"], "_csp_exempt_ro",
                 "CONTENT_SECURITY_POLICY_REPORT_ONLY")):
            prefixes = tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
            if (policy and header not in response and not getattr(response, exempt, False)
                    and not request.path_info.startswith(prefixes)):
                response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:  # as django-csp: no nonce once the header is written
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


PER_VIEW_ATTRIBUTES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro",
                       "_csp_replace_ro")


@receiver(setting_changed)
def _drop_built_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        ConstantPolicyCSPMiddleware._built.clear()
