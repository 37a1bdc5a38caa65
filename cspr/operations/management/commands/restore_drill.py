"""The restore drill: back up, restore into a fresh database and store, compare, report (JSON).

    python manage.py restore_drill            # back up the live database and store now
    python manage.py restore_drill --backup DIR  # drill an existing backup (from manage.py backup)

Exits 1 when any table, checksum or file differs. PostgreSQL only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Back up, restore into a fresh database and store, compare row counts, checksums and file hashes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backup", default=None, help="Drill this backup directory instead of taking one.")
        parser.add_argument("--keep", action="store_true", help="Keep the restored database and store.")
        parser.add_argument("--report", default=None, help="Also write the JSON report to this file.")

    def handle(self, *args: Any, backup: str | None, keep: bool, report: str | None, **options: Any) -> None:
        from cspr.operations import backup as backups

        try:
            result = backups.drill(Path(backup) if backup else None, keep=keep)
        except backups.DrillError as error:
            raise CommandError(str(error)) from error
        text = json.dumps(result, indent=2)
        self.stdout.write(text)
        if report:
            Path(report).write_text(text + "\n", encoding="utf-8")
        if not result["ok"]:
            self.stderr.write("Restore drill FAILED: the restored copy differs from the backup.")
            sys.exit(1)
