"""Signed checkpoints of the chain's head, written outside the database.

Keyed hashes stop someone who holds the database from rewriting rows; they do not stop them
removing the newest rows and pointing ``ChainHead`` at what is left. A checkpoint records the last
chained row (id, hash, how many chained rows up to it) signed with a key derived from the audit key,
in ``settings.AUDIT_CHECKPOINT_DIR`` (a directory on other storage; object storage or an email to
the data protection officer could take the same file later). ``verify_audit`` compares the
newest checkpoint with the database.
"""

from __future__ import annotations

import hmac
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from cspr.audit.chain import canonical, derived_key
from cspr.audit.models import CHAINED_KINDS, AuditEvent

PURPOSE = "cspr-audit-checkpoint-v1"


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    written_at: str
    last_id: int
    last_hash: str
    chained_rows: int


def _directory() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def _sign(body: dict[str, Any]) -> str:
    return hmac.new(derived_key(PURPOSE), canonical(body).encode("utf-8"), "sha256").hexdigest()


def write_checkpoint() -> Checkpoint | None:
    """Write a checkpoint of the current head, unless the newest one already records it."""
    last = AuditEvent.objects.filter(kind__in=CHAINED_KINDS).order_by("-id").only("id", "hash").first()
    if last is None:
        return None
    newest = latest_checkpoint()
    if newest is not None and not isinstance(newest, str) and newest.last_id == last.pk:
        return None
    written_at = timezone.now().isoformat()
    chained_rows = AuditEvent.objects.filter(kind__in=CHAINED_KINDS, id__lte=last.pk).count()
    body: dict[str, Any] = {
        "written_at": written_at,
        "last_id": last.pk,
        "last_hash": last.hash,
        "chained_rows": chained_rows,
    }
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    # Zero-padded id first, so the newest checkpoint sorts last by name.
    path = directory / f"checkpoint-{last.pk:012d}.json"
    content = json.dumps({**body, "signature": _sign(body)}, indent=2, sort_keys=True) + "\n"
    # Written whole or not at all: a crash never leaves a half file that looks like tampering.
    with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, encoding="utf-8", suffix=".tmp") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(handle.name, path)
    return Checkpoint(path, written_at, last.pk, last.hash, chained_rows)


def latest_checkpoint() -> Checkpoint | str | None:
    """The newest checkpoint; a sentence if that file is not genuine; None if there is none."""
    directory = _directory()
    if not directory.is_dir():
        return None
    files = sorted(directory.glob("checkpoint-*.json"))
    if not files:
        return None
    path = files[-1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        body = {k: data[k] for k in ("written_at", "last_id", "last_hash", "chained_rows")}
        signature = str(data["signature"])
    except (OSError, ValueError, KeyError, TypeError):
        return f"the newest checkpoint {path.name} cannot be read"
    if not hmac.compare_digest(signature, _sign(body)):
        return f"the newest checkpoint {path.name} is not signed with the audit key"
    return Checkpoint(
        path, str(body["written_at"]), int(body["last_id"]), str(body["last_hash"]), int(body["chained_rows"])
    )


def disagreement(checkpoint: Checkpoint) -> str | None:
    """Where the database and the checkpoint disagree, in a sentence; None when they agree."""
    row = AuditEvent.objects.filter(pk=checkpoint.last_id).only("id", "hash", "kind").first()
    where = f"the checkpoint written at {checkpoint.written_at} ({checkpoint.path.name})"
    if row is None:
        return f"row {checkpoint.last_id} recorded by {where} is missing (rows were removed)"
    if row.kind not in CHAINED_KINDS or row.hash != checkpoint.last_hash:
        return f"row {checkpoint.last_id} does not match {where} (the chain was rewritten)"
    count = AuditEvent.objects.filter(kind__in=CHAINED_KINDS, id__lte=checkpoint.last_id).count()
    if count != checkpoint.chained_rows:
        return (
            f"{where} counts {checkpoint.chained_rows} chained rows up to row {checkpoint.last_id}, "
            f"the database has {count} (rows were removed or inserted)"
        )
    return None
