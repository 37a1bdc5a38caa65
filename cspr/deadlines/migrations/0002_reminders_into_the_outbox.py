"""Reminder rows move into the one outbox for every email (cspr.outbox), keeping their keys, status and
history, so a reminder already planned or sent is not planned or sent again."""

from typing import Any

from django.db import migrations

KINDS = {
    "due_soon": "deadlines.due_soon",
    "due_today": "deadlines.due_today",
    "overdue": "deadlines.overdue",
    "digest": "deadlines.digest",
}


def forwards(apps: Any, schema_editor: Any) -> None:
    Old = apps.get_model("deadlines", "ReminderOutbox")
    Message = apps.get_model("outbox", "Message")
    for row in Old.objects.all().iterator():
        message = Message.objects.create(
            key=f"reminder:{row.key}",
            kind=KINDS[row.kind],
            partnership_id=row.partnership_id,
            case_id=row.case_id,
            meta={
                **({"deadline_key": row.deadline_key} if row.deadline_key else {}),
                "day": row.day.isoformat(),
                **({"due": row.due.isoformat()} if row.due else {}),
            },
            recipients=row.recipients,
            subject=row.subject,
            body=row.body,
            status=row.status,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at,
            claimed_at=row.claimed_at,
            sent_at=row.sent_at,
            last_error=row.last_error,
        )
        Message.objects.filter(pk=message.pk).update(created_at=row.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_initial"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReminderOutbox"),
    ]
