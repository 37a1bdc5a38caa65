"""Named, audited actions of review team meetings (rules 51, 58).

Hard rule here, not in a form: a meeting is recorded as held only once both standing items are
minuted: family engagement (§7.1.4) and whether immediate single- or multi-agency action is needed,
with what was decided and to whom it went (§11.2.1). Writers are the lead partnership's and the
review team (``cspr.access``); a team member linked to an attendee must be on this review's team.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from cspr.access import require_lead_partnership
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.cases.transitions import case_action, reached, register_action
from cspr.lcspr import team
from cspr.reviewmeetings.models import (
    STANDING_KINDS,
    AgendaItem,
    Attendance,
    ItemKind,
    MeetingAction,
    MeetingAttendee,
    ReviewMeeting,
)

_LCSPR = reached("lcspr_commissioned_date")
_REFUSAL = "Review team meetings are for a commissioned LCSPR that is not closed."
for _name in (
    "schedule_meeting",
    "save_attendee",
    "invite_review_team",
    "add_item",
    "minute_item",
    "save_action",
    "record_held",
):
    register_action(f"reviewmeetings.{_name}", allowed=_LCSPR, refusal=_REFUSAL)

STANDING_TITLES = {
    ItemKind.FAMILY: "Family engagement: contact with the family, their views and support (§7.1.4)",
    ItemKind.IMMEDIATE_ACTION: "Is immediate single-agency or multi-agency action needed? (§11.2.1)",
}


def _meeting_of(case: Case, meeting: ReviewMeeting) -> ReviewMeeting:
    """The meeting row, locked, if it belongs to this case (a forged id from another case is refused)."""
    locked = ReviewMeeting.objects.select_for_update().filter(pk=meeting.pk, case=case).first()
    if locked is None:
        raise ValidationError("That meeting is not one of this review's meetings")
    return locked


def schedule_meeting(
    case: Case,
    meeting: ReviewMeeting | None = None,
    *,
    date: dt.date,
    time: str = "",
    place: str = "",
    virtual: bool = False,
    purpose: str = "",
    acting_user: User,
) -> ReviewMeeting:
    """Schedule a meeting (with the two standing agenda items) or move one not yet held."""
    require_lead_partnership(acting_user, case)
    with case_action(case, "reviewmeetings.schedule_meeting", acting_user=acting_user) as ctx:
        if meeting is None:
            target = ReviewMeeting.objects.create(
                case=ctx.case, date=date, time=time, place=place, virtual=virtual, purpose=purpose
            )
            for order, kind in enumerate(STANDING_KINDS):
                AgendaItem.objects.create(meeting=target, kind=kind, title=STANDING_TITLES[kind], order=order)
            before: dict[str, Any] = {}
        else:
            target = _meeting_of(ctx.case, meeting)
            if target.held:
                raise ValidationError("This meeting has been held: its date can no longer change")
            before = {"date": target.date.isoformat(), "time": target.time, "virtual": target.virtual}
            target.date, target.time, target.place, target.virtual, target.purpose = date, time, place, virtual, purpose
            target.version += 1
            target.save()
        ctx.audit(obj=target, before=before, after={"date": date.isoformat(), "time": time, "virtual": virtual})
    return target


ATTENDEE_FIELDS = ("name", "role", "organisation", "attendance", "confidentiality_agreed", "conflict_of_interest")


def save_attendee(
    case: Case,
    meeting: ReviewMeeting,
    attendee: MeetingAttendee | None = None,
    *,
    values: dict[str, Any],
    acting_user: User,
) -> MeetingAttendee:
    """Add or change someone on the meeting's list: attendance, confidentiality and conflicts."""
    require_lead_partnership(acting_user, case)
    if values.get("attendance", Attendance.INVITED) not in Attendance.values:
        raise ValidationError({"attendance": "Select whether they were invited, present or sent apologies"})
    if not str(values.get("name", "")).strip() and attendee is None:
        raise ValidationError({"name": "Enter the person's name"})
    with case_action(case, "reviewmeetings.save_attendee", acting_user=acting_user) as ctx:
        locked = _meeting_of(ctx.case, meeting)
        target = attendee or MeetingAttendee(meeting=locked)
        if target.meeting_id != locked.pk:
            raise ValidationError("That person is not on this meeting's list")
        before = {f: getattr(target, f) for f in ATTENDEE_FIELDS} if attendee else {}
        for name in ATTENDEE_FIELDS:
            if name in values:
                setattr(target, name, values[name])
        target.save()
        ctx.audit(
            obj=target,
            before=before,
            after={
                "attendance": target.attendance,
                "confidentiality_agreed": target.confidentiality_agreed,
                "conflict_declared": bool(target.conflict_of_interest.strip()),
            },
        )
    return target


def invite_review_team(case: Case, meeting: ReviewMeeting, *, acting_user: User) -> int:
    """Put every member of the review team not yet on the list on it as invited; returns how many."""
    require_lead_partnership(acting_user, case)
    with case_action(case, "reviewmeetings.invite_review_team", acting_user=acting_user) as ctx:
        locked = _meeting_of(ctx.case, meeting)
        already = set(locked.attendees.exclude(user=None).values_list("user_id", flat=True))
        members = User.objects.filter(pk__in=team.review_team_user_ids(ctx.case) - already).order_by("full_name")
        added = [
            MeetingAttendee.objects.create(
                meeting=locked, user=u, name=u.full_name, role="Review team", attendance=Attendance.INVITED
            )
            for u in members
        ]
        ctx.audit(obj=locked, after={"invited": [a.pk for a in added]})
    return len(added)


def add_item(case: Case, meeting: ReviewMeeting, *, title: str, acting_user: User) -> AgendaItem:
    require_lead_partnership(acting_user, case)
    if not title.strip():
        raise ValidationError({"title": "Enter the agenda item"})
    with case_action(case, "reviewmeetings.add_item", acting_user=acting_user) as ctx:
        locked = _meeting_of(ctx.case, meeting)
        order = locked.items.count()
        item = AgendaItem.objects.create(meeting=locked, kind=ItemKind.OTHER, title=title, order=order)
        ctx.audit(obj=item, after={"kind": item.kind, "order": order})
    return item


def minute_item(
    case: Case,
    item: AgendaItem,
    *,
    minutes: str,
    action_needed: bool | None = None,
    action_decided: str = "",
    action_sent_to: str = "",
    acting_user: User,
) -> AgendaItem:
    """The minutes of one item; for §11.2.1 whether immediate action is needed, what and to whom."""
    require_lead_partnership(acting_user, case)
    if item.kind == ItemKind.IMMEDIATE_ACTION and action_needed:
        errors = {}
        if not action_decided.strip():
            errors["action_decided"] = "Enter what immediate action was decided"
        if not action_sent_to.strip():
            errors["action_sent_to"] = "Enter to whom the decision went"
        if errors:
            raise ValidationError(errors)
    with case_action(case, "reviewmeetings.minute_item", acting_user=acting_user) as ctx:
        locked = AgendaItem.objects.select_for_update().filter(pk=item.pk, meeting__case=ctx.case).first()
        if locked is None:
            raise ValidationError("That item is not on this review's agendas")
        locked.minutes = minutes
        if locked.kind == ItemKind.IMMEDIATE_ACTION:
            locked.action_needed = action_needed
            locked.action_decided = action_decided if action_needed else ""
            locked.action_sent_to = action_sent_to if action_needed else ""
        locked.save()
        ctx.audit(obj=locked, after={"kind": locked.kind, "minuted": locked.minuted, "action_needed": action_needed})
    return locked


def save_action(
    case: Case,
    meeting: ReviewMeeting,
    action: MeetingAction | None = None,
    *,
    description: str,
    owner: str,
    due_on: dt.date,
    done: bool = False,
    done_on: dt.date | None = None,
    acting_user: User,
) -> MeetingAction:
    """Add or update an action from the meeting: owner, due date, done or not."""
    require_lead_partnership(acting_user, case)
    if done and done_on is None:
        done_on = timezone.localdate()
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date it was done must be today or in the past"})
    with case_action(case, "reviewmeetings.save_action", acting_user=acting_user) as ctx:
        locked = _meeting_of(ctx.case, meeting)
        target = action or MeetingAction(meeting=locked)
        if target.meeting_id != locked.pk:
            raise ValidationError("That action is not from this meeting")
        before = {"done": target.done, "due_on": target.due_on.isoformat()} if action else {}
        target.description, target.owner, target.due_on = description, owner, due_on
        target.done, target.done_on = done, done_on if done else None
        target.save()
        ctx.audit(obj=target, before=before, after={"done": done, "due_on": due_on.isoformat()})
    return target


def standing_items_missing(meeting: ReviewMeeting, items: list[AgendaItem] | None = None) -> list[str]:
    """The standing items not yet minuted, in words (empty when the meeting may be recorded as held)."""
    items = list(meeting.items.all()) if items is None else items
    missing = []
    for kind in STANDING_KINDS:
        found = [i for i in items if i.kind == kind]
        if not found or not all(i.minuted for i in found):
            what = {
                ItemKind.FAMILY: "Minute the family engagement item (§7.1.4)",
                ItemKind.IMMEDIATE_ACTION: "Minute whether immediate single- or multi-agency action is needed, "
                "and if so what was decided and to whom it went (§11.2.1)",
            }[kind]
            missing.append(what)
    return missing


def record_held(case: Case, meeting: ReviewMeeting, *, held_on: dt.date, acting_user: User) -> ReviewMeeting:
    """Record the meeting as held: refused while a standing item is not minuted or nobody was present."""
    require_lead_partnership(acting_user, case)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The date the meeting was held must be today or in the past"})
    with case_action(case, "reviewmeetings.record_held", acting_user=acting_user) as ctx:
        locked = _meeting_of(ctx.case, meeting)
        if locked.held:
            raise ValidationError("This meeting is already recorded as held")
        problems = standing_items_missing(locked)
        if not locked.attendees.filter(attendance=Attendance.PRESENT).exists():
            problems.append("Record who was present")
        if problems:
            raise ValidationError(problems)
        locked.held_on = held_on
        locked.save(update_fields=["held_on"])
        ctx.audit(obj=locked, before={"held_on": None}, after={"held_on": held_on.isoformat()})
    return locked
