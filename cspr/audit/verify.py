"""Checking the audit log: the chain, every access row, every seal, and the newest checkpoint."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cspr.audit.chain import GENESIS, hashed_fields, row_digest, seal_digest
from cspr.audit.checkpoint import Checkpoint, disagreement, latest_checkpoint
from cspr.audit.models import AuditEvent, ChainHead, EventKind


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


@dataclass
class Report:
    checked: int = 0
    chained: int = 0
    unsealed: int = 0
    breaks: list[str] = field(default_factory=list)
    checkpoint: Checkpoint | None = None

    @property
    def intact(self) -> bool:
        return not self.breaks


CHANGED = "its content does not match its hash (the row was changed)"


def _seal_problem(seal: Any, covered: list[tuple[int, str]]) -> str | None:
    if (
        len(covered) != seal.detail.get("count")
        or (covered and covered[0][0] != seal.detail.get("first_id"))
        or seal_digest(h for _, h in covered) != seal.detail.get("digest")
    ):
        return "the access rows it seals were removed, inserted or changed"
    return None


def walk(events: Iterable[Any], key: bytes | None = None) -> tuple[int, int, list[tuple[int, str]], ChainBreak | None]:
    """Walk rows in id order: (rows checked, chained rows, unsealed access rows as (id, hash), the
    first break)."""
    prev = GENESIS
    count = chained = 0
    pending: list[tuple[int, str]] = []
    for event in events:
        count += 1
        problem: str | None = None
        if event.kind == EventKind.ACCESS:
            if event.prev_hash != "" or row_digest("", hashed_fields(event), key) != event.hash:
                problem = CHANGED
            else:
                pending.append((event.id, event.hash))
        elif event.kind not in (EventKind.ACTION, EventKind.SEAL):
            problem = "it is of no known kind (the row was changed)"
        elif event.prev_hash != prev:
            problem = "it does not follow the row before it (a row was removed or inserted)"
        elif row_digest(prev, hashed_fields(event), key) != event.hash:
            problem = CHANGED
        else:
            if event.kind == EventKind.SEAL:
                last_id = int(event.detail.get("last_id", 0))
                problem = _seal_problem(event, [row for row in pending if row[0] <= last_id])
                pending = [row for row in pending if row[0] > last_id]
            prev = event.hash
            chained += 1
        if problem is not None:
            return count, chained, pending, ChainBreak(event.id, problem)
    return count, chained, pending, None


def verify_all() -> Report:
    report = Report()
    events = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
    report.checked, report.chained, pending, broken = walk(events)
    report.unsealed = len(pending)
    if broken is not None:
        report.breaks.append(f"Audit chain broken at row {broken.event_id}: {broken.reason}.")
    else:
        head = ChainHead.objects.filter(pk=1).first()
        last = AuditEvent.objects.filter(kind__in=(EventKind.ACTION, EventKind.SEAL)).order_by("-id").first()
        if last is not None and (head is None or head.last_hash != last.hash):
            report.breaks.append("Audit chain broken: the newest rows were removed.")
    checkpoint = latest_checkpoint()
    if isinstance(checkpoint, str):
        report.breaks.append(f"Audit checkpoint refused: {checkpoint}.")
    elif checkpoint is not None:
        report.checkpoint = checkpoint
        problem = disagreement(checkpoint)
        if problem is not None:
            report.breaks.append(f"The chain and the last checkpoint disagree: {problem}.")
    return report
