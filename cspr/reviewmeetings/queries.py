"""Reads of review team meetings other apps use (oversight's forecast); fixed queries for any size."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max

from cspr.reviewmeetings.models import MeetingAction, ReviewMeeting


def latest_open_dates(case_ids: list[int]) -> dict[int, tuple[dt.date, str]]:
    """Per case, the latest date of work still open: a meeting not yet held, an action not yet done.

    Two queries whatever the number of cases, meetings or actions."""
    found: dict[int, tuple[dt.date, str]] = {}
    meetings = (
        ReviewMeeting.objects.filter(case_id__in=case_ids, held_on__isnull=True)
        .values("case_id")
        .annotate(last=Max("date"))
    )
    for row in meetings:
        found[row["case_id"]] = (row["last"], f"a review team meeting still to hold on {row['last']:%-d %B %Y}")
    actions = (
        MeetingAction.objects.filter(meeting__case_id__in=case_ids, done=False)
        .values("meeting__case_id")
        .annotate(last=Max("due_on"))
    )
    for open_action in actions:
        case_id, day = open_action["meeting__case_id"], open_action["last"]
        if case_id not in found or day > found[case_id][0]:
            found[case_id] = (day, f"a review team meeting action open until {day:%-d %B %Y}")
    return found
