"""Where the publishable report comes from: the one place approval, the copies page and the copies
email ask (decision 0026).

The report app (``cspr.report.api``) supplies the latest draft and its publishable version (the
pseudonym glossary applied). A final report uploaded on the publication page (Word or PDF) stands in
for it; whichever of the two is newer is the one approved and sent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cspr.cases.models import Case
from cspr.publication.models import FinalReport
from cspr.report import api as report_api
from cspr.report.models import Draft

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content_type: str
    content: bytes
    origin: str  # shown to the user: where the file came from

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def uploaded(case: Case) -> FinalReport | None:
    return FinalReport.objects.filter(case=case).first()


def _current(case: Case) -> FinalReport | Draft | None:
    """The newer of the latest uploaded final report and the latest report draft."""
    upload = uploaded(case)
    draft = report_api.latest_draft(case)
    if upload is None or draft is None:
        return upload or draft
    return upload if upload.uploaded_at >= draft.uploaded_at else draft


def has_report(case: Case) -> bool:
    """Cheap: whether there is a report to approve and send (no rendering)."""
    return _current(case) is not None


def describe(case: Case) -> str:
    """What would be sent, in words, without building the file."""
    current = _current(case)
    if isinstance(current, FinalReport):
        return f"{current.filename} (final report uploaded on this page)"
    if isinstance(current, Draft):
        return f"the publishable version of report draft {current.number} ({current.original_name}), glossary applied"
    return ""


def latest(case: Case) -> ReportFile | None:
    """The publishable report, built now (a draft's publishable version may take a moment)."""
    current = _current(case)
    if isinstance(current, FinalReport):
        upload = FinalReport.objects.get(pk=current.pk)
        return ReportFile(upload.filename, upload.content_type, bytes(upload.content), "final report uploaded")
    if isinstance(current, Draft):
        content = report_api.publishable_docx(current)
        name = f"{case.reference}-report-draft-{current.number}-publishable.docx"
        return ReportFile(name, DOCX, bytes(content), f"report draft {current.number}")
    return None
