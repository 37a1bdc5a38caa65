"""Computing and checking the audit hash chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def row_digest(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def hashed_fields(event: Any) -> dict[str, Any]:
    """The fields a row's hash covers (everything but its own hash and id)."""
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
    }


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def verify(events: Iterable[Any]) -> tuple[int, ChainBreak | None]:
    """Walk events in id order; return how many were checked and the first break, if any."""
    prev = GENESIS
    count = 0
    for event in events:
        count += 1
        if event.prev_hash != prev:
            return count, ChainBreak(event.id, "it does not follow the row before it (a row was removed or inserted)")
        if row_digest(prev, hashed_fields(event)) != event.hash:
            return count, ChainBreak(event.id, "its content does not match its hash (the row was changed)")
        prev = event.hash
    return count, None
