"""The report's drafts and checks (issue 13): read by the case's readers, changed by the review team
and the business manager (``Audience.REPORT_WRITE``)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile

from cspr.report import examples, sample
from cspr.report.matcher import Finding
from cspr.report.models import Draft, Publishable
from tests.matrix import Audience, Spec
from tests.matrix.lcspr import commissioned
from tests.world import World

FINDING = Finding(
    "name", "Testchild", "body", "word/document.xml", "Paragraph 2", 2, 0, 9, "[Testchild]", "x", "", "exact"
)


def draft_ref(world: World, scope: str) -> dict[str, Any]:
    kwargs = commissioned(world, scope)
    case = world.cases[scope]
    draft = Draft.objects.filter(case=case, number=1).first()
    if draft is None:
        data = sample.build(examples.clean_report("Matrix Reviewer"))
        digest = hashlib.sha256(data).hexdigest()
        draft = Draft(case=case, number=1, original_name="d.docx", size=len(data), sha256=digest)
        draft.findings = [FINDING.as_json()]
        draft.file.save(f"{case.pk}/{digest}.docx", ContentFile(data), save=True)
        version = Publishable(draft=draft, sha256=digest)
        version.file.save(f"{case.pk}/publishable-{digest}.docx", ContentFile(data), save=True)
    return kwargs | {"number": 1}


def finding_ref(world: World, scope: str) -> dict[str, Any]:
    return draft_ref(world, scope) | {"index": 0}


R, W = Audience.CASE_READ, Audience.REPORT_WRITE
DOCX = frozenset({200})
SPECS = {
    "report:index": Spec(R, commissioned),
    "report:upload": Spec(W, commissioned, post=True),
    "report:glossary": Spec(W, commissioned, post=True),
    "report:draft": Spec(R, draft_ref),
    "report:accept": Spec(W, finding_ref, post=True),
    "report:publish": Spec(W, draft_ref, post_only=True),
    "report:download": Spec(R, draft_ref, ok=DOCX),
    "report:download_publishable": Spec(R, draft_ref, ok=DOCX),
    "report:quality": Spec(W, draft_ref, post=True),
}
