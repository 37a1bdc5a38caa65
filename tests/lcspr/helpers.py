"""Building LCSPR records for tests: a commissioned case, terms of reference versions, appointments."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, CaseMembership, MembershipRole
from cspr.lcspr.models import (
    Appointment,
    AppointmentRole,
    Chronologies,
    Conflict,
    InformationMethod,
    LiaisonDuty,
    TermsStatus,
    TermsVersion,
    WorkshopMethod,
)
from cspr.lcspr.terms import prefill
from cspr.organisations.models import PartnerKind
from tests.world import World

COMMISSIONED = dt.date(2026, 11, 16)


def commission(case: Case, day: dt.date = COMMISSIONED) -> Case:
    """A ratified decision (b): the LCSPR exists (tests may write the case row directly)."""
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=day)
    case.refresh_from_db()
    return case


def complete_values(n: int = 1) -> dict[str, object]:
    """Every field rule 45 requires, fictional and distinct per version ``n``."""
    return {
        "case_summary": f"Fictional case summary, version {n}.",
        "time_period": f"From January 2024 to the incident (version {n})",
        "time_period_rationale": f"The family moved into the area in January 2024 (version {n})",
        "kloes": f"How agencies shared information (version {n})\nHow the child's voice was heard (version {n})",
        "chronologies": Chronologies.YES,
        "chronologies_detail": f"From the school, the GP and children's social care (version {n})",
        "information_method": InformationMethod.INFORMATION_REPORT,
        "information_detail": f"From the health visiting service (version {n})",
        "workshop_method": WorkshopMethod.WORKSHOP,
        "workshop_detail": f"One workshop for practitioners in February (version {n})",
        "family_involvement": f"The mother and grandmother will be invited to meet the reviewer (version {n})",
        "family_contact_responsible": f"Test Family Coordinator (version {n})",
        "parallel_investigations": f"A criminal investigation is under way (version {n})",
        "legal_advice": f"Legal advice on disclosure was sought (version {n})",
        "other_considerations": f"The family speaks Testish at home; an interpreter is needed (version {n})",
        "learning_to_partners_date": dt.date(2027, 4, 30),
        "milestones": [{"milestone": f"Chronologies due (version {n})", "date": "2027-01-15"}],
    }


def agreed_version(case: Case, number: int, *, status: str = TermsStatus.AGREED) -> TermsVersion:
    values = complete_values(number)
    # As a draft starts: the parallel processes recorded on the case, then what the group added.
    recorded = prefill(case).get("parallel_investigations") or ""
    values["parallel_investigations"] = "\n".join(x for x in (recorded, str(values["parallel_investigations"])) if x)
    agreed = status == TermsStatus.AGREED
    return TermsVersion.objects.create(
        case=case,
        number=number,
        status=status,
        change_reason="" if number == 1 else f"The KLOEs were widened (change {number})",
        agreed_on=dt.date(2026, 12, 18) if agreed else None,
        agreed_by=f"CSPR group meeting {number}: Test Chair, Test Member" if agreed else "",
        **values,
    )


def appoint_directly(case: Case, user: User | None, role: str, *, represents: str = "", name: str = "") -> Appointment:
    """An active appointment with its membership, as ``actions.appoint`` leaves it."""
    appointment = Appointment.objects.create(
        case=case,
        user=user,
        name=name or (user.full_name if user else "Test Expert"),
        email=user.email if user else f"{name.lower().replace(' ', '.')}@test.invalid",
        organisation="Test Reviewing Ltd" if role == AppointmentRole.LEAD_REVIEWER else "Test Organisation",
        role=role,
        represents=represents,
        liaison_duties=[LiaisonDuty.SIO, LiaisonDuty.CPS] if represents == PartnerKind.POLICE else [],
        conflict=Conflict.NONE,
        confidentiality_signed_on=dt.date(2026, 11, 16),
        started=dt.date(2026, 11, 16),
    )
    if user is not None:
        membership_role = (
            MembershipRole.LEAD_REVIEWER if role == AppointmentRole.LEAD_REVIEWER else MembershipRole.REVIEW_TEAM_MEMBER
        )
        CaseMembership.objects.update_or_create(case=case, user=user, defaults={"role": membership_role})
    return appointment


def full_review(world: World, case: Case) -> None:
    """Terms of reference agreed and re-approved (two versions), the world's reviewers appointed, and a
    police member with liaison duties (for the catalogue-wide document tests)."""
    agreed_version(case, 1)
    agreed_version(case, 2)
    appoint_directly(case, world.user(Role.LEAD_REVIEWER), AppointmentRole.LEAD_REVIEWER)
    appoint_directly(case, world.user(Role.REVIEW_TEAM_MEMBER), AppointmentRole.TEAM_MEMBER, represents="la")
    appoint_directly(case, None, AppointmentRole.TEAM_MEMBER, represents="police", name="Test Police Member")


def add_lcspr_data(case: Case, n: int) -> None:
    """N of everything this app records on a case, for the LCSPR page's query-count test.

    Other LCSPR apps add their own records here (requests, contacts, worksheets…) so the one test
    holds every task-list provider to a fixed number of queries."""
    start = TermsVersion.objects.filter(case=case).count() + 1
    for number in range(start, start + n):
        agreed_version(case, number)
    for i in range(n):
        appoint_directly(case, None, AppointmentRole.EXPERT, name=f"Test Expert {start + i}")


def add_other_lcspr_records(case: Case, n: int) -> None:
    """N more of what the other LCSPR apps record (agency requests, family contacts, regulation 14
    checks and pauses, review team meetings, workshops with practitioners' worksheets), written
    directly: the query-count test is about reading them, each app's own tests cover writing them."""
    from cspr.cases.models import Person, PersonRole
    from cspr.dissemination.models import Activity, Attendance
    from cspr.family.models import Contact, ContactKind, Invitation, Method, Outcome, ViewExpressed
    from cspr.oversight.models import ClockPause, ProgressCheck
    from cspr.portal.models import InformationRequest, RequestState, RequestType
    from cspr.reviewmeetings.models import AgendaItem, ItemKind, MeetingAction, ReviewMeeting
    from cspr.workshops.models import Mode, NominatedBy, Nomination, Participant, Worksheet, Workshop

    user = User.objects.filter(role=Role.BUSINESS_MANAGER, partnership=case.lead_partnership).first()
    assert user is not None
    agency = case.lead_partnership.agencies.order_by("pk").first()
    assert agency is not None
    day = dt.date(2026, 11, 2)
    workshop = Workshop.objects.create(
        case=case, mode=Mode.VIRTUAL, date=day, start_time=dt.time(9), end_time=dt.time(12), venue="Online (fictional)"
    )
    base = Person.objects.filter(case=case).count()
    for i in range(n):
        tag = base + i
        for kind, state in (
            (RequestType.CHRONOLOGY, RequestState.SENT),
            (RequestType.INFORMATION_REPORT, RequestState.SUBMITTED),
            (RequestType.LEARNING_TEMPLATE, RequestState.REVISION_REQUESTED),
        ):
            InformationRequest.objects.create(
                case=case, agency=agency, request_type=kind, state=state, due_date=dt.date(2026, 12, 18)
            )
        person = Person.objects.create(
            case=case, role=PersonRole.FAMILY_MEMBER, first_name=f"Test Relative {tag}", last_name="Fiction"
        )
        invitation = Invitation.objects.create(case=case, person=person, coordinator=user)
        Contact.objects.create(
            invitation=invitation, kind=ContactKind.ATTEMPT, on=day, method=Method.PHONE, by=user, outcome=Outcome.SPOKE
        )
        ViewExpressed.objects.create(invitation=invitation, on=day, summary="A fictional view", recorded_by=user)
        ProgressCheck.objects.create(
            case=case,
            checked_on=day,
            checked_by="x",
            timeliness="on_track",
            time_taken="x",
            quality="good",
            quality_notes="x",
            conclusion="x",
            forecast_completion=dt.date(2027, 1, 1),
            recorded_by=user,
        )
        ClockPause.objects.create(
            case=case, reason_kind="police", reason="x", agreed_by="x", started_on=day, recorded_by=user
        )
        meeting = ReviewMeeting.objects.create(case=case, date=day)
        AgendaItem.objects.create(meeting=meeting, kind=ItemKind.FAMILY, title="Family engagement")
        MeetingAction.objects.create(meeting=meeting, description="x", owner="x", due_on=day)
        nomination = Nomination.objects.create(
            case=case,
            full_name=f"Test Practitioner {tag}",
            email=f"practitioner{tag}@test.invalid",
            direct_involvement=True,
            via=NominatedBy.PARTNERSHIP,
        )
        participant = Participant.objects.create(
            workshop=workshop, nomination=nomination, pseudonym=f"Practitioner {tag}"
        )
        for number in (1, 2, 3):
            Worksheet.objects.create(participant=participant, number=number, submitted_at=timezone.now())
        activity = Activity.objects.create(
            case=case,
            kind="briefing",
            title=f"Briefing {tag}",
            audience="x",
            planned_on=day,
            held_on=day,
            recorded_by=user,
        )
        Attendance.objects.create(activity=activity, organisation="x", role="x", number=3, recorded_by=user)
    _add_learning_records(case, user, n)
    _add_report_drafts(case, n)


def _add_learning_records(case: Case, user: User, n: int) -> None:
    """N learning points and recommendations, each endorsed by one partner (cspr.learning)."""
    from cspr.learning.models import Endorsement, LearningPoint, Recommendation

    base = LearningPoint.objects.filter(case=case).count()
    for i in range(base + 1, base + n + 1):
        LearningPoint.objects.create(case=case, number=i, title=f"Point {i}", text="x", created_by=user)
        rec = Recommendation.objects.create(
            case=case,
            number=i,
            addressee="Demo Council",
            expected_change="x",
            measure="x",
            due_by=dt.date(2027, 6, 1),
            created_by=user,
        )
        Endorsement.objects.create(
            recommendation=rec,
            partner="la",
            executive_name="x",
            executive_role="x",
            date=dt.date(2026, 11, 2),
            recorded_by=user,
        )


def _add_report_drafts(case: Case, n: int) -> None:
    """N report drafts with findings, and N accepted findings (``cspr.report``)."""
    from cspr.report.models import Acceptance
    from tests.report.helpers import stored_draft

    base = Acceptance.objects.filter(case=case).count()
    for i in range(n):
        stored_draft(case, data=f"draft {base + i}".encode())
        Acceptance.objects.create(case=case, key=f"name|x{base + i}", kind="name", text="x", reason="place_name")
