"""Pages of the clock: the calculator, extensions and pauses, closure days, failed emails;
plus the case task list and the dashboard panel contributed through the extension points.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from cspr.access import Access, case_access, cases_for_user, get_case_for_user, managed_partnership, require_capability
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, CaseMembership, MembershipRole, Stage
from cspr.cases.sections import CaseSection
from cspr.deadlines import actions, engine, services
from cspr.deadlines import working_days as wd
from cspr.deadlines.engine import Deadline, Responsible, State
from cspr.deadlines.forms import AdjustmentForm, AnchorDatesForm, ClosureDayForm
from cspr.organisations.models import ClosureDay
from cspr.outbox import actions as outbox_actions
from cspr.outbox import api as mail_outbox
from cspr.outbox.models import Message
from cspr.ui.dashboard import Panel
from cspr.ui.render import page

TAG_CLASSES = {
    State.OVERDUE: "govuk-tag--red",
    State.DUE_TODAY: "govuk-tag--orange",
    State.DUE_SOON: "govuk-tag--yellow",
    State.NOT_YET_DUE: "govuk-tag--blue",
    State.MET: "govuk-tag--green",
    State.NOT_APPLICABLE: "govuk-tag--grey",
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _days_left(d: Deadline) -> str:
    """Worded from the state, so a row never says "due today" under an "Overdue" tag (a deadline
    that fell due on Friday is overdue on Saturday, with no working day between them)."""
    left = d.working_days_left
    if left is None or d.state in {State.MET, State.NOT_APPLICABLE}:
        return ""
    if d.state is State.DUE_TODAY:
        return "due today"
    if d.state is State.OVERDUE:
        late = max(-left, 0)
        return f"{late} working day{'s' if late != 1 else ''} overdue" if late else "overdue"
    return f"{left} working day{'s' if left != 1 else ''} left"


def _row(d: Deadline) -> dict[str, Any]:
    return {"d": d, "tag": TAG_CLASSES[d.state], "left": _days_left(d)}


# The case page -------------------------------------------------------------------------------


def case_section(request: HttpRequest, case: Case) -> CaseSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    adjustments = services.case_adjustments(case)  # one query for the clock and the history below
    deadlines = services.deadlines_for_case(case, adjustments=adjustments)
    history = adjustments[::-1]  # newest first
    labels = {d.key: d.label for d in deadlines}
    alerts = [d for d in deadlines if d.key.startswith("rapid_review_from_") and d.due is not None]
    return CaseSection(
        title="What to do next",
        template="deadlines/_case_section.html",
        order=5,
        context={
            "case": case,
            "rows": [_row(d) for d in deadlines],
            "next": _row(nxt) if (nxt := engine.next_deadline(deadlines)) else None,
            "can_change": case_access(user, case) >= Access.WRITE,
            "history": [(h, labels.get(h.deadline_key, h.deadline_key)) for h in history],
            "rapid_review_dates": alerts,
        },
    )


@login_required
def adjust(request: HttpRequest, reference: str, key: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    deadline = {d.key: d for d in services.deadlines_for_case(case)}.get(key)
    if deadline is None:
        raise Http404("No such deadline.")
    if deadline.due is None:
        return page(request, "deadlines/adjust.html", {"case": case, "deadline": deadline, "form": None})
    form = AdjustmentForm(request.POST or None, current_due=deadline.due)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_adjustment(
                case=case,
                deadline_key=key,
                kind=data["kind"],
                reason=data["reason"],
                agreed_by=data["agreed_by"],
                acting_user=user,
                new_due=data.get("new_due"),
                paused_from=data.get("paused_from"),
                paused_until=data.get("paused_until"),
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, f"{deadline.label}: change recorded")
            return redirect("cases:detail", reference=case.reference)
    return page(request, "deadlines/adjust.html", {"case": case, "deadline": deadline, "form": form}, forms_=(form,))


# The calculator ------------------------------------------------------------------------------


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_capability(user, not Role(user.role).is_external)
    form = AnchorDatesForm(request.POST or None)
    rows: list[dict[str, Any]] = []
    settings = engine.ClockSettings()
    calendar = wd.default_calendar()
    if user.partnership is not None:
        settings = engine.ClockSettings.from_partnership(user.partnership)
        calendar = services.calendar_for_partnership(user.partnership.pk)
    if request.method == "POST" and form.is_valid():
        deadlines = engine.compute(form.anchors(), settings, calendar, services.today())
        rows = [_row(d) for d in deadlines]
    return page(
        request,
        "deadlines/calculator.html",
        {"form": form, "rows": rows, "uses_partnership": user.partnership is not None},
        forms_=(form,),
    )


# Partnership pages ---------------------------------------------------------------------------


@login_required
def closure_days(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnership = managed_partnership(user)

    def check(day: dt.date) -> None:
        actions.check_closure_day(partnership, day)

    if request.method == "POST" and "remove" in request.POST:
        closure = ClosureDay.objects.filter(partnership=partnership, pk=_int(request.POST["remove"])).first()
        if closure is not None:
            label = f"{closure.date:%-d %B %Y}"
            actions.remove_closure_day(closure=closure, acting_user=user)
            messages.success(request, f"Closure day {label} removed")
        return redirect("deadlines:closure_days")
    form = ClosureDayForm(request.POST if request.method == "POST" else None, check=check)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        actions.add_closure_day(partnership=partnership, day=day, reason=form.cleaned_data["reason"], acting_user=user)
        messages.success(request, f"Closure day {day:%-d %B %Y} added")
        return redirect("deadlines:closure_days")
    days = ClosureDay.objects.filter(partnership=partnership).order_by("date")
    return page(request, "deadlines/closure_days.html", {"form": form, "days": days}, forms_=(form,))


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnership = managed_partnership(user)
    if request.method == "POST":
        row = Message.objects.filter(partnership=partnership, pk=_int(request.POST.get("retry", ""))).first()
        if row is not None:
            outbox_actions.retry(message=row, acting_user=user)
            messages.success(request, "The email will be sent again shortly")
        return redirect("deadlines:outbox")
    rows = mail_outbox.needing_attention([partnership.pk])
    return page(request, "deadlines/outbox.html", {"rows": rows})


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


# The dashboard -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardItem:
    case: Case
    deadline: Deadline
    tag: str
    left: str


ALERT_STATES = {State.OVERDUE, State.DUE_TODAY, State.DUE_SOON}


def _people(cases: list[Case]) -> tuple[dict[int, list[User]], dict[int, list[User]]]:
    """Business managers per partnership and lead reviewers per case (two queries)."""
    managers: dict[int, list[User]] = defaultdict(list)
    for u in User.objects.filter(
        role=Role.BUSINESS_MANAGER, partnership_id__in={c.lead_partnership_id for c in cases}, is_active=True
    ):
        assert u.partnership_id is not None
        managers[u.partnership_id].append(u)
    reviewers: dict[int, list[User]] = defaultdict(list)
    for m in CaseMembership.objects.filter(
        case_id__in=[c.pk for c in cases], role=MembershipRole.LEAD_REVIEWER
    ).select_related("user"):
        reviewers[m.case_id].append(m.user)
    return managers, reviewers


def _responsible_people(
    case: Case, d: Deadline, managers: dict[int, list[User]], reviewers: dict[int, list[User]]
) -> list[User]:
    if d.responsible is Responsible.BUSINESS_UNIT:
        return managers.get(case.lead_partnership_id, [])
    if d.responsible in {Responsible.LEAD_REVIEWER, Responsible.PARTNERS}:
        return reviewers.get(case.pk, [])
    return []


def open_case_deadlines(request: HttpRequest, user: User) -> list[services.CaseDeadlines]:
    """Deadlines of the open cases in the user's reach, computed once per request whoever asks.

    Closed cases (action plan closed) have nothing due: most of a national table is closed."""
    cached: list[services.CaseDeadlines] | None = getattr(request, "_cspr_open_case_deadlines", None)
    if cached is None:
        cached = services.deadlines_for_cases(cases_for_user(user).filter(action_plan_closed_date__isnull=True))
        request._cspr_open_case_deadlines = cached  # type: ignore[attr-defined]
    return cached


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    if not isinstance(user, User):
        return None
    role = Role(user.role)
    if not (role.sees_all_partnership_cases or role.works_through_case_membership):
        return None
    stage = request.GET.get("stage", "")
    who = request.GET.get("responsible", "")
    all_cases = open_case_deadlines(request, user)
    managers, reviewers = _people([cd.case for cd in all_cases])
    people: dict[int, User] = {}
    items: list[DashboardItem] = []
    for cd in all_cases:
        for d in cd.deadlines:
            if d.state not in ALERT_STATES or not d.reminds:
                continue
            named = _responsible_people(cd.case, d, managers, reviewers)
            people.update({p.pk: p for p in named})
            if stage and cd.case.stage != stage:
                continue
            if who.startswith("person-") and _int(who.removeprefix("person-")) not in {p.pk for p in named}:
                continue
            if who and not who.startswith("person-") and d.responsible.value != who:
                continue
            items.append(DashboardItem(cd.case, d, TAG_CLASSES[d.state], _days_left(d)))
    items.sort(key=lambda i: (i.deadline.due or dt.date.max, i.case.reference))
    stage_items = [{"value": "", "text": "All stages"}] + [
        {"value": s.value, "text": s.label, "selected": s.value == stage} for s in Stage
    ]
    who_items = (
        [{"value": "", "text": "Anyone"}]
        + [{"value": r.value, "text": r.label, "selected": r.value == who} for r in Responsible]
        + [
            {"value": f"person-{p.pk}", "text": p.full_name, "selected": who == f"person-{p.pk}"}
            for p in sorted(people.values(), key=lambda p: p.full_name)
        ]
    )
    failed = 0
    if role.manages_partnership and user.partnership_id is not None:
        failed = mail_outbox.failed_count(user.partnership_id)
    return Panel(
        title="Statutory deadlines due soon or overdue",
        template="deadlines/_dashboard_panel.html",
        order=10,
        context={
            "entries": items,
            "stage_items": stage_items,
            "who_items": who_items,
            "filtered": bool(stage or who),
            "failed_reminders": failed,
            "counts": {
                "overdue": sum(1 for i in items if i.deadline.state is State.OVERDUE),
                "today": sum(1 for i in items if i.deadline.state is State.DUE_TODAY),
                "soon": sum(1 for i in items if i.deadline.state is State.DUE_SOON),
            },
        },
    )
