"""On PostgreSQL the audit log refuses TRUNCATE too (0003's row triggers never see it), and no role but the
table's owner keeps a right to change or empty it.

Default privileges (see `manage.py db_roles`) grant the application role UPDATE and DELETE on every table the
migrations create, this one included, before this migration runs: here those rights on the audit log are taken
back from every role that is not its owner (the application role, PUBLIC, any other).
"""
from django.db import migrations

FORWARD = """
CREATE TRIGGER elections_auditlog_no_truncate BEFORE TRUNCATE ON elections_auditlog
    FOR EACH STATEMENT EXECUTE FUNCTION elections_auditlog_append_only();
DO $$
DECLARE grantee_name text;
BEGIN
    FOR grantee_name IN
        SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'PUBLIC'
                             ELSE quote_ident(pg_get_userbyid(acl.grantee)) END
        FROM pg_class c, aclexplode(c.relacl) acl
        WHERE c.oid = 'elections_auditlog'::regclass AND acl.grantee <> c.relowner
    LOOP
        EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON elections_auditlog FROM '
            || grantee_name;
    END LOOP;
END $$;
"""
BACKWARD = "DROP TRIGGER IF EXISTS elections_auditlog_no_truncate ON elections_auditlog;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("elections", "0007_state_change_door")]
    operations = [migrations.RunPython(forward, backward)]
