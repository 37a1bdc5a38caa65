"""Rule 69: the business manager is reminded once before the year of availability ends (real SMTP,
pinned clock); the email gives the case reference and the date only."""

from __future__ import annotations

from cspr.accounts.roles import Role
from cspr.outbox import sender
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.publication import actions, reminders
from cspr.publication.models import Publication
from tests.mail import SMTPServer
from tests.publication.helpers import AVAILABLE_UNTIL, PLANNED, D, approve_all, at, plan, ready_for_approval
from tests.world import World


def test_the_availability_reminder_goes_once_twenty_working_days_before(world: World, smtp_server: SMTPServer) -> None:
    case = plan(world, approve_all(world, ready_for_approval(world)))
    manager = world.user(Role.BUSINESS_MANAGER)
    with at(D(2027, 3, 15)):
        actions.send_copies(case, late_reason="", acting_user=manager)
    with at(PLANNED):
        actions.record_published(
            case,
            published_on=PLANNED,
            url="https://test.invalid/reviews/report.pdf",
            reviewer_names="Test Reviewer",
            reviewer_named=True,
            late_reason="",
            acting_user=manager,
        )
        sender.send_pending()
    smtp_server.clear()
    # Available until Saturday 1 April 2028; 20 working days before it is Monday 6 March 2028.
    for day, expected in ((D(2028, 3, 3), 0), (D(2028, 3, 6), 1), (D(2028, 3, 6), 0), (D(2028, 3, 7), 0)):
        with at(day):
            assert reminders.remind(day) == expected, day
            sender.send_pending()
    with at(D(2028, 4, 2)):
        assert reminders.remind(D(2028, 4, 2)) == 0  # the year is over: nothing to remind about
    [received] = smtp_server.wait_for(1)
    assert received.recipients == [manager.email]
    body = received.message.get_content()
    assert case.reference in received.message["Subject"]
    assert "1 April 2028" in body
    for person in case.people.all():
        assert person.first_name not in body
        assert person.first_name not in received.message["Subject"]
    assert Message.objects.filter(kind=MailKind.AVAILABILITY_REMINDER).count() == 1
    assert Publication.objects.get(case=case).availability_reminder_sent_on == D(2028, 3, 6)
    assert Publication.objects.get(case=case).available_until == AVAILABLE_UNTIL


def test_the_periodic_task_is_scheduled() -> None:
    from django.conf import settings

    assert "cspr.publication.tasks.send_availability_reminders" in settings.PERIODIC_TASKS
