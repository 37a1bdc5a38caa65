"""The scheduler keeps ticking when the database goes away for a moment (found by `make drill`:
after a PostgreSQL restart it exited, and failed emails were never retried)."""

from __future__ import annotations

import os
import signal
import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import OperationalError

ticks: list[str] = []


class FlakyPeriodicTask:
    """A periodic task whose first enqueue meets a database that is restarting."""

    module_path = "tests.deadlines.test_scheduler_survives_the_database.flaky"

    def enqueue(self, today: str | None) -> Any:
        ticks.append("tick")
        if len(ticks) == 1:
            raise OperationalError("the database system is starting up")
        os.kill(os.getpid(), signal.SIGTERM)  # the scheduler's own stop signal: end the loop
        return type("Result", (), {"id": "second"})()


flaky = FlakyPeriodicTask()


# transaction=True: the scheduler closes its connection after a database error and opens a new one,
# which PostgreSQL cannot do inside the test's wrapping transaction (the loop would never reach the
# second tick). The timer stops the loop if it ever does not, so a failure fails instead of hanging.
@pytest.mark.django_db(transaction=True)
def test_a_database_error_in_one_tick_does_not_stop_the_scheduler(settings: Any) -> None:
    ticks.clear()
    settings.PERIODIC_TASKS = ["tests.deadlines.test_scheduler_survives_the_database.flaky"]
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    out, err = StringIO(), StringIO()
    safety = threading.Timer(60, os.kill, (os.getpid(), signal.SIGTERM))
    safety.start()
    try:
        call_command("run_scheduler", "--interval", "1", stdout=out, stderr=err)
    finally:
        safety.cancel()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert ticks == ["tick", "tick"]
    assert "Database unavailable" in err.getvalue()
    assert "Enqueued tests.deadlines.test_scheduler_survives_the_database.flaky second" in out.getvalue()


@pytest.mark.django_db
def test_with_once_the_error_is_not_hidden(settings: Any) -> None:
    ticks.clear()
    settings.PERIODIC_TASKS = ["tests.deadlines.test_scheduler_survives_the_database.flaky"]
    with pytest.raises(OperationalError):
        call_command("run_scheduler", "--once", stdout=StringIO())
