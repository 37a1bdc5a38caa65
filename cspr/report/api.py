"""What other apps read from the report (the publication helper: copies to the Panel carry the
publishable version). No access checks here: callers fetch the case through the access helpers."""

from __future__ import annotations

from cspr.cases.models import Case
from cspr.report import glossary, rewrite
from cspr.report.actions import accepted_keys, findings_of
from cspr.report.models import Draft, Publishable


def latest_draft(case: Case) -> Draft | None:
    return Draft.objects.filter(case=case).order_by("-number").first()


def publishable_docx(draft: Draft) -> bytes:
    """The publishable version of the draft: the stored one if it was made, else made now from the
    glossary and the accepted findings as they stand (nothing stored)."""
    stored = Publishable.objects.filter(draft=draft).first()
    if stored is not None:
        with stored.file.open("rb") as handle:
            stored_data: bytes = handle.read()
        return stored_data
    with draft.file.open("rb") as handle:
        data = handle.read()
    edits = glossary.edits(findings_of(draft), accepted_keys(draft.case), glossary.replacements(draft.case))
    return rewrite.replace(data, edits)[0]
