"""The action plan's section on the case page (one query)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest

from cspr.actionplans.models import Action, Status
from cspr.cases.models import Case
from cspr.cases.sections import CaseSection


def case_section(request: HttpRequest, case: Case) -> CaseSection | None:
    if case.decision_date is None:
        return None
    counts = {s: 0 for s in Status.values}
    # Counted by the database; no order (the model's leading "case" would join the cases table).
    for status, n in Action.objects.filter(case=case).order_by().values_list("status").annotate(n=Count("id")):
        counts[status] += n
    return CaseSection(
        title="Action plan (Document 19/20)",
        template="actionplans/case_section.html",
        context={"reference": case.reference, "counts": counts, "total": sum(counts.values())},
        order=60,
    )
