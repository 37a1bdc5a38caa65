"""Back up the database and the document store into a directory (docs/deployment.md, "Backups")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cspr.operations import backup


class Command(BaseCommand):
    help = "Dump the database (pg_dump custom format) and copy the document store, with a manifest of checksums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="An empty directory to write the backup into.")

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        directory = Path(output)
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"{directory} is not empty.")
        try:
            manifest = backup.backup(directory)
        except backup.DrillError as error:
            raise CommandError(str(error)) from error
        summary = {
            "output": str(directory),
            "recovery_point": manifest.snapshot_at,
            "tables": len(manifest.tables),
            "rows": sum(t["rows"] for t in manifest.tables.values()),
            "files": len(manifest.files),
        }
        self.stdout.write(json.dumps(summary, indent=2))
