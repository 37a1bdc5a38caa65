"""The restore drill on PostgreSQL: back up, restore into a fresh database and store, and find the
copy equal (row counts, per-table checksums, file hashes against the manifest and against the hashes
the rows record); a damaged backup makes it fail and the command exit 1."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cspr.operations import backup
from cspr.portal.models import InformationRequest, RequestState, RequestType, Upload, UploadKind
from tests.matrix.core import TINY_PNG
from tests.world import World

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump's exported snapshot, pg_restore and the SQL checksums are PostgreSQL's; "
    "run with DATABASE_URL=postgres://… (CI does)",
)


def _stored_data(world: World) -> Upload:
    world.home.logo.save("logo.png", ContentFile(TINY_PNG))
    request = InformationRequest.objects.create(
        case=world.cases["own"],
        agency=world.agencies["own"],
        request_type=RequestType.SCOPING,
        state=RequestState.SUBMITTED,
    )
    data = b"%PDF-1.4 an agency's supporting document (test)\n"
    digest = hashlib.sha256(data).hexdigest()
    upload = Upload(
        request=request,
        kind=UploadKind.ATTACHMENT,
        original_name="notes.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=digest,
    )
    upload.file.save(f"{request.pk}/{digest}.pdf", ContentFile(data), save=True)
    return upload


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_an_equal_copy_and_reports_recovery_point_and_time(world: World, tmp_path: Path) -> None:
    upload = _stored_data(world)
    out = io.StringIO()
    call_command("restore_drill", "--report", str(tmp_path / "report.json"), stdout=out)
    report = json.loads(out.getvalue())
    assert report["ok"] is True, report
    assert report["table_mismatches"] == []
    assert report["file_mismatches"] == []
    assert report["recorded_hash_mismatches"] == []
    assert report["database_content_hash_mismatches"] == []
    assert report["tables"] > 50
    assert report["rows"] > 100
    assert report["files"] == 2  # the logo and the upload
    assert report["files_with_recorded_hash"] == 1  # the upload records its SHA-256
    assert report["recovery_point"][:4].isdigit()
    assert report["recovery_time_seconds"] > 0
    assert report["per_table"]["cases_case"]["match"] is True
    assert report["per_table"]["cases_case"]["rows"] == 3
    assert all(t["match"] for t in report["per_table"].values())
    assert json.loads((tmp_path / "report.json").read_text()) == report
    # The drill's database was dropped again.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [report["restored_database"]])
        assert cursor.fetchone() == (0,)
    assert upload.file.name in {n for n in backup.walk(upload.file.storage)}


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_fails_the_drill_naming_what_differs(world: World, tmp_path: Path) -> None:
    upload = _stored_data(world)
    directory = tmp_path / "backup"
    call_command("backup", "--output", str(directory), stdout=io.StringIO())
    manifest = backup.Manifest.read(directory)
    name = upload.file.name
    assert name
    assert manifest.files[name] == upload.sha256
    # A file changed in the backup, and a table's checksum that no longer matches the dump.
    (directory / "files" / name).write_bytes(b"tampered")
    manifest.tables["cases_case"]["md5"] = "0" * 32
    manifest.write(directory)

    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("restore_drill", "--backup", str(directory), stdout=out, stderr=io.StringIO())
    assert exited.value.code == 1
    report = json.loads(out.getvalue())
    assert report["ok"] is False
    assert [m["table"] for m in report["table_mismatches"]] == ["cases_case"]
    assert report["file_mismatches"] == [name]
    assert report["recorded_hash_mismatches"] == [name]


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_rows_written_during_the_backup_do_not_fail_it(world: World, tmp_path: Path) -> None:
    """The checksums are taken in the dump's own snapshot: a change after it is simply not in the backup."""
    directory = tmp_path / "backup"
    backup.backup(directory)
    world.home.logo.save("later.png", ContentFile(TINY_PNG))  # after the snapshot
    report = backup.restore_and_compare(directory)
    assert report["ok"] is True, report


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the refusal on SQLite")
@pytest.mark.django_db
def test_on_sqlite_the_drill_refuses_with_the_reason() -> None:
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("restore_drill", stdout=io.StringIO())


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_the_drill_with_the_store_in_s3_restores_into_a_fresh_prefix(
    world: World, tmp_path: Path, settings: Any
) -> None:
    from tests.operations.s3server import running_s3

    with running_s3() as s3:
        settings.STORAGES = {**settings.STORAGES, "default": s3.storage_setting("live")}
        upload = _stored_data(world)
        out = io.StringIO()
        call_command("restore_drill", "--keep", stdout=out)
        report = json.loads(out.getvalue())
        assert report["ok"] is True, report
        assert report["files"] == 2
        keys = s3.object_keys()
        restored = [k for k in keys if k.startswith("live/restore-drill-")]
        # The fresh store is a new prefix holding the same files as the live one.
        assert sorted(k.split("/", 2)[2] for k in restored) == sorted(
            k.split("/", 1)[1] for k in keys if k.startswith("live/portal/") or k.startswith("live/logos/")
        )
        assert any(k.endswith(upload.sha256 + ".pdf") for k in restored)
        with psycopg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{report["restored_database"]}" WITH (FORCE)')


def psycopg_admin() -> Any:
    import psycopg

    settings_dict = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or None,
        autocommit=True,
    )
