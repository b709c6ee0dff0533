"""The replica router (elections/replica.py; issue 13, item 4): with a replica configured — here the primary
itself under a second alias, as `DATABASE_REPLICA_URL=$DATABASE_URL` would give — the supervisors' dashboard
reads the app's tables through the replica, while sessions, users and every other page stay on the primary."""
import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elections.models import Election, Role
from elections.replica import ReplicaRouter, has_replica, replica_reads

# The replica's own connection sees committed rows only; the rows the migrations wrote come back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def replica(transactional_db, settings):
    if connections["default"].vendor == "sqlite":
        pytest.skip("a second connection to SQLite's in-memory test database sees nothing: PostgreSQL (CI)")
    # A second connection to the same database, made the way the settings make one for DATABASE_REPLICA_URL.
    primary = connections["default"].settings_dict
    connections["replica"] = load_backend(primary["ENGINE"]).DatabaseWrapper(dict(primary), "replica")
    settings.DATABASE_ROUTERS = ["elections.replica.ReplicaRouter"]
    yield connections["replica"]
    connections["replica"].close()
    del connections["replica"]


def tables(captured):
    return " ".join(q["sql"] for q in captured.captured_queries)


def test_the_dashboard_reads_the_app_from_the_replica_and_the_session_from_the_primary(
        replica, client_as, supervisor_a, election_a):
    client = client_as(supervisor_a)
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(reverse("community_list"))
    assert response.status_code == 200 and election_a.community.name in response.content.decode()
    assert '"elections_election"' in tables(on_replica)
    # sessions and users: from the primary (a join to a user's name along an app's row is the app's read)
    assert 'FROM "django_session"' not in tables(on_replica) and 'FROM "auth_user"' not in tables(on_replica)
    assert 'FROM "django_session"' in tables(on_primary) and 'FROM "auth_user"' in tables(on_primary)
    assert 'FROM "elections_election"' not in tables(on_primary)


def test_other_pages_never_touch_the_replica(replica, client_as, supervisor_a, election_a):
    client = client_as(supervisor_a)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(reverse("community_detail", args=[election_a.community.code])).status_code == 200
        assert client.get(reverse("election_detail", args=[election_a.pk])).status_code == 200
    assert on_replica.captured_queries == []


def test_the_router_writes_to_the_primary_and_reads_the_replica_only_inside_the_decorated_view(monkeypatch):
    monkeypatch.setattr("elections.replica.has_replica", lambda: True)
    router = ReplicaRouter()
    assert router.db_for_read(Election) == "default" and router.db_for_write(Election) == "default"
    seen = {}

    @replica_reads
    def view(request):
        seen.update(election=router.db_for_read(Election), role=router.db_for_read(Role),
                    write=router.db_for_write(Election))
        seen["user"] = router.db_for_read(User)

    view(None)
    assert seen == {"election": "replica", "role": "replica", "write": "default", "user": "default"}
    assert router.db_for_read(Election) == "default"
    assert router.allow_migrate("replica", "elections") is False and router.allow_migrate("default", "elections")


def test_without_a_replica_the_decorator_changes_nothing():
    assert "replica" not in connections.settings and not has_replica()

    @replica_reads
    def view(request):
        return ReplicaRouter().db_for_read(Election)

    assert view(None) == "default"
