"""DEMO-7's family engagement at about four months: the mother and father invited, letters sent,
contacts logged (an interpreter offered), the mother's views recorded, the father declined. Idempotent.

Everything is recorded through the family actions, so the demo's audit trail reads as a real one.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.cases.models import Case, CaseMembership, MembershipRole, Person
from cspr.family import actions
from cspr.family.models import ContactKind, Invitation, Involvement, Method, Outcome, SupportKind, TakenUp

PHONE = "0121 496 0731"  # an Ofcom drama number: never a real line


def _day(start: dt.date, days: int) -> dt.date:
    """``days`` after the commissioning, never later than today (actions refuse a future contact)."""
    return min(start + dt.timedelta(days=days), timezone.localdate())


def seed() -> None:
    case = Case.objects.filter(reference="DEMO-7", lcspr_commissioned_date__isnull=False).first()
    team = User.objects.filter(email=demo_email("team")).first()
    if case is None or team is None or Invitation.objects.filter(case=case).exists():
        return
    # The lcspr demo appoints the team member to DEMO-7's review team before this runs; without it the
    # coordinator would be out of the case's reach, so make sure of the membership (idempotent).
    CaseMembership.objects.get_or_create(case=case, user=team, defaults={"role": MembershipRole.REVIEW_TEAM_MEMBER})
    mother = Person.objects.get(case=case, relationship_to_child="Mother")
    father = Person.objects.get(case=case, relationship_to_child="Father")
    start = case.lcspr_commissioned_date
    assert start is not None
    for person in (mother, father):
        actions.save_invitation(
            case=case, person=person, invite=True, coordinator=team, coordinator_phone=PHONE, acting_user=team
        )
        actions.send_letter(
            case=case, person=person, on=_day(start, 10), method=Method.LETTER, by=team, acting_user=team
        )

    def contact(person: Person, kind: str, days: int, method: str, outcome: str, notes: str = "") -> None:
        actions.record_contact(
            case=case, person=person, kind=kind, on=_day(start, days), method=method, by=team, outcome=outcome,
            notes=notes, acting_user=team,
        )  # fmt: skip

    contact(mother, ContactKind.ATTEMPT, 17, Method.PHONE, Outcome.NO_RESPONSE, "Voicemail left (demo).")
    contact(mother, ContactKind.ATTEMPT, 19, Method.PHONE, Outcome.AGREED, "Agreed to meet the lead reviewer (demo).")
    contact(mother, ContactKind.MEETING, 40, Method.VISIT, Outcome.MET, "Met at home with the lead reviewer (demo).")
    actions.record_view(
        case=case,
        person=mother,
        on=_day(start, 40),
        summary=(
            "Demo view: she felt the health visitor listened, but that nobody explained why the referral to "
            "early help was closed. She would like professionals to speak to both parents (fictional)."
        ),
        acting_user=team,
    )
    actions.record_involvement(case=case, person=mother, involvement=Involvement.TAKING_PART, acting_user=team)
    contact(
        father, ContactKind.ATTEMPT, 20, Method.VIA_PROFESSIONAL, Outcome.SPOKE,
        "Through his probation officer; a British Sign Language interpreter offered (demo).",
    )  # fmt: skip
    actions.offer_support(
        case=case,
        person=father,
        kind=SupportKind.INTERPRETER,
        language="British Sign Language",
        offered_on=_day(start, 20),
        offered_by=team,
        taken_up=TakenUp.NO,
        acting_user=team,
    )
    contact(father, ContactKind.ATTEMPT, 30, Method.PHONE, Outcome.DECLINED)
    actions.record_involvement(
        case=case,
        person=father,
        involvement=Involvement.DECLINED,
        reason="He told the coordinator he does not wish to take part while criminal proceedings continue (demo).",
        acting_user=team,
    )
