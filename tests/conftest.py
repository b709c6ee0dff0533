"""Shared fixtures: the personas every permission test uses.

- clerk_a: election committee clerk of community A (street A)
- clerk_b: clerk of community B (street B) — must never see A's data
- supervisor_a: street supervisor of street A (sees A, not B)
- district_admin: administrator of the district (sees both)
- observer_a: read-only observer of community A
- anonymous: not logged in
"""
import pytest
from django.db import connection, connections
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from pytest_django.fixtures import _get_databases_for_setup

from elections.models import Role
from tests import factories


# The audit log's trigger refuses TRUNCATE on PostgreSQL, which is how Django empties the tables after each
# transactional test (the browser's, the concurrency tests'). The test harness, a superuser that owns the
# tables, switches the trigger off for that statement only; the trigger is on during every test, as migrated.
# (The application role could not do this: tests/elections/test_db_roles.py.)
_AUDIT_TRUNCATE_TRIGGER = ("DO $$ BEGIN IF EXISTS (SELECT FROM pg_trigger WHERE tgname = "
                           "'elections_auditlog_no_truncate') THEN ALTER TABLE elections_auditlog {} TRIGGER "
                           "elections_auditlog_no_truncate; END IF; END $$;")
_sql_flush = PostgresOperations.sql_flush


def _sql_flush_past_the_audit_trigger(self, style, tables, **kwargs):
    statements = _sql_flush(self, style, tables, **kwargs)
    if not statements or "elections_auditlog" not in tables:
        return statements
    return [_AUDIT_TRUNCATE_TRIGGER.format("DISABLE"), *statements, _AUDIT_TRUNCATE_TRIGGER.format("ENABLE")]


PostgresOperations.sql_flush = _sql_flush_past_the_audit_trigger


@pytest.fixture(scope="session", autouse=True)
def _end_stray_connections(django_db_setup, django_db_blocker, request):
    """Before the test database is dropped, end the connections this process can no longer close itself (worker
    threads of the concurrency tests, Playwright's async context): one left open makes PostgreSQL refuse to drop
    the database ("being accessed by other users") and the run end in an error after every test passed."""
    yield
    # pytest-django makes a test database only when a collected test needs one (its own rule, reused here).
    aliases, _serialized = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql" and "default" in aliases:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        connections.close_all()


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path_factory):
    """Files the app keeps (elections/storage.py: uploads, print runs, evidence) go to a directory of the test's
    own, not into the checkout's media/; tests needing a particular one set PRIVATE_MEDIA_ROOT themselves."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture
def district(db):
    return factories.district(code="110108000000", name="海淀区")


@pytest.fixture
def street_a(district):
    return factories.street(district, code="110108015000", name="北太平庄街道")


@pytest.fixture
def street_b(district):
    return factories.street(district, code="110108016000", name="花园路街道")


@pytest.fixture
def community_a(street_a):
    return factories.community(street_a, code="110108015001", name="怡丽北园社区")


@pytest.fixture
def community_b(street_b):
    return factories.community(street_b, code="110108016001", name="花园东路社区")


@pytest.fixture
def clerk_a(community_a):
    u = factories.user("clerk_a")
    factories.role(u, Role.Kind.CLERK, community_a)
    return u


@pytest.fixture
def clerk_b(community_b):
    u = factories.user("clerk_b")
    factories.role(u, Role.Kind.CLERK, community_b)
    return u


@pytest.fixture
def supervisor_a(street_a):
    u = factories.user("supervisor_a")
    factories.role(u, Role.Kind.STREET_SUPERVISOR, street_a)
    return u


@pytest.fixture
def district_admin(district):
    u = factories.user("district_admin")
    factories.role(u, Role.Kind.DISTRICT_ADMIN, district)
    return u


@pytest.fixture
def observer_a(community_a):
    u = factories.user("observer_a")
    factories.role(u, Role.Kind.OBSERVER, community_a)
    return u


@pytest.fixture
def election_a(community_a, clerk_a):
    return factories.election(community_a, actor=clerk_a, term=12)


@pytest.fixture
def election_b(community_b, clerk_b):
    return factories.election(community_b, actor=clerk_b, term=12)


@pytest.fixture
def personas(clerk_a, clerk_b, supervisor_a, district_admin, observer_a):
    return {"clerk_a": clerk_a, "clerk_b": clerk_b, "supervisor_a": supervisor_a,
            "district_admin": district_admin, "observer_a": observer_a, "anonymous": None}


@pytest.fixture
def client_as(client):
    """client_as(user) → a test client logged in as that user (None: anonymous)."""
    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client
    return login
