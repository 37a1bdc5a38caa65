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
from cspr.cases.models import AgencyInvolvement
from cspr.deadlines import reminders
from cspr.organisations.models import PartnerKind
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.portal import actions as portal_actions
from cspr.portal import chasing, escalation, invitations
from cspr.portal.models import InformationRequest
from cspr.rapidreview import actions as rapid_review
from tests.portal.conftest import add_family
from tests.portal.test_lifecycle import _answered
from tests.rapidreview.helpers import complete_for_submission, decide_lcspr, meeting_with, ratify_all
from tests.world import World

SCOPING_DAY = dt.datetime(2026, 11, 3, 10, 0, tzinfo=dt.UTC)
MEETING_DAY = dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC)  # a Monday: the weekly digest is due
NEXT_DAY = dt.datetime(2026, 11, 17, 7, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 19, 7, 0, tzinfo=dt.UTC)


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
        reminders.plan(MEETING_DAY.date())
    with time_machine.travel(NEXT_DAY, tick=False):
        reminders.plan(NEXT_DAY.date())
        chasing.chase_requests(NEXT_DAY.date())
        escalation.escalate(
            InformationRequest.objects.get(pk=gp.pk), reason="No reply after the reminders.", acting_user=manager
        )
    with time_machine.travel(LATER, tick=False):
        reminders.plan(LATER.date())
    kinds = set(Message.objects.values_list("kind", flat=True))
    missing = set(MailKind.values) - kinds
    assert not missing, f"no email of these kinds was queued: {sorted(missing)}"
    return kinds
