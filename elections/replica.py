"""Read-only pages from a PostgreSQL streaming replica (issue 13, item 4; docs/operations.md, "Beyond one
database server").

With DATABASE_REPLICA_URL set, the settings add a database alias "replica" and this router. A view wrapped in
`@replica_reads` (the supervisors' dashboard: many communities, refreshed all day, never writing) reads the
app's own tables from the replica; everything else, every write, and the tables of sessions, users and login
throttling (a row written a moment ago on the primary must be seen at once) stay on the primary. Without
DATABASE_REPLICA_URL the decorator does nothing.

A replica lags the primary by a fraction of a second: the dashboard may show a ballot issued that long ago a
moment later. Pages that write, or read what they have just written, never use it.
"""
import contextvars
import functools

from django.db import connections
from django.utils.connection import ConnectionDoesNotExist

REPLICA = "replica"
_reading_replica = contextvars.ContextVar("reading_replica", default=False)
# The app's own tables; django's (auth, sessions, contenttypes) and axes' stay on the primary.
APPS = {"elections", "voters", "candidates", "polling", "counting", "aftermath", "supervision"}


def has_replica():
    try:
        connections[REPLICA]
    except ConnectionDoesNotExist:
        return False
    return True


def replica_reads(view):
    """Let the view's reads of the app's tables go to the replica, when there is one."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_replica():
            return view(request, *args, **kwargs)
        token = _reading_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _reading_replica.reset(token)
    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_replica.get() and model._meta.app_label in APPS and has_replica():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"  # the replica follows the primary's schema by replication
