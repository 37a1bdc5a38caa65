"""Embedding learning in the demo world. Idempotent; everything through the actions, so the audit
trail reads as a real one.

- DEMO-9's dissemination plan: a 7-minute briefing for health visiting and school staff, held, with
  attendance by agency and role; a multi-agency learning event planned; the 7-minute briefing
  written (the Word file is generated from it and the review's learning points on demand).
- The demo partnership's completed quarterly audit of progress: a progress report of every open
  action of its action plans (DEMO-9's, from the action plans demo, which runs first) generated
  three weeks ago and reviewed by the CSPR group a week later, with its conclusions and the next
  review the quarterly cycle proposes.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.dissemination import actions
from cspr.dissemination.models import Activity, ActivityKind, Briefing, ProgressReport

ATTENDANCE = (
    ("Demo Community Health Services", "Health visitors", 18),
    ("Demo Community Health Services", "School nurses", 6),
    ("Demo Primary Academy", "Designated safeguarding leads and pastoral staff", 9),
    ("Example Street Surgery (GP, demo)", "GPs and practice nurses", 4),
)


def _plan(case: Case, manager: User, today: dt.date) -> None:
    if Activity.objects.filter(case=case).exists():
        return
    briefing = actions.save_activity(
        case,
        None,
        values={
            "kind": ActivityKind.BRIEFING,
            "title": "7-minute briefing: seeing the child behind the closed door (demo)",
            "audience": "Health visiting and school nursing teams; school safeguarding leads; GP practices",
            "planned_on": today - dt.timedelta(days=30),
            "held_on": today - dt.timedelta(days=28),
            "delivered_by": "Demo business manager with the Demo Named Nurse",
            "notes": "Delivered in team meetings across the week (fictional).",
        },
        expected_version=None,
        acting_user=manager,
    )
    for organisation, role, number in ATTENDANCE:
        actions.record_attendance(briefing, organisation=organisation, role=role, number=number, acting_user=manager)
    actions.save_activity(
        case,
        None,
        values={
            "kind": ActivityKind.LEARNING_EVENT,
            "title": "Multi-agency learning event: professional curiosity about new adults (demo)",
            "audience": "Frontline practitioners and managers of every partner agency",
            "planned_on": today + dt.timedelta(days=35),
            "held_on": None,
            "delivered_by": "Independent lead reviewer (demo)",
        },
        expected_version=None,
        acting_user=manager,
    )


def _briefing(case: Case, manager: User) -> None:
    if Briefing.objects.filter(case=case).exists():
        return
    actions.save_briefing(
        case,
        values={
            "title": "Seeing the child behind the closed door (demo)",
            "background": "A fictional review of a young child known to health, school and police, whose "
            "household changed in the months before the incident.",
            "why_it_matters": "A new adult in a household can change the risk to a child quickly; agencies each "
            "held part of the picture (fictional).",
            "information": "",
            "questions": "Who lives in the homes you visit, and how do you know?\n"
            "When did you last hear the child's own words?\n"
            "Who would you tell if a new adult moved in?",
            "what_to_do": "Ask about every adult in the household at every contact and record the answer.\n"
            "Share a change in the household with the other agencies involved the same week.",
            "further_information": "The published review and its action plan on the Demo partnership's website "
            "(fictional).",
        },
        expected_version=None,
        acting_user=manager,
    )


def _audit(manager: User, today: dt.date) -> None:
    partnership = manager.partnership
    if partnership is None or ProgressReport.objects.filter(partnership=partnership).exists():
        return
    report = actions.generate_report(partnership, acting_user=manager, today=today - dt.timedelta(days=21))
    actions.record_review(
        report,
        reviewed_on=today - dt.timedelta(days=14),
        reviewed_by="Demo CSPR group at its quarterly meeting, chaired by the Demo CSPR group chair",
        conclusions="Good progress on the school's actions. The GP practice's action on new adults at registration "
        "is overdue: the ICB lead to raise it with the practice and report back. Health visiting training on "
        "track (fictional).",
        next_review_date=report.proposed_next_review,
        acting_user=manager,
    )


def seed() -> None:
    case = Case.objects.filter(reference="DEMO-9", decision_date__isnull=False).first()
    manager = User.objects.filter(email=demo_email("manager")).first()
    if case is None or manager is None:
        return
    today = timezone.localdate()
    _plan(case, manager, today)
    _briefing(case, manager)
    _audit(manager, today)
