"""Login throttling (django-axes, wired in config/settings.py): lock-out per user name and per address, the
Chinese lock-out page saying when to try again, and every failed login in the audit log.

A user name is locked after LOGIN_FAILURE_LIMIT wrong passwords, an address after LOGIN_ADDRESS_FAILURE_LIMIT
(higher, since a whole community office may answer from one address), each until LOGIN_LOCKOUT_MINUTES after
its last failure. Both the app's login page and the admin's go through `authenticate`, so both are throttled.
"""
from dataclasses import dataclass

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from .audit import audit_log


def client_address(request):
    """The client's address. Behind our reverse proxy (BEHIND_PROXY) it is the last X-Forwarded-For entry, the
    one the proxy itself appended; earlier entries come from the client and could be forged to dodge the
    limit."""
    if settings.BEHIND_PROXY:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def _failures(attempts):
    row = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return row["failures"] or 0, row["last"]


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the address, and the audit log of every failure."""

    def _counts(self, request, credentials):
        """((failures, last failure) of the user name, (failures, last failure) of the address): recent."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        return (_failures(recent.filter(username=username)),
                _failures(recent.filter(ip_address=request.axes_ip_address)))

    def get_failures(self, request, credentials=None):
        # Axes compares this with AXES_FAILURE_LIMIT (the user limit): an address at its own limit counts as
        # a user at the limit.
        (user, _), (address, _) = self._counts(request, credentials)
        address_locked = address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return max(user, settings.LOGIN_FAILURE_LIMIT if address_locked else 0)

    def locked_until(self, request, credentials=None):
        """When the user name or address (whichever is locked longer) may try again; None when neither is."""
        (user, user_last), (address, address_last) = self._counts(request, credentials)
        limits = ((user, user_last, settings.LOGIN_FAILURE_LIMIT),
                  (address, address_last, settings.LOGIN_ADDRESS_FAILURE_LIMIT))
        ends = [last for count, last, limit in limits if count >= limit and last is not None]
        return max(ends) + get_cool_off(request) if ends else None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # The backend marks a request it refused because the client was already locked out.
        refused = request is not None and getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None:
            return
        if refused:
            action = "elections.login.refused_locked_out"
        elif request.axes_locked_out:
            action = "elections.login.locked_out"
        else:
            action = "elections.login.failed"
        audit_log(actor=None, action=action, data={
            "username": (get_client_username(request, credentials) or "")[:150],
            "ip_address": request.axes_ip_address, "path": request.path[:200],
            "failures": request.axes_failures_since_start})


def lockout_response(request, original_response=None, credentials=None):
    """The Chinese lock-out page (HTTP 429): locked, and the time to try again."""
    until = AxesProxyHandler.get_implementation().locked_until(request, credentials)
    minutes = None
    if until is not None:
        minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    return render(request, "registration/locked_out.html",
                  {"until": until, "minutes": minutes, "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES},
                  status=429)


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    until: object  # datetime


def current_lockouts(now=None):
    """Every user name and address locked out now, longest lock first."""
    now = now or timezone.now()
    cool_off = get_cool_off()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off)
    lockouts = []
    for kind, limit in (("username", settings.LOGIN_FAILURE_LIMIT),
                        ("ip_address", settings.LOGIN_ADDRESS_FAILURE_LIMIT)):
        rows = (recent.exclude(**{f"{kind}__isnull": True}).values(kind)
                .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(failures__gte=limit).order_by(kind))
        lockouts += [Lockout(kind, row[kind], row["failures"], row["last"] + cool_off) for row in rows]
    return sorted(lockouts, key=lambda lockout: lockout.until, reverse=True)
