"""DEMO-7's regulation 14 record: three monthly progress checks, a police-requested pause that has
ended, and a forecast within the six months. Dates count from the case's own ratified decision, so
the clock stays live whenever the demo world is loaded. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.deadlines import working_days as wd
from cspr.oversight import clock
from cspr.oversight.models import ClockPause, PauseReason, ProgressCheck, Quality, Timeliness

CHECKS = [
    (
        Timeliness.ON_TRACK,
        "Terms of reference agreed; chronology requests sent to every agency on the scoping list.",
        Quality.GOOD,
        "The terms of reference address each key line of enquiry from the Rapid Review.",
        "On track. No action needed beyond the timeline.",
    ),
    (
        Timeliness.AT_RISK,
        "Chronologies returned; one information report returned incomplete. Work paused for three weeks at the "
        "police's request.",
        Quality.ADEQUATE,
        "Returns are of mixed quality; the incomplete information report has gone back with its questions listed.",
        "At risk because of the pause. The lead reviewer to confirm a revised timeline to the CSPR group.",
    ),
    (
        Timeliness.ON_TRACK,
        "Family contacts made; the reflective learning workshop is planned; the timeline has recovered.",
        Quality.GOOD,
        "The draft key themes are tied to the key lines of enquiry and the chronology.",
        "Back on track: the final report is forecast before the six-month date.",
    ),
]


def seed() -> None:
    case = Case.objects.select_related("lead_partnership").filter(reference="DEMO-7").first()
    if case is None or case.lcspr_commissioned_date is None:
        return
    manager = User.objects.filter(partnership=case.lead_partnership, role=Role.BUSINESS_MANAGER).order_by("pk").first()
    decided, due = clock.decided_on(case), clock.due_on(case)
    if manager is None or decided is None or due is None:
        return
    today = timezone.localdate()
    ended = [
        (wd.add_calendar_months(decided, m - 1), end)
        for m in range(1, case.lead_partnership.lcspr_months + 1)
        if (end := wd.add_calendar_months(decided, m)) <= today
    ]
    # The three most recent months that have ended, each checked a couple of days before its end
    # (only on the first load: on a later day the months would differ).
    if ProgressCheck.objects.filter(case=case).exists():
        ended = []
    for (start, end), (timeliness, time_taken, quality, notes, conclusion) in zip(ended[-3:], CHECKS, strict=False):
        day = max(end - dt.timedelta(days=2), start + dt.timedelta(days=1))
        ProgressCheck.objects.get_or_create(
            case=case,
            checked_on=day,
            defaults={
                "checked_by": "Demo CSPR group chair and the Demo business manager",
                "timeliness": timeliness,
                "time_taken": time_taken,
                "quality": quality,
                "quality_notes": notes,
                "conclusion": conclusion,
                "forecast_completion": due - dt.timedelta(days=10),
                "recorded_by": manager,
            },
        )
    start = decided + dt.timedelta(days=20)
    if start < today:
        ClockPause.objects.get_or_create(
            case=case,
            started_on=start,
            defaults={
                "reason_kind": PauseReason.POLICE,
                "reason": "The police asked the review to wait before involving the mother's partner until he had "
                "been interviewed (fictional).",
                "agreed_by": "Demo CSPR group chair, with the Demo Senior Investigating Officer",
                "expected_end": start + dt.timedelta(days=21),
                "ended_on": min(start + dt.timedelta(days=21), today),
                "recorded_by": manager,
            },
        )
