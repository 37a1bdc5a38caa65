"""DEMO-7's review team meetings: two held, with minutes of the standing items and actions, and one
scheduled. Dates count from the case's ratified decision and from today. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.lcspr import team
from cspr.oversight import clock
from cspr.reviewmeetings.actions import STANDING_TITLES
from cspr.reviewmeetings.models import (
    STANDING_KINDS,
    AgendaItem,
    Attendance,
    ItemKind,
    MeetingAction,
    MeetingAttendee,
    ReviewMeeting,
)

OTHERS = [
    ("Demo Police Review Team Member", "Detective Inspector", "Demo Police"),
    ("Demo Designated Nurse", "Designated Nurse for Safeguarding", "Demo Integrated Care Board"),
    ("Demo Children's Services Manager", "Head of Service", "Demo Children's Services"),
]


def _meeting(case: Case, date: dt.date, *, held: bool, purpose: str) -> ReviewMeeting:
    meeting = ReviewMeeting.objects.create(
        case=case,
        date=date,
        time="10am",
        virtual=held,
        place="Microsoft Teams (link sent to the team)" if held else "Demo Council House, Committee Room 2, ZZ1 1ZZ",
        purpose=purpose,
    )
    for order, kind in enumerate(STANDING_KINDS):
        AgendaItem.objects.create(meeting=meeting, kind=kind, title=STANDING_TITLES[kind], order=order)
    for user in User.objects.filter(pk__in=team.review_team_user_ids(case)).order_by("pk"):
        MeetingAttendee.objects.create(
            meeting=meeting,
            user=user,
            name=user.full_name,
            role="Review team",
            attendance=Attendance.PRESENT if held else Attendance.INVITED,
            confidentiality_agreed=held,
        )
    for i, (name, role, organisation) in enumerate(OTHERS):
        MeetingAttendee.objects.create(
            meeting=meeting,
            name=name,
            role=role,
            organisation=organisation,
            attendance=(Attendance.APOLOGIES if i == 2 else Attendance.PRESENT) if held else Attendance.INVITED,
            confidentiality_agreed=held and i != 2,
        )
    return meeting


def _minute(meeting: ReviewMeeting, family: str, action: str | None, sent_to: str = "") -> None:
    for item in meeting.items.all():
        if item.kind == ItemKind.FAMILY:
            item.minutes = family
        elif item.kind == ItemKind.IMMEDIATE_ACTION:
            item.minutes = "The team considered the learning so far against current practice."
            item.action_needed = action is not None
            item.action_decided = action or ""
            item.action_sent_to = sent_to
        item.save()


def seed() -> None:
    case = Case.objects.filter(reference="DEMO-7").select_related("lead_partnership").first()
    decided = clock.decided_on(case) if case else None
    if case is None or decided is None:
        return
    today = timezone.localdate()
    first_day, second_day = decided + dt.timedelta(days=30), decided + dt.timedelta(days=75)
    if second_day >= today:
        return
    if ReviewMeeting.objects.filter(case=case).exists():
        return  # loaded before (perhaps on another day): nothing is added twice
    first = _meeting(case, first_day, held=True, purpose="Agree the methodology and the chronology requests")
    second = _meeting(case, second_day, held=True, purpose="Review the chronologies and information reports")
    _meeting(case, today + dt.timedelta(days=14), held=False, purpose="Agree the key themes before the workshop")
    _minute(
        first,
        "The family coordinator has written to the mother and grandmother (Document 8 with the leaflet). No reply yet.",
        None,
    )
    _minute(
        second,
        "The mother agreed to meet the lead reviewer with an advocate; the grandmother declined for now.",
        "The school to review its recording of attendance concerns now, not at the end of the review.",
        "Demo Primary Academy headteacher, through the education safeguarding lead",
    )
    for meeting in (first, second):
        meeting.held_on = meeting.date
        meeting.save(update_fields=["held_on"])
    MeetingAction.objects.create(
        meeting=first,
        description="Send the chronology requests with the case summary.",
        owner="Demo business manager",
        due_on=first_day + dt.timedelta(days=7),
        done=True,
        done_on=first_day + dt.timedelta(days=5),
    )
    MeetingAction.objects.create(
        meeting=second,
        description="Return the incomplete information report with the unanswered questions listed.",
        owner="Demo Lead Reviewer",
        due_on=second_day + dt.timedelta(days=5),
        done=True,
        done_on=second_day + dt.timedelta(days=3),
    )
    MeetingAction.objects.create(
        meeting=second,
        description="Confirm the workshop date and the invitation list with the CSPR group.",
        owner="Demo business manager",
        due_on=today + dt.timedelta(days=10),
    )
