"""Computing the audit hashes: HMAC-SHA256 under the application's audit key.

A plain hash can be recomputed by anyone who can read the code and write the database; a keyed one
only by someone who also holds ``settings.AUDIT_KEY``, which lives outside the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings

GENESIS = "0" * 64


def audit_key() -> bytes:
    return str(settings.AUDIT_KEY).encode("utf-8")


def derived_key(purpose: str) -> bytes:
    """A separate key per use (checkpoints), so one signature can never stand in for another."""
    return hmac.new(audit_key(), purpose.encode("utf-8"), hashlib.sha256).digest()


def canonical(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


def row_digest(prev_hash: str, fields: dict[str, Any], key: bytes | None = None) -> str:
    message = (prev_hash + canonical(fields)).encode("utf-8")
    return hmac.new(key if key is not None else audit_key(), message, hashlib.sha256).hexdigest()


def hashed_fields(event: Any) -> dict[str, Any]:
    """The fields a row's hash covers (everything but its own hash, its link and its id)."""
    return {
        "kind": event.kind,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "partnership_id": event.partnership_id,
        "case_id": event.case_id,
        "before": event.before,
        "after": event.after,
        "detail": event.detail,
        "nonce": event.nonce,
    }


def seal_digest(hashes: Iterable[str]) -> str:
    """What a seal row records of the access rows it folds into the chain, in id order."""
    digest = hashlib.sha256()
    for value in hashes:
        digest.update(value.encode("ascii") + b"\n")
    return digest.hexdigest()
