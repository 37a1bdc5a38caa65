"""Writing audit rows. Every named action calls ``record`` inside its own transaction; every read
of case data calls ``log_access``. If the audit write fails, the surrounding action or read fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cspr.audit.chain import GENESIS, hashed_fields, row_digest
from cspr.audit.models import AuditEvent, ChainHead, EventKind

if TYPE_CHECKING:
    from cspr.accounts.models import User


def _append(
    *,
    kind: str,
    actor: User | None,
    action: str,
    obj: Any = None,
    partnership_id: int | None = None,
    case_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
        event = AuditEvent(
            kind=kind,
            created_at=timezone.now(),
            actor=actor,
            actor_label=(f"{actor.full_name} <{actor.email}>" if actor is not None else "System"),
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
            partnership_id=partnership_id,
            case_id=case_id,
            before=before or {},
            after=after or {},
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        event.hash = row_digest(head.last_hash, hashed_fields(event))
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


def record(
    *,
    actor: User | None,
    action: str,
    obj: Any = None,
    case: Any = None,
    partnership_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record a state change. Call it inside the action's own ``transaction.atomic`` block."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit rows for actions must be written inside the action's transaction.")
    return _append(
        kind=EventKind.ACTION,
        actor=actor,
        action=action,
        obj=obj,
        partnership_id=partnership_id if partnership_id is not None else getattr(case, "lead_partnership_id", None),
        case_id=getattr(case, "pk", None),
        before=before,
        after=after,
        detail=detail,
    )


def log_access(
    *, actor: User, what: str, case: Any = None, obj: Any = None, detail: dict[str, Any] | None = None
) -> None:
    """Record a read of case data (a page, a download, an export)."""
    _append(
        kind=EventKind.ACCESS,
        actor=actor,
        action=f"read.{what}",
        obj=obj if obj is not None else case,
        partnership_id=getattr(case, "lead_partnership_id", None),
        case_id=getattr(case, "pk", None),
        detail=detail,
    )
