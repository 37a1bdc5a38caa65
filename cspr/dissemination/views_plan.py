"""Pages of a review's dissemination plan (rule 73, §11.3.2): briefings and learning events, their
attendance, and the 7-minute briefing (Word, through the documents app); the case page section and
the LCSPR task-list section that link to them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from cspr.access import Access, case_access, get_case_for_user
from cspr.accounts.models import User
from cspr.cases.editing import edit_page, user_of
from cspr.cases.models import Case
from cspr.cases.sections import CaseSection
from cspr.cases.transitions import is_allowed
from cspr.deadlines import services
from cspr.dissemination import actions
from cspr.dissemination.context import learning_points
from cspr.dissemination.forms import ActivityForm, AttendanceForm, BriefingForm
from cspr.dissemination.models import Activity, Briefing
from cspr.documents import catalogue
from cspr.documents.models import GeneratedDocument
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.ui.render import page

BRIEFING_ID = "SEVEN_MINUTE_BRIEFING"


def _plan_url(case: Case) -> str:
    return reverse("dissemination:plan", kwargs={"reference": case.reference})


def _writer(user: User, case: Case) -> bool:
    return case_access(user, case) >= Access.WRITE and is_allowed(case, "dissemination.save_activity")


@login_required
@require_GET
def plan(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference)
    activities = list(
        Activity.objects.filter(case=case)
        .annotate(attended=Sum("attendance__number"))
        .prefetch_related("attendance")
        .order_by("planned_on", "id")
    )
    versions = list(
        GeneratedDocument.objects.filter(case=case, document_id=BRIEFING_ID, agency__isnull=True)
        .defer("stored_bytes")
        .order_by("-number")[:3]
    )
    return page(
        request,
        "dissemination/plan.html",
        {
            "case": case,
            "activities": activities,
            "briefing": Briefing.objects.filter(case=case).first(),
            "points": learning_points(case),
            "versions": versions,
            "spec": catalogue.get(BRIEFING_ID),
            "today": services.today(),
            "can_write": _writer(user, case),
            "can_generate": case_access(user, case) >= Access.WRITE,
        },
    )


@login_required
def activity_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: ActivityForm(data),
        save=lambda f: actions.save_activity(
            case, None, values=f.cleaned_data, expected_version=None, acting_user=user
        ),
        done_url=_plan_url(case),
        title="Add a briefing or learning event",
        intro=["A clear plan for disseminating and sharing the learning with all relevant agencies (toolkit §11.3.2)."],
        success="Added to the dissemination plan",
    )


def _initial(activity: Activity) -> dict[str, Any]:
    return {name: getattr(activity, name) for name in actions.ACTIVITY_FIELDS} | {"version": activity.version}


@login_required
def activity_edit(request: HttpRequest, reference: str, activity_id: int) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    activity = get_object_or_404(Activity, pk=activity_id, case=case)
    return edit_page(
        request,
        case,
        make_form=lambda data: ActivityForm(data, initial=_initial(activity)),
        save=lambda f: actions.save_activity(
            case, activity, values=f.cleaned_data, expected_version=f.cleaned_data.get("version"), acting_user=user
        ),
        done_url=_plan_url(case),
        title=f"Change {activity.title}",
        intro=["Enter the date it was held once it has taken place, then record who attended."],
        success="Dissemination plan saved",
    )


@login_required
def attendance_add(request: HttpRequest, reference: str, activity_id: int) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    activity = get_object_or_404(Activity, pk=activity_id, case=case)
    held = f"held on {activity.held_on:%-d %B %Y}" if activity.held_on else "not yet recorded as held"
    return edit_page(
        request,
        case,
        make_form=lambda data: AttendanceForm(data),
        save=lambda f: actions.record_attendance(activity, acting_user=user, **f.cleaned_data),
        done_url=_plan_url(case),
        title=f"Record attendance: {activity.title}",
        intro=[f"This activity was {held}. Record the number who attended from one agency in one role: no names."],
        success="Attendance recorded",
    )


@login_required
def briefing(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    current = Briefing.objects.filter(case=case).first()
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in actions.BRIEFING_FIELDS} | {"version": current.version}
    points = learning_points(case)
    return edit_page(
        request,
        case,
        make_form=lambda data: BriefingForm(data, initial=initial),
        save=lambda f: actions.save_briefing(
            case, values=f.cleaned_data, expected_version=f.cleaned_data.get("version"), acting_user=user
        ),
        done_url=_plan_url(case),
        title="7-minute briefing",
        intro=[
            "A briefing on the lessons learned for agency team meetings and supervision (toolkit §11.3.2). "
            "Not a toolkit document: it has no toolkit number.",
            f"Section 4 prints the review's {len(points)} learning point{'s' if len(points) != 1 else ''} as recorded.",
        ],
        success="7-minute briefing saved",
    )


# -- the case page and the LCSPR task list -----------------------------------------------------------


def _counts(case: Case) -> dict[str, Any]:
    """One query: how many activities, how many held, the attendance, the latest held date."""
    return Activity.objects.filter(case=case).aggregate(
        total=Count("id", distinct=True),
        held=Count("id", filter=Q(held_on__isnull=False), distinct=True),
        attended=Sum("attendance__number"),
        last_held=Max("held_on"),
    )


def _has_briefing(case: Case) -> bool:
    # The case page joins the briefing into the case's own query (``related``): no query then.
    try:
        return case.seven_minute_briefing is not None
    except Briefing.DoesNotExist:
        return False


def case_section(request: HttpRequest, case: Case) -> CaseSection | None:
    """Shown once learning can be shared (the decision is recorded): one query, and one more for the
    briefing when the case was fetched without it."""
    if case.decision_date is None:
        return None
    return CaseSection(
        title="Sharing the learning",
        template="dissemination/section.html",
        context={
            "reference": case.reference,
            **_counts(case),
            "briefing": _has_briefing(case),
        },
        order=85,
    )


def task_section(request: HttpRequest, case: Case) -> TaskSection | None:
    """The LCSPR's "Sharing the learning" tasks: two queries whatever the plan holds."""
    user = request.user
    if not isinstance(user, User) or case.lcspr_commissioned_date is None:
        return None
    counts = _counts(case)
    has_briefing = Briefing.objects.filter(case=case).exists()
    url = _plan_url(case)
    writer = _writer(user, case)
    total, held = int(counts["total"] or 0), int(counts["held"] or 0)
    plan_status = "Not started" if not total else ("Completed" if held == total else "In progress")
    plan_hint = (
        "No briefing or learning event planned yet"
        if not total
        else f"{held} of {total} held; {int(counts['attended'] or 0)} attended"
    )
    return TaskSection(
        "Sharing the learning",
        [
            Task("Dissemination plan", url, plan_status, plan_hint),
            Task(
                "7-minute briefing",
                reverse("dissemination:briefing", kwargs={"reference": case.reference}) if writer else url,
                "Completed" if has_briefing else "Not started",
                "Word document from the learning points" if has_briefing else "Not written yet",
            ),
        ],
        order=70,
    )
