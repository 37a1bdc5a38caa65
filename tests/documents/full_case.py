"""A full case for the document tests, built from real records (no fake context providers): every
field the catalogue's documents print holds a distinctive, obviously fictional value."""

from __future__ import annotations

import datetime as dt

from cspr.accounts.roles import Role
from cspr.cases.models import (
    AgencyInvolvement,
    Case,
    ParallelProcess,
    Person,
    PersonRole,
    ProcessKind,
    Referral,
    ReferralEvent,
    Sex,
)
from cspr.chronology.models import ChronologyEntry, EntryKind
from cspr.dissemination.models import Briefing
from cspr.learning.models import LearningPoint
from cspr.organisations.models import PartnerKind
from cspr.portal.models import InformationRequest, RequestState, RequestType
from cspr.rapidreview.models import (
    Absence,
    Attendee,
    Endorsement,
    Meeting,
    PanelConsideration,
    RapidReviewRecord,
    Ratification,
)
from cspr.workshops.models import KeyTheme, Mode, Workshop
from tests.lcspr.helpers import full_review
from tests.world import World


def _partnership(world: World) -> None:
    home = world.home
    home.address = "1 Council House\nHometown\nHT1 1AA"
    home.contact_email = "cspr@home.test.invalid"
    home.contact_phone = "0121 000 0000"
    home.signature_name = "Sam Manager"
    home.signature_role = "Business Manager"
    home.panel_chair_name = "Sir Panel Chair"
    home.save()


def _dates(case: Case) -> None:
    case.incident_date = dt.date(2026, 10, 28)
    case.aware_date = dt.date(2026, 10, 29)
    case.notification_sent_date = dt.date(2026, 10, 30)
    case.referral_received_date = dt.date(2026, 10, 29)
    case.scoping_sent_date = dt.date(2026, 11, 2)
    case.meeting_date = dt.date(2026, 11, 12)
    case.decision_date = dt.date(2026, 11, 12)
    case.ratified_date = dt.date(2026, 11, 14)
    case.submitted_date = dt.date(2026, 11, 16)
    case.terms_of_reference_agreed_date = dt.date(2026, 12, 18)
    case.sin_reference = "SIN-FICTION-4471"
    case.save()


def _people(case: Case) -> None:
    Person.objects.filter(case=case).delete()
    Person.objects.create(
        case=case,
        role=PersonRole.SUBJECT_CHILD,
        first_name="Ayla",
        last_name="Brightwater",
        also_known_as="Ayla B-Fiction",
        date_of_birth=dt.date(2019, 4, 1),
        sex=Sex.FEMALE,
        ethnicity="White British",
        nhs_number="9434765919",
        address="1 Example Close, Demotown, ZZ9 9ZZ",
        religion="None",
        disability="Fictional hearing impairment",
        child_protection_history="Child protection plan 2022 (fictional)",
        lead_practitioner="Lee Practitioner (fictional)",
    )
    Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Rosa",
        last_name="Brightwater",
        relationship_to_child="Mother",
        also_known_as="Rosie Fiction",
        nhs_number="9434765870",
        date_of_birth=dt.date(1995, 6, 12),
        sex=Sex.FEMALE,
        ethnicity="White Irish",
        legal_status="Parental responsibility (fictional)",
        health="Fictional anxiety",
        address="1 Example Close, Demotown, ZZ9 9ZZ",
    )
    Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Tom",
        last_name="Brightwater-Sample",
        relationship_to_child="Father",
        date_of_birth=dt.date(1992, 2, 3),
        sex=Sex.MALE,
        ethnicity="Mixed White and Black Caribbean",
        address="9 Sample Road, Demotown, ZZ8 8ZZ",
    )
    Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Leo",
        last_name="Brightwater",
        relationship_to_child="Brother",
        date_of_birth=dt.date(2016, 9, 20),
        sex=Sex.MALE,
        ethnicity="White British",
    )
    Person.objects.create(
        case=case,
        role=PersonRole.SIGNIFICANT_OTHER,
        first_name="Dan",
        last_name="Partnerfiction",
        relationship_to_child="Mother's partner",
        date_of_birth=dt.date(1990, 11, 30),
        sex=Sex.MALE,
        ethnicity="Any other White background",
        address="4 Other Street, Demotown, ZZ7 7ZZ",
    )


def _referral(world: World, case: Case) -> None:
    AgencyInvolvement.objects.create(
        case=case, agency=world.agencies["own"], note="Nursery place since 2023", reason="Nursery place since 2023"
    )
    Referral.objects.create(
        case=case,
        date_of_referral=dt.date(2026, 10, 29),
        open_to_social_care="Yes, Sasha Socialworker (fictional)",
        referrer_name="Rita Referrer",
        referrer_agency_role="Home Test School, class teacher",
        referrer_contact="0121 111 1111",
        referrer_email="rita@school.test.invalid",
        dsl_name="Dora Safeguarding-Lead",
        dsl_agency_role="Home Test School, Designated Safeguarding Lead",
        dsl_contact="dora@school.test.invalid",
        incident_kind="serious_harm",
        incident_location="1 Example Close (fictional)",
        carer_at_time="Mother's partner (fictional)",
        sibling_safeguarding="Leo stays with his grandmother (fictional).",
        circumstances="Referral circumstances: admitted to hospital (fictional).",
        reasons="Referral reasons: information sharing (fictional).",
        additional_information="Additional referral information (fictional).",
    )
    ReferralEvent.objects.create(case=case, occurred_on=dt.date(2026, 10, 28), time="14:30", event="Ambulance called")
    ParallelProcess.objects.create(
        case=case, kind=ProcessKind.CRIMINAL, contact="DI Ivy Investigator", detail="Investigation open (fictional)"
    )


def _record(world: World, case: Case) -> None:
    consideration = PanelConsideration.objects.create(partnership=world.home, question="Did Covid-19 affect services?")
    PanelConsideration.objects.create(partnership=world.home, question="A question nobody answered on screen")
    RapidReviewRecord.objects.create(
        case=case,
        case_summary="Record case summary: a fictional family (fictional).",
        documentation_available="Scoping returns from two agencies (fictional)",
        immediate_action_taken=True,
        immediate_actions="Sibling placed with grandparents under a safety plan.",
        immediate_actions_who="Children's services (fictional)",
        immediate_actions_when="Within 24 hours (fictional)",
        criteria=["improvements", "recurrent", "two_or_more", "panel_local"],
        time_period="From the child's birth to the incident (fictional)",
        previous_involvement="Health visiting since birth (fictional)",
        lived_experience="The child's voice was rarely recorded (fictional)",
        considerations="Covid-19 and neurodiversity considered (fictional)",
        discussion="Discussion of the key practice episodes (fictional)",
        police_update="Police update: enquiries continue (fictional)",
        long_term_impact="Long-term impact not yet known (fictional)",
        themes="Information sharing; professional curiosity (fictional)",
        national_reviews="Child Protection in England (fictional reference)",
        good_practice="School noticed the change quickly (fictional)",
        conclusion="The conclusion of the Rapid Review (fictional)",
        panel_answers={str(consideration.pk): "No impact on services (fictional)"},
        immediate_learning="Recording the child's voice (fictional)",
        learning_sharing="Briefing for all agencies (fictional)",
        legal_advice_sought=True,
        legal_advice="Advice from the council's solicitor (fictional)",
        decision=["b", "d"],
        other_review="a Domestic Homicide Review",
        kloes="How well did agencies share information about the home?\nWas the father's voice heard?",
        reasons="Potential learning about information sharing between health and education.",
    )


def _meeting(world: World, case: Case) -> None:
    meeting = Meeting.objects.create(case=case, date=dt.date(2026, 11, 12), time="10am", location="Civic Room 3")
    for name, role, organisation, observer in (
        ("Pat Police", "Detective Inspector", "Test Police", False),
        ("Ida Icb", "Designated Nurse", "Test ICB", False),
        ("Lou Council", "Head of Service", "Test Council", False),
        ("Olly Observer", "Trainee social worker", "Test Council observers", True),
    ):
        Attendee.objects.create(
            meeting=meeting,
            name=name,
            role=role,
            organisation=organisation,
            observer=observer,
            present=True,
            confidentiality_agreed=True,
        )
    Absence.objects.create(meeting=meeting, organisation="Test Housing", explanation="No involvement (fictional)")
    manager = world.user(Role.BUSINESS_MANAGER)
    for kind, name, role in (
        (PartnerKind.LOCAL_AUTHORITY, "Ann Lead", "Director of Children's Services"),
        (PartnerKind.ICB, "Ben Lead", "Chief Nurse"),
        (PartnerKind.POLICE, "Cat Lead", "Assistant Chief Constable"),
    ):
        Ratification.objects.create(
            case=case,
            partner=kind,
            executive_name=name,
            executive_role=role,
            date=dt.date(2026, 11, 14),
            recorded_by=manager,
        )
    Endorsement.objects.create(
        case=case,
        name="Ivan Scrutineer",
        role="Independent Scrutineer",
        date=dt.date(2026, 11, 15),
        recorded_by=manager,
    )


def _chronology(world: World, case: Case) -> None:
    start = dt.date(2019, 1, 1)
    for i, (agency, kind) in enumerate(
        ((world.agencies["own"], EntryKind.KEY_EVENT), (world.agencies["other"], EntryKind.ORGANISATIONAL_CHANGE))
    ):
        ChronologyEntry.objects.create(
            case=case,
            agency=agency,
            kind=kind,
            date_text=f"{start + dt.timedelta(days=i):%d/%m/%Y}",
            date_from=start + dt.timedelta(days=i),
            date_to=start + dt.timedelta(days=i),
            source=f"Chronology record {i}",
            key_event=f"Chronology event {i} (fictional)",
            key_learning_event=kind == EntryKind.KEY_EVENT,  # a significant event (Document 13, Section 4)
        )


def _agency_requests(world: World, case: Case) -> None:
    """A chronology and an information report request sent, each with its deadline (rule 53)."""
    for kind, due in (
        (RequestType.CHRONOLOGY, dt.date(2027, 1, 8)),
        (RequestType.INFORMATION_REPORT, dt.date(2027, 1, 22)),
    ):
        InformationRequest.objects.create(
            case=case,
            agency=world.agencies["own"],
            request_type=kind,
            state=RequestState.SENT,
            due_date=due,
            sent_at=dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC),
        )


def _family_engagement(world: World, case: Case) -> None:
    """The mother (Document 8's default addressee) has a named coordinator and the number to call."""
    from cspr.family.models import Invitation

    mother = Person.objects.get(case=case, relationship_to_child="Mother")
    Invitation.objects.update_or_create(
        case=case,
        person=mother,
        defaults={"coordinator": world.user(Role.REVIEW_TEAM_MEMBER), "coordinator_phone": "0121 496 0999"},
    )


def _workshop(world: World, case: Case) -> None:
    KeyTheme.objects.create(case=case, title="Making space and time for the child (fictional)")
    KeyTheme.objects.create(case=case, title="Professional curiosity about new adults (fictional)")
    Workshop.objects.create(
        case=case,
        mode=Mode.FACE_TO_FACE,
        date=dt.date(2027, 1, 20),
        start_time=dt.time(9, 45),
        end_time=dt.time(13, 0),
        venue="Conference Room 2, Fictional House, ZZ1 1ZZ",
        feedback_session_date=dt.date(2027, 3, 10),
        feedback_session_time=dt.time(14, 0),
        signatory="Chair of the CSPR Group (fictional)",
    )


def _briefing(world: World, case: Case) -> None:
    """The 7-minute briefing and the learning points it prints (get_or_create: the learning app's
    part of the full case may hold the same numbers)."""
    manager = world.user(Role.BUSINESS_MANAGER)
    for number, title, text in (
        (1, "Curiosity about new adults (fictional)", "Nobody asked who the new adult in the home was (fictional)."),
        (2, "The child's lived experience (fictional)", "Visits recorded the home, not the child (fictional)."),
    ):
        LearningPoint.objects.get_or_create(
            case=case, number=number, defaults={"title": title, "text": text, "created_by": manager}
        )
    Briefing.objects.create(
        case=case,
        title="Seeing the child behind the closed door (fictional)",
        background="A fictional review of a child known to five agencies.",
        why_it_matters="New adults in a household change the risk to a child (fictional).",
        information="The review found three missed chances to ask about the household (fictional).",
        questions="Who lives in the homes you visit? How do you know? (fictional)",
        what_to_do="Ask about every adult at every visit and record the answer (fictional).",
        further_information="The full report on the partnership's website (fictional).",
        updated_by=manager,
    )


def _action_plan(world: World, case: Case) -> None:
    """Document 20: an open action with two progress updates and an agency's evidence file, a closed
    one (who accepted it) and one carried into another plan."""
    from cspr.actionplans.models import Action, ProgressUpdate, Rag, Source, Status
    from cspr.portal.models import Upload, UploadKind

    manager = world.user(Role.BUSINESS_MANAGER)

    def action(number: int, **values: object) -> Action:
        return Action.objects.create(
            case=case,
            number=number,
            source=Source.IMMEDIATE_LEARNING,
            created_by=manager,
            **values,  # type: ignore[arg-type]
        )

    first = action(
        1,
        source_text="Immediate learning: share attendance patterns with health (fictional)",
        agreed_action="Weekly attendance huddle with the school nurse (fictional)",
        responsible_person="Head of Pastoral Care (fictional)",
        responsible_organisation="Home Test School",
        agency=world.agencies["own"],
        due_date=dt.date(2027, 2, 26),
        actions_taken="Huddle started in two year groups (fictional)",
        evidence_of_impact="Absence patterns now reach the nurse within a week (fictional)",
        rag=Rag.AMBER,
    )
    returned = InformationRequest.objects.create(
        case=case,
        agency=world.agencies["own"],
        request_type=RequestType.ACTION_UPDATE,
        state=RequestState.ACCEPTED,
        topics=[{"action": first.pk, "number": 1}],
    )
    Upload.objects.create(
        request=returned,
        kind=UploadKind.ATTACHMENT,
        file="portal/evidence.docx",
        original_name="attendance-huddle-notes-fictional.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=10,
        sha256="0" * 64,
    )
    ProgressUpdate.objects.create(
        action=first,
        on=dt.date(2026, 10, 30),
        rag=Rag.RED,
        text="Not started: no nurse time (fictional)",
        recorded_by=manager,
    )
    ProgressUpdate.objects.create(
        action=first,
        on=dt.date(2026, 11, 13),
        rag=Rag.AMBER,
        text="Nurse joins fortnightly (fictional)",
        request=returned,
        recorded_by=manager,
    )
    action(
        2,
        source_text="Recommendation: record the child's voice (fictional)",
        agreed_action="Voice-of-the-child prompt in the recording system (fictional)",
        responsible_person="Designated Safeguarding Lead (fictional)",
        responsible_organisation="Home Test GP",
        due_date=dt.date(2026, 11, 6),
        evidence_of_impact="18 of 20 records carry the child's words (fictional)",
        rag=Rag.GREEN,
        status=Status.CLOSED,
        closed_on=dt.date(2026, 11, 13),
        closure_accepted_by="CSPR group, quarterly audit (fictional)",
        closed_by=manager,
    )
    action(
        3,
        source_text="Immediate learning: neglect strategy (fictional)",
        agreed_action="Neglect screening tool for early help (fictional)",
        responsible_person="Head of Early Help (fictional)",
        responsible_organisation="Home Test Partnership",
        due_date=dt.date(2027, 6, 30),
        status=Status.CARRIED,
        carried_into="Partnership neglect strategy action plan (fictional)",
        carried_reason="Partnership-wide: tracked with the strategy (fictional)",
        carried_on=dt.date(2026, 11, 13),
    )


def full_case(world: World) -> Case:
    """The world's own case with every part of its record filled in."""
    case = world.cases["own"]
    _partnership(world)
    _dates(case)
    _people(case)
    _referral(world, case)
    _record(world, case)
    _meeting(world, case)
    _chronology(world, case)
    full_review(world, case)  # the LCSPR: terms of reference (two versions) and appointments
    _family_engagement(world, case)
    _agency_requests(world, case)
    _workshop(world, case)
    _briefing(world, case)
    _action_plan(world, case)
    return Case.objects.get(pk=case.pk)
