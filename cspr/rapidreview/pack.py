"""The submission pack (Document 4 and the Document 5 covering letter) as bytes to attach.

With ``cspr.documents`` installed each document is generated through
``cspr.documents.actions.generate_document`` (Word, a stored and audited version with its SHA-256).
Without it (the seam while that app is absent) a plain-text rendering of the same record is attached,
so a submission always carries everything the Panel needs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cspr.cases.models import Case, PersonRole
from cspr.rapidreview.context import rapid_review_context

if TYPE_CHECKING:
    from cspr.accounts.models import User

DOCUMENTS = [("RAPID_REVIEW_TEMPLATE", "Document 4"), ("RAPID_REVIEW_SUBMISSION_LETTER", "Document 5")]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Attachment:
    name: str
    content_type: str
    content: bytes
    generated_document_id: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "content_type": self.content_type,
            "size": len(self.content),
            "sha256": self.sha256,
            "generated_document_id": self.generated_document_id,
        }


def build(case: Case, *, acting_user: User | None = None) -> list[Attachment]:
    try:
        from cspr.documents.actions import generate_document
    except ImportError:
        return _plain_text(case)
    out = []
    for document_id, _label in DOCUMENTS:
        generated = generate_document(case=case, document_id=document_id, fmt="docx", acting_user=acting_user)
        out.append(Attachment(generated.filename, DOCX, bytes(generated.content), generated.pk))
    return out


def _plain_text(case: Case) -> list[Attachment]:
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
    lines.append(f"Date of Rapid Review meeting: {_fmt(ctx.get('meeting_date'))}")
    lines.append("Participants:")
    lines.extend(f"  - {p['name']}, {p['role']}, {p['agency']}" for p in ctx.get("participants", []))
    lines.append("Observers:")
    lines.extend(f"  - {p['name']}, {p['role']}, {p['agency']}" for p in ctx.get("observers", []))
    lines.append(f"Omissions to the list of participants: {_fmt(ctx.get('omissions'))}")
    lines += ["", "SECTION 1: CASE BACKGROUND", "Family members and significant others:"]
    lines.extend(
        f"  - {p} | {p.relationship_to_child or p.get_role_display()} | {_fmt(p.date_of_birth)} | {p.ethnicity}"
        for p in case.people.exclude(role=PersonRole.SUBJECT_CHILD)
    )
    lines += [
        "Case summary:",
        _fmt(ctx.get("case_summary")),
        "Documentation available:",
        _fmt(ctx.get("documentation")),
    ]
    lines += [
        "",
        "SECTION 2",
        f"2.1 All appropriate immediate action taken: {_fmt(ctx.get('immediate_actions_taken'))}",
    ]
    lines += [_fmt(ctx.get("immediate_actions")), "2.2 Criteria:"]
    lines.extend(f"  [x] {c['text']}" for c in ctx["criteria_all"] if c["ticked"])
    lines.append("2.3 Rapid Review discussions:")
    for key, value in ctx["discussion"].items():
        lines.append(f"  {key.replace('_', ' ').capitalize()}: {_fmt(value)}")
    for item in ctx.get("panel_considerations", []):
        lines.append(f"  {item['question']}: {_fmt(item['answer'])}")
    lines.append(f"Immediate learning: {_fmt(ctx.get('immediate_learning'))}")
    lines.append(f"Legal advice sought: {_fmt(ctx.get('legal_advice'))}")
    lines += ["", "SECTION 3: RECOMMENDATION"]
    lines.extend(f"  [x] {label}" for label in ctx.get("decision_labels", []))
    if ctx.get("decision_other"):
        lines.append(f"  Please state: {ctx['decision_other']}")
    lines.append("Proposed key lines of enquiry:")
    lines.extend(f"  - {k}" for k in ctx.get("kloes", []))
    lines += [f"Reasons: {_fmt(ctx.get('decision_reasons'))}", ""]
    lines.append("Sign off (ratification by the three safeguarding partners):")
    lines.extend(
        f"  - {r['partner']}: {r['name']}, {r['role']}, {_fmt(r['date'])}" for r in ctx.get("ratifications", [])
    )
    if ctx.get("scrutineer_endorsement"):
        lines.append(f"Endorsed by {ctx['scrutineer_endorsement']}")
    return "\n".join(lines) + "\n"


def _document5(case: Case, ctx: dict[str, Any]) -> str:
    codes = set(ctx.get("decision", []))
    if "a" in codes:
        conclusion = "meets the criteria for a national Child Safeguarding Practice Review"
    elif codes & {"b", "c"}:
        conclusion = "meets the criteria for a local Child Safeguarding Practice Review"
    else:
        conclusion = "does not meet the criteria for a Child Safeguarding Practice Review"
    names = ", ".join(f"{r['name']} ({r['partner']})" for r in ctx.get("ratifications", []))
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
