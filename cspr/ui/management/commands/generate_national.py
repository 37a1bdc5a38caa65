"""Generate the fictional national data set for the load test (``make bench-scale``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cspr.scale import generate


class Command(BaseCommand):
    help = "Fill the database with the fictional national data set (fixed seed); for load tests only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = 20,005 cases and 1,000,000 entries.")
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument("--users-file", default="var/bench-scale-users.json")
        parser.add_argument("--if-missing", action="store_true", help="Do nothing if the data set is there.")

    def handle(self, *args: Any, scale: float, seed: int, users_file: str, if_missing: bool, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The scale data set is for load tests, never a production database.", returncode=2)
        if if_missing and generate.already_there() and Path(users_file).exists():
            self.stdout.write("The national data set is already in this database.")
            return
        try:
            result = generate.generate(scale=scale, seed=seed, users_file=Path(users_file), log=self.stdout.write)
        except RuntimeError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(json.dumps(result, indent=1))
