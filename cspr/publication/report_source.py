"""Where the publishable report comes from: the one switch between the report app and an upload here.

The copies to the National Panel, Ofsted and the Secretary of State carry the publishable report
(rule 68). The report app (``cspr.report``) supplies ``latest_draft(case)`` and
``publishable_docx(draft)``; a final report uploaded on the publication page stands in for it (and
wins when it is newer, since it is the one the partners chose to send).
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from typing import Any

from cspr.cases.models import Case
from cspr.publication.models import FinalReport

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


def _report_api() -> Any | None:
    """The report app's functions, if it provides them (``latest_draft``, ``publishable_docx``)."""
    for name in ("cspr.report.api", "cspr.report.services", "cspr.report.drafts", "cspr.report"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "latest_draft") and hasattr(module, "publishable_docx"):
            return module
    return None


def _latest_draft(case: Case) -> Any | None:
    api = _report_api()
    return None if api is None else api.latest_draft(case)


def uploaded(case: Case) -> FinalReport | None:
    return FinalReport.objects.filter(case=case).defer("content").first()


def has_report(case: Case) -> bool:
    """Cheap: whether there is a report to approve and send (no rendering)."""
    return FinalReport.objects.filter(case=case).exists() or _latest_draft(case) is not None


def describe(case: Case) -> str:
    """What would be sent, in words, without building the file."""
    upload = uploaded(case)
    if upload is not None:
        return f"{upload.filename} (final report uploaded on the publication page)"
    draft = _latest_draft(case)
    if draft is not None:
        return f"the publishable version of the latest report draft ({draft})"
    return ""


def latest(case: Case) -> ReportFile | None:
    """The publishable report, built now (the report draft's publishable version may take a moment)."""
    upload = FinalReport.objects.filter(case=case).first()
    if upload is not None:
        return ReportFile(
            upload.filename, upload.content_type, bytes(upload.content), "final report uploaded on the publication page"
        )
    api = _report_api()
    draft = None if api is None else api.latest_draft(case)
    if api is None or draft is None:
        return None
    content = api.publishable_docx(draft)
    return ReportFile(f"{case.reference}-report-publishable.docx", DOCX, bytes(content), "report draft")
