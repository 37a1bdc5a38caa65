"""DEMO-8 and DEMO-9's learning points and recommendations, tagged with common themes. DEMO-9's
recommendations are endorsed by all three partners' own leads; DEMO-8 has one still waiting for the
police. Recorded through the actions (the audit trail reads as a real one). Idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.learning import actions
from cspr.learning.models import LearningPoint
from cspr.library.models import Theme

POINTS = [
    (
        "Professional curiosity about men in the household",
        "Practitioners knew a man was staying at the home but nobody asked who he was or what his role was "
        "in the baby's care (demo).",
        ["Professional curiosity", "Fathers and male carers"],
    ),
    (
        "Sharing information when a family moves",
        "Records followed the family between areas weeks after they moved; the new health visitor started "
        "without the history (demo).",
        ["Information sharing", "Housing and moves"],
    ),
    (
        "Hearing the child's daily life",
        "Visits recorded the home's condition, not what a day was like for the child (demo).",
        ["Voice of the child", "Neglect"],
    ),
    (
        "Supervision that asks the second question",
        "Supervision notes repeated the case summary rather than challenging the plan (demo).",
        ["Supervision and management oversight"],
    ),
]

RECOMMENDATIONS = [
    (
        "Demo Council children's services",
        "local",
        "Assessments record every adult in the household and their role in the child's care.",
        "Quarterly audit of 20 assessments; target 90% naming every adult (demo).",
        240,
        False,
        [1],
    ),
    (
        "Demo Integrated Care Board",
        "local",
        "Health records transfer within five working days of a family's move being known.",
        "Monthly report of transfer times from the child health records department (demo).",
        180,
        False,
        [2],
    ),
    (
        "Demo Police and the Demo Safeguarding Partnership",
        "local",
        "Multi-agency training on the child's lived experience, with supervision prompts.",
        "Attendance figures and a repeat of the practitioner survey after six months (demo).",
        300,
        False,
        [3, 4],
    ),
    (
        "Department for Education (national)",
        "national",
        "National guidance on information sharing when families move across local authority boundaries.",
        "The Panel's annual report records whether the guidance was issued (demo).",
        365,
        True,
        [2],
    ),
]


def _day(start: dt.date, days: int) -> dt.date:
    return min(start + dt.timedelta(days=days), timezone.localdate())


def _seed_case(case: Case, *, points: int, recs: list[int], waiting_for_police: set[int]) -> None:
    manager = User.objects.get(email=demo_email("manager"))
    leads = {kind: User.objects.get(email=demo_email(f"{kind}.lead")) for kind in ("la", "icb", "police")}
    themes = {t.name: t for t in Theme.objects.filter(partnership__isnull=True)}
    start = case.lcspr_commissioned_date
    assert start is not None
    made: dict[int, LearningPoint] = {}
    for number, (title, text, names) in enumerate(POINTS[:points], start=1):
        made[number] = actions.add_learning_point(
            case, title=title, text=text, themes=[themes[n] for n in names if n in themes], acting_user=manager
        )
    for index in recs:
        addressee, scope, change, measure, days, national, linked = RECOMMENDATIONS[index]
        rec = actions.add_recommendation(
            case,
            addressee=addressee,
            scope=scope,
            expected_change=change,
            measure=measure,
            due_by=start + dt.timedelta(days=days + 200),
            national_policy=national,
            learning_points=[made[n] for n in linked if n in made],
            themes=[t for n in linked if n in made for t in made[n].themes.all()],
            acting_user=manager,
        )
        for kind, lead in leads.items():
            if kind == "police" and index in waiting_for_police:
                continue
            actions.endorse(
                rec,
                partner=kind,
                executive_name=lead.full_name,
                executive_role=lead.job_title or "Executive lead (demo)",
                date=_day(start, 120),
                acting_user=lead,
            )


def seed() -> None:
    cases = {
        c.reference: c
        for c in Case.objects.filter(reference__in=["DEMO-8", "DEMO-9"], lcspr_commissioned_date__isnull=False)
    }
    if not User.objects.filter(email=demo_email("manager")).exists():
        return
    demo8, demo9 = cases.get("DEMO-8"), cases.get("DEMO-9")
    if demo8 is not None and not LearningPoint.objects.filter(case=demo8).exists():
        _seed_case(demo8, points=3, recs=[0, 1, 2], waiting_for_police={2})
    if demo9 is not None and not LearningPoint.objects.filter(case=demo9).exists():
        _seed_case(demo9, points=4, recs=[0, 1, 3], waiting_for_police=set())
