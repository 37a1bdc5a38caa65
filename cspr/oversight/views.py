"""Pages of regulation 14 oversight: the clock, progress checks, pauses and the Panel discussion; plus
the LCSPR task-list section and the dashboard warning, contributed through the registries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from cspr.access import Access, case_access, cases_for_user, get_case_for_user
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.editing import edit_page, user_of
from cspr.cases.models import Case
from cspr.cases.transitions import is_allowed
from cspr.deadlines import services
from cspr.deadlines.engine import Deadline, State
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.lcspr.views import is_lcspr
from cspr.oversight import actions, clock
from cspr.oversight.forms import EndPauseForm, PanelDiscussionForm, PauseForm, ProgressCheckForm
from cspr.oversight.models import ClockPause
from cspr.ui.dashboard import Panel
from cspr.ui.render import page


def _lcspr_case(request: HttpRequest, reference: str, *, write: bool = False) -> tuple[User, Case]:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=write)
    if not is_lcspr(case):
        raise Http404("This case has no LCSPR.")
    return user, case


def _clock_url(case: Case) -> str:
    return reverse("oversight:clock", kwargs={"reference": case.reference})


def _check_deadline(case: Case) -> Deadline | None:
    return {d.key: d for d in services.deadlines_for_case(case)}.get("regulation_14_check")


@login_required
def clock_page(request: HttpRequest, reference: str) -> HttpResponse:
    user, case = _lcspr_case(request, reference)
    today = services.today()
    return page(
        request,
        "oversight/clock.html",
        {
            "case": case,
            "clock": clock.clock_for(case, today),
            "check": _check_deadline(case),
            "can_write": case_access(user, case) >= Access.WRITE and is_allowed(case, "oversight.record_check"),
        },
    )


@login_required
def check_add(request: HttpRequest, reference: str) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    check = _check_deadline(case)
    intro = [
        "Regulation 14: the safeguarding partners monitor the time the review is taking and its quality, "
        "every month until the final report is approved."
    ]
    if check and check.due:
        intro.append(f"This month's check is due by {check.due:%-d %B %Y}.")
    return edit_page(
        request,
        case,
        make_form=lambda data: ProgressCheckForm(data, initial={"checked_on": services.today()}),
        save=lambda f: actions.record_check(case, acting_user=user, **f.cleaned_data),
        done_url=_clock_url(case),
        title="Record a monthly progress check",
        intro=intro,
        success="Progress check recorded",
    )


@login_required
def pause_add(request: HttpRequest, reference: str) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    due = clock.due_on(case)
    return edit_page(
        request,
        case,
        make_form=lambda data: PauseForm(data),
        save=lambda f: actions.record_pause(case, acting_user=user, **f.cleaned_data),
        done_url=_clock_url(case),
        title="Record a pause in the review",
        intro=[
            "For example, the police ask the review to wait before involving someone. The pause is shown on the "
            "clock; it does not move the statutory date" + (f", {due:%-d %B %Y}." if due else ".")
        ],
        success="Pause recorded",
    )


@login_required
def pause_end(request: HttpRequest, reference: str, pause_id: int) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    pause = get_object_or_404(ClockPause, pk=pause_id, case=case, ended_on__isnull=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: EndPauseForm(data, initial={"ended_on": services.today()}),
        save=lambda f: actions.end_pause(pause, acting_user=user, **f.cleaned_data),
        done_url=_clock_url(case),
        title="Record the end of the pause",
        intro=[f"{pause.get_reason_kind_display()}, from {pause.started_on:%-d %B %Y}."],
        success="Pause ended",
    )


@login_required
def panel_discussion(request: HttpRequest, reference: str) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    today = services.today()
    current = clock.clock_for(case, today)
    if current.forecast is None or not current.forecast_late:
        # Nothing to discuss: the form is offered only for a forecast past the due date.
        return page(request, "oversight/nothing_to_discuss.html", {"case": case, "clock": current})
    forecast = current.forecast.date
    return edit_page(
        request,
        case,
        make_form=lambda data: PanelDiscussionForm(data, initial={"discussed_on": today}),
        # The forecast discussed is the one on record now, never a value from the form.
        save=lambda f: actions.record_panel_discussion(
            case, acting_user=user, forecast_discussed=forecast, **f.cleaned_data
        ),
        done_url=_clock_url(case),
        title="Record the discussion with the National Panel",
        intro=[
            f"The review is forecast to finish on {forecast:%-d %B %Y} ({current.forecast.because}), after the "
            f"due date of {current.due:%-d %B %Y}. Any potential delay beyond six months must be discussed with "
            "the National Panel (toolkit §3.1.4).",
        ],
        success="Discussion with the National Panel recorded",
    )


# The LCSPR task list -------------------------------------------------------------------------


def task_section(request: HttpRequest, case: Case) -> TaskSection | None:
    """Regulation 14 monitoring: a fixed number of queries whatever the number of checks or pauses."""
    user = request.user
    if not isinstance(user, User) or not is_lcspr(case):
        return None
    today = services.today()
    current = clock.clock_for(case, today)
    check = _check_deadline(case)
    writer = case_access(user, case) >= Access.WRITE and is_allowed(case, "oversight.record_check")
    clock_url = _clock_url(case)
    tasks: list[Task] = []
    if current.due and current.decided:
        late = not current.completed and today > current.due
        pauses = f"; {len(current.pauses)} pause{'s' if len(current.pauses) != 1 else ''} shown, date unchanged"
        tasks.append(
            Task(
                "Six-month clock",
                clock_url,
                "Completed" if current.completed else ("Overdue" if late else "In progress"),
                f"Due {current.due:%-d %B %Y}: {case.lead_partnership.lcspr_months} months from the ratified "
                f"decision of {current.decided:%-d %B %Y}" + (pauses if current.pauses else ""),
            )
        )
    if check is not None and check.due is not None:
        this_month = next((m for m in current.months if m.starts_after < today <= m.ends_on), None)
        # This month's check already recorded: done until the next month's falls due.
        done = this_month is not None and this_month.status == "Checked" and check.state is State.NOT_YET_DUE
        status = {State.OVERDUE: "Overdue", State.DUE_TODAY: "Due today", State.DUE_SOON: "Due soon"}.get(
            check.state, "Completed" if done else "Not started"
        )
        last = current.checks[0].checked_on if current.checks else None
        hint = f"Regulation 14 check due {check.due:%-d %B %Y}" + (
            f"; last check {last:%-d %B %Y}" if last else "; no check recorded yet"
        )
        tasks.append(
            Task(
                "Monthly progress check",
                reverse("oversight:check_add", kwargs={"reference": case.reference}) if writer else clock_url,
                status,
                hint,
            )
        )
    elif current.completed:
        tasks.append(Task("Monthly progress check", clock_url, "Completed", "The final report is approved."))
    if current.forecast_late or current.discussions:
        needed = current.discussion_needed
        assert current.forecast is not None or not needed
        tasks.append(
            Task(
                "Discuss the forecast delay with the National Panel",
                reverse("oversight:panel_discussion", kwargs={"reference": case.reference})
                if (needed and writer)
                else clock_url,
                "Not started" if needed else "Completed",
                f"Forecast {current.forecast.date:%-d %B %Y} is after the due date"
                if needed and current.forecast
                else f"Discussed on {current.discussions[0].discussed_on:%-d %B %Y}",
            )
        )
    return TaskSection("Regulation 14 monitoring", tasks, order=20)


# The dashboard -------------------------------------------------------------------------------


def dashboard_panel(request: HttpRequest) -> Panel | None:
    """LCSPRs forecast past their due date with no discussion with the Panel: a fixed number of queries."""
    user = request.user
    if not isinstance(user, User):
        return None
    role = Role(user.role)
    if not (role.sees_all_partnership_cases or role.works_through_case_membership):
        return None
    cases = list(
        cases_for_user(user)
        .filter(lcspr_commissioned_date__isnull=False, report_approved_date__isnull=True)
        .select_related("lead_partnership")
    )
    warnings = clock.late_forecasts(cases, services.today())
    if not warnings:
        return None
    return Panel(
        title="LCSPRs forecast to finish after six months",
        template="oversight/_dashboard_panel.html",
        context={"warnings": warnings},
        order=15,
    )
