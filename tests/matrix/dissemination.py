"""The audit of progress (partnership pages) and the dissemination plan (case pages), issue 14."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.dissemination.models import Activity, ActivityKind, ProgressReport
from tests.matrix import Audience, Spec
from tests.world import World


def decided(world: World, scope: str) -> dict[str, Any]:
    """The scope's case with a recorded decision: learning can be shared from then."""
    case = world.cases[scope]
    Case.objects.filter(pk=case.pk).update(meeting_date=dt.date(2026, 11, 12), decision_date=dt.date(2026, 11, 12))
    return {"reference": case.reference}


def activity_ref(world: World, scope: str) -> dict[str, Any]:
    kwargs = decided(world, scope)
    activity, _ = Activity.objects.get_or_create(
        case=world.cases[scope],
        title="Matrix briefing",
        defaults={
            "kind": ActivityKind.BRIEFING,
            "audience": "Matrix teams",
            "planned_on": dt.date(2026, 11, 20),
            "held_on": dt.date(2026, 11, 20),
            "recorded_by": world.away_manager,
        },
    )
    return kwargs | {"activity_id": activity.pk}


def report_ref(world: World, scope: str) -> dict[str, Any]:
    """A progress report of the user's partnership ("own") or of another one ("other", "collab")."""
    partnership = world.home if scope == "own" else world.away
    author = world.user(Role.BUSINESS_MANAGER) if scope == "own" else world.away_manager
    report, _ = ProgressReport.objects.get_or_create(
        partnership=partnership,
        number=1,
        defaults={
            "generated_on": dt.date(2026, 11, 16),
            "generated_by": author,
            "cycle_months": 3,
            "proposed_next_review": dt.date(2027, 2, 16),
        },
    )
    if not report.pdf_file:
        report.pdf = b"%PDF-1.4 matrix"
        report.save()
    # A POST in an earlier cell must not have left it reviewed: the review page is for an unreviewed one.
    ProgressReport.objects.filter(pk=report.pk).update(reviewed_on=None)
    return {"pk": report.pk}


SPECS = {
    "dissemination:progress": Spec(Audience.PARTNERSHIP_READ),
    "dissemination:progress_generate": Spec(Audience.PARTNERSHIP_WRITE, post_only=True, ok=frozenset({302})),
    "dissemination:progress_cycle": Spec(Audience.PARTNERSHIP_WRITE, post=True),
    "dissemination:progress_report": Spec(Audience.PARTNERSHIP_RECORD_READ, report_ref),
    "dissemination:progress_pdf": Spec(Audience.PARTNERSHIP_RECORD_READ, report_ref),
    "dissemination:progress_review": Spec(Audience.PARTNERSHIP_RECORD_WRITE, report_ref, post=True),
    "dissemination:plan": Spec(Audience.CASE_READ, decided),
    "dissemination:activity_add": Spec(Audience.CASE_WRITE, decided, post=True),
    "dissemination:activity_edit": Spec(Audience.CASE_WRITE, activity_ref, post=True),
    "dissemination:attendance_add": Spec(Audience.CASE_WRITE, activity_ref, post=True),
    "dissemination:briefing": Spec(Audience.CASE_WRITE, decided, post=True),
}
