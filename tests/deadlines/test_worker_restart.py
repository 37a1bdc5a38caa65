"""The real ``db_worker``, killed mid-way through sending and restarted: every reminder arrives once.

Runs against its own file SQLite database (a worker process cannot see pytest's in-memory test
database), built with ``migrate`` and the shared test world, and the test's aiosmtpd server.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.mail import SMTPServer

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-17"  # 9 reminders are due for the world's three cases (see test_reminders.py)
SEED = "import django; django.setup(); from tests.world import build_world; build_world()"


def _manage(env: dict[str, str], *args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _outbox(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT key, status FROM deadlines_reminderoutbox ORDER BY key"))


def _worker(env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--queue-name", "default", "--interval", "0.2",
         "--no-startup-delay", *extra],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_a_reminder_is_received_exactly_once_across_a_worker_kill_and_restart(
    tmp_path: Path, smtp_server: SMTPServer
) -> None:
    db = tmp_path / "worker.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "CSPR_SMTP_HOST": smtp_server.host,
        "CSPR_SMTP_PORT": str(smtp_server.port),
        "CSPR_SMTP_STARTTLS": "false",
        # A pause between sends paces the relay and gives the test a moment in which to kill.
        "CSPR_REMINDER_SEND_PAUSE_MS": "800",
        "CSPR_LOG_LEVEL": "WARNING",
    }
    _manage(env, "migrate", "--no-input")
    seeded = subprocess.run(
        [sys.executable, "-c", SEED], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "cspr.settings"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr
    _manage(env, "run_scheduler", "--once", "--today", TODAY)

    worker = _worker(env)
    try:
        assert smtp_server.wait_for(2, timeout=60), "the worker sent nothing"
        time.sleep(0.3)  # inside the pause after a send: the row is already marked sent
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    before_restart = len(smtp_server.messages)
    rows = _outbox(db)
    assert len(rows) == 9
    sent = [key for key, status in rows if status == "sent"]
    assert 1 <= len(sent) < 9, "the kill was meant to land mid-way"
    assert len(sent) == before_restart

    # The scheduler's next tick enqueues another sweep; a fresh worker drains the queue and stops.
    _manage(env, "run_scheduler", "--once", "--today", TODAY)
    restarted = _worker(env, "--batch")
    assert restarted.wait(timeout=120) == 0

    received = smtp_server.wait_for(9, timeout=10)
    assert len(received) == 9
    ids = [r.message["Message-ID"] for r in received]
    assert len(set(ids)) == 9, "a reminder was sent twice"
    assert all(status == "sent" for _, status in _outbox(db))
    # Exactly once: one message per outbox key.
    expected = sorted(f"<reminder-{key.replace(':', '.')}@cspr.invalid>" for key, _ in rows)
    assert sorted(ids) == expected
