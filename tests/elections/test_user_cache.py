"""The signed-in user and their roles from the shared cache (elections/auth_backend.py, issue 13): read from the
database once, then from the cache, and dropped the moment the user or a role of theirs changes — a removed
role, a disabled account or a new password takes effect on the very next request."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elections.models import Role
from elections.services import users as user_services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings):
    settings.USER_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clerk_of_both(community_a, community_b):
    user = factories.user("clerk_of_both", first_name="孙丽")
    factories.role(user, Role.Kind.CLERK, community_a)
    factories.role(user, Role.Kind.CLERK, community_b)
    return user


def _tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, " ".join(q["sql"] for q in queries.captured_queries)


def test_the_user_and_roles_are_read_once_then_from_the_cache(client, shared_cache, clerk_a, community_a):
    client.force_login(clerk_a)
    url = reverse("community_detail", args=[community_a.code])
    response, first = _tables_read(client, url)
    assert response.status_code == 200
    assert 'FROM "auth_user"' in first and 'FROM "elections_role"' in first
    response, second = _tables_read(client, url)
    assert response.status_code == 200
    assert 'FROM "auth_user"' not in second and 'FROM "elections_role"' not in second


def test_without_a_shared_cache_they_are_read_on_every_request(client, settings, clerk_a, community_a):
    settings.USER_CACHE_SECONDS = 0
    client.force_login(clerk_a)
    url = reverse("community_detail", args=[community_a.code])
    client.get(url)
    _response, second = _tables_read(client, url)
    assert 'FROM "auth_user"' in second and 'FROM "elections_role"' in second


def test_a_removed_role_takes_effect_on_the_next_request(client, shared_cache, district_admin, clerk_of_both,
                                                         community_b):
    client.force_login(clerk_of_both)
    url = reverse("community_detail", args=[community_b.code])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now from the cache
    role = Role.objects.get(user=clerk_of_both, community=community_b)
    user_services.role_remove(actor=district_admin, role=role)
    assert client.get(url).status_code == 404


def test_a_granted_role_takes_effect_on_the_next_request(client, shared_cache, district_admin, clerk_a,
                                                         community_b):
    client.force_login(clerk_a)
    url = reverse("community_detail", args=[community_b.code])
    assert client.get(url).status_code == 404
    user_services.role_grant(actor=district_admin, user=clerk_a, kind=Role.Kind.CLERK, scope=community_b)
    assert client.get(url).status_code == 200


def test_a_disabled_account_is_signed_out_on_the_next_request(client, shared_cache, district_admin, clerk_of_both,
                                                              community_a):
    client.force_login(clerk_of_both)
    url = reverse("community_detail", args=[community_a.code])
    assert client.get(url).status_code == 200
    user_services.user_disable(actor=district_admin, user=clerk_of_both, reason="调离本社区")
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_new_password_ends_the_other_sessions(client, shared_cache, clerk_a, community_a):
    client.force_login(clerk_a)
    url = reverse("community_detail", args=[community_a.code])
    assert client.get(url).status_code == 200
    clerk_a.set_password("a-new-long-password-2026")
    clerk_a.save()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
