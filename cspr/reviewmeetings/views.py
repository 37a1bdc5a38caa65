"""Pages of review team meetings, and their section of the LCSPR task list."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cspr.access import Access, case_access, get_case_for_user
from cspr.accounts.models import User
from cspr.cases.editing import edit_page, user_of
from cspr.cases.models import Case
from cspr.cases.transitions import is_allowed
from cspr.deadlines import services
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.lcspr.views import is_lcspr
from cspr.reviewmeetings import actions
from cspr.reviewmeetings import forms as rm_forms
from cspr.reviewmeetings.models import AgendaItem, ItemKind, MeetingAction, MeetingAttendee, ReviewMeeting
from cspr.ui.render import page


def _lcspr_case(request: HttpRequest, reference: str, *, write: bool = False) -> tuple[User, Case]:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=write)
    if not is_lcspr(case):
        raise Http404("This case has no LCSPR.")
    return user, case


def _meeting(case: Case, meeting_id: int) -> ReviewMeeting:
    return get_object_or_404(ReviewMeeting, pk=meeting_id, case=case)


def _detail_url(case: Case, meeting: ReviewMeeting) -> str:
    # The case is already in hand: no query for ``meeting.case``.
    return reverse("reviewmeetings:detail", kwargs={"reference": case.reference, "meeting_id": meeting.pk})


def _list_url(case: Case) -> str:
    return reverse("reviewmeetings:list", kwargs={"reference": case.reference})


def _can_write(user: User, case: Case) -> bool:
    return case_access(user, case) >= Access.WRITE and is_allowed(case, "reviewmeetings.schedule_meeting")


def _when(meeting: ReviewMeeting) -> str:
    return f"{meeting.date:%-d %B %Y}" + (f" at {meeting.time}" if meeting.time else "")


@login_required
def meeting_list(request: HttpRequest, reference: str) -> HttpResponse:
    user, case = _lcspr_case(request, reference)
    meetings = list(ReviewMeeting.objects.filter(case=case))
    return page(
        request,
        "reviewmeetings/list.html",
        {"case": case, "meetings": meetings, "can_write": _can_write(user, case), "today": services.today()},
    )


@login_required
def schedule(request: HttpRequest, reference: str, meeting_id: int | None = None) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    meeting = _meeting(case, meeting_id) if meeting_id else None
    initial: dict[str, Any] = {}
    if meeting is not None:
        initial = {
            "date": meeting.date,
            "time": meeting.time,
            "place": meeting.place,
            "virtual": "yes" if meeting.virtual else "no",
            "purpose": meeting.purpose,
        }
    return edit_page(
        request,
        case,
        make_form=lambda data: rm_forms.ScheduleForm(data, initial=initial),
        save=lambda f: actions.schedule_meeting(case, meeting, acting_user=user, **f.cleaned_data),
        done_url=_detail_url(case, meeting) if meeting else _list_url(case),
        redirect_to=lambda saved: _detail_url(case, saved),
        title="Schedule a review team meeting" if meeting is None else "Change the meeting's date or place",
        intro=[
            "Every meeting's agenda starts with the two standing items the toolkit requires: family engagement "
            "(§7.1.4) and whether immediate single- or multi-agency action is needed (§11.2.1)."
        ],
        success="Meeting saved",
    )


@login_required
def detail(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    user, case = _lcspr_case(request, reference)
    meeting = _meeting(case, meeting_id)
    items = list(meeting.items.all())
    return page(
        request,
        "reviewmeetings/detail.html",
        {
            "case": case,
            "meeting": meeting,
            "when": _when(meeting),
            "attendees": list(meeting.attendees.all()),
            "items": items,
            "meeting_actions": list(meeting.actions.all()),
            "missing": actions.standing_items_missing(meeting, items),
            "can_write": _can_write(user, case),
            "today": services.today(),
        },
    )


@login_required
def attendee(request: HttpRequest, reference: str, meeting_id: int, attendee_id: int | None = None) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    meeting = _meeting(case, meeting_id)
    person = get_object_or_404(MeetingAttendee, pk=attendee_id, meeting=meeting) if attendee_id else None
    initial = {f: getattr(person, f) for f in actions.ATTENDEE_FIELDS} if person else {"attendance": "invited"}
    return edit_page(
        request,
        case,
        make_form=lambda data: rm_forms.AttendeeForm(data, initial=initial),
        save=lambda f: actions.save_attendee(case, meeting, person, values=f.cleaned_data, acting_user=user),
        done_url=_detail_url(case, meeting),
        title="Add someone to the meeting" if person is None else "Change attendance",
        intro=["Members of the review team are added with ‘Invite the review team’; add others by name here."],
        success="Attendance saved",
    )


@login_required
@require_POST
def invite_team(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    meeting = _meeting(case, meeting_id)
    try:
        count = actions.invite_review_team(case, meeting, acting_user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{count} review team member{'s' if count != 1 else ''} added as invited")
    return redirect(_detail_url(case, meeting))


@login_required
def item_add(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    meeting = _meeting(case, meeting_id)
    return edit_page(
        request,
        case,
        make_form=lambda data: rm_forms.ItemForm(data),
        save=lambda f: actions.add_item(case, meeting, acting_user=user, **f.cleaned_data),
        done_url=_detail_url(case, meeting),
        title="Add an agenda item",
        success="Agenda item added",
    )


@login_required
def minutes(request: HttpRequest, reference: str, meeting_id: int, item_id: int) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    meeting = _meeting(case, meeting_id)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    initial: dict[str, Any] = {"minutes": item.minutes}
    if item.kind == ItemKind.IMMEDIATE_ACTION:
        needed = item.action_needed
        initial |= {
            "action_needed": None if needed is None else ("yes" if needed else "no"),
            "action_decided": item.action_decided,
            "action_sent_to": item.action_sent_to,
        }

    def save(f: Any) -> AgendaItem:
        data = f.cleaned_data
        return actions.minute_item(
            case,
            item,
            minutes=data["minutes"],
            action_needed=data.get("action_needed"),
            action_decided=data.get("action_decided", ""),
            action_sent_to=data.get("action_sent_to", ""),
            acting_user=user,
        )

    return edit_page(
        request,
        case,
        make_form=lambda data: rm_forms.MinutesForm(data, initial=initial, kind=item.kind),
        save=save,
        done_url=_detail_url(case, meeting),
        title=f"Minutes: {item.title}",
        success="Minutes saved",
    )


@login_required
def action(request: HttpRequest, reference: str, meeting_id: int, action_id: int | None = None) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    meeting = _meeting(case, meeting_id)
    existing = get_object_or_404(MeetingAction, pk=action_id, meeting=meeting) if action_id else None
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {f: getattr(existing, f) for f in ("description", "owner", "due_on", "done", "done_on")}
    return edit_page(
        request,
        case,
        make_form=lambda data: rm_forms.ActionForm(data, initial=initial),
        save=lambda f: actions.save_action(case, meeting, existing, acting_user=user, **f.cleaned_data),
        done_url=_detail_url(case, meeting),
        title="Add an action" if existing is None else "Change an action",
        success="Action saved",
    )


@login_required
def held(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    user, case = _lcspr_case(request, reference, write=True)
    meeting = _meeting(case, meeting_id)
    return edit_page(
        request,
        case,
        make_form=lambda data: rm_forms.HeldForm(data, initial={"held_on": min(meeting.date, services.today())}),
        save=lambda f: actions.record_held(case, meeting, acting_user=user, **f.cleaned_data),
        done_url=_detail_url(case, meeting),
        title="Record the meeting as held",
        intro=["Both standing items must be minuted first: family engagement and immediate action."],
        extra={"warning": " ".join(actions.standing_items_missing(meeting))},
        success="Meeting recorded as held",
    )


# The LCSPR task list -------------------------------------------------------------------------


def task_section(request: HttpRequest, case: Case) -> TaskSection | None:
    """Review team meetings: four queries whatever the number of meetings, items or actions."""
    user = request.user
    if not isinstance(user, User) or not is_lcspr(case):
        return None
    today = services.today()
    writer = _can_write(user, case)
    meetings = list(ReviewMeeting.objects.filter(case=case))
    items: dict[int, list[AgendaItem]] = defaultdict(list)
    for item in AgendaItem.objects.filter(meeting__case=case):
        items[item.meeting_id].append(item)
    open_actions = list(MeetingAction.objects.filter(meeting__case=case, done=False).only("due_on"))
    tasks = [
        Task(
            "Schedule a review team meeting",
            reverse("reviewmeetings:add", kwargs={"reference": case.reference}) if writer else _list_url(case),
            "In progress" if meetings else "Not started",
            f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''} scheduled or held",
        )
    ]
    for m in meetings:
        missing = actions.standing_items_missing(m, items[m.pk])
        if m.held_on:
            status, hint = "Completed", f"Held on {m.held_on:%-d %B %Y}"
        elif m.date < today:
            status, hint = (
                "In progress",
                "Minute the standing items and record it as held" if missing else "Record it as held",
            )
        else:
            status, hint = "Not started", "Scheduled" + (", online" if m.virtual else "")
        tasks.append(Task(f"Review team meeting on {_when(m)}", _detail_url(case, m), status, hint))
    if meetings:
        overdue = sum(1 for a in open_actions if a.due_on < today)
        tasks.append(
            Task(
                "Actions from review team meetings",
                _list_url(case),
                "Overdue" if overdue else ("In progress" if open_actions else "Completed"),
                f"{len(open_actions)} open, {overdue} overdue",
            )
        )
    return TaskSection("Review team meetings", tasks, order=40)
