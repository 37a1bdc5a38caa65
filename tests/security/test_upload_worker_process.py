"""The production path end to end: the database task backend, and the real ``db_worker`` in its own
process reading the queued upload (issue 16, item 5).

The POST answers with the progress page having only stored the file; ``manage.py db_worker
--batch`` then reads it (the bounded counts, under the SIGALRM time limit in the worker's main
thread) and refuses it. On PostgreSQL the test's own database is shared with the worker; on SQLite
(in memory under pytest) it is copied to a file the worker opens, and the outcome read from there.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from cspr.uploadjobs.models import JobState, UploadJob
from tests.accounts.test_lockout import _database_url
from tests.security import corpus, points
from tests.world import World

ROOT = Path(__file__).resolve().parents[2]


def _outcome(url: str) -> tuple[str, str, int, int]:
    """The job's state and message, and the upload and import rows, as the worker left them."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            state, message = conn.execute("SELECT state, message FROM uploadjobs_uploadjob").fetchone()
            uploads = conn.execute("SELECT COUNT(*) FROM portal_upload").fetchone()[0]
            imports = conn.execute("SELECT COUNT(*) FROM chronology_chronologyimport").fetchone()[0]
        return state, message, uploads, imports
    from cspr.chronology.models import ChronologyImport
    from cspr.portal.models import Upload

    job = UploadJob.objects.get()
    return job.state, job.message, Upload.objects.count(), ChronologyImport.objects.count()


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_refuses_the_many_sheet_workbook_the_request_only_stored(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    stage = points.prepare(world)
    data = corpus.many_sheet_workbook()
    # Warm: the first request of a process imports the views (a production worker has done that).
    stage.manager.get(f"/chronology/{world.cases['own'].reference}/upload/")
    started = time.perf_counter()
    response = points.chronology_import(stage, data)
    web = time.perf_counter() - started
    assert response.status_code == 302
    # The request only stored the file: the job is still waiting, nothing was parsed. Its time is a
    # figure (`make bench`: filesafety), not an assertion: timings on a shared machine make flaky tests.
    print(f"web request {web:.3f} s")
    assert UploadJob.objects.get().state == JobState.WAITING
    assert "Checking your file" in stage.manager.get(response["Location"]).content.decode()

    url = _database_url()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cspr.settings", "CSPR_LOG_LEVEL": "WARNING"}
    done = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--queue-name", "default",
         "--no-startup-delay"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    state, message, uploads, imports = _outcome(url)
    assert state == JobState.REFUSED
    assert "sheets" in message
    assert (uploads, imports) == (0, 0)
    if connection.vendor == "postgresql":
        refused = stage.manager.get(response["Location"])
        assert refused.status_code == 400
        assert "sheets" in refused.content.decode()
