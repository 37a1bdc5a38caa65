"""The audit of progress (§11.4.1, rule 71): what a progress report holds and how it is printed.

The open actions come from the action plans app (``cspr.actionplans``: every action of the cases
the partnership leads that is neither closed nor carried) through one function,
``open_actions_for_partnership(partnership)``, as plain values (``ActionRow``). A report keeps them as they stood
(``ProgressReport.rows``), so a report never changes once generated. The PDF is the same content as
the HTML page, rendered as Word with the documents app's renderer and converted by its PDF path
(the long-running converter, else a one-shot LibreOffice).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict, cast

from django.db.models import Prefetch

from cspr.deadlines import working_days as wd
from cspr.documents import engine, markup
from cspr.documents.docx_render import render_docx
from cspr.organisations.models import Partnership

CONTENT = Path(__file__).resolve().parent / "content" / "progress_report.txt"

RAG_LABELS = {
    "R": "Red",
    "A": "Amber",
    "G": "Green",
    "B": "Blue (complete)",
    "P": "Not yet rated",
}


class ActionRow(TypedDict):
    case_reference: str
    number: str  # the action's number in its plan ("3", "RR-1"...)
    action: str
    owner: str  # responsible person and organisation
    due: str  # ISO date, or "" when no timescale is set
    rag: str  # R, A, G, B or P
    progress: str  # the latest progress update
    updated_on: str  # ISO date of the latest progress update, or ""
    evidence: str  # evidence of impact recorded so far


SourceFn = Callable[[Partnership], list[ActionRow]]


def _from_action_plans(partnership: Partnership) -> list[ActionRow]:
    """The open actions of the cases the partnership leads (``cspr.actionplans``), in two queries."""
    from cspr.actionplans.models import Action, ProgressUpdate, Status

    actions = (
        Action.objects.filter(case__lead_partnership=partnership, status=Status.OPEN)
        .select_related("case")
        .prefetch_related(Prefetch("updates", queryset=ProgressUpdate.objects.order_by("on", "id")))
        .order_by("case__reference", "number")
    )
    rows: list[ActionRow] = []
    for action in actions:
        updates = list(action.updates.all())
        latest = updates[-1] if updates else None
        rows.append(
            {
                "case_reference": action.case.reference,
                "number": str(action.number),
                "action": action.agreed_action,
                "owner": action.owner,
                "due": action.due_date.isoformat(),
                "rag": action.rag,
                "progress": latest.text if latest else (action.actions_taken or "No progress update yet"),
                "updated_on": latest.on.isoformat() if latest else "",
                "evidence": action.evidence_of_impact,
            }
        )
    return rows


def _source() -> SourceFn:
    """Where the open actions come from: the action plans app (a seam the tests replace)."""
    return _from_action_plans


def open_actions_for_partnership(partnership: Partnership) -> list[ActionRow]:
    """Every open action of the partnership's action plans, by case then number."""
    source = _source()
    keys = ActionRow.__annotations__
    # Exactly the interface's keys as text, whatever the source adds.
    rows = [cast("ActionRow", {k: str(row.get(k) or "") for k in keys}) for row in source(partnership)]
    return sorted(rows, key=lambda r: (r["case_reference"], _number_key(r["number"])))


def _number_key(number: str) -> tuple[int, str]:
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 0, number)


def next_review(day: dt.date, months: int) -> dt.date:
    """The date the cycle proposes for the next review: ``months`` calendar months on (month ends clamp)."""
    return wd.add_calendar_months(day, months)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def display_rows(rows: list[dict[str, Any]], on: dt.date) -> list[dict[str, Any]]:
    """The stored rows with dates as dates, the RAG label and whether each was overdue on ``on``."""
    shown = []
    for row in rows:
        due = _date(str(row.get("due", "")))
        shown.append(
            {
                **row,
                "due": due,
                "updated_on": _date(str(row.get("updated_on", ""))),
                "rag_label": RAG_LABELS.get(str(row.get("rag", "")), str(row.get("rag", ""))),
                "overdue": due is not None and due < on,
            }
        )
    return shown


def summary(rows: list[dict[str, Any]], on: dt.date) -> dict[str, Any]:
    shown = display_rows(rows, on)
    rag = Counter(str(r.get("rag", "")) for r in rows)
    return {
        "total": len(rows),
        "cases": len({r.get("case_reference") for r in rows}),
        "overdue": sum(1 for r in shown if r["overdue"]),
        "rag": [(RAG_LABELS[k], rag[k]) for k in RAG_LABELS if rag[k]],
    }


def summary_text(rows: list[dict[str, Any]], on: dt.date) -> str:
    facts = summary(rows, on)
    if not facts["total"]:
        return "No action of the partnership's action plans is open."
    actions = f"{facts['total']} open action{'s' if facts['total'] != 1 else ''}"
    reviews = f"{facts['cases']} review{'s' if facts['cases'] != 1 else ''}"
    rag = ", ".join(f"{label}: {n}" for label, n in facts["rag"])
    return f"{actions} across {reviews}; {facts['overdue']} overdue. {rag}."


def report_context(report: Any) -> dict[str, Any]:
    """The keys of ``content/progress_report.txt`` for one ``ProgressReport``."""
    rows = display_rows(list(report.rows), report.generated_on)
    return {
        "partnership_name": report.partnership.name,
        "report_number": str(report.number),
        "generated_on": report.generated_on,
        "cycle": report.get_cycle_months_display(),
        "proposed_next_review": report.proposed_next_review,
        "summary": summary_text(list(report.rows), report.generated_on),
        "rows": [
            {
                "case_reference": r["case_reference"],
                "number": r["number"],
                "action": r["action"],
                "owner": r["owner"],
                "due": (r["due"] or "No date set") if not r["overdue"] else f"{engine_date(r['due'])} (overdue)",
                "rag": r["rag_label"],
                "progress": r["progress"] + (f" ({engine_date(r['updated_on'])})" if r["updated_on"] else ""),
                "evidence": r["evidence"],
            }
            for r in rows
        ],
        "reviewed_on": report.reviewed_on,
        "reviewed_by": report.reviewed_by or None,
        "conclusions": report.conclusions or None,
        "next_review_date": report.next_review_date,
    }


def engine_date(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def render_pdf(report: Any) -> bytes:
    """The report as a PDF, through the documents app's Word renderer and PDF converter."""
    blocks = markup.parse(CONTENT.read_text(encoding="utf-8"))
    rendered = render_docx(
        blocks,
        report_context(report),
        title=f"Audit of progress {report.number} – {report.partnership.name}",
        footer=f"{report.partnership.name} · Audit of progress of the action plans · report {report.number}",
        author=report.partnership.name,
        allow_genogram=False,
    )
    return engine.docx_to_pdf(rendered.data)


def pdf_filename(report: Any) -> str:
    """No personal data: the partnership's code, the report's number and date."""
    return f"{report.partnership.short_code}_progress-report-{report.number}_{report.generated_on:%Y-%m-%d}.pdf"
