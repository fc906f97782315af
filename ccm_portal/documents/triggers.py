"""The trigger that keeps an issued document's symbol and status as they are, whoever writes the row.

Created by migration 0002 and again by every later migration of this app that changes the table:
on SQLite, Django changes a table by building a new one and copying the rows, which drops its
triggers. `create` drops the trigger first, so running it again is harmless.
"""

FROZEN = ("symbol", "meeting_id", "series", "number", "parent_id", "suffix", "suffix_number", "sort_key")

SQLITE_CREATE = f"""
CREATE TRIGGER documents_issued_symbol_is_frozen
BEFORE UPDATE ON documents_document
FOR EACH ROW WHEN OLD.status = 'issued' AND (
    NEW.status IS NOT 'issued' OR {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)}
)
BEGIN
    SELECT RAISE(ABORT, 'an issued document keeps its symbol and status');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS documents_issued_symbol_is_frozen;"

POSTGRES_CREATE = f"""
CREATE FUNCTION documents_issued_symbol_is_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'issued' AND (
        NEW.status IS DISTINCT FROM 'issued' OR {" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN)}
    ) THEN
        RAISE EXCEPTION 'an issued document keeps its symbol and status'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER documents_issued_symbol_is_frozen
BEFORE UPDATE ON documents_document
FOR EACH ROW EXECUTE FUNCTION documents_issued_symbol_is_frozen();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS documents_issued_symbol_is_frozen ON documents_document;
DROP FUNCTION IF EXISTS documents_issued_symbol_is_frozen();
"""


def create(apps, schema_editor):
    drop(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
