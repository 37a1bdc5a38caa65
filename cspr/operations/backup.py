"""Backups of the database and the document store, and the restore drill (decision 0032).

A backup is a directory: ``database.dump`` (pg_dump's custom format), ``files/`` (every stored
file under its storage name) and ``manifest.json``: the time of the database snapshot (the
recovery point), each table's row count and checksum *in the same snapshot as the dump* (so a
busy service does not make the drill fail), and each file's SHA-256.

The drill restores a backup into a fresh database and a fresh store, then compares row counts,
checksums and file hashes with the manifest, and each stored file with the hash its database row
records. PostgreSQL only: the dump, the exported snapshot and the checksums are PostgreSQL's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import psycopg
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.db import connection, models
from psycopg import sql

# Never part of a backup: the readiness probe's transient files, and a kept drill's restored copy
# (in S3 the fresh store is a prefix inside the live one).
SKIP_PREFIXES = ("readyz/", "restore-drill-")


class DrillError(RuntimeError):
    """The drill cannot run here (not PostgreSQL, no pg_dump)."""


@dataclass
class Manifest:
    snapshot_at: str
    database: str
    tables: dict[str, dict[str, Any]]
    files: dict[str, str] = field(default_factory=dict)

    def write(self, directory: Path) -> None:
        (directory / "manifest.json").write_text(json.dumps(asdict(self), indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        return cls(**json.loads((directory / "manifest.json").read_text(encoding="utf-8")))


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        raise DrillError(
            "Backups and the restore drill need PostgreSQL (pg_dump's snapshot and checksums); "
            f"this database is {connection.vendor}."
        )
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            raise DrillError(f"{tool} is not installed (Debian: postgresql-client).")


def _conninfo(dbname: str | None = None) -> dict[str, Any]:
    s = connection.settings_dict
    info = {"dbname": dbname or s["NAME"], "user": s["USER"], "password": s["PASSWORD"], "host": s["HOST"]}
    if s["PORT"]:
        info["port"] = s["PORT"]
    return {k: v for k, v in info.items() if v not in (None, "")}


def _pg_env() -> dict[str, str]:
    info = _conninfo()
    env = dict(os.environ)
    names = {"user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT"}
    env.update({names[key]: str(value) for key, value in info.items() if key in names})
    return env


def tables(cursor: psycopg.Cursor[Any]) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [row[0] for row in cursor.fetchall()]


def checksums(cursor: psycopg.Cursor[Any]) -> dict[str, dict[str, Any]]:
    """Each table's row count and the md5 of its rows' md5s in order: equal iff the rows are equal."""
    result: dict[str, dict[str, Any]] = {}
    for table in tables(cursor):
        cursor.execute(
            sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') "
                "FROM (SELECT md5(t::text) AS h FROM {} AS t) AS rows"
            ).format(sql.Identifier(table))
        )
        row = cursor.fetchone()
        assert row is not None
        result[table] = {"rows": row[0], "md5": row[1]}
    return result


def walk(storage: Storage, directory: str = "") -> Iterator[str]:
    folders, files = storage.listdir(directory)
    for name in sorted(files):
        path = f"{directory}/{name}" if directory else name
        if not path.startswith(SKIP_PREFIXES):
            yield path
    for folder in sorted(folders):
        yield from walk(storage, f"{directory}/{folder}" if directory else folder)


def _sha256(handle: Any) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def backup(output: Path, storage: Storage | None = None) -> Manifest:
    """Dump the database and copy the store into ``output``; returns the manifest written there."""
    require_postgres()
    storage = storage or default_storage
    output.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(**_conninfo()) as conn, conn.cursor() as cursor:
        # One snapshot for the dump and the checksums: what the drill compares is exactly what was dumped.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), now()")
        row = cursor.fetchone()
        assert row is not None
        snapshot, snapshot_at = row
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                f"--file={output / 'database.dump'}",
                f"--dbname={_conninfo()['dbname']}",
            ],
            env=_pg_env(),
            check=True,
            capture_output=True,
        )
        manifest = Manifest(
            snapshot_at=snapshot_at.isoformat(), database=_conninfo()["dbname"], tables=checksums(cursor)
        )
        conn.rollback()
    # Files are never overwritten, so a copy taken after the snapshot holds every file it names.
    files_dir = output / "files"
    for name in walk(storage):
        target = files_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        with target.open("rb") as copied:
            manifest.files[name] = _sha256(copied)
    manifest.write(output)
    return manifest


def fresh_store(label: str) -> tuple[Storage, Path | None]:
    """An empty store of the configured kind: a new directory, or a new prefix in the bucket."""
    configured = cast(dict[str, Any], settings.STORAGES["default"])
    if configured["BACKEND"] == "storages.backends.s3.S3Storage":
        from storages.backends.s3 import S3Storage

        options = dict(configured.get("OPTIONS", {}))
        options["location"] = "/".join(p for p in (options.get("location", ""), label) if p)
        return S3Storage(**options), None
    directory = Path(tempfile.mkdtemp(prefix=f"cspr-{label}-"))
    return FileSystemStorage(location=directory), directory


def _recorded_hashes(cursor: psycopg.Cursor[Any]) -> tuple[dict[str, str], list[str]]:
    """Hashes the restored database records: {stored file name: sha256}, and the rows whose bytes
    kept in the database no longer match their recorded sha256."""
    by_name: dict[str, str] = {}
    bad_rows: list[str] = []
    for model in apps.get_models():
        names = {f.name: f for f in model._meta.concrete_fields}
        sha = names.get("sha256")
        if sha is None:
            continue
        table = sql.Identifier(model._meta.db_table)
        sha_column = sql.Identifier(sha.column or sha.name)
        pk_column = sql.Identifier(model._meta.pk.column if model._meta.pk and model._meta.pk.column else "id")
        for f in names.values():
            column = sql.Identifier(f.column or f.name)
            if isinstance(f, models.FileField):
                cursor.execute(
                    sql.SQL("SELECT {}, {} FROM {} WHERE {} <> ''").format(column, sha_column, table, column)
                )
                by_name.update(dict(cursor.fetchall()))
            elif isinstance(f, models.BinaryField):
                cursor.execute(
                    sql.SQL("SELECT {} FROM {} WHERE length({}) > 0 AND encode(sha256({}), 'hex') <> {}").format(
                        pk_column, table, column, column, sha_column
                    )
                )
                bad_rows += [f"{model._meta.label}:{pk}" for (pk,) in cursor.fetchall()]
    return by_name, bad_rows


def restore_and_compare(directory: Path, *, keep: bool = False) -> dict[str, Any]:
    """Restore the backup in ``directory`` into a fresh database and store, and compare."""
    require_postgres()
    manifest = Manifest.read(directory)
    label = "restore-drill-" + datetime.now(tz=UTC).strftime("%Y%m%d%H%M%S%f")
    dbname = f"{manifest.database[:30]}_drill_{label[-20:]}"
    started = time.monotonic()
    with psycopg.connect(**_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    store, store_dir = fresh_store(label)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={dbname}", str(directory / "database.dump")],
            env=_pg_env(),
            check=True,
            capture_output=True,
        )
        for name in manifest.files:
            with (directory / "files" / name).open("rb") as handle:
                saved = store.save(name, File(handle))
            if saved != name:
                raise DrillError(f"the fresh store renamed {name} to {saved}: it was not empty")
        restore_seconds = time.monotonic() - started
        return _compare(manifest, dbname, store, restore_seconds)
    finally:
        if not keep:
            with psycopg.connect(**_conninfo("postgres"), autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
            if store_dir is not None:
                shutil.rmtree(store_dir, ignore_errors=True)
            else:
                for name in walk(store):
                    store.delete(name)


def _compare(manifest: Manifest, dbname: str, store: Storage, restore_seconds: float) -> dict[str, Any]:
    with psycopg.connect(**_conninfo(dbname)) as conn, conn.cursor() as cursor:
        restored = checksums(cursor)
        recorded, bad_rows = _recorded_hashes(cursor)
    table_mismatches = sorted(
        name for name in set(manifest.tables) | set(restored) if manifest.tables.get(name) != restored.get(name)
    )
    stored = {}
    for name in walk(store):
        with store.open(name, "rb") as handle:
            stored[name] = _sha256(handle)
    file_mismatches = sorted(n for n in set(manifest.files) | set(stored) if manifest.files.get(n) != stored.get(n))
    # Every file a row names must be there with the hash the row records.
    record_mismatches = sorted(n for n, digest in recorded.items() if stored.get(n) != digest)
    ok = not (table_mismatches or file_mismatches or record_mismatches or bad_rows)
    return {
        "ok": ok,
        "recovery_point": manifest.snapshot_at,
        "recovery_time_seconds": round(restore_seconds, 2),
        "restored_database": dbname,
        "tables": len(restored),
        "rows": sum(t["rows"] for t in restored.values()),
        "table_mismatches": [
            {"table": n, "backup": manifest.tables.get(n), "restored": restored.get(n)} for n in table_mismatches
        ],
        "files": len(stored),
        "file_mismatches": file_mismatches,
        "files_with_recorded_hash": len(recorded),
        "recorded_hash_mismatches": record_mismatches,
        "database_content_hash_mismatches": bad_rows,
        # Every table compared: rows and checksum in the backup's snapshot and in the restored copy.
        "per_table": {
            name: {**restored[name], "match": manifest.tables.get(name) == restored[name]} for name in sorted(restored)
        },
    }


def drill(backup_dir: Path | None = None, *, keep: bool = False) -> dict[str, Any]:
    """Back up now (or take ``backup_dir``), restore, compare; the report as a dict."""
    with tempfile.TemporaryDirectory(prefix="cspr-backup-") as tmp:
        directory = backup_dir or Path(tmp)
        started = time.monotonic()
        if backup_dir is None or not (backup_dir / "manifest.json").exists():
            backup(directory, storages["default"])
        backup_seconds = time.monotonic() - started
        report = restore_and_compare(directory, keep=keep)
    return {"backup_seconds": round(backup_seconds, 2), **report}
