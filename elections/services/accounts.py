"""User accounts: lifting a login lock-out before it runs out (the district administrator's decision), and the
record of a password change."""
from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import access
from ..audit import audit_log

LOCKOUT_KINDS = ("username", "ip_address")


def login_lockout_release(*, kind, value, actor):
    """Forget the recent failed logins of a user name or of an address, so it may log in again at once.
    Only a district administrator (or a superuser) may. Returns how many attempt records were removed."""
    if not access.is_district_admin(actor):
        raise PermissionDenied
    if kind not in LOCKOUT_KINDS or not value:
        raise ValueError(f"unknown lock-out {kind!r}={value!r}")
    with transaction.atomic():
        removed = axes_reset(**({"username": value} if kind == "username" else {"ip": value}))
        audit_log(actor=actor, action="elections.login.unlocked",
                  data={kind: value, "attempts_removed": removed})
    return removed


def password_changed(*, user):
    """Record that `user` changed their own password (the form has saved it; the password is never logged); a
    one-time password given by an administrator is now replaced (issue 11, item 4)."""
    from ..models import Account
    first = Account.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
    audit_log(actor=user, action="elections.password.changed", obj=user,
              data={"one_time_password_replaced": True} if first else None)
