"""On PostgreSQL, the database itself refuses UPDATE and DELETE on the audit log (append-only)."""
from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION elections_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'elections_auditlog is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER elections_auditlog_no_update BEFORE UPDATE OR DELETE ON elections_auditlog
    FOR EACH ROW EXECUTE FUNCTION elections_auditlog_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS elections_auditlog_no_update ON elections_auditlog;
DROP FUNCTION IF EXISTS elections_auditlog_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("elections", "0002_shipped_rule_profiles")]
    operations = [migrations.RunPython(forward, backward)]
