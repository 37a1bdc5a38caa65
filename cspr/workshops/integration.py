"""What the workshops app gives other apps: the LCSPR page's "Analysis and workshops" tasks, the
dashboard panels (a practitioner's workshop; an agency's invitation to nominate), the documents
context of Documents 16–18a, and ``feedback_complete`` for the report stage (rule 60)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from cspr.access import Access, case_access
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.documents.context import fmt_date, join, register
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.lcspr.team import on_review_team
from cspr.portal.access import requests_for_agency_user
from cspr.ui.dashboard import Panel
from cspr.workshops.actions import feedback_complete
from cspr.workshops.models import (
    Attendance,
    FindingsConsultation,
    KeyTheme,
    Mode,
    Nomination,
    Participant,
    Worksheet,
    Workshop,
)

__all__ = ["feedback_complete"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def task_section(request: HttpRequest, case: Case) -> TaskSection:
    """The LCSPR page's section: six queries whatever the number of themes, people or worksheets."""
    user = request.user
    assert isinstance(user, User)
    writer = case_access(user, case) >= Access.WRITE
    team = on_review_team(user, case)
    themes = KeyTheme.objects.filter(case=case).count()
    nominated = Nomination.objects.filter(case=case).aggregate(
        every=Count("id"), direct=Count("id", filter=Q(direct_involvement=True))
    )
    workshop = (
        Workshop.objects.filter(case=case)
        .annotate(
            invited=Count("participants", distinct=True),
            attended=Count("participants", filter=Q(participants__attendance=Attendance.ATTENDED), distinct=True),
        )
        .order_by("-date", "-id")
        .first()
    )
    sheets = Worksheet.objects.filter(participant__workshop__case=case).aggregate(
        submitted=Count("id", filter=Q(submitted_at__isnull=False)),
        first=Count("id", filter=Q(submitted_at__isnull=False, number=1)),
    )
    consultation = FindingsConsultation.objects.filter(case=case).first()
    reference = case.reference
    tasks = [
        Task(
            "Key themes for analysis",
            reverse("workshops:themes", args=[reference]),
            "In progress" if themes else "Not started",
            f"{_plural(themes, 'theme')}, each tied to key lines of enquiry and chronology events" if themes else "",
        ),
        Task(
            "Practitioners nominated for the workshop",
            reverse("workshops:nominations", args=[reference]),
            "In progress" if nominated["every"] else "Not started",
            f"{_plural(nominated['every'], 'practitioner')}, {nominated['direct']} with direct involvement"
            if nominated["every"]
            else "Agencies nominate their staff in the portal",
        ),
    ]
    if workshop is None:
        tasks.append(
            Task(
                "Reflective learning workshop",
                reverse("workshops:workshop_add", args=[reference]) if writer else None,
                "Not started",
                "" if writer else "Not planned yet",
            )
        )
    else:
        held = workshop.held_on is not None
        status = "Completed" if held else ("In progress" if workshop.invitations_sent_on else "Not started")
        where = "online" if workshop.mode == Mode.VIRTUAL else "face to face"
        tasks.append(
            Task(
                "Reflective learning workshop",
                reverse("workshops:workshop", args=[reference, workshop.pk]),
                status,
                f"{workshop.date:%-d %B %Y}, {where}: {_plural(workshop.invited, 'practitioner')} invited"
                + (f", {workshop.attended} attended" if held else ""),
            )
        )
    tasks.append(
        Task(
            "Practitioners’ worksheets",
            reverse("workshops:team_worksheets", args=[reference]) if team else None,
            "In progress" if sheets["submitted"] else ("Not started" if workshop else "Cannot start yet"),
            f"{_plural(sheets['submitted'], 'worksheet')} in, {sheets['first']} of them Worksheet 1"
            + ("" if team else ": read by the review team only, without names"),
        )
    )
    complete = consultation is not None and feedback_complete(case)
    tasks.append(
        Task(
            "Practitioners’ feedback on the draft findings",
            reverse("workshops:findings", args=[reference]) if team else None,
            "Completed" if complete else ("In progress" if consultation else "Not started"),
            "Before the report is finalised (rule 60)" + ("" if team else "; for the review team"),
        )
    )
    return TaskSection(title="Analysis and workshops", tasks=tasks, order=60)


def practitioner_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    if not isinstance(user, User) or not Role(user.role).completes_worksheets:
        return None
    participant = Participant.objects.select_related("workshop").filter(user=user).first()
    return Panel(
        title="Your reflective learning workshop",
        template="workshops/panels/practitioner.html",
        context={"participant": participant},
        order=5,
    )


def agency_panel(request: HttpRequest) -> Panel | None:
    """Agencies with a request on an LCSPR under way are asked to nominate staff (§8.10.1)."""
    user = request.user
    if not isinstance(user, User) or not Role(user.role).answers_agency_requests or user.agency_id is None:
        return None
    references = sorted(
        set(
            requests_for_agency_user(user)
            .filter(case__lcspr_commissioned_date__isnull=False, case__report_approved_date__isnull=True)
            .values_list("case__reference", flat=True)
        )
    )
    if not references:
        return None
    return Panel(
        title="Nominate staff for a reflective learning workshop",
        template="workshops/panels/agency.html",
        context={"references": references},
        order=20,
    )


# -- documents (16–18a) ---------------------------------------------------------------------------------------


class WorkshopContext(TypedDict):
    workshop_date: dt.date | None
    workshop_time: str | None
    workshop_venue: str | None
    workshop_details: str | None
    feedback_session: str | None
    workshop_signatory: str | None
    key_themes: str | None


def document_workshop(case: Case) -> Workshop | None:
    """The workshop the documents describe: the next one still to come, else the latest held."""
    today = timezone.localdate()
    found = Workshop.objects.filter(case=case)
    return found.filter(date__gte=today).order_by("date", "id").first() or found.order_by("-date", "-id").first()


def workshop_context(case: Case) -> WorkshopContext:
    workshop = document_workshop(case)
    themes = join(*KeyTheme.objects.filter(case=case).values_list("title", flat=True))
    if workshop is None:
        return {
            "workshop_date": None,
            "workshop_time": None,
            "workshop_venue": None,
            "workshop_details": None,
            "feedback_session": None,
            "workshop_signatory": None,
            "key_themes": themes,
        }
    time = f"{workshop.start_time:%H:%M} to {workshop.end_time:%H:%M}"
    how = "Online" if workshop.mode == Mode.VIRTUAL else "Face to face"
    feedback = None
    if workshop.feedback_session_date:
        feedback = fmt_date(workshop.feedback_session_date) + (
            f" at {workshop.feedback_session_time:%H:%M}" if workshop.feedback_session_time else ""
        )
    return {
        "workshop_date": workshop.date,
        "workshop_time": time,
        "workshop_venue": workshop.venue,
        "workshop_details": f"{fmt_date(workshop.date)}, {time}. {how}: {workshop.venue}",
        "feedback_session": feedback,
        "workshop_signatory": workshop.signatory or None,
        "key_themes": themes,
    }


def register_document_context() -> None:
    register("workshop", WorkshopContext, workshop_context)
