"""Review team meetings (rules 51, 58): scheduled with the two standing items, attendance with the
confidentiality agreement and conflicts, minutes and actions; never recorded as held until family
engagement and immediate action are both minuted; only the lead partnership's writers and the review
team change them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cspr.accounts.roles import Role
from cspr.reviewmeetings import actions
from cspr.reviewmeetings.models import AgendaItem, Attendance, ItemKind, MeetingAction, MeetingAttendee, ReviewMeeting
from tests.oversight.helpers import D, at, date_post, lcspr_from
from tests.world import World

pytestmark = pytest.mark.django_db
TODAY = D(2026, 12, 14)
MEETING_DAY = D(2026, 12, 10)


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _schedule(client: Client, reference: str, day: dt.date = MEETING_DAY) -> ReviewMeeting:
    response = client.post(
        f"/review-meetings/{reference}/add/",
        {**date_post("date", day), "time": "10am", "virtual": "yes", "place": "Online"},
    )
    assert response.status_code == 302, text(response)
    return ReviewMeeting.objects.latest("id")


def test_a_meeting_is_held_only_once_both_standing_items_are_minuted(world: World, client: Client) -> None:
    case = lcspr_from(world.cases["own"], D(2026, 11, 16))
    with at(TODAY):
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        meeting = _schedule(client, case.reference)
        base = f"/review-meetings/{case.reference}/{meeting.pk}"
        items = {i.kind: i for i in meeting.items.all()}
        assert set(items) == {ItemKind.FAMILY, ItemKind.IMMEDIATE_ACTION}
        # The review team comes from the appointments (lcspr.team); others are added by name.
        assert client.post(f"{base}/attendees/review-team/").status_code == 302
        assert set(MeetingAttendee.objects.filter(meeting=meeting).values_list("user__role", flat=True)) == {
            Role.LEAD_REVIEWER,
            Role.REVIEW_TEAM_MEMBER,
        }
        client.post(f"{base}/attendees/review-team/")  # nobody twice
        assert MeetingAttendee.objects.filter(meeting=meeting).count() == 2
        assert (
            client.post(
                f"{base}/attendees/add/",
                {
                    "name": "Test Designated Nurse",
                    "organisation": "Test ICB",
                    "attendance": "present",
                    "confidentiality_agreed": "on",
                    "conflict_of_interest": "Line-managed a practitioner involved",
                },
            ).status_code
            == 302
        )
        held = date_post("held_on", D(2026, 12, 10))
        refused = client.post(f"{base}/held/", held)
        assert refused.status_code == 400
        assert "Minute the family engagement item" in text(refused)
        assert "Minute whether immediate single- or multi-agency action is needed" in text(refused)
        client.post(f"{base}/items/{items[ItemKind.FAMILY].pk}/minutes/", {"minutes": "Mother agreed to meet."})
        still = client.post(f"{base}/held/", held)
        assert still.status_code == 400
        assert "Minute the family engagement item" not in text(still)
        # "Yes, action is needed" must say what was decided and to whom it went (§11.2.1).
        half = client.post(
            f"{base}/items/{items[ItemKind.IMMEDIATE_ACTION].pk}/minutes/",
            {"minutes": "Considered.", "action_needed": "yes"},
        )
        assert half.status_code == 400
        assert "Enter what immediate action was decided" in text(half)
        client.post(
            f"{base}/items/{items[ItemKind.IMMEDIATE_ACTION].pk}/minutes/",
            {
                "minutes": "Considered.",
                "action_needed": "yes",
                "action_decided": "School to review attendance recording now.",
                "action_sent_to": "Headteacher, Test School",
            },
        )
        client.post(f"{base}/items/add/", {"title": "Chronology returns"})
        client.post(
            f"{base}/actions/add/",
            {
                "description": "Chase the GP chronology",
                "owner": "Business manager",
                **date_post("due_on", D(2026, 12, 20)),
            },
        )
        assert client.post(f"{base}/held/", held).status_code == 302
        page = text(client.get(f"{base}/"))
    meeting.refresh_from_db()
    assert meeting.held_on == D(2026, 12, 10)
    assert "Held on 10 December 2026" in page
    assert "School to review attendance recording now." in page
    assert "Headteacher, Test School" in page
    assert "Conflict: Line-managed a practitioner involved" in page
    assert "Chronology returns" in page
    assert "Chase the GP chronology" in page


def test_an_action_is_marked_done_and_the_task_list_counts_what_is_open(world: World, client: Client) -> None:
    case = lcspr_from(world.cases["own"], D(2026, 11, 16))
    with at(TODAY):
        client.force_login(world.user(Role.LEAD_REVIEWER))  # the review team writes its own meetings
        meeting = _schedule(client, case.reference)
        base = f"/review-meetings/{case.reference}/{meeting.pk}"
        client.post(f"{base}/actions/add/", {"description": "A", "owner": "X", **date_post("due_on", D(2026, 12, 1))})
        client.post(f"{base}/actions/add/", {"description": "B", "owner": "Y", **date_post("due_on", D(2026, 12, 30))})
        overview = text(client.get(f"/lcspr/{case.reference}/"))
        assert "Review team meetings" in overview
        assert "2 open, 1 overdue" in overview
        late = MeetingAction.objects.get(description="A")
        assert (
            client.post(
                f"{base}/actions/{late.pk}/",
                {"description": "A", "owner": "X", "done": "on", **date_post("due_on", D(2026, 12, 1))},
            ).status_code
            == 302
        )
        assert "1 open, 0 overdue" in text(client.get(f"/lcspr/{case.reference}/"))
    late.refresh_from_db()
    assert late.done
    assert late.done_on == TODAY


def test_the_action_refuses_to_hold_a_meeting_without_standing_items_whatever_the_page(world: World) -> None:
    case = lcspr_from(world.cases["own"], D(2026, 11, 16))
    user = world.user(Role.BUSINESS_MANAGER)
    with at(TODAY):
        meeting = actions.schedule_meeting(case, date=D(2026, 12, 10), acting_user=user)
        actions.save_attendee(case, meeting, values={"name": "X", "attendance": Attendance.PRESENT}, acting_user=user)
        AgendaItem.objects.filter(meeting=meeting).delete()  # even with the items gone
        with pytest.raises(ValidationError, match="family engagement"):
            actions.record_held(case, meeting, held_on=D(2026, 12, 10), acting_user=user)
    assert ReviewMeeting.objects.get(pk=meeting.pk).held_on is None


def test_read_only_other_partnership_and_forged_posts(world: World, client: Client) -> None:
    case = lcspr_from(world.cases["own"], D(2026, 11, 16))
    other = lcspr_from(world.cases["other"], D(2026, 11, 16))
    lcspr_from(world.cases["collab"], D(2026, 11, 16))
    foreign = ReviewMeeting.objects.create(case=other, date=D(2026, 12, 1))
    foreign_item = AgendaItem.objects.create(meeting=foreign, kind=ItemKind.FAMILY, title="F")
    schedule = {**date_post("date", D(2026, 12, 10)), "virtual": "no"}
    with at(TODAY):
        client.force_login(world.user(Role.AUDITOR))
        assert client.get(f"/review-meetings/{case.reference}/").status_code == 200
        assert client.post(f"/review-meetings/{case.reference}/add/", schedule).status_code == 403
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        assert client.post(f"/review-meetings/{other.reference}/add/", schedule).status_code == 404
        assert client.post(f"/review-meetings/{world.cases['collab'].reference}/add/", schedule).status_code == 403
        mine = _schedule(client, case.reference)
        # Another case's meeting or item under this case's reference: not found.
        assert client.get(f"/review-meetings/{case.reference}/{foreign.pk}/").status_code == 404
        assert (
            client.post(
                f"/review-meetings/{case.reference}/{mine.pk}/items/{foreign_item.pk}/minutes/", {"minutes": "x"}
            ).status_code
            == 404
        )
        forged = client.post(
            f"/review-meetings/{case.reference}/{mine.pk}/attendees/add/", {"name": "X", "attendance": "chair"}
        )
        assert forged.status_code == 400
    assert ReviewMeeting.objects.filter(case=case).count() == 1
    assert not MeetingAttendee.objects.exists()
    assert AgendaItem.objects.get(pk=foreign_item.pk).minutes == ""
