"""The LCSPR page's "Set up the review" section: terms of reference, lead reviewer, team, rule 44 notice.

Two queries whatever the number of versions or appointments (the page's query-count test)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from cspr.cases.models import Case
from cspr.lcspr.models import Appointment, AppointmentRole, TermsStatus, TermsVersion
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.lcspr.team_checks import partner_gaps


def setup_section(request: HttpRequest, case: Case) -> TaskSection | None:
    if case.lcspr_commissioned_date is None:
        return None
    versions = list(
        TermsVersion.objects.filter(case=case).only("number", "status", "agreed_on", "lead_organisations", "case_id")
    )
    active = list(
        Appointment.objects.filter(case=case, ended__isnull=True).only(
            "role", "represents", "panel_notified_on", "name", "case_id"
        )
    )
    terms_url = reverse("lcspr:terms", kwargs={"reference": case.reference})
    team_url = reverse("lcspr:team", kwargs={"reference": case.reference})
    latest = max(versions, key=lambda v: v.number) if versions else None
    if latest is None:
        terms_task = Task("Agree the terms of reference", terms_url, "Not started", "Document 7")
    elif latest.status == TermsStatus.AGREED:
        hint = f"Version {latest.number} agreed" + (f" on {latest.agreed_on:%-d %B %Y}" if latest.agreed_on else "")
        terms_task = Task("Agree the terms of reference", terms_url, "Completed", hint)
    elif latest.number > 1:
        terms_task = Task(
            "Agree the terms of reference",
            terms_url,
            "In progress",
            f"Version {latest.number} (a significant change) awaits the CSPR group's approval",
        )
    else:
        terms_task = Task("Agree the terms of reference", terms_url, "In progress", "Draft")
    lead = next((a for a in active if a.role == AppointmentRole.LEAD_REVIEWER), None)
    led_by = latest.lead_organisations.strip() if latest else ""
    if lead is not None:
        lead_task = Task("Appoint the lead reviewer", team_url, "Completed", lead.name)
    elif led_by:
        lead_task = Task("Appoint the lead reviewer", team_url, "Completed", "No lead reviewer: " + led_by)
    else:
        lead_task = Task("Appoint the lead reviewer", team_url, "Not started")
    gaps = partner_gaps(active)
    members = [a for a in active if a.role != AppointmentRole.LEAD_REVIEWER]
    if not members:
        team_task = Task("Appoint the review team", team_url, "Not started", "A member from each safeguarding partner")
    elif gaps:
        team_task = Task("Appoint the review team", team_url, "In progress", "No member from: " + ", ".join(gaps))
    else:
        team_task = Task("Appoint the review team", team_url, "Completed")
    if lead is None:
        notice = Task(
            "Send the reviewer's name to the National Panel, Ofsted and DfE",
            None,
            "Cannot start yet",
            "Sent when the lead reviewer is appointed",
        )
    elif lead.panel_notified_on:
        notice = Task(
            "Send the reviewer's name to the National Panel, Ofsted and DfE",
            team_url,
            "Completed",
            f"Sent on {lead.panel_notified_on:%-d %B %Y}",
        )
    else:
        notice = Task("Send the reviewer's name to the National Panel, Ofsted and DfE", team_url, "Not started")
    return TaskSection("Set up the review", [terms_task, lead_task, team_task, notice], order=10)
