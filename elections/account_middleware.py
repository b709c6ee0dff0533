"""Two checks on every request of a signed-in user (issue 11, item 4):

- a user still holding the one-time password their creator was shown goes to the password change page until
  they choose their own (the flag is read once, at login, into the session);
- a counting user opens only the pages that enter the tallies of their election (elections/access.py
  `counter_refusal`): every other page answers 403, another election's tally pages 404.
"""
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import access

ONE_TIME_PASSWORD = "one_time_password"
PASSWORD_PAGES = {"password_change", "password_change_done", "logout", "login", "set_language"}


def note_one_time_password(sender, request, user, **kwargs):
    """At login (connected to user_logged_in in ElectionsConfig.ready): remember whether the password is the
    one-time password, so later requests need no query for it."""
    from .models import Account
    if Account.objects.filter(user=user, must_change_password=True).exists():
        request.session[ONE_TIME_PASSWORD] = True
    else:
        request.session.pop(ONE_TIME_PASSWORD, None)


def forget_one_time_password(request):
    request.session.pop(ONE_TIME_PASSWORD, None)


class AccountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.resolver_match is None:
            return None
        name = request.resolver_match.view_name
        if request.session.get(ONE_TIME_PASSWORD) and name not in PASSWORD_PAGES:
            messages.warning(request, _("Choose your own password: the one you were given works only once."))
            return redirect("password_change")
        refusal = access.counter_refusal(user, name, view_kwargs)
        if refusal is not None:
            raise refusal
        if name == "home" and access.is_counting_user(user):
            return redirect("counting:overview", max(access.counting_election_ids(user)))
        return None
