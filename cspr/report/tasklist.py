"""The LCSPR task list's "The report" section: drafts and their checks (two queries)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from cspr.cases.models import Case
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.report.matcher import finding_key
from cspr.report.models import Acceptance, Draft
from cspr.ui.wording import plural


def section(request: HttpRequest, case: Case) -> TaskSection | None:
    if case.lcspr_commissioned_date is None:
        return None
    latest = Draft.objects.filter(case=case).order_by("-number").only("number", "findings", "structure").first()
    href = reverse("report:index", kwargs={"reference": case.reference})
    if latest is None:
        return TaskSection(
            "The report", [Task("Report drafts and checks", href, "Not started", "No draft uploaded yet")], order=80
        )
    accepted = set(Acceptance.objects.filter(case=case).values_list("key", flat=True))
    open_findings = sum(1 for f in latest.findings if finding_key(f["kind"], f["text"]) not in accepted)
    failed = sum(1 for c in latest.structure if not c["ok"])
    status = "Completed" if not open_findings and not failed else "In progress"
    hint = (
        f"Draft {latest.number}: {plural(open_findings, 'anonymisation finding')} to resolve, "
        f"{plural(failed, 'structure check')} not met"
    )
    return TaskSection("The report", [Task("Report drafts and checks", href, status, hint)], order=80)
