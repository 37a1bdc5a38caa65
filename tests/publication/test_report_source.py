"""The report approved and sent is the newer of the report app's latest draft (its publishable
version) and a final report uploaded on the publication page (decision 0026)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.publication import actions, report_source
from cspr.publication.models import FinalReport
from cspr.report import sample
from cspr.report.models import Draft
from tests.publication.helpers import D, docx_bytes
from tests.report.helpers import stored_draft
from tests.world import World


def test_the_newer_of_the_draft_and_the_upload_is_sent(world: World) -> None:
    case = world.cases["own"]
    assert report_source.latest(case) is None
    assert not report_source.has_report(case)
    draft = stored_draft(case, sample.build(sample.Draft(blocks=[sample.Para("A fictional report.")])))
    Draft.objects.filter(pk=draft.pk).update(uploaded_at=timezone.now() - dt.timedelta(days=2))
    found = report_source.latest(case)
    assert found is not None
    assert found.filename.endswith("draft-1-publishable.docx")
    assert "report draft 1" in report_source.describe(case)

    Case.objects.filter(pk=case.pk).update(terms_of_reference_agreed_date=D(2026, 11, 16))
    actions.upload_report(
        case,
        filename="final.docx",
        content_type=report_source.DOCX,
        content=docx_bytes("The final report, finished outside the service (fictional)."),
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    found = report_source.latest(case)
    assert found is not None
    assert found.filename == "final.docx"
    assert "final report uploaded" in report_source.describe(case)
    FinalReport.objects.filter(case=case).update(uploaded_at=timezone.now() - dt.timedelta(days=5))
    assert "report draft 1" in report_source.describe(case)
