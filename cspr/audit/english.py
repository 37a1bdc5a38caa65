"""Rendering audit rows as plain English, from one mapping table that every app adds to."""

from __future__ import annotations

from cspr.audit.models import AuditEvent

_PHRASES: dict[str, str] = {
    "read.case": "viewed the case",
    "read.document": "downloaded a document",
    "read.export": "exported case data",
    "read.audit": "viewed the audit trail",
    "audit.access_sealed": "sealed the latest access records into the audit chain",
}


def register(phrases: dict[str, str]) -> None:
    """Apps call this from their ``AppConfig.ready`` to describe their actions."""
    _PHRASES.update(phrases)


def describe(event: AuditEvent) -> str:
    phrase = _PHRASES.get(event.action)
    if phrase is None:
        phrase = event.action.replace(".", " ").replace("_", " ")
    what = event.detail.get("label") if isinstance(event.detail, dict) else None
    return f"{event.actor_label.split(' <')[0]} {phrase}" + (f": {what}" if what else "")
