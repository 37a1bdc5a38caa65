"""A task for the two-process test: each run appends one line to a shared file, so the test can see
that every task enqueued ran exactly once across two workers (and which worker ran it)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.tasks import task


@task(queue_name="default")
def record_run(token: str, ledger: str) -> str:
    time.sleep(0.1)  # long enough for the other worker to be looking for work too
    with Path(ledger).open("a", encoding="utf-8") as out:
        out.write(f"{token} {os.getpid()}\n")
    return token
