"""The submission pack (Document 4 and the Document 5 covering letter) as bytes to attach.

SEAM for ``cspr.documents``: when that app offers a renderer (first found of the names in
``_RENDERERS``, called as ``fn(case, identifier)`` and returning ``(filename, content_type, bytes)``
or bytes), the pack uses it; otherwise it attaches a plain-text rendering of the same record so the
submission still carries everything the Panel needs.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cspr.cases.models import Case
from cspr.rapidreview.context import rapid_review_context

DOCUMENTS = [("RAPID_REVIEW_TEMPLATE", "Document 4"), ("RAPID_REVIEW_COVER_LETTER", "Document 5")]
_RENDERERS = [
    ("cspr.documents.render", "render_to_bytes"),
    ("cspr.documents.render", "render_bytes"),
    ("cspr.documents.api", "render_to_bytes"),
    ("cspr.documents.generate", "render_to_bytes"),
]


@dataclass
class Attachment:
    name: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "content_type": self.content_type, "size": len(self.content), "sha256": self.sha256}


def _renderer() -> Callable[..., Any] | None:
    for module_name, attr in _RENDERERS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        fn = getattr(module, attr, None)
        if callable(fn):
            return fn  # type: ignore[no-any-return]
    return None


def build(case: Case) -> list[Attachment]:
    fn = _renderer()
    if fn is not None:
        out = []
        for identifier, label in DOCUMENTS:
            result = fn(case, identifier)
            if isinstance(result, tuple):
                name, content_type, content = result
            else:
                name, content_type, content = f"{case.reference} {label}.docx", "application/octet-stream", result
            out.append(Attachment(str(name), str(content_type), bytes(content)))
        return out
    ctx = rapid_review_context(case)
    return [
        Attachment(f"{case.reference} Document 4 Rapid Review.txt", "text/plain", _document4(case, ctx).encode()),
        Attachment(f"{case.reference} Document 5 covering letter.txt", "text/plain", _document5(case, ctx).encode()),
    ]


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "Not recorded"
    if hasattr(value, "strftime"):
        return str(value.strftime("%-d %B %Y"))
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)


def _document4(case: Case, ctx: dict[str, Any]) -> str:
    lines = [f"RAPID REVIEW TEMPLATE (Document 4) – {case.reference}", f"Partnership: {case.lead_partnership.name}", ""]
    lines.append(f"Date of Rapid Review meeting: {_fmt(ctx['meeting_date'])}")
    lines.append("Participants:")
    for p in ctx["participants"]:
        if p["present"] and not p["observer"]:
            lines.append(f"  - {p['name']}, {p['role']}, {p['organisation']}")
    lines.append("Observers:")
    lines.extend(f"  - {p['name']}, {p['role']}, {p['organisation']}" for p in ctx["participants"] if p["observer"])
    lines.append("Omissions to the list of participants:")
    lines.extend(f"  - {a['organisation']}: {a['explanation']}" for a in ctx["absent_agencies"])
    lines += ["", "SECTION 1: CASE BACKGROUND", "Family members and significant others:"]
    lines.extend(
        f"  - {p['name']} | {p['relationship'] or p['role']} | {_fmt(p['date_of_birth'])} | {p['ethnicity']} | {p['other']}"
        for p in ctx["family"]
    )
    lines += [
        "Case summary:",
        _fmt(ctx["case_summary"]),
        "Documentation available:",
        _fmt(ctx["documentation_available"]),
    ]
    s = ctx["immediate_safeguarding"]
    lines += ["", "SECTION 2", "2.1 All appropriate immediate action taken: " + _fmt(s["all_action_taken"])]
    lines += [f"Actions: {_fmt(s['actions'])}", f"Who: {_fmt(s['who'])}", f"When: {_fmt(s['when'])}", "2.2 Criteria:"]
    lines.extend(f"  [x] {c['text']}" for c in ctx["criteria"])
    lines.append("2.3 Rapid Review discussions:")
    for key, value in ctx["discussion"].items():
        lines.append(f"  {key.replace('_', ' ').capitalize()}: {_fmt(value)}")
    for item in ctx["panel_considerations"]:
        lines.append(f"  {item['question']}: {_fmt(item['answer'])}")
    lines += [
        f"Immediate learning: {_fmt(ctx['learning']['immediate'])}",
        f"How shared: {_fmt(ctx['learning']['how_shared'])}",
    ]
    lines.append(f"Legal advice sought: {_fmt(ctx['legal_advice']['sought'])} {ctx['legal_advice']['details']}")
    lines += ["", "SECTION 3: RECOMMENDATION"]
    lines.extend(f"  [x] {d['text']}" for d in ctx["decision"])
    if ctx["decision_other_review"]:
        lines.append(f"  Please state: {ctx['decision_other_review']}")
    lines += [f"Proposed key lines of enquiry: {_fmt(ctx['kloes'])}", f"Reasons: {_fmt(ctx['decision_reasons'])}", ""]
    lines.append("Sign off (ratification by the three safeguarding partners):")
    lines.extend(f"  - {r['partner']}: {r['name']}, {r['role']}, {_fmt(r['date'])}" for r in ctx["ratifications"])
    if ctx["scrutineer_endorsement"]:
        e = ctx["scrutineer_endorsement"]
        lines.append(f"Endorsed by {e['name']}, {e['role']}, {_fmt(e['date'])}")
    return "\n".join(lines) + "\n"


def _document5(case: Case, ctx: dict[str, Any]) -> str:
    codes = {d["code"] for d in ctx["decision"]}
    if "a" in codes:
        conclusion = "meets the criteria for a national Child Safeguarding Practice Review"
    elif codes & {"b", "c"}:
        conclusion = "meets the criteria for a local Child Safeguarding Practice Review"
    else:
        conclusion = "does not meet the criteria for a Child Safeguarding Practice Review"
    names = ", ".join(f"{r['name']} ({r['partner']})" for r in ctx["ratifications"])
    p = case.lead_partnership
    return (
        "Child Safeguarding Practice Review Panel\nSanctuary Buildings\n20 Great Smith Street\nLondon\nSW1P 3BT\n\n"
        f"Decision of the Rapid Review of {case.reference}\n\n"
        "I am writing to you in your capacity as Chair of the Child Safeguarding Practice Review Panel. Our "
        "Safeguarding Partners received notification of a serious incident which may meet the criteria for a child "
        f"safeguarding practice review on {_fmt(case.aware_date or case.referral_received_date)} and have, therefore, "
        "undertaken a Rapid Review to consider the case.\n\n"
        "This Rapid Review included a representative from each of the Safeguarding Partners and concluded that the "
        f"case {conclusion}.\n\n"
        "I attach for your information a copy of our completed Rapid Review which provides a summary of the case and "
        f"the decision and rationale of the Safeguarding Partners. The decision has been endorsed by {names}.\n\n"
        "Yours sincerely,\n"
        f"{p.signature_name or p.name}\n{p.signature_role}\n"
    )
