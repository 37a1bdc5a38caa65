"""An LCSPR ready for its final report: ratified 16 November 2026 (the six months end 16 May 2027),
terms of reference agreed 1 December 2026, a final report uploaded, an agency involved."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import AgencyInvolvement, Case
from cspr.organisations.models import PartnerKind
from cspr.publication import actions, approval
from tests.oversight.helpers import ratified_lcspr
from tests.rapidreview.helpers import partner_lead
from tests.world import World

D = dt.date
AGREED = D(2026, 12, 1)
APPROVED = D(2027, 3, 1)
PLANNED = D(2027, 4, 1)  # Thursday; Good Friday 26 and Easter Monday 29 March 2027 are bank holidays
SEND_BY = D(2027, 3, 19)  # 7 working days before 1 April 2027, skipping Easter
AVAILABLE_UNTIL = D(2028, 4, 1)
PLAN_DAY = D(2027, 3, 2)
PLAN_DAY = D(2027, 3, 2)


def at(day: dt.date, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC), tick=False)


def docx_bytes(text: str = "Fictional final report. Lead reviewer: Test Reviewer.") -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ready_for_approval(world: World) -> Case:
    case = ratified_lcspr(world)
    Case.objects.filter(pk=case.pk).update(terms_of_reference_agreed_date=AGREED)
    case.refresh_from_db()
    AgencyInvolvement.objects.get_or_create(case=case, agency=world.agencies["own"])
    with at(D(2027, 2, 20)):
        actions.upload_report(
            case,
            filename="final-report.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            content=docx_bytes(),
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
    case.refresh_from_db()
    return case


def leads(world: World, case: Case) -> dict[PartnerKind, User]:
    """Each partner's lead, with a second factor so they can use the pages."""
    found = {kind: partner_lead(world, kind, case.lead_partnership) for kind in PartnerKind}
    for user in found.values():
        if not Authenticator.objects.filter(user=user).exists():
            TOTP.activate(user, generate_totp_secret())
    return found


def approve_all(world: World, case: Case, day: dt.date = APPROVED) -> Case:
    with at(day):
        for kind, lead in leads(world, case).items():
            approval.approve(
                case,
                partner=kind.value,
                approver_name=lead.full_name,
                approver_role="Director",
                date=day,
                acting_user=lead,
            )
    case.refresh_from_db()
    return case


def plan(world: World, case: Case, planned: dt.date = PLANNED, *, day: dt.date = PLAN_DAY) -> Case:
    with at(day):
        actions.save_plan(
            case,
            planned_date=planned,
            values={
                "family_wishes": "Mother asked for a date away from the anniversary (fictional).",
                "media_contact": "Test Media Officer",
                "strategic_leads": "Test strategic leads",
                "communications_leads": "Test communications leads",
                "media_interest": False,
                "panel_contacted_on": None,
                "panel_contact_note": "",
            },
            version=None,
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
    case.refresh_from_db()
    return case


def date_post(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}
