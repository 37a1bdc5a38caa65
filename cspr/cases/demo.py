"""Demo cases DEMO-1 … DEMO-5, one per Rapid Review stage, and DEMO-6 … DEMO-9, four LCSPRs (just
commissioned; at about four months; at report stage; published), each with a fictional family.

Anchor dates are set relative to the day the demo world is loaded so the clock shows live
deadlines; the stage apps enrich these cases from their own ``demo.py``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.models import User
from cspr.cases.models import (
    Case,
    CaseCollaborator,
    CaseMembership,
    Household,
    MembershipRole,
    Origin,
    Person,
    PersonRole,
    Relationship,
    RelationshipKind,
    Sex,
    Stage,
)
from cspr.organisations.demo import DEMO_AREA
from cspr.organisations.models import Partnership

# reference -> (stage, working-ish days since the referral)
DEMO_CASES: list[tuple[str, Stage, int]] = [
    ("DEMO-1", Stage.REFERRAL, 1),
    ("DEMO-2", Stage.SCOPING, 3),
    ("DEMO-3", Stage.MEETING, 9),
    ("DEMO-4", Stage.RATIFICATION, 13),
    ("DEMO-5", Stage.SUBMITTED, 20),
    # The LCSPRs: the rapidreview demo carries both to a ratified decision (b), which commissions them.
    ("DEMO-6", Stage.SUBMITTED, 25),
    ("DEMO-7", Stage.SUBMITTED, 100),
    # DEMO-8: an LCSPR at report stage (about seven months in); DEMO-9: published about four months ago.
    # The report and publication apps carry them on from the agreed terms of reference.
    ("DEMO-8", Stage.SUBMITTED, 150),
    ("DEMO-9", Stage.SUBMITTED, 260),
]


def _weekdays_before(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _family(case: Case, surname: str) -> None:
    if case.people.exists():
        return
    child = Person.objects.create(
        case=case,
        role=PersonRole.SUBJECT_CHILD,
        first_name="Demo Child",
        last_name=surname,
        date_of_birth=dt.date(2019, 4, 1),
        sex=Sex.FEMALE,
        ethnicity="White British",
        language="English",
        religion="None",
        address="1 Example Close, Demotown, ZZ9 9ZZ",
        nhs_number="9434765919",
    )
    mother = Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Demo Mother",
        last_name=surname,
        relationship_to_child="Mother",
        date_of_birth=dt.date(1995, 6, 12),
        sex=Sex.FEMALE,
        ethnicity="White British",
        language="English",
        employment="Part-time retail (fictional)",
        address="1 Example Close, Demotown, ZZ9 9ZZ",
    )
    father = Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Demo Father",
        last_name=f"{surname}-Sample",
        relationship_to_child="Father",
        date_of_birth=dt.date(1992, 2, 3),
        sex=Sex.MALE,
        ethnicity="Mixed White and Black Caribbean",
        language="English",
        address="9 Sample Road, Demotown, ZZ8 8ZZ",
    )
    sibling = Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Demo Sibling",
        last_name=surname,
        relationship_to_child="Brother",
        date_of_birth=dt.date(2016, 9, 20),
        sex=Sex.MALE,
    )
    partner = Person.objects.create(
        case=case,
        role=PersonRole.SIGNIFICANT_OTHER,
        first_name="Demo Partner",
        last_name="Example",
        relationship_to_child="Mother's partner",
        date_of_birth=dt.date(1990, 11, 30),
        sex=Sex.MALE,
    )
    for parent in (mother, father):
        for kid in (child, sibling):
            Relationship.objects.create(case=case, from_person=parent, to_person=kid, kind=RelationshipKind.PARENT)
    Relationship.objects.create(
        case=case, from_person=mother, to_person=father, kind=RelationshipKind.FORMER_PARTNER, separated=True
    )
    Relationship.objects.create(case=case, from_person=mother, to_person=partner, kind=RelationshipKind.PARTNER)
    household = Household.objects.create(case=case, name="Mother's household", address=mother.address)
    household.members.set([child, mother, sibling, partner])


def set_dates(case: Case, **values: dt.date | None) -> None:
    """Write milestone dates of a demo case and re-derive its headline stage.

    For the demo world's seeding only (``cspr/<app>/demo.py``): it is loaded, not worked, so these
    writes have no audit row; everything a user does goes through ``cspr.cases.transitions``."""
    from cspr.cases import milestones

    for name, value in values.items():
        if name not in milestones.BY_FIELD:
            raise LookupError(f"{name!r} is not a milestone")
        setattr(case, name, value)
    case.stage = milestones.derive_stage(case)
    case.save(update_fields=[*values, "stage", "updated_at"])


def seed() -> None:
    home = Partnership.objects.get(name=f"{DEMO_AREA} Safeguarding Children Partnership")
    today = timezone.localdate()
    surnames = [
        "Testfamily",
        "Samplefamily",
        "Examplefamily",
        "Fictionfamily",
        "Mockfamily",
        "Specimenfamily",
        "Placeholderfamily",
        "Dummyfamily",
        "Fabricatedfamily",
    ]
    for (reference, stage, days), surname in zip(DEMO_CASES, surnames, strict=True):
        referral = _weekdays_before(today, days)
        case, _ = Case.objects.get_or_create(
            reference=reference,
            defaults={
                "lead_partnership": home,
                "stage": stage,
                "origin": Origin.NOTIFICATION,
                "is_demo": True,
                "incident_date": referral - dt.timedelta(days=3),
                "aware_date": referral - dt.timedelta(days=1),
                "notification_sent_date": referral,
                "referral_received_date": referral,
                "sin_reference": f"SIN-DEMO-{reference[-1]}000",
            },
        )
        _family(case, surname)
    # A cross-border demo: Dudley collaborates on DEMO-3; the lead reviewer and team member are members of DEMO-5.
    demo3 = Case.objects.get(reference="DEMO-3")
    CaseCollaborator.objects.get_or_create(
        case=demo3,
        partnership=Partnership.objects.get(short_code="DUD"),
        defaults={"reason": "The child's family moved from Dudley during the review period (fictional)."},
    )
    demo5 = Case.objects.get(reference="DEMO-5")
    for email, role in (
        ("reviewer@demo.cspr.invalid", MembershipRole.LEAD_REVIEWER),
        ("team@demo.cspr.invalid", MembershipRole.REVIEW_TEAM_MEMBER),
    ):
        user = User.objects.filter(email=email).first()
        if user is not None:
            CaseMembership.objects.get_or_create(case=demo5, user=user, defaults={"role": role})
