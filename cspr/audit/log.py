"""Writing audit rows.

- ``record``: every named action calls it inside its own transaction; the row is chained there
  (under the ``ChainHead`` lock, which only actions and seals take).
- ``log_case_read``: the access helpers call it for every case they hand out, once per case per
  request; ``log_access`` adds a row naming a particular file or export a view hands over.
  Access rows take no lock: the worker folds them into the chain later (``cspr.audit.seal``).

If an audit write fails, the surrounding action or read fails.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cspr.audit import context
from cspr.audit.chain import GENESIS, hashed_fields, row_digest
from cspr.audit.models import AuditEvent, ChainHead, EventKind

if TYPE_CHECKING:
    from cspr.accounts.models import User


def _event(
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
    return AuditEvent(
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
    )


def append_chained(event: AuditEvent) -> AuditEvent:
    """Chain a row after the current head. Callers are inside a transaction; this takes the lock."""
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
    event.prev_hash = head.last_hash
    event.hash = row_digest(head.last_hash, hashed_fields(event))
    event.save()
    head.last_hash = event.hash
    head.save(update_fields=["last_hash"])
    return event


def _append_access(event: AuditEvent) -> AuditEvent:
    # No lock and no link: the row's own keyed hash protects its content; a seal later covers it.
    event.prev_hash = ""
    event.nonce = secrets.token_hex(16)
    event.hash = row_digest("", hashed_fields(event))
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # A savepoint, so a failed write fails the read without poisoning the caller's transaction.
        # The caller's commit keeps its durability: an action's rows are never relaxed.
        with transaction.atomic():
            event.save()
    else:
        with transaction.atomic():
            _commit_without_waiting_for_disk(connection)
            event.save()
    return event


def _commit_without_waiting_for_disk(connection: Any) -> None:
    """A read's own access row is committed without waiting for the WAL flush (decision 0038).

    The flush cost 3.4 ms a read on these machines, more than the lightest page. The row is
    committed and visible at once; only a crash of the database server within about 0.6 s
    (three WAL writer delays) could lose it, and the database stays consistent. ``SET LOCAL``
    ends with this transaction, so actions and seals keep synchronous commits."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


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
    event = _event(
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
    return append_chained(event)


def log_access(
    *,
    actor: User | None,
    what: str,
    case: Any = None,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
    partnership_id: int | None = None,
) -> AuditEvent:
    """Record a read of case data: a particular file, export or download a view hands over.

    Reading a case itself is logged by the access helpers (``log_case_read``); views call this
    only to say which file left the system. ``partnership_id``: a read of partnership-wide data
    drawn from several cases (the audit of progress), with no one case to name.
    """
    event = _event(
        kind=EventKind.ACCESS,
        actor=actor,
        action=f"read.{what}",
        obj=obj if obj is not None else case,
        partnership_id=getattr(case, "lead_partnership_id", partnership_id),
        case_id=getattr(case, "pk", None),
        detail=detail,
    )
    return _append_access(event)


def log_case_read(*, actor: User, case: Any, obj: Any = None) -> None:
    """Record that ``actor`` was handed ``case`` (by ``cspr.access`` or the portal's helpers).

    Once per case per request: a page that fetches the case through several helpers writes one
    row, naming the page it was read for.
    """
    reads = context.current()
    if reads is not None:
        key = ("case", int(case.pk))
        if key in reads.logged:
            return
        reads.logged.add(key)
    page = reads.page if reads is not None else ""
    # The label is what the trail shows ("viewed the case: chronology integrated page").
    detail = {"page": page, "label": page.replace(":", " ").replace("_", " ") + " page"} if page else {}
    try:
        log_access(actor=actor, what="case", case=case, obj=obj, detail=detail)
    except BaseException:
        if reads is not None:
            reads.logged.discard(("case", int(case.pk)))
        raise
