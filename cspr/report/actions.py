"""Every change to the report's drafts: named, run through ``case_action``, audited in its transaction.

Audit rows carry ids, counts, kinds and hashes; never a finding's text, a name or a replacement
(the case's audit trail is read more widely than the draft).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Max

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.cases.transitions import ActionRefused, case_action, is_allowed, reached, register_action
from cspr.filesafety import check as filesafety
from cspr.filesafety.errors import UploadRefused
from cspr.report import checks, docxtext, glossary, rewrite
from cspr.report.access import require_writer
from cspr.report.matcher import Finding
from cspr.report.models import (
    Acceptance,
    AcceptReason,
    Draft,
    GlossaryEntry,
    MarkerAnswer,
    Publishable,
    QualityMarker,
)
from cspr.report.structure import QUALITY_MARKERS

IN_LCSPR = reached("lcspr_commissioned_date")
REFUSAL = "Report drafts are kept once an LCSPR has been commissioned, and not after the case is closed."
for _name in (
    "report.upload_draft",
    "report.accept_finding",
    "report.save_glossary",
    "report.make_publishable",
    "report.save_quality_markers",
):
    register_action(_name, allowed=IN_LCSPR, refusal=REFUSAL)

NOT_STORED = "The file could not be stored just now. Try again later; if it happens again, tell the partnership"
STALE = "Someone else changed this while you were editing it. Check the values shown now and save again."


def _allowed(case: Case, name: str) -> None:
    if not is_allowed(case, name):
        raise ActionRefused(REFUSAL)


def _converter() -> Callable[[bytes], bytes]:
    from cspr.documents import engine

    return engine.docx_to_pdf


def upload_draft(case: Case, *, data: bytes, original_name: str, acting_user: User) -> Draft:
    """Check the file (``cspr.filesafety``: refused with its message), run every check on it (the
    rendering for the executive summary's length included, before the transaction), then store it."""
    require_writer(acting_user, case)
    _allowed(case, "report.upload_draft")  # before the seconds of checking; checked again on the locked row
    filesafety.inspect(data, frozenset({filesafety.Kind.DOCX}))
    try:
        result = checks.run(case, data, convert=_converter())
    except docxtext.UnreadableDocx as error:
        raise UploadRefused(str(error)) from error
    digest = hashlib.sha256(data).hexdigest()
    with case_action(case, "report.upload_draft", acting_user=acting_user) as ctx:
        number = (Draft.objects.filter(case=ctx.case).aggregate(n=Max("number"))["n"] or 0) + 1
        draft = Draft(
            case=ctx.case,
            number=number,
            original_name=original_name[:200],
            size=len(data),
            sha256=digest,
            uploaded_by=acting_user,
            findings=[f.as_json() for f in result.findings],
            structure=[c.as_json() for c in result.structure],
            exec_summary_pages=result.exec_summary_pages,
        )
        try:
            draft.file.save(f"{ctx.case.pk}/{digest}.docx", ContentFile(data), save=False)
        except OSError as error:
            raise UploadRefused(NOT_STORED) from error
        try:
            draft.save()
            ctx.audit(
                obj=draft,
                after={"number": number, "sha256": digest, "size": len(data)},
                detail={
                    "anonymisation_findings": len(result.findings),
                    "structure_failed": sum(1 for c in result.structure if not c.ok),
                    "exec_summary_pages": result.exec_summary_pages,
                },
            )
        except Exception:
            draft.file.delete(save=False)
            raise
    return draft


def findings_of(draft: Draft) -> list[Finding]:
    return [Finding(**f) for f in draft.findings]


def accept_finding(draft: Draft, *, index: int, reason: str, detail: str, acting_user: User) -> Acceptance:
    """Keep one finding (and the same text of the same kind in later drafts) with who and why."""
    require_writer(acting_user, draft.case)
    found = findings_of(draft)
    if not 0 <= index < len(found):
        raise ValidationError("This finding does not exist on this draft")
    if reason not in AcceptReason.values:
        raise ValidationError({"reason": "Select why this is kept"})
    if reason == AcceptReason.NOT_IDENTIFYING and not detail.strip():
        raise ValidationError({"detail": "Explain why this does not identify anyone"})
    finding = found[index]
    with case_action(draft.case_id, "report.accept_finding", acting_user=acting_user) as ctx:
        if Acceptance.objects.filter(case=ctx.case, key=finding.key).exists():
            raise ActionRefused("This finding is already accepted")
        acceptance = Acceptance.objects.create(
            case=ctx.case,
            key=finding.key[:400],
            kind=finding.kind,
            text=finding.text[:300],
            reason=reason,
            detail=detail.strip(),
            draft=draft,
            accepted_by=acting_user,
        )
        ctx.audit(obj=acceptance, after={"kind": finding.kind, "reason": reason, "draft": draft.number})
    return acceptance


def glossary_state(case: Case) -> str:
    """A fingerprint of the saved glossary: the form carries it, a save refuses a stale one."""
    rows = sorted(GlossaryEntry.objects.filter(case=case).values_list("key", "replacement"))
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16]


def save_glossary(case: Case, *, replacements: dict[str, str], state: str, acting_user: User) -> int:
    require_writer(acting_user, case)
    known = {r.key for r in glossary.defaults(case)}
    errors = {}
    for key, value in replacements.items():
        if key not in known:
            raise ValidationError("The glossary has changed: reload the page")
        if not value.strip():
            errors[key] = "Enter a replacement"
        elif len(value) > 200:
            errors[key] = "Replacement must be 200 characters or fewer"
    if errors:
        raise ValidationError(errors)
    with case_action(case, "report.save_glossary", acting_user=acting_user) as ctx:
        if glossary_state(ctx.case) != state:
            raise ActionRefused(STALE)
        for key, value in replacements.items():
            GlossaryEntry.objects.update_or_create(
                case=ctx.case, key=key, defaults={"replacement": value.strip(), "updated_by": acting_user}
            )
        ctx.audit(after={"rows": len(replacements)})
    return len(replacements)


def accepted_keys(case: Case) -> set[str]:
    return set(Acceptance.objects.filter(case=case).values_list("key", flat=True))


def make_publishable(draft: Draft, *, acting_user: User) -> Publishable:
    """Replace every finding not accepted with the glossary, in every part; keep the mapping; re-scan."""
    case = draft.case
    require_writer(acting_user, case)
    _allowed(case, "report.make_publishable")
    with draft.file.open("rb") as handle:
        data = handle.read()
    findings = findings_of(draft)
    accepted = accepted_keys(case)
    edits = glossary.edits(findings, accepted, glossary.replacements(case))
    published, mapping = rewrite.replace(data, edits)
    remaining = checks.anonymisation(case, published)
    digest = hashlib.sha256(published).hexdigest()
    with case_action(case, "report.make_publishable", acting_user=acting_user) as ctx:
        Publishable.objects.filter(draft=draft).delete()
        version = Publishable(
            draft=draft,
            sha256=digest,
            mapping=mapping,
            replacements=len(edits),
            remaining=sum(1 for f in remaining if f.key not in accepted),
            made_by=acting_user,
        )
        version.file.save(f"{ctx.case.pk}/publishable-{digest}.docx", ContentFile(published), save=False)
        try:
            version.save()
            ctx.audit(obj=version, after={"draft": draft.number, "sha256": digest, "replacements": len(edits)})
        except Exception:
            version.file.delete(save=False)
            raise
    return version


def markers_state(draft: Draft) -> str:
    rows = sorted(QualityMarker.objects.filter(draft=draft).values_list("question", "answer", "notes"))
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16]


def save_quality_markers(draft: Draft, *, answers: dict[int, tuple[str, str]], state: str, acting_user: User) -> None:
    """The review team's answers to the seven questions (Document 19 section 4), with notes."""
    require_writer(acting_user, draft.case)
    for question, (answer, _notes) in answers.items():
        if not 1 <= question <= len(QUALITY_MARKERS) or answer not in MarkerAnswer.values:
            raise ValidationError("Answer each question with yes, partly or no")
    with case_action(draft.case_id, "report.save_quality_markers", acting_user=acting_user) as ctx:
        if markers_state(draft) != state:
            raise ActionRefused(STALE)
        for question, (answer, notes) in answers.items():
            QualityMarker.objects.update_or_create(
                draft=draft,
                question=question,
                defaults={"answer": answer, "notes": notes.strip(), "answered_by": acting_user},
            )
        ctx.audit(obj=draft, after={"answered": sorted(answers)})
