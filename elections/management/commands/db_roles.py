"""Least-privilege PostgreSQL roles: an owner role that runs the migrations and owns every table, and the
application role the web server and worker connect as, with only INSERT and SELECT on the audit log.

    python manage.py db_roles --owner rcem_owner --app rcem_app            # print the SQL
    python manage.py db_roles --owner rcem_owner --app rcem_app --apply    # run it (as a superuser)

The application role cannot change, delete or empty the audit log, nor disable its triggers (only a table's
owner can); default privileges give it the usual rights on every table later migrations create. Safe to run
again, before or after `migrate`; an existing database's tables are handed to the owner role.
"""
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
AUDIT_TABLE = "elections_auditlog"


def _ensure_role(name):
    return (f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') "
            f'THEN CREATE ROLE "{name}" LOGIN; END IF; END $$;')


def _hand_over_to(owner):
    """Every table, view, free-standing sequence and function of the schema (not an extension's) to `owner`."""
    return f"""DO $$
DECLARE item record;
BEGIN
    FOR item IN
        SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                    ELSE 'TABLE' END AS kind, quote_ident(c.relname) AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND c.relowner <> '{owner}'::regrole
          -- identity and serial sequences follow their table; an extension's objects stay its own
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                          AND d.deptype IN ('a', 'i', 'e'))
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO "{owner}"', item.kind, item.name);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proowner <> '{owner}'::regrole
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                          AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO "{owner}"', item.name);
    END LOOP;
END $$;"""


def role_statements(*, database, owner, app):
    """The SQL, one statement per item, for `database` (run connected to it, as a superuser)."""
    return [
        _ensure_role(owner),
        _ensure_role(app),
        # The owner role owns the database and its public schema: it creates the tables when it migrates.
        f'ALTER DATABASE "{database}" OWNER TO "{owner}";',
        f'ALTER SCHEMA public OWNER TO "{owner}";',
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        _hand_over_to(owner),
        # The application role: connect, use the schema, read and write the tables that are there ...
        f'GRANT CONNECT ON DATABASE "{database}" TO "{app}";',
        f'GRANT USAGE ON SCHEMA public TO "{app}";',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{app}";',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{app}";',
        # ... and those the owner's later migrations create.
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{app}";',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT USAGE, SELECT ON SEQUENCES TO "{app}";',
        # The audit log: append and read only (migration elections 0008 does the same for a table made later).
        f"DO $$ BEGIN IF to_regclass('public.{AUDIT_TABLE}') IS NOT NULL THEN "
        f'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {AUDIT_TABLE} FROM "{app}"; '
        f"END IF; END $$;",
    ]


class Command(BaseCommand):
    help = ("Print (or with --apply, run as a superuser) the SQL that creates the PostgreSQL owner role, "
            "which runs migrations and owns the tables, and the application role, which may only add to and "
            "read the audit log.")

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="role that owns the tables and runs `migrate`")
        parser.add_argument("--app", required=True, help="role the web server and worker connect as")
        parser.add_argument("--database", help="database name (default: the one DATABASE_URL names)")
        parser.add_argument("--apply", action="store_true",
                            help="run the SQL on DATABASE_URL's database (connect as a superuser)")

    def handle(self, *args, owner, app, database, apply, **options):
        for name in (owner, app):
            if not ROLE_NAME.match(name):
                raise CommandError(f"{name!r}: a role name is lower-case letters, digits and _ (up to 63).")
        if owner == app:
            raise CommandError("The owner and the application role must be two roles.")
        database = database or connection.settings_dict["NAME"]
        statements = role_statements(database=database, owner=owner, app=app)
        if not apply:
            self.stdout.write("\n".join(statements))
            return
        if connection.vendor != "postgresql":
            raise CommandError("Roles exist on PostgreSQL only: set DATABASE_URL to a postgres:// URL.")
        if database != connection.settings_dict["NAME"]:
            raise CommandError("--apply runs on DATABASE_URL's database: name no other with --database.")
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Roles {owner} (owner) and {app} (application) are set up on {database}. Give "
                          f"them passwords (psql: \\password {owner}), then run `migrate` as {owner} and the "
                          f"server and worker as {app}.")
