"""The least-privilege PostgreSQL set-up (`manage.py db_roles`): the owner role migrates and owns the tables;
the application role may add to and read the audit log but not change, delete or empty it, nor disable its
triggers, and has the usual rights on every other table, those of later migrations included."""
import os
import secrets
import subprocess
import sys
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from config.settings import BASE_DIR

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist on PostgreSQL only")


def test_the_command_prints_the_sql_with_the_audit_log_append_and_read_only():
    out = StringIO()
    call_command("db_roles", "--owner", "rcem_owner", "--app", "rcem_app", "--database", "rcem", stdout=out)

    sql = out.getvalue()
    assert 'ALTER DATABASE "rcem" OWNER TO "rcem_owner";' in sql
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "rcem_app";' in sql
    assert ('ALTER DEFAULT PRIVILEGES FOR ROLE "rcem_owner" IN SCHEMA public '
            'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "rcem_app";') in sql
    assert 'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON elections_auditlog FROM "rcem_app"' in sql


@pytest.mark.parametrize("owner, app", [("rcem_owner", "rcem_owner"), ("rcem_owner", "Rcem-App"),
                                        ('x"; DROP ROLE postgres; --', "rcem_app")])
def test_the_command_refuses_unsafe_or_equal_role_names(owner, app):
    with pytest.raises(CommandError):
        call_command("db_roles", "--owner", owner, "--app", app, stdout=StringIO())


def _manage(*args, url):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, "DJANGO_DEV": "1",
           "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def roles_database():
    """A fresh database and two fresh roles with names of their own (roles are shared by the whole cluster,
    where other test runs may be at work), removed afterwards."""
    server = connection.settings_dict
    params = {"host": server["HOST"] or "127.0.0.1", "port": server["PORT"] or 5432}
    suffix = secrets.token_hex(4)
    names = {"database": f"test_rcem_roles_{suffix}", "owner": f"rcem_t{suffix}_owner",
             "app": f"rcem_t{suffix}_app"}

    def url(user):
        return f"postgres://{user}@{params['host']}:{params['port']}/{names['database']}"

    def connect(user):
        return psycopg.connect(user=user, dbname=names["database"], autocommit=True, **params)

    admin = psycopg.connect(user=server["USER"], dbname="postgres", autocommit=True, **params)
    admin.execute(f'CREATE DATABASE "{names["database"]}"')
    try:
        yield {**names, "url": url, "connect": connect, "superuser": server["USER"]}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{names["database"]}" WITH (FORCE)')
        for role in (names["app"], names["owner"]):
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        admin.close()


def _refused(conn, statement):
    try:
        conn.execute(statement)
    except psycopg.errors.InsufficientPrivilege as exc:
        return str(exc)
    return None


@on_postgresql
def test_the_application_role_appends_and_reads_the_audit_log_and_can_do_nothing_else_to_it(roles_database):
    db = roles_database
    _manage("db_roles", "--owner", db["owner"], "--app", db["app"], "--apply", url=db["url"](db["superuser"]))
    _manage("migrate", "--noinput", "-v", "0", url=db["url"](db["owner"]))

    # The application itself, connected as the application role, writes and reads the audit log.
    out = _manage("shell", "--no-imports", "-c",
                  "from elections.audit import audit_log; from elections.models import AuditLog; "
                  "audit_log(actor=None, action='tests.roles.written'); print(AuditLog.objects.count())",
                  url=db["url"](db["app"]))
    assert out.strip() == "1"

    with db["connect"](db["app"]) as app:
        app.execute("INSERT INTO elections_auditlog (at, action, object_type, object_id, object_repr, data) "
                    "VALUES (now(), 'tests.roles.sql', '', '', '', '{}')")
        assert app.execute("SELECT count(*) FROM elections_auditlog").fetchone() == (2,)
        assert "permission denied" in _refused(app, "UPDATE elections_auditlog SET action = 'forged'")
        assert "permission denied" in _refused(app, "DELETE FROM elections_auditlog")
        assert "permission denied" in _refused(app, "TRUNCATE elections_auditlog")
        for trigger in ("elections_auditlog_no_update", "elections_auditlog_no_truncate", "ALL"):
            statement = f"ALTER TABLE elections_auditlog DISABLE TRIGGER {trigger}"
            assert "must be owner" in _refused(app, statement)
        statement = "DROP TRIGGER elections_auditlog_no_truncate ON elections_auditlog"
        assert "must be owner" in _refused(app, statement)
        assert "permission denied" in _refused(app, "CREATE TABLE elections_shadow (id int)")
        assert app.execute("SELECT count(*) FROM elections_auditlog").fetchone() == (2,)

        # Every other table, each made by a migration after the roles were, is the application's to use.
        others = app.execute(
            "SELECT tablename, has_table_privilege(tablename, 'SELECT, INSERT, UPDATE, DELETE') AND NOT "
            "has_table_privilege(tablename, 'TRUNCATE') FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'elections_auditlog'").fetchall()
        assert len(others) > 40 and all(ok for _name, ok in others), [n for n, ok in others if not ok]
        privilege = "SELECT has_table_privilege('elections_auditlog', 'UPDATE')"
        assert app.execute(privilege).fetchone() == (False,)

    # The owner runs the migrations, but the triggers refuse its changes to the log too.
    with db["connect"](db["owner"]) as owner:
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            owner.execute("TRUNCATE elections_auditlog")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            owner.execute("DELETE FROM elections_auditlog")

    # Running it again (after a migration, say) changes nothing and keeps the log closed.
    _manage("db_roles", "--owner", db["owner"], "--app", db["app"], "--apply", url=db["url"](db["superuser"]))
    with db["connect"](db["app"]) as app:
        assert "permission denied" in _refused(app, "UPDATE elections_auditlog SET action = 'forged'")
