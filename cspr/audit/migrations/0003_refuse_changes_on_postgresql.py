"""On PostgreSQL, the database itself refuses UPDATE and DELETE of audit rows.

The application's connection then cannot rewrite history even through raw SQL. A later migration
that must change rows (it runs as the table's owner) drops the trigger, does its work and creates
it again. TRUNCATE is left to the owner (the test database is emptied that way); a truncated log is
caught by the checkpoints written outside the database.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Audit events are append-only (% refused on audit_auditevent).', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [("audit", "0002_keyed_chain")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
