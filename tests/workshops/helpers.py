"""A workshop on a case with two practitioners, built from real records for the workshops tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.workshops.models import FindingsConsultation, Mode, NominatedBy, Nomination, Participant, Workshop
from tests.world import World, make_user


@dataclass
class WorkshopFixture:
    workshop: Workshop
    nomination: Nomination  # nominated with direct involvement, not yet invited
    participant: Participant  # invited, account set up (the world's practitioner)
    other: Participant  # a second practitioner on the same workshop
    consultation: FindingsConsultation


def commission(case: Case, day: dt.date = dt.date(2026, 11, 16)) -> None:
    # Tests may write the case row directly (as the matrix does); the app goes through ratification.
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=day)
    case.refresh_from_db()


def nominate(case: Case, name: str, email: str, *, direct: bool = True, agency: object = None) -> Nomination:
    return Nomination.objects.create(
        case=case,
        agency=agency,  # type: ignore[misc]
        full_name=name,
        job_title="Social worker (fictional)",
        email=email,
        direct_involvement=direct,
        via=NominatedBy.PARTNERSHIP,
    )


def workshop_fixture(world: World, case: Case, day: dt.date = dt.date(2026, 12, 15)) -> WorkshopFixture:
    workshop = Workshop.objects.create(
        case=case,
        mode=Mode.FACE_TO_FACE,
        date=day,
        start_time=dt.time(9, 45),
        end_time=dt.time(13, 0),
        venue="Fictional Room 1, ZZ1 1ZZ",
    )
    second = User.objects.filter(email="practitioner.two@test.invalid").first() or make_user(
        "practitioner.two@test.invalid", Role.PRACTITIONER, partnership=world.home
    )
    second.full_name = "Petra Secondpractitioner"
    second.save(update_fields=["full_name"])
    first_user = world.user(Role.PRACTITIONER)
    first_user.full_name = "Quentin Firstpractitioner"
    first_user.save(update_fields=["full_name"])
    participant = Participant.objects.create(
        workshop=workshop,
        nomination=nominate(case, first_user.full_name, "quentin.nominee@test.invalid"),
        pseudonym="Practitioner K",
        user=first_user,
    )
    other = Participant.objects.create(
        workshop=workshop,
        nomination=nominate(case, second.full_name, "petra.nominee@test.invalid"),
        pseudonym="Practitioner C",
        user=second,
    )
    consultation = FindingsConsultation.objects.create(
        case=case, findings="Draft finding one (fictional)", respond_by=day + dt.timedelta(days=60), sent_on=day
    )
    return WorkshopFixture(
        workshop=workshop,
        nomination=nominate(case, "Uninvited Nominee", "uninvited@test.invalid"),
        participant=participant,
        other=other,
        consultation=consultation,
    )
