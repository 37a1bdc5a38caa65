"""The small scheduler django-tasks-db lacks: enqueue the reminder sweep every few minutes.

Run it beside ``manage.py db_worker`` (``make run`` starts both; in production run each as its own
service). The sweep is idempotent, so an extra or a missed tick does no harm; a tick is skipped
while an earlier sweep is still waiting in the queue.
"""

from __future__ import annotations

import datetime as dt
import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections, connections
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Enqueue the deadline reminder sweep periodically (or once with --once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=900, help="Seconds between sweeps (default 900).")
        parser.add_argument("--once", action="store_true", help="Enqueue one sweep and exit.")
        parser.add_argument("--today", default=None, help="Sweep as of this date (YYYY-MM-DD), for catching up.")

    def handle(self, *args: Any, interval: int, once: bool, today: str | None, **options: Any) -> None:
        if today is not None:
            try:
                dt.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--today must be a date like 2026-11-30, not {today!r}", returncode=2) from error
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while self.running:
            close_old_connections()
            try:
                self.tick(today)
            except DatabaseError as error:
                # The database went away (a restart, a failover): try again at the next tick rather
                # than exit, or retries of failed emails, reminders and sealing stop until someone
                # restarts this process (found by `make drill`). Every sweep is idempotent.
                if once:
                    raise
                self.stderr.write(f"Database unavailable, trying again in {interval}s: {type(error).__name__}")
                connections.close_all()
            if once:
                return
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(0.5)
                slept += 0.5

    def tick(self, today: str | None) -> None:
        # Each periodic task is idempotent; settings.PERIODIC_TASKS lists them so apps need not import each other.
        for path in settings.PERIODIC_TASKS:
            periodic = import_string(path)
            waiting = DBTaskResult.objects.ready().filter(task_path=periodic.module_path).exists()
            if waiting:
                self.stdout.write(f"{path} is already waiting; not enqueuing another.")
                continue
            result = periodic.enqueue(today)
            self.stdout.write(f"Enqueued {path} {result.id}")
