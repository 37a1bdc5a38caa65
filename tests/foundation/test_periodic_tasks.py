"""Every periodic task runs as the scheduler enqueues it: with the day as its one argument."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize("path", settings.PERIODIC_TASKS)
def test_each_periodic_task_accepts_the_day_the_scheduler_passes(path: str) -> None:
    with time_machine.travel(DAY, tick=False):
        import_string(path).call(DAY.date().isoformat())


def test_one_scheduler_tick_enqueues_every_periodic_task(settings: Any) -> None:
    # The real database queue (the test suite otherwise runs tasks the moment they are enqueued).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with time_machine.travel(DAY, tick=False):
        call_command("run_scheduler", "--once", "--today", DAY.date().isoformat())
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == set(settings.PERIODIC_TASKS)
