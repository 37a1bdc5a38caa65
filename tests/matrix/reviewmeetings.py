"""Review team meeting pages (issue 12): the lead partnership's writers and the review team change
them (``Access.WRITE``); readers and collaborators read; the other partnership sees nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.reviewmeetings.models import AgendaItem, ItemKind, MeetingAction, MeetingAttendee, ReviewMeeting
from tests.matrix import Audience, Spec
from tests.matrix.oversight import commissioned
from tests.world import World


def meeting_ref(world: World, scope: str) -> dict[str, Any]:
    kwargs = commissioned(world, scope)
    meeting, _ = ReviewMeeting.objects.get_or_create(
        case=world.cases[scope], date=dt.date(2024, 7, 1), defaults={"time": "10am"}
    )
    AgendaItem.objects.get_or_create(meeting=meeting, kind=ItemKind.FAMILY, defaults={"title": "Family engagement"})
    return kwargs | {"meeting_id": meeting.pk}


def attendee_ref(world: World, scope: str) -> dict[str, Any]:
    kwargs = meeting_ref(world, scope)
    person, _ = MeetingAttendee.objects.get_or_create(meeting_id=kwargs["meeting_id"], name="Matrix Attendee")
    return kwargs | {"attendee_id": person.pk}


def item_ref(world: World, scope: str) -> dict[str, Any]:
    kwargs = meeting_ref(world, scope)
    item = AgendaItem.objects.get(meeting_id=kwargs["meeting_id"], kind=ItemKind.FAMILY)
    return kwargs | {"item_id": item.pk}


def action_ref(world: World, scope: str) -> dict[str, Any]:
    kwargs = meeting_ref(world, scope)
    action, _ = MeetingAction.objects.get_or_create(
        meeting_id=kwargs["meeting_id"],
        description="Matrix action",
        defaults={"owner": "X", "due_on": dt.date(2024, 7, 8)},
    )
    return kwargs | {"action_id": action.pk}


SPECS = {
    "reviewmeetings:list": Spec(Audience.CASE_READ, commissioned),
    "reviewmeetings:add": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "reviewmeetings:detail": Spec(Audience.CASE_READ, meeting_ref),
    "reviewmeetings:change": Spec(Audience.CASE_WRITE, meeting_ref, post=True),
    "reviewmeetings:attendee_add": Spec(Audience.CASE_WRITE, meeting_ref, post=True),
    "reviewmeetings:attendee_edit": Spec(Audience.CASE_WRITE, attendee_ref, post=True),
    "reviewmeetings:invite_team": Spec(Audience.CASE_WRITE, meeting_ref, post_only=True, ok=frozenset({302})),
    "reviewmeetings:item_add": Spec(Audience.CASE_WRITE, meeting_ref, post=True),
    "reviewmeetings:minutes": Spec(Audience.CASE_WRITE, item_ref, post=True),
    "reviewmeetings:action_add": Spec(Audience.CASE_WRITE, meeting_ref, post=True),
    "reviewmeetings:action_edit": Spec(Audience.CASE_WRITE, action_ref, post=True),
    "reviewmeetings:held": Spec(Audience.CASE_WRITE, meeting_ref, post=True),
}
