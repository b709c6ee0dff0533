"""AFT-2: once the third signature completes the handover, nothing in its record changes — the database itself
refuses, as well as the services.

PostgreSQL: a trigger refuses INSERT, UPDATE and DELETE of a sealed handover's items and signatures, and UPDATE
and DELETE of the sealed handover row. SQLite: the same for INSERT and UPDATE; DELETE stays unguarded there,
because Django empties SQLite tables with DELETE between browser tests (PostgreSQL's TRUNCATE fires no row
trigger). Restoring an archive inserts the items and signatures before it marks the handover complete.
"""
from django.db import migrations

MESSAGE = "the handover record is signed and sealed (AFT-2)"
CHILDREN = ("aftermath_handoveritem", "aftermath_handoversignature")

POSTGRES_FORWARD = f"""
CREATE OR REPLACE FUNCTION aftermath_handover_sealed() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'aftermath_handover' THEN
        IF OLD.completed_on IS NOT NULL THEN
            RAISE EXCEPTION '{MESSAGE}';
        END IF;
    ELSIF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM aftermath_handover
                                         WHERE id = OLD.handover_id AND completed_on IS NOT NULL))
       OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM aftermath_handover
                                         WHERE id = NEW.handover_id AND completed_on IS NOT NULL)) THEN
        RAISE EXCEPTION '{MESSAGE}';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER aftermath_handover_sealed BEFORE UPDATE OR DELETE ON aftermath_handover
    FOR EACH ROW EXECUTE FUNCTION aftermath_handover_sealed();
""" + "".join(f"""
CREATE TRIGGER {table}_sealed BEFORE INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION aftermath_handover_sealed();
""" for table in CHILDREN)
POSTGRES_BACKWARD = "".join(f"DROP TRIGGER IF EXISTS {table}_sealed ON {table};\n" for table in CHILDREN) + """
DROP TRIGGER IF EXISTS aftermath_handover_sealed ON aftermath_handover;
DROP FUNCTION IF EXISTS aftermath_handover_sealed();
"""

SQLITE_FORWARD = [f"""
CREATE TRIGGER aftermath_handover_sealed BEFORE UPDATE ON aftermath_handover
WHEN OLD.completed_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""] + [f"""
CREATE TRIGGER {table}_sealed_{op.lower()} BEFORE {op} ON {table}
WHEN EXISTS (SELECT 1 FROM aftermath_handover WHERE id = {row}.handover_id AND completed_on IS NOT NULL)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
""" for table in CHILDREN for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"))]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS aftermath_handover_sealed;"] + [
    f"DROP TRIGGER IF EXISTS {table}_sealed_{op};" for table in CHILDREN for op in ("insert", "update")]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("aftermath", "0001_after_the_vote")]
    operations = [migrations.RunPython(forward, backward)]
