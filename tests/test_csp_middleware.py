"""config.middleware.ConstantPolicyCSPMiddleware: django-csp's header, built once — the same header as django-csp
gives, a per-view policy and a nonce still honoured, a change of the settings taken into account."""
from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from config.middleware import ConstantPolicyCSPMiddleware


def _through(middleware_class, view, path="/x/"):
    request = RequestFactory().get(path)
    middleware = middleware_class(view)
    middleware.process_request(request)
    return middleware.process_response(request, view(request))


def plain(request):
    return HttpResponse("ok")


@csp_update({"img-src": "https://maps.example"})
def updated(request):
    return HttpResponse("ok")


@csp_exempt()
def exempt(request):
    return HttpResponse("ok")


def with_nonce(request):
    return HttpResponse(str(request.csp_nonce))


def test_the_header_is_django_csps():
    ours, theirs = _through(ConstantPolicyCSPMiddleware, plain), _through(CSPMiddleware, plain)
    assert ours["Content-Security-Policy"] == theirs["Content-Security-Policy"]
    assert "script-src 'self'" in ours["Content-Security-Policy"]


def test_a_views_own_policy_and_exemption_are_kept():
    assert "https://maps.example" in _through(ConstantPolicyCSPMiddleware, updated)["Content-Security-Policy"]
    assert "https://maps.example" not in _through(ConstantPolicyCSPMiddleware, plain)["Content-Security-Policy"]
    assert "Content-Security-Policy" not in _through(ConstantPolicyCSPMiddleware, exempt)


def test_a_nonce_asked_for_is_in_the_header():
    policy = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        response = _through(ConstantPolicyCSPMiddleware, with_nonce)
    assert f"'nonce-{response.content.decode()}'" in response["Content-Security-Policy"]


def test_a_change_of_the_settings_is_taken_into_account():
    _through(ConstantPolicyCSPMiddleware, plain)  # built with the project's policy
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["https://other.example"]}}):
        assert _through(ConstantPolicyCSPMiddleware, plain)["Content-Security-Policy"] == \
            "default-src https://other.example"
    assert "script-src 'self'" in _through(ConstantPolicyCSPMiddleware, plain)["Content-Security-Policy"]


def test_excluded_prefixes_get_no_header():
    policy = {"EXCLUDE_URL_PREFIXES": ["/healthz"], "DIRECTIVES": {"default-src": [SELF]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert "Content-Security-Policy" not in _through(ConstantPolicyCSPMiddleware, plain, "/healthz")
        assert "Content-Security-Policy" in _through(ConstantPolicyCSPMiddleware, plain, "/other/")


def not_found(request):
    return HttpResponse("missing", status=404)


def test_djangos_debug_pages_are_left_alone_as_django_csp_does():
    with override_settings(DEBUG=True):
        assert "Content-Security-Policy" not in _through(CSPMiddleware, not_found)
        assert "Content-Security-Policy" not in _through(ConstantPolicyCSPMiddleware, not_found)
    assert "Content-Security-Policy" in _through(ConstantPolicyCSPMiddleware, not_found)
