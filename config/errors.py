"""The page for a form refused by CSRF protection (CSRF_FAILURE_VIEW): in Chinese, saying what to do next."""
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def csrf_failure(request, reason=""):
    # `reason` is Django's English diagnosis (for the log, which django.security writes): not shown to users.
    return render(request, "403_csrf.html", {"no_cookie": "cookie" in reason.lower()}, status=403)
