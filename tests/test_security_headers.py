"""Headers and sessions: a Content-Security-Policy that allows no inline script (and no template that needs one),
an idle-session timeout beside the absolute one, and a password change page."""
import re
import time

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from config.settings import BASE_DIR
from elections import idle_timeout
from elections.models import AuditLog
from tests import factories
from tests.permissions import LOGIN, check_permission_row

TEMPLATES = sorted(p for p in (BASE_DIR / "templates").rglob("*.html") if "print" not in p.parts)
# WeasyPrint's print templates are rendered to PDF on the server, never served to a browser.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def _policy(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


def test_pages_carry_a_content_security_policy_without_inline_script(client_as, clerk_a, election_a):
    response = client_as(clerk_a).get(reverse("election_detail", args=[election_a.pk]))

    policy = _policy(response)
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
    assert policy["style-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"


def test_the_login_and_admin_pages_carry_it_too(client, db):
    for url in (reverse("login"), reverse("admin:login")):
        assert "script-src 'self'" in client.get(url)["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(BASE_DIR / "templates")))
def test_no_template_has_inline_script_handlers_or_style_elements(template):
    text = template.read_text(encoding="utf-8")

    assert not INLINE_SCRIPT.findall(text), "move the script into a static .js file"
    assert not HANDLER.findall(text), "attach the handler from a static .js file"
    assert "javascript:" not in text.lower() and "<style" not in text.lower()


def test_the_scripts_moved_out_of_the_templates_are_served(client, db):
    for path in ("js/app.js", "js/nomination-form.js", "polling/issue.js", "js/jobs.js", "js/person-picker.js",
                 "polling/quorum.js"):
        response = client.get(static(path))
        assert response.status_code == 200, path
        response.close()


# --- the idle timeout -------------------------------------------------------------------------------------

@pytest.fixture
def clerk_session(client_as, clerk_a, election_a):
    client = client_as(clerk_a)
    assert client.get(reverse("election_detail", args=[election_a.pk])).status_code == 200

    def idle_for(seconds):
        session = client.session
        session[idle_timeout.KEY] = int(time.time()) - seconds
        session.save()
        return client
    return idle_for


def test_a_session_idle_for_30_minutes_is_still_open(clerk_session, election_a):
    client = clerk_session(30 * 60 - 5)

    assert client.get(reverse("election_detail", args=[election_a.pk])).status_code == 200
    assert time.time() - client.session[idle_timeout.KEY] < 5  # and the clock starts again


def test_a_session_idle_for_longer_than_30_minutes_is_logged_out(clerk_session, election_a):
    url = reverse("election_detail", args=[election_a.pk])
    client = clerk_session(30 * 60 + 5)

    response = client.get(url)

    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "您已 30 分钟没有操作，系统已自动退出登录" in page


def test_the_idle_time_comes_from_the_settings(clerk_session, election_a, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60

    response = clerk_session(11 * 60).get(reverse("election_detail", args=[election_a.pk]))

    assert response.status_code == 302


def test_background_refreshes_do_not_keep_a_session_alive(clerk_session, election_a):
    quorum = reverse("polling:quorum_json", args=[election_a.pk])
    client = clerk_session(20 * 60)
    stamp = client.session[idle_timeout.KEY]

    assert client.get(quorum, headers={"X-Background": "1"}).status_code == 200
    assert client.session[idle_timeout.KEY] == stamp

    client = clerk_session(31 * 60)
    assert client.get(quorum, headers={"X-Background": "1"}).status_code == 401
    assert "_auth_user_id" not in client.session


def test_logging_in_starts_the_idle_clock(client, db):
    factories.user("wang")

    client.post(reverse("login"), {"username": "wang", "password": "pw"})

    assert time.time() - client.session[idle_timeout.KEY] < 5


def test_the_absolute_session_limit_stays_eight_hours():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_IDLE_TIMEOUT == 30 * 60


# --- changing one's password ------------------------------------------------------------------------------

def test_the_user_menu_offers_the_password_change(client_as, clerk_a, election_a):
    page = client_as(clerk_a).get(reverse("election_detail", args=[election_a.pk])).content.decode()

    assert reverse("password_change") in page and "修改密码" in page


def test_a_user_changes_their_password_stays_logged_in_and_it_is_audited(client_as, clerk_a):
    client = client_as(clerk_a)
    assert "修改密码" in client.get(reverse("password_change")).content.decode()

    response = client.post(reverse("password_change"), {
        "old_password": "pw", "new_password1": "选举2026-Haidian!", "new_password2": "选举2026-Haidian!"})

    assert response.status_code == 302 and response.url == reverse("password_change_done")
    clerk_a.refresh_from_db()
    assert clerk_a.check_password("选举2026-Haidian!")
    assert "密码已修改" in client.get(response.url).content.decode()  # still logged in
    entry = AuditLog.objects.get(action="elections.password.changed")
    assert entry.actor == clerk_a and "选举2026" not in str(entry.data) + str(entry.after)


def test_a_wrong_old_password_or_a_weak_new_one_is_refused_in_chinese(client_as, clerk_a):
    client = client_as(clerk_a)

    wrong = client.post(reverse("password_change"), {
        "old_password": "nope", "new_password1": "选举2026-Haidian!", "new_password2": "选举2026-Haidian!"})
    weak = client.post(reverse("password_change"), {
        "old_password": "pw", "new_password1": "12345678", "new_password2": "12345678"})

    assert wrong.status_code == 200 and "旧密码不正确" in wrong.content.decode()
    assert weak.status_code == 200 and "密码只包含数字" in weak.content.decode()
    clerk_a.refresh_from_db()
    assert clerk_a.check_password("pw")
    assert not AuditLog.objects.filter(action="elections.password.changed").exists()


EVERYONE = {"clerk_a": 200, "clerk_b": 200, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
            "anonymous": LOGIN}


@pytest.mark.parametrize("name", ["password_change", "password_change_done"])
def test_permissions_of_the_password_pages(client_as, personas, name):
    check_permission_row(client_as, personas, "GET", reverse(name), EVERYONE)


def test_a_superuser_changes_their_password_on_the_same_page(client_as, db):
    root = factories.user("root", is_superuser=True, is_staff=True)

    assert client_as(root).get(reverse("password_change")).status_code == 200
