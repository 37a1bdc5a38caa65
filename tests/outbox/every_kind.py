"""Queue one email of every kind the app sends, through the real actions and pages, on the test world.

Used in-process (tests/outbox/test_outbox.py) and by the worker kill-and-restart test, which runs it
in a subprocess against a file database (tests/deadlines/test_worker_restart.py). Nothing is sent
here: every email waits in the outbox for the sender.
"""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.test import Client

from cspr.accounts import actions as account_actions
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import AgencyInvolvement, Case
from cspr.deadlines import reminders
from cspr.dissemination.actions import remind_due_reviews
from cspr.dissemination.models import ProgressReport
from cspr.lcspr import actions as lcspr_actions
from cspr.lcspr.models import AppointmentRole, Conflict
from cspr.organisations.models import PartnerKind
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.portal import actions as portal_actions
from cspr.portal import chasing, disclosure, escalation, invitations
from cspr.portal.kinds.registry import REGISTRY
from cspr.portal.lcspr_requests import send_lcspr_requests
from cspr.portal.models import InformationRequest, RequestType
from cspr.rapidreview import actions as rapid_review
from cspr.workshops import actions as workshop_actions
from cspr.workshops.models import NominatedBy
from cspr.workshops.reminders import remind_worksheets
from tests.portal.conftest import add_family
from tests.portal.test_lifecycle import _answered
from tests.rapidreview.helpers import complete_for_submission, decide_lcspr, meeting_with, ratify_all
from tests.world import World

SCOPING_DAY = dt.datetime(2026, 11, 3, 10, 0, tzinfo=dt.UTC)
MEETING_DAY = dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC)  # a Monday: the weekly digest is due
NEXT_DAY = dt.datetime(2026, 11, 17, 7, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 19, 7, 0, tzinfo=dt.UTC)


def _lcspr_kinds(world: World, case: Case) -> None:
    """The LCSPR's kinds: an information report returned incomplete (rule 54), a disclosure answer (rule 56)."""
    manager = world.user(Role.BUSINESS_MANAGER)
    lead = world.agency_users["own"]
    [report] = send_lcspr_requests(
        case,
        REGISTRY[RequestType.INFORMATION_REPORT],
        [world.agencies["own"]],
        due_date=dt.date(2027, 1, 15),
        acting_user=manager,
    )
    required = {"author_independent": "yes", "date_completed": "2026-11-17", "signed_off_on": "2026-11-17"}
    for key in ("author_name", "author_role", "author_contact", "signed_off_name", "signed_off_role"):
        required[key] = "Test"
    report = portal_actions.save_draft(report, required, None, acting_user=lead)
    portal_actions.submit_return(
        report,
        records_secured_on=dt.date(2026, 11, 17),
        records_secured_by="Test",
        kept_separate=True,
        acting_user=lead,
    )
    asked = disclosure.record_disclosure_request(
        case,
        agency=world.agencies["own"],
        requested_by="police",
        requester_name="Test Officer",
        requester_email="officer@test.invalid",
        requested_on=dt.date(2026, 11, 17),
        documents_sought="The chronology",
        acting_user=manager,
    )
    disclosure.answer_disclosure_request(asked, acting_user=manager)


def queue_every_kind(world: World) -> set[str]:
    """Returns the kinds now waiting in the outbox (every ``MailKind``)."""
    manager = world.user(Role.BUSINESS_MANAGER)
    case = world.cases["own"]
    case.lead_partnership.panel_mailbox = "panel@test.invalid"
    case.lead_partnership.save()
    add_family(world)
    with time_machine.travel(SCOPING_DAY):
        school, gp = portal_actions.send_scoping_requests(
            case,
            [world.agencies["own"], world.agencies["other"]],
            acting_user=manager,
            case_summary="A fictional summary.",
            time_period="From birth to the incident.",
        )
        if school.agency_id != world.agencies["own"].pk:
            school, gp = gp, school
        portal_actions.mark_opened(school, acting_user=world.agency_users["own"])
        answered = _answered(InformationRequest.objects.get(pk=school.pk), world)
        returned = portal_actions.submit_return(
            answered,
            records_secured_on=dt.date(2026, 11, 3),
            records_secured_by="Test Lead",
            kept_separate=True,
            acting_user=world.agency_users["own"],
        )
        portal_actions.request_revision(returned, reasons="Add the attendance dates.", acting_user=manager)
        invitations.invite_agency_lead(
            world.agencies["own"], email="new.lead@test.invalid", full_name="Test New Lead", acting_user=manager
        )
        account_actions.create_user(
            acting_user=world.user(Role.PARTNERSHIP_ADMIN),
            partnership=world.home,
            full_name="Test Newcomer",
            email="newcomer@test.invalid",
            role=Role.AUDITOR,
        )
        Client().post("/accounts/password/reset/", {"email": world.user(Role.AUDITOR).email})
        # Sign-in notices: wrong passwords slow an account down and its holder is told; an
        # administrator resets a second factor; a password set through the emailed link.
        for _ in range(settings.LOCKOUT_FREE_FAILURES):
            Client().post("/accounts/login/", {"login": world.user(Role.SCRUTINEER).email, "password": "wrong-1234"})
        account_actions.reset_second_factor(
            world.user(Role.CSPR_GROUP_MEMBER), acting_user=world.user(Role.PARTNERSHIP_ADMIN)
        )
        newcomer = Client()
        form = newcomer.get(
            account_actions.set_password_url(User.objects.get(email="newcomer@test.invalid")), follow=True
        )
        newcomer.post(
            form.redirect_chain[-1][0], {"password1": "orbit lantern marmalade", "password2": "orbit lantern marmalade"}
        )
    with time_machine.travel(MEETING_DAY, tick=False):
        # The scoping send above already recorded the agency as involved.
        AgencyInvolvement.objects.get_or_create(case=case, agency=world.agencies["own"])
        meeting_with(world, case, list(PartnerKind))
        rapid_review.send_invitations(case, acting_user=manager)
        decide_lcspr(world, case)
        ratify_all(world, case)
        complete_for_submission(world, case)  # no "[insert …]" placeholder left in the pack
        rapid_review.submit(case, method="email", date=MEETING_DAY.date(), acting_user=manager)
        # The LCSPR it commissioned: an independent lead reviewer is invited (rule 44 notice with it).
        lcspr_actions.appoint(
            case,
            values={
                "email": "new.reviewer@test.invalid",
                "name": "Test Independent Reviewer",
                "organisation": "Test Reviewing Ltd",
                "role": AppointmentRole.LEAD_REVIEWER,
                "conflict": Conflict.NONE,
                "started": MEETING_DAY.date(),
            },
            acting_user=manager,
        )
        reminders.plan(MEETING_DAY.date())
    with time_machine.travel(NEXT_DAY, tick=False):
        reminders.plan(NEXT_DAY.date())
        chasing.chase_requests(NEXT_DAY.date())
        escalation.escalate(
            InformationRequest.objects.get(pk=gp.pk), reason="No reply after the reminders.", acting_user=manager
        )
        _lcspr_kinds(world, case)
    with time_machine.travel(LATER, tick=False):
        reminders.plan(LATER.date())
        _workshop_kinds(world, case)
        _progress_review_due(world)
        _actionplan_kinds(world, case)
    kinds = set(Message.objects.values_list("kind", flat=True))
    missing = set(MailKind.values) - kinds
    assert not missing, f"no email of these kinds was queued: {sorted(missing)}"
    return kinds


def _progress_review_due(world: World) -> None:
    """The reminder that the CSPR group's next review of progress is due (a reviewed report's date reached)."""
    ProgressReport.objects.create(
        partnership=world.home,
        number=1,
        generated_on=dt.date(2026, 8, 19),
        generated_by=world.user(Role.BUSINESS_MANAGER),
        cycle_months=3,
        proposed_next_review=LATER.date(),
        reviewed_on=dt.date(2026, 8, 20),
        reviewed_by="Test CSPR group",
        conclusions="Test conclusions",
        next_review_date=LATER.date(),
    )
    remind_due_reviews(LATER.date())


def _actionplan_kinds(world: World, case: Case) -> None:
    """An action of the case's plan due within days: its owner is reminded (once)."""
    from cspr.actionplans import actions as plan_actions
    from cspr.actionplans.reminders import remind_actions

    plan_actions.create_action(
        case,
        source_key="rapid-review",
        agreed_action="A fictional action.",
        responsible_person="Test Lead",
        responsible_organisation="",
        agency=world.agencies["own"],
        due_date=LATER.date() + dt.timedelta(days=7),
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    remind_actions(LATER.date())


def _workshop_kinds(world: World, case: Case) -> None:
    """The workshop invitation, the Worksheet 1 reminder and the draft findings (the case is an LCSPR
    now: decision (b) ratified above)."""
    manager = world.user(Role.BUSINESS_MANAGER)
    case.refresh_from_db()
    workshop = workshop_actions.save_workshop(
        case,
        None,
        values={
            "mode": "virtual",
            "date": dt.date(2026, 11, 23),
            "start_time": dt.time(9, 30),
            "end_time": dt.time(12, 30),
            "venue": "Online (fictional link)",
        },
        acting_user=manager,
    )
    nomination = workshop_actions.nominate(
        case,
        agency=world.agencies["own"],
        full_name="Test Nominee",
        job_title="",
        email="nominee@test.invalid",
        direct_involvement=True,
        involvement="",
        via=NominatedBy.AGENCY,
        acting_user=world.agency_users["own"],
    )
    [participant] = workshop_actions.send_invitations(workshop, [nomination], acting_user=manager)
    workshop_actions.accept_invitation(participant, password="a-long-test-password-2")
    remind_worksheets(LATER.date())
    workshop_actions.record_attendance(
        participant,
        attendance="apologies",
        apologies_reason="",
        one_to_one_date=dt.date(2026, 11, 24),
        one_to_one_notes="",
        acting_user=manager,
    )
    workshop_actions.send_findings(
        case, findings="Draft findings (fictional).", respond_by=dt.date(2026, 12, 4), acting_user=manager
    )
