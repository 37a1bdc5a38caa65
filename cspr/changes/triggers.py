"""The triggers that raise the change stamps, written for PostgreSQL and for SQLite.

Why triggers and not the application: a cached page part must be invalidated by *every* write,
including those no named action makes (the outbox marking a message sent, the task worker reading an
upload, a data fix in ``psql``). A trigger cannot be forgotten by a new code path; a test
(``tests/changes/test_coverage.py``) fails when a table has neither a trigger nor a reason to go
without one, so a new model cannot be missed either.

A *path* says how a row leads to its case: ``"case_id"`` for a direct foreign key, and
``"participant_id:workshops_participant/workshop_id:workshops_workshop/case_id"`` for a row two hops
away (column, then the table it points at, then the next column). A table may have several paths (a
link between two cases raises both).

PostgreSQL: statement-level triggers over transition tables, so a bulk insert of 10,000 chronology
entries raises each case's stamp once, not 10,000 times, and each statement locks the stamp rows in
case order (no deadlock between two bulk writers). SQLite (development and the tests' first run) has
row-level triggers only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

CASE_STAMPS = "changes_casestamp"
REFERENCE_STAMPS = "changes_referencestamp"
PREFIX = "cspr_stamp_"


def case_expression(path: str, row: str) -> str:
    """SQL for the case id that ``path`` leads to from the row aliased ``row``."""
    *hops, last = path.split("/")
    if not hops:
        return f"{row}.{last}"
    steps = [hop.split(":") for hop in hops]
    value = f"{row}.{steps[0][0]}"
    for i, (_, table) in enumerate(steps):
        column = steps[i + 1][0] if i + 1 < len(steps) else last
        value = f"(SELECT t{i}.{column} FROM {table} t{i} WHERE t{i}.id = {value})"
    return value


def reference_expression(column: str, row: str) -> str:
    return f"COALESCE({row}.{column}, 0)" if column else "0"


def _names(table: str, event: str) -> tuple[str, str]:
    # PostgreSQL cuts names at 63 bytes; the longest table here fits, which the coverage test checks by
    # reading the triggers back under these names.
    return f"{PREFIX}{table}_{event}", f"{PREFIX}{table}_{event}"


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_upsert(target: str, key: str, select: str) -> str:
    return (
        f"INSERT INTO {target} ({key}, n) SELECT DISTINCT k, 1 FROM ({select}) s WHERE k IS NOT NULL ORDER BY k "
        f"ON CONFLICT ({key}) DO UPDATE SET n = {target}.n + 1;"
    )


Expressions = Callable[[str], list[str]]  # the row's alias -> the SQL of each stamp key it raises


def postgresql(table: str, target: str, key: str, expressions: Expressions, watched: tuple[str, ...]) -> list[str]:
    statements = []
    for event in ("insert", "update", "delete"):
        function, trigger = _names(table, event)
        if event == "update" and watched:
            # Only rows whose watched columns changed (signing in writes last_login: no page shows it).
            changed = " OR ".join(f"n.{c} IS DISTINCT FROM o.{c}" for c in watched)
            rows = (
                "(SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id "
                f"WHERE {changed} UNION ALL SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {changed})"
            )
        elif event == "update":
            rows = "(SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows)"
        else:
            rows = "new_rows" if event == "insert" else "old_rows"
        select = " UNION ".join(f"SELECT {e} AS k FROM {rows} r" for e in expressions("r"))
        transition = {
            "insert": "REFERENCING NEW TABLE AS new_rows",
            "update": "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows",
            "delete": "REFERENCING OLD TABLE AS old_rows",
        }[event]
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $f$ "
            f"BEGIN {_pg_upsert(target, key, select)} RETURN NULL; END $f$",
            f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
            f"CREATE TRIGGER {trigger} AFTER {event.upper()} ON {table} {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


# --- SQLite ----------------------------------------------------------------------------------


def sqlite(table: str, target: str, key: str, expressions: Expressions, watched: tuple[str, ...]) -> list[str]:
    statements = []
    for event in ("insert", "update", "delete"):
        _, trigger = _names(table, event)
        rows = {"insert": ["NEW"], "update": ["NEW", "OLD"], "delete": ["OLD"]}[event]
        select = " UNION ".join(f"SELECT {e} AS k" for row in rows for e in expressions(row))
        when = ""
        if event == "update" and watched:
            when = " WHEN " + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in watched)
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event.upper()} ON {table} FOR EACH ROW{when} BEGIN "
            f"INSERT INTO {target} ({key}, n) SELECT k, 1 FROM ({select}) WHERE k IS NOT NULL "
            f"ON CONFLICT ({key}) DO UPDATE SET n = {target}.n + 1; END",
        ]
    return statements


# --- Installing ------------------------------------------------------------------------------


def _cases(paths: tuple[str, ...]) -> Expressions:
    return lambda row: [case_expression(p, row) for p in paths]


def _reference(column: str) -> Expressions:
    return lambda row: [reference_expression(column, row)]


def statements(
    vendor: str,
    case_tables: Mapping[str, Iterable[str]],
    reference_tables: Mapping[str, str],
    watched: Mapping[str, tuple[str, ...]] | None = None,
) -> list[str]:
    build = postgresql if vendor == "postgresql" else sqlite
    watched = watched or {}
    out: list[str] = []
    for table, paths in case_tables.items():
        out += build(table, CASE_STAMPS, "case_id", _cases(tuple(paths)), watched.get(table, ()))
    for table, column in reference_tables.items():
        out += build(table, REFERENCE_STAMPS, "scope", _reference(column), watched.get(table, ()))
    return out


def install(
    schema_editor: Any,
    case_tables: Mapping[str, Iterable[str]],
    reference_tables: Mapping[str, str],
    watched: Mapping[str, tuple[str, ...]] | None = None,
) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"change-stamp triggers are written for PostgreSQL and SQLite, not {vendor}")
    for sql in statements(vendor, case_tables, reference_tables, watched):
        schema_editor.execute(sql, params=None)


def installed(connection: Any) -> set[str]:
    """The tables that carry all three of their stamp triggers (read back from the database)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE %s",
                [PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PREFIX + "%"]
            )
        rows = cursor.fetchall()
    events: dict[str, set[str]] = {}
    for table, name in rows:
        events.setdefault(table, set()).add(name.rsplit("_", 1)[-1])
    return {table for table, found in events.items() if found >= {"insert", "update", "delete"}}
