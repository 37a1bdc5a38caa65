"""DEMO-9: approved by the three partners, read by the family before publication, planned, the copies
sent 9 working days before the date, published about four months ago with its web address, its
availability date and the NSPCC submission. DEMO-8 stays at report stage. Dates count from the
case's own terms of reference, so the demo is live whenever it is loaded. Idempotent.

Seeding writes rows and milestone dates (``cspr.cases.demo.set_dates``) directly: the demo world is
loaded, not worked, and sends no email.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from django.conf import settings
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.demo import set_dates
from cspr.cases.models import Case, PersonRole
from cspr.deadlines import working_days as wd
from cspr.deadlines.services import calendar_for_partnership
from cspr.organisations.models import PartnerKind
from cspr.publication import report_source
from cspr.publication.models import (
    Approval,
    Copies,
    FinalReport,
    PractitionerBriefing,
    PreReading,
    Publication,
    PublicationPlan,
)

DOCX = report_source.DOCX


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _report_docx(case: Case) -> bytes:
    from cspr.documents.ooxml import new_document

    document = new_document()
    document.core_properties.title = f"LCSPR report {case.reference} (demo)"
    document.core_properties.author = "Demo Lead Reviewer"
    document.add_heading(f"Local Child Safeguarding Practice Review: Child J ({case.reference}, fictional)", 0)
    document.add_paragraph("Lead reviewer: Demo Lead Reviewer. A fictional report for the demo world.")
    document.add_heading("Executive summary", 1)
    document.add_paragraph("Child J lived with Mother and Stepfather. Agencies shared information late (fictional).")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed() -> None:
    case = Case.objects.select_related("lead_partnership").filter(reference="DEMO-9").first()
    if case is None or case.terms_of_reference_agreed_date is None:
        return
    manager = User.objects.filter(partnership=case.lead_partnership, role=Role.BUSINESS_MANAGER).order_by("pk").first()
    if manager is None:
        return
    today = timezone.localdate()
    calendar = calendar_for_partnership(case.lead_partnership_id)
    published = _weekday_on_or_before(today - dt.timedelta(days=122))
    approved = _weekday_on_or_before(published - dt.timedelta(days=35))
    if case.lcspr_commissioned_date is not None:
        # Approved a few days inside the six months, so the demo shows the clock met (C10).
        due = wd.add_calendar_months(case.lcspr_commissioned_date, case.lead_partnership.lcspr_months)
        approved = min(approved, _weekday_on_or_before(due - dt.timedelta(days=5)))
    if approved < case.terms_of_reference_agreed_date:
        return
    if not report_source.has_report(case):
        content = _report_docx(case)
        final = FinalReport(
            case=case,
            filename=f"{case.reference}-final-report.docx",
            content_type=DOCX,
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=manager,
        )
        final.content = content  # to the document store on save
        final.save()
    _approvals(case, manager, approved)
    if case.report_approved_date is None:
        set_dates(case, report_approved_date=approved)
    people = case.people.exclude(role=PersonRole.SUBJECT_CHILD).order_by("pk")[:2]
    if not PreReading.objects.filter(case=case).exists():
        for i, person in enumerate(people):
            PreReading.objects.create(
                case=case,
                person=person,
                given_on=approved + dt.timedelta(days=7 + i),
                how="In person, with the family coordinator (demo)",
                recorded_by=manager,
            )
    for involved in case.agencies_involved.select_related("agency"):
        PractitionerBriefing.objects.get_or_create(
            case=case,
            agency=involved.agency,
            defaults={
                "told_on": calendar.subtract_working_days(published, 5),
                "told_by": f"Demo senior manager, {involved.agency.name}",
                "recorded_by": manager,
            },
        )
    PublicationPlan.objects.get_or_create(
        case=case,
        defaults={
            "family_wishes": "Mother asked that publication avoid the child's birthday week; the date was chosen "
            "with her (demo).",
            "media_contact": "Demo Communications Officer",
            "strategic_leads": "Demo strategic leads of the agencies involved",
            "communications_leads": "Demo communications leads of the three partners",
            "media_interest": False,
            "updated_by": manager,
        },
    )
    if not Copies.objects.filter(case=case).exists():
        _copies(case, manager, published)
    Publication.objects.get_or_create(
        case=case,
        defaults={
            "url": "https://demo.cspr.invalid/reviews/demo-9-child-j.pdf",
            "reviewer_names": "Demo Lead Reviewer",
            "published_on": published,
            "available_until": wd.add_years(published, 1),
            "recorded_by": manager,
            "nspcc_submitted_on": calendar.add_working_days(published, 3),
            "nspcc_submitted_by": manager.full_name,
        },
    )
    if case.published_date is None:
        set_dates(case, publication_date=published, published_date=published)


def _approvals(case: Case, manager: User, approved: dt.date) -> None:
    """Each partner's own lead approved (rule 63); the business manager on its behalf only where the demo
    has no lead for that partner."""
    for kind in PartnerKind:
        partner = case.lead_partnership.statutory_partners.filter(kind=kind).first()
        lead = User.objects.filter(role=Role.PARTNER_LEAD, statutory_partner=partner).order_by("pk").first()
        defaults: dict[str, object] = {
            "approver_name": lead.full_name if lead else f"Demo {kind.label} Lead",
            "approver_role": (lead.job_title if lead else "") or "Statutory partner lead",
            "date": approved,
            "recorded_by": lead or manager,
            "acting_partner": kind.value if lead else "",
            "on_behalf": lead is None,
        }
        if lead is None:
            defaults |= {
                "on_behalf_reason": "The partner's lead approved at the CSPR group meeting (demo).",
                "delegation": "Written delegation to the business manager to record it (demo).",
            }
        Approval.objects.get_or_create(case=case, partner=kind.value, defaults=defaults)


def _copies(case: Case, manager: User, published: dt.date) -> None:
    """The copies as the send action leaves them, 9 working days before the date (C11)."""
    calendar = calendar_for_partnership(case.lead_partnership_id)
    report = report_source.latest(case)
    p = case.lead_partnership
    Copies.objects.create(
        case=case,
        sent_on=calendar.subtract_working_days(published, 9),
        due_by=calendar.subtract_working_days(published, p.prepublication_working_days),
        planned_publication=published,
        recipients=[
            {"to": "National Panel", "address": p.panel_mailbox or settings.PANEL_MAILBOX},
            {"to": "Ofsted", "address": p.ofsted_mailbox or settings.OFSTED_MAILBOX},
            {"to": "Secretary of State (DfE)", "address": p.dfe_mailbox or settings.DFE_MAILBOX},
        ],
        filename=report.filename if report else f"{case.reference}-report-publishable.docx",
        sha256=report.sha256 if report else "",
        sent_by=manager,
    )
