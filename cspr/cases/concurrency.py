"""Optimistic concurrency: two people editing one record never silently overwrite each other.

Each editable record has a ``version``. A form carries the version it started from; the action
locks the row, compares, and refuses a stale save with ``StaleEdit`` saying who changed what since.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from cspr.audit.models import AuditEvent, EventKind


class StaleEdit(Exception):
    def __init__(self, obj: models.Model, expected: int, current: int) -> None:
        self.current = current
        self.changes = changes_since(obj, expected, current)
        who = sorted({c["who"] for c in self.changes}) or ["someone else"]
        fields = sorted({f for c in self.changes for f in c["fields"]})
        detail = f" (changed: {', '.join(f.replace('_', ' ') for f in fields)})" if fields else ""
        super().__init__(
            f"{' and '.join(who)} changed this record after you opened it{detail}. "
            "Your changes have not been saved: check what you typed against the current record and save again."
        )


def changes_since(obj: models.Model, expected: int, current: int) -> list[dict[str, Any]]:
    """The audited edits of ``obj`` between two versions: who made them and which fields changed."""
    count = max(current - expected, 0)
    if count == 0:
        return []
    events = AuditEvent.objects.filter(
        kind=EventKind.ACTION, object_type=type(obj).__name__, object_id=str(obj.pk)
    ).order_by("-id")[:count]
    found = []
    for event in events:
        before = event.before if isinstance(event.before, dict) else {}
        after = event.after if isinstance(event.after, dict) else {}
        fields = [k for k in after if k != "version" and before.get(k) != after.get(k)]
        found.append({"who": event.actor_label.split(" <")[0], "fields": fields, "at": event.created_at})
    return found


def lock_and_check(model: type[models.Model], pk: int, expected: int | None) -> Any:
    """Lock the row for the rest of the transaction; refuse if it moved past ``expected``."""
    obj = model._default_manager.select_for_update().get(pk=pk)
    current = int(getattr(obj, "version"))  # noqa: B009 - every versioned model has the field
    if expected is not None and expected != current:
        raise StaleEdit(obj, expected, current)
    return obj


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """JSON-safe field values for audit ``before``/``after``."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, models.Model):
            value = value.pk
        out[name] = value
    return out


def save_versioned(
    model: type[models.Model],
    pk: int,
    *,
    expected: int | None,
    values: dict[str, Any],
    fields: list[str],
    action: str,
    case: Any,
    acting_user: Any,
) -> Any:
    """Lock, check the version, apply ``values`` to ``fields``, bump the version and audit the change.

    Call inside the action's transaction; returns the saved row.
    """
    from cspr.audit import log as audit

    locked = lock_and_check(model, pk, expected)
    before = snapshot(locked, fields)
    for name in fields:
        setattr(locked, name, values[name])
    locked.version += 1
    locked.save()
    audit.record(
        actor=acting_user,
        action=action,
        obj=locked,
        case=case,
        before=before,
        after=snapshot(locked, fields) | {"version": locked.version},
    )
    return locked
