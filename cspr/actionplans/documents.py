"""Document 19/20 (the action plan) generated from the record at any time: one row per action with
its recommendation or learning, agreed action, owner, timescale, actions taken, every progress
update with its RAG rating and date, and the evidence of impact (with its files and the closure)."""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Prefetch

from cspr.actionplans.models import Action, ProgressUpdate, Status
from cspr.cases.models import Case
from cspr.documents.context import register
from cspr.portal.models import Upload, UploadKind
from cspr.ui.formatting import format_date


class ActionPlanContext(TypedDict):
    action_rows: list[dict[str, str]]


def _progress(updates: list[ProgressUpdate]) -> str:
    return "\n".join(f"{format_date(u.on)} ({u.get_rag_display()}): {u.text}" for u in updates)


def _evidence(action: Action, files: list[str]) -> str:
    parts = [action.evidence_of_impact]
    if files:
        parts.append("Evidence attached: " + ", ".join(files))
    if action.status == Status.CLOSED and action.closed_on:
        parts.append(f"Closed {format_date(action.closed_on)}, accepted by {action.closure_accepted_by}")
    elif action.status == Status.CARRIED and action.carried_on:
        parts.append(f"Carried into {action.carried_into} on {format_date(action.carried_on)}: {action.carried_reason}")
    return "\n".join(p for p in parts if p)


def action_plan_context(case: Case) -> ActionPlanContext:
    actions = list(
        Action.objects.filter(case=case).prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("on", "id")), "evidence_files"
        )
    )
    request_ids = {u.request_id for a in actions for u in a.updates.all() if u.request_id}
    files: dict[int, list[str]] = {}
    for upload in Upload.objects.filter(request_id__in=request_ids, kind=UploadKind.ATTACHMENT).order_by("pk"):
        files.setdefault(upload.request_id, []).append(upload.original_name)
    rows = []
    for a in actions:
        updates = list(a.updates.all())
        named = [name for u in updates if u.request_id for name in files.get(u.request_id, [])]
        named += [f.original_name for f in a.evidence_files.all()]
        rows.append(
            {
                "recommendation": a.source_text,
                "action": f"{a.number}. {a.agreed_action}",
                "owner": a.owner,
                "timescale": format_date(a.due_date),
                "taken": a.actions_taken,
                "progress": _progress(updates) or f"({a.get_rag_display()})",
                "evidence": _evidence(a, named),
            }
        )
    return {"action_rows": rows}


def register_document_context() -> None:
    register("actionplan", ActionPlanContext, action_plan_context)
