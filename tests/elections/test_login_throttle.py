"""Login throttling (django-axes): lock-out per user name and per address, a Chinese page saying when to try
again, failed logins in the audit log, and the district administrator's unlock page."""
import datetime

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from elections import login_throttle
from elections.models import AuditLog
from elections.services.accounts import login_lockout_release
from tests import factories

LOGIN_URL = reverse("login")
ADMIN_LOGIN_URL = reverse("admin:login")


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 30


def _login(client, username, password, *, url=LOGIN_URL, address="127.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_then_the_right_one_is_refused(client, db):
    factories.user("wang")
    for _ in range(40):
        _login(client, "wang", "wrong")

    response = _login(client, "wang", "pw")

    assert response.status_code == 429
    assert not _logged_in(client)
    text = response.content.decode()
    assert "登录失败次数过多" in text and "后再试" in text


def test_the_fifth_wrong_password_locks_and_the_fourth_does_not(client, db):
    factories.user("wang")
    for _ in range(4):
        assert _login(client, "wang", "wrong").status_code == 200
    assert _login(client, "wang", "pw").status_code == 302  # four failures: still allowed

    client.logout()
    for _ in range(5):
        response = _login(client, "wang", "wrong")
    assert response.status_code == 429
    assert _login(client, "wang", "pw").status_code == 429


def test_the_lock_out_page_says_when_to_try_again(client, db):
    factories.user("wang")
    for _ in range(5):
        _login(client, "wang", "wrong")
    last = AccessAttempt.objects.get(username="wang").attempt_time

    response = _login(client, "wang", "pw")

    until = timezone.localtime(last + datetime.timedelta(minutes=15))
    assert f"请于{until:%Y-%m-%d %H:%M}后再试" in response.content.decode()


def test_attempts_while_locked_out_do_not_extend_the_lock(client, db):
    factories.user("wang")
    for _ in range(5):
        _login(client, "wang", "wrong")
    locked_at = AccessAttempt.objects.get(username="wang").attempt_time
    for _ in range(10):
        _login(client, "wang", "wrong")

    attempt = AccessAttempt.objects.get(username="wang")
    assert (attempt.attempt_time, attempt.failures_since_start) == (locked_at, 5)


def test_the_lock_ends_after_the_lock_out_time(client, db):
    factories.user("wang")
    for _ in range(5):
        _login(client, "wang", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1))

    assert _login(client, "wang", "pw").status_code == 302
    assert _logged_in(client)


def test_a_locked_user_name_is_locked_from_every_address(client, db):
    factories.user("wang")
    for i in range(5):
        _login(client, "wang", "wrong", address=f"10.0.0.{i + 1}")

    assert _login(client, "wang", "pw", address="10.0.9.9").status_code == 429


def test_an_address_is_locked_after_its_own_higher_limit_whatever_the_user_name(client, db):
    factories.user("li")
    for i in range(29):
        _login(client, f"guess{i}", "wrong", address="10.1.1.1")
    assert _login(client, "li", "pw", address="10.1.1.1").status_code == 302
    client.logout()

    _login(client, "guess29", "wrong", address="10.1.1.1")  # the 30th failure from the address

    assert _login(client, "li", "pw", address="10.1.1.1").status_code == 429
    assert _login(client, "li", "pw", address="10.2.2.2").status_code == 302


def test_the_admin_login_is_throttled_too(client, db):
    factories.user("root", is_staff=True, is_superuser=True)
    for _ in range(40):
        _login(client, "root", "wrong", url=ADMIN_LOGIN_URL)

    response = _login(client, "root", "pw", url=ADMIN_LOGIN_URL)

    assert response.status_code == 429
    assert not _logged_in(client)


def test_failed_logins_and_the_lock_out_are_written_to_the_audit_log(client, db):
    factories.user("wang")
    for _ in range(6):
        _login(client, "wang", "wrong", address="10.3.3.3")

    entries = list(AuditLog.objects.filter(action__startswith="elections.login.").order_by("id"))
    assert [e.action for e in entries] == ["elections.login.failed"] * 4 + [
        "elections.login.locked_out", "elections.login.refused_locked_out"]
    assert entries[0].data == {"username": "wang", "ip_address": "10.3.3.3", "path": LOGIN_URL, "failures": 1}
    assert entries[4].data["failures"] == 5
    assert all(e.actor is None for e in entries)


def test_a_failed_admin_login_is_audited(client, db):
    _login(client, "nobody", "wrong", url=ADMIN_LOGIN_URL)

    entry = AuditLog.objects.get(action="elections.login.failed")
    assert (entry.data["username"], entry.data["path"]) == ("nobody", ADMIN_LOGIN_URL)


def _lock(client, username, address="127.0.0.1"):
    for _ in range(5):
        _login(client, username, "wrong", address=address)


def test_the_district_admin_sees_the_locked_user_and_unlocks_it(client, client_as, district_admin):
    factories.user("wang")
    _lock(client, "wang")
    admin = client_as(district_admin)

    page = admin.get(reverse("login_lockouts")).content.decode()
    assert "wang" in page and "解锁" in page
    response = admin.post(reverse("login_lockout_release"), {"kind": "username", "value": "wang"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="wang").exists()
    entry = AuditLog.objects.get(action="elections.login.unlocked")
    assert entry.actor == district_admin and entry.data == {"username": "wang", "attempts_removed": 1}
    client.logout()
    assert _login(client, "wang", "pw").status_code == 302


def test_the_district_admin_unlocks_an_address(client, client_as, district_admin):
    factories.user("li")
    for i in range(30):
        _login(client, f"guess{i}", "wrong", address="10.4.4.4")
    assert [(lo.kind, lo.value) for lo in login_throttle.current_lockouts()] == [("ip_address", "10.4.4.4")]

    unlock = {"kind": "ip_address", "value": "10.4.4.4"}
    client_as(district_admin).post(reverse("login_lockout_release"), unlock)

    assert login_throttle.current_lockouts() == []
    client.logout()
    assert _login(client, "li", "pw", address="10.4.4.4").status_code == 302


def test_an_expired_lock_is_not_listed(db):
    AccessAttempt.objects.create(username="wang", ip_address="10.5.5.5", user_agent="x",
                                 failures_since_start=9)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))  # auto_now_add

    assert login_throttle.current_lockouts() == []


def test_only_a_district_admin_may_unlock(clerk_a, supervisor_a):
    for actor in (clerk_a, supervisor_a):
        with pytest.raises(PermissionDenied):
            login_lockout_release(kind="username", value="wang", actor=actor)


def test_a_superuser_may_unlock(db):
    root = factories.user("root", is_superuser=True)

    assert login_lockout_release(kind="username", value="wang", actor=root) == 0


def test_a_refused_unlock_keeps_the_lock(client, client_as, clerk_a):
    factories.user("wang")
    _lock(client, "wang")

    response = client_as(clerk_a).post(reverse("login_lockout_release"), {"kind": "username", "value": "wang"})

    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="wang").exists()
    assert not AuditLog.objects.filter(action="elections.login.unlocked").exists()


def test_the_lock_out_link_shows_for_district_admins_only(client_as, district_admin, supervisor_a):
    link = reverse("login_lockouts")

    assert link in client_as(district_admin).get(reverse("calendar_years")).content.decode()
    assert link not in client_as(supervisor_a).get(reverse("calendar_years")).content.decode()


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(settings):
    request = RequestFactory().post("/login/", REMOTE_ADDR="127.0.0.1",
                                    HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    settings.BEHIND_PROXY = True
    assert login_throttle.client_address(request) == "203.0.113.7"
    settings.BEHIND_PROXY = False
    assert login_throttle.client_address(request) == "127.0.0.1"
