"""Every periodic task runs as the scheduler enqueues it: with the day as its one argument."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils.module_loading import import_string

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize("path", settings.PERIODIC_TASKS)
def test_each_periodic_task_accepts_the_day_the_scheduler_passes(path: str) -> None:
    with time_machine.travel(DAY, tick=False):
        import_string(path).call(DAY.date().isoformat())
