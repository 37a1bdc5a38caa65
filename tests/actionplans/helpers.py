"""The world's own case with a recorded decision, a recommendation, the Rapid Review's immediate
learning and a row of an agency's scoping action tracker: everything an action plan answers."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.actionplans import actions
from cspr.actionplans.models import Action
from cspr.cases.models import Case
from cspr.learning.models import Endorsement, Recommendation
from cspr.library.models import Theme
from cspr.organisations.models import PartnerKind
from cspr.portal.models import InformationRequest, LearningAction, RequestState, RequestType
from cspr.rapidreview.models import RapidReviewRecord
from tests.world import World

DECIDED = dt.date(2026, 11, 16)
TODAY = "2026-12-01 10:00 +0000"


def plan_case(world: World, *, lcspr: bool = False, published: bool = False) -> Case:
    case = world.cases["own"]
    Case.objects.filter(pk=case.pk).update(
        decision_date=DECIDED,
        lcspr_commissioned_date=DECIDED if lcspr else None,
        report_approved_date=dt.date(2026, 11, 20) if published else None,
        published_date=dt.date(2026, 11, 25) if published else None,
    )
    case.refresh_from_db()
    user = world.user(Role.BUSINESS_MANAGER)
    if not Recommendation.objects.filter(case=case).exists():
        recommendation = Recommendation.objects.create(
            case=case,
            number=1,
            addressee="Home Test School (fictional)",
            expected_change="Record the voice of the child at every contact (fictional)",
            measure="Audit of 20 records",
            due_by=dt.date(2027, 3, 31),
            created_by=user,
        )
        # Only a recommendation each safeguarding partner has endorsed becomes a source of actions.
        for kind in PartnerKind.values:
            Endorsement.objects.create(
                recommendation=recommendation,
                partner=kind,
                executive_name="Test Executive",
                executive_role="Director (fictional)",
                date=DECIDED,
                recorded_by=user,
            )
        RapidReviewRecord.objects.update_or_create(
            case=case, defaults={"immediate_learning": "Share concerns about new adults sooner (fictional)."}
        )
        scoping = InformationRequest.objects.create(
            case=case, agency=world.agencies["own"], request_type=RequestType.SCOPING, state=RequestState.ACCEPTED
        )
        LearningAction.objects.create(
            request=scoping,
            number=1,
            learning_point="Attendance patterns were not shared (fictional)",
            action="Weekly attendance huddle",
            lead="Head of Year (fictional)",
            target_date=dt.date(2027, 1, 29),
        )
    return case


def add_action(
    world: World, case: Case, *, source: str | None = None, agency_key: str | None = "own", due: dt.date | None = None
) -> Action:
    rec = Recommendation.objects.filter(case=case).first()
    assert rec is not None
    theme = Theme.objects.filter(partnership__isnull=True).first()
    return actions.create_action(
        case,
        source_key=source or f"rec-{rec.pk}",
        agreed_action="Introduce a voice-of-the-child prompt in the school's recording system (fictional)",
        responsible_person="Designated Safeguarding Lead (fictional)",
        responsible_organisation="" if agency_key else "Home Test Partnership (fictional)",
        agency=world.agencies[agency_key] if agency_key else None,
        due_date=due or dt.date(2027, 3, 31),
        themes=[theme] if theme else [],
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )


def client_for(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client
