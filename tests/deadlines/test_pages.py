"""Where people see the clock: the case task list, the dashboard, the calculator, changes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import Case, CaseMembership, MembershipRole, Stage
from cspr.deadlines.models import DeadlineAdjustment
from cspr.organisations.models import ClosureDay
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message, Status
from tests.world import World, make_case

# World cases: aware = referral = Monday 2 November 2026.
TODAY = dt.datetime(2026, 11, 10, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def client_for(world: World, role: Role) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def date_post(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def deadlines_panel(response: Any) -> str:
    """Only the deadlines panel of the dashboard (other apps add panels of their own)."""
    page = text(response)
    start = page.index("Statutory deadlines due soon or overdue")
    end = page.find("</section>", start)
    return page[start:end]


@pytest.mark.usefixtures("frozen")
class TestCaseTaskList:
    def test_the_case_page_shows_every_step_with_state_and_the_next_deadline(self, world: World) -> None:
        response = client_for(world, Role.BUSINESS_MANAGER).get(reverse("cases:detail", args=["HOME-2026-001"]))
        assert response.status_code == 200
        page = text(response)
        assert 'class="govuk-task-list"' in page
        assert "Notify the National Panel of the serious incident" in page
        assert "Due Monday 9 November 2026" in page
        assert 'govuk-tag--red">Overdue' in page
        # Next deadline in the header: the earliest outstanding one, with working days.
        # The notification was sent on 2 November (met); sending the scoping templates was due on 4 November.
        assert "Next deadline: Send the scoping templates to all relevant agencies" in page
        assert "Due Wednesday 4 November 2026 – 4 working days overdue" in page
        assert "Between 11 November 2026 and 19 November 2026" in page
        assert "Cannot start yet" in page
        assert reverse("deadlines:adjust", args=["HOME-2026-001", "meeting"]) in page

    def test_read_only_users_see_no_change_links(self, world: World) -> None:
        response = client_for(world, Role.AUDITOR).get(reverse("cases:detail", args=["HOME-2026-001"]))
        assert response.status_code == 200
        assert "/change/" not in text(response)

    def test_met_steps_say_when(self, world: World) -> None:
        case = world.cases["own"]
        case.notification_sent_date = dt.date(2026, 11, 4)
        case.save()
        page = text(client_for(world, Role.BUSINESS_MANAGER).get(reverse("cases:detail", args=[case.reference])))
        assert "Met on 4 November 2026" in page


@pytest.mark.usefixtures("frozen")
class TestDashboard:
    def test_lists_due_soon_and_overdue_items_of_visible_cases_only(self, world: World) -> None:
        page = text(client_for(world, Role.BUSINESS_MANAGER).get(reverse("ui:dashboard")))
        assert "Statutory deadlines due soon or overdue" in page
        assert "HOME-2026-001" in page
        assert "AWAY-2026-002" in page  # collaborating case
        assert "AWAY-2026-001" not in page  # someone else's case

    def test_a_lead_reviewer_sees_only_their_cases(self, world: World) -> None:
        page = text(client_for(world, Role.LEAD_REVIEWER).get(reverse("ui:dashboard")))
        assert "HOME-2026-001" in page
        assert "AWAY-2026-002" not in page

    def test_no_panel_for_people_without_cases(self, world: World) -> None:
        page = text(client_for(world, Role.PARTNERSHIP_ADMIN).get(reverse("ui:dashboard")))
        assert "Statutory deadlines due soon or overdue" not in page

    def test_filter_by_stage_and_responsible_without_javascript(self, world: World) -> None:
        world.cases["own"].stage = Stage.SCOPING
        world.cases["own"].notification_sent_date = None
        world.cases["own"].save()
        client = client_for(world, Role.BUSINESS_MANAGER)
        page = deadlines_panel(client.get(reverse("ui:dashboard"), {"stage": "scoping"}))
        assert "HOME-2026-001" in page
        assert "AWAY-2026-002" not in page
        page = deadlines_panel(client.get(reverse("ui:dashboard"), {"responsible": "la"}))
        assert "Notify the National Panel" in page
        assert "Send the scoping templates" not in page
        manager = world.user(Role.BUSINESS_MANAGER)
        page = deadlines_panel(client.get(reverse("ui:dashboard"), {"responsible": f"person-{manager.pk}"}))
        assert "Send the scoping templates" in page
        assert "Notify the National Panel" not in page
        assert "selected>Test Business manager" in page

    def test_query_count_does_not_grow_with_the_number_of_cases(
        self, world: World, django_assert_max_num_queries: Any
    ) -> None:
        client = client_for(world, Role.BUSINESS_MANAGER)
        client.get(reverse("ui:dashboard"))  # warm the session and the calendars
        # 24: the deadlines, Rapid Review, LCSPR clock, portal, workshop, action plan (overdue and red
        # actions) and audit of progress panels, each a fixed number of queries.
        with django_assert_max_num_queries(24):
            small = client.get(reverse("ui:dashboard"))
        for n in range(40):
            case = make_case(f"HOME-2026-{100 + n}", world.home)
            CaseMembership.objects.create(
                case=case, user=world.user(Role.LEAD_REVIEWER), role=MembershipRole.LEAD_REVIEWER
            )
            ClosureDay.objects.get_or_create(
                partnership=world.home, date=dt.date(2026, 11, 6), defaults={"reason": "x"}
            )
        with django_assert_max_num_queries(24):
            large = client.get(reverse("ui:dashboard"))
        assert text(small).count("HOME-2026-") < text(large).count("HOME-2026-")


@pytest.mark.usefixtures("frozen")
class TestCalculator:
    def test_get_shows_the_form(self, world: World) -> None:
        response = client_for(world, Role.CSPR_GROUP_MEMBER).get(reverse("deadlines:calculator"))
        assert response.status_code == 200
        assert "Date the local authority became aware of the incident" in text(response)

    def test_post_shows_every_date_and_creates_nothing(self, world: World) -> None:
        before = Case.objects.count()
        data = date_post("aware", dt.date(2024, 8, 22)) | date_post("referral", dt.date(2024, 8, 24))
        data |= date_post("publication", dt.date(2026, 1, 5)) | date_post("meeting", dt.date(2024, 9, 5))
        data |= date_post("decision", dt.date(2024, 9, 20))
        response = client_for(world, Role.BUSINESS_MANAGER).post(reverse("deadlines:calculator"), data)
        assert response.status_code == 200
        page = text(response)
        assert "Due Friday 30 August 2024" in page  # notification
        assert "Between 4 September 2024 and 12 September 2024" in page
        assert "Due Monday 22 December 2025" in page  # pre-publication copies (A7)
        assert "Due Thursday 20 March 2025" in page  # LCSPR, 6 months
        assert Case.objects.count() == before

    def test_an_impossible_order_is_refused_with_the_error_summary(self, world: World) -> None:
        data = date_post("aware", dt.date(2026, 11, 2)) | date_post("referral", dt.date(2026, 11, 3))
        data |= date_post("meeting", dt.date(2026, 11, 1))
        response = client_for(world, Role.BUSINESS_MANAGER).post(reverse("deadlines:calculator"), data)
        assert response.status_code == 400
        page = text(response)
        assert "<title>Error: Deadline calculator" in page
        assert "There is a problem" in page
        assert 'href="#id_meeting-day"' in page
        assert "The date of the meeting must be the same as or after the referral" in page

    def test_dates_before_2018_and_missing_dates_are_refused(self, world: World) -> None:
        data = date_post("aware", dt.date(2017, 11, 2))
        response = client_for(world, Role.BUSINESS_MANAGER).post(reverse("deadlines:calculator"), data)
        assert response.status_code == 400
        page = text(response)
        assert "The date must be in 2018 or later" in page
        assert "Enter the date the referral was received" in page


@pytest.mark.usefixtures("frozen")
class TestExtensionsAndPauses:
    def url(self, key: str = "meeting") -> str:
        return reverse("deadlines:adjust", args=["HOME-2026-001", key])

    def test_an_extension_is_recorded_audited_and_shown_with_the_original_date(self, world: World) -> None:
        client = client_for(world, Role.BUSINESS_MANAGER)
        assert client.get(self.url()).status_code == 200
        data = {"kind": "extension", "reason": "Police asked for a delay", "agreed_by": "The three partners"}
        data |= date_post("new_due", dt.date(2026, 11, 25))
        response = client.post(self.url(), data)
        assert response.status_code == 302
        row = DeadlineAdjustment.objects.get()
        assert (row.original_due, row.new_due, row.recorded_by) == (
            dt.date(2026, 11, 19),
            dt.date(2026, 11, 25),
            world.user(Role.BUSINESS_MANAGER),
        )
        event = AuditEvent.objects.filter(action="deadlines.extension").get()
        assert event.before["due"] == "2026-11-19"
        assert event.after["due"] == "2026-11-25"
        page = text(client.get(reverse("cases:detail", args=["HOME-2026-001"])))
        assert "Originally due 19 November 2026; extension agreed by The three partners" in page
        assert "Police asked for a delay" in page

    def test_a_pause_moves_the_date_by_the_working_days_paused(self, world: World) -> None:
        client = client_for(world, Role.BUSINESS_MANAGER)
        data = {"kind": "pause", "reason": "Awaiting police consent", "agreed_by": "National Panel"}
        data |= date_post("paused_from", dt.date(2026, 11, 9)) | date_post("paused_until", dt.date(2026, 11, 13))
        assert client.post(self.url("rapid_review_from_aware"), data).status_code == 302
        row = DeadlineAdjustment.objects.get()
        assert row.original_due == dt.date(2026, 11, 23)
        assert row.new_due == dt.date(2026, 11, 30)

    def test_a_new_date_before_the_current_one_is_refused_and_nothing_stored(self, world: World) -> None:
        data = {"kind": "extension", "reason": "x", "agreed_by": "y"} | date_post("new_due", dt.date(2026, 11, 12))
        response = client_for(world, Role.BUSINESS_MANAGER).post(self.url(), data)
        assert response.status_code == 400
        assert "The new due date must be after 19 November 2026" in text(response)
        assert not DeadlineAdjustment.objects.exists()

    def test_read_only_users_cannot_change_deadlines(self, world: World) -> None:
        assert client_for(world, Role.AUDITOR).get(self.url()).status_code == 403
        assert client_for(world, Role.SCRUTINEER).post(self.url(), {}).status_code == 403

    def test_unknown_deadline_is_404(self, world: World) -> None:
        assert client_for(world, Role.BUSINESS_MANAGER).get(self.url("nope")).status_code == 404


class TestClosureDays:
    url = "/deadlines/closure-days/"

    def test_add_and_remove_a_closure_day_audited(self, world: World) -> None:
        client = client_for(world, Role.BUSINESS_MANAGER)
        data = {"add": "1", "reason": "Office closed"} | date_post("date", dt.date(2026, 12, 29))
        assert client.post(self.url, data).status_code == 302
        closure = ClosureDay.objects.get(partnership=world.home)
        assert closure.date == dt.date(2026, 12, 29)
        assert AuditEvent.objects.filter(action="deadlines.add_closure_day").exists()
        assert "Tuesday 29 December 2026" in text(client.get(self.url))
        assert client.post(self.url, {"remove": str(closure.pk)}).status_code == 302
        assert not ClosureDay.objects.exists()
        assert AuditEvent.objects.filter(action="deadlines.remove_closure_day").exists()

    @pytest.mark.parametrize(
        ("day", "message"),
        [
            (dt.date(2026, 12, 26), "The closure day must be a weekday"),
            (dt.date(2026, 12, 25), "already a bank holiday"),
            (dt.date(2017, 12, 27), "before 2018"),
        ],
    )
    def test_weekends_bank_holidays_and_old_dates_are_refused(self, world: World, day: dt.date, message: str) -> None:
        data = {"add": "1", "reason": "Office closed"} | date_post("date", day)
        response = client_for(world, Role.PARTNERSHIP_ADMIN).post(self.url, data)
        assert response.status_code == 400
        assert "There is a problem" in text(response)
        assert message in text(response)
        assert not ClosureDay.objects.exists()

    def test_a_closure_day_moves_the_cases_deadlines(self, world: World) -> None:
        ClosureDay.objects.create(partnership=world.home, date=dt.date(2026, 11, 3), reason="Training day")
        with time_machine.travel(TODAY, tick=False):
            page = text(client_for(world, Role.BUSINESS_MANAGER).get(reverse("cases:detail", args=["HOME-2026-001"])))
        # Send-by: referral Mon 2 Nov + 2 WD, skipping the closure on Tue 3 Nov.
        assert "Send the scoping templates" in page
        assert "Due Thursday 5 November 2026" in page


class TestFailedReminders:
    def test_failed_sends_are_listed_and_can_be_retried(self, world: World) -> None:
        row = Message.objects.create(
            key="k1",
            partnership=world.home,
            case=world.cases["own"],
            meta={"deadline_key": "meeting", "day": "2026-11-20"},
            kind=MailKind.DEADLINE_OVERDUE,
            recipients=["bm@test.invalid"],
            subject="HOME-2026-001: Hold the Rapid Review meeting – overdue",
            body="x",
            status=Status.FAILED,
            attempts=5,
            last_error="SMTPServerDisconnected: gone",
        )
        Message.objects.create(
            key="k2",
            partnership=world.away,
            kind=MailKind.DEADLINE_DIGEST,
            subject="AWAY digest",
            body="x",
            status=Status.FAILED,
        )
        client = client_for(world, Role.BUSINESS_MANAGER)
        dashboard = text(client.get(reverse("ui:dashboard")))
        assert "1 email could not be sent" in dashboard
        page = text(client.get(reverse("deadlines:outbox")))
        assert "HOME-2026-001: Hold the Rapid Review meeting – overdue" in page
        assert "SMTPServerDisconnected" in page
        assert "AWAY digest" not in page
        assert client.post(reverse("deadlines:outbox"), {"retry": str(row.pk)}).status_code == 302
        row.refresh_from_db()
        assert row.status == Status.PENDING
        assert row.attempts == 0
        assert AuditEvent.objects.filter(action="outbox.retry").exists()
