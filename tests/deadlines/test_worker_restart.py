"""The real ``db_worker``, killed mid-way through sending and restarted: every email, of every kind
the app sends, arrives once.

Runs against its own file SQLite database (a worker process cannot see pytest's in-memory test
database): a copy of the migrated test database (tests/migrated.py), then the shared test world and
one email of every kind queued through the real actions (tests/outbox/every_kind.py), and the test's
aiosmtpd server.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cspr.outbox.kinds import MailKind
from tests.mail import SMTPServer

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-19"  # the last day every_kind plans for: the scheduler's sweeps plan nothing new
SEED = (
    "import django; django.setup(); from tests.world import build_world; "
    "from tests.outbox.every_kind import queue_every_kind; queue_every_kind(build_world())"
)


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


def _outbox(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT key, kind, status FROM outbox_message ORDER BY key"))


def _sent_audit_rows(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT object_id FROM audit_auditevent WHERE action = 'outbox.sent'")]


def _worker(env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--queue-name", "default", "--interval", "0.2",
         "--no-startup-delay", *extra],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.mark.own_sqlite
def test_every_kind_of_email_is_received_exactly_once_across_a_worker_kill_and_restart(
    migrated_database: str, smtp_server: SMTPServer
) -> None:
    assert migrated_database.startswith("sqlite:///"), "own_sqlite: the PostgreSQL run leaves this test out"
    db = Path(migrated_database.removeprefix("sqlite:///"))
    env = {
        **os.environ,
        "DATABASE_URL": migrated_database,
        "CSPR_SMTP_HOST": smtp_server.host,
        "CSPR_SMTP_PORT": str(smtp_server.port),
        "CSPR_SMTP_STARTTLS": "false",
        # A pause between sends paces the relay and gives the test a moment in which to kill.
        "CSPR_MAIL_SEND_PAUSE_MS": "800",
        "CSPR_LOG_LEVEL": "WARNING",
    }
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
    kinds = {kind for _, kind, _ in rows}
    assert kinds == set(MailKind.values), "every kind of email is in the test"
    sent = [key for key, _, status in rows if status == "sent"]
    assert 1 <= len(sent) < len(rows), "the kill was meant to land mid-way"
    assert len(sent) == before_restart == len(_sent_audit_rows(db))

    # The scheduler's next tick enqueues the periodic tasks; a fresh worker drains the queue and stops.
    _manage(env, "run_scheduler", "--once", "--today", TODAY)
    restarted = _worker({**env, "CSPR_MAIL_SEND_PAUSE_MS": "0"}, "--batch")
    assert restarted.wait(timeout=180) == 0

    received = smtp_server.wait_for(len(rows), timeout=10)
    assert len(received) == len(rows)
    ids = [r.message["Message-ID"].strip() for r in received]
    assert len(set(ids)) == len(rows), "an email was sent twice"
    after = _outbox(db)
    assert after == [(key, kind, "sent") for key, kind, _ in rows]
    # Exactly once: one message per outbox key, each audited as sent once.
    expected = sorted("<" + re.sub(r"[^A-Za-z0-9._-]", ".", key) + "@cspr.invalid>" for key, _, _ in rows)
    assert sorted(ids) == expected
    audited = _sent_audit_rows(db)
    assert len(audited) == len(set(audited)) == len(rows)
    by_subject = {r.message["Subject"]: r for r in received}
    pack = next(r for s, r in by_subject.items() if s.startswith("Rapid Review submission"))
    assert len(list(pack.message.iter_attachments())) == 2
