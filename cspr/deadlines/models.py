"""What the clock stores: extensions and pauses of a deadline, and the reminder outbox.

Due dates themselves are never stored: they are derived from the case's anchor dates each time
(``cspr.deadlines.engine``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.cases.models import Case
from cspr.organisations.models import Partnership


class AdjustmentKind(models.TextChoices):
    EXTENSION = "extension", "Extension (a new due date was agreed)"
    PAUSE = "pause", "Pause (the clock stopped for a period)"


class DeadlineAdjustment(models.Model):
    """A recorded change to one deadline of one case; the latest one applies, all stay visible."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadline_adjustments")
    deadline_key = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=AdjustmentKind.choices)
    original_due = models.DateField(help_text="The due date before this change")
    new_due = models.DateField()
    paused_from = models.DateField(null=True, blank=True)
    paused_until = models.DateField(null=True, blank=True)
    reason = models.TextField()
    agreed_by = models.CharField(max_length=200, help_text="Who agreed the change, e.g. the National Panel")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "deadline_key", "recorded_at", "id"]
        indexes = [models.Index(fields=["case", "deadline_key"])]


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due in 2 working days"
    DUE_TODAY = "due_today", "Due today"
    OVERDUE = "overdue", "Overdue"
    DIGEST = "digest", "Monday digest"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class ReminderOutbox(models.Model):
    """One reminder email. ``key`` is unique per (deadline, kind, day), so a reminder is planned once
    however often the sweep runs, and a row is claimed before it is sent (see ``reminders``).
    """

    key = models.CharField(max_length=200, unique=True)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    deadline_key = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    day = models.DateField()
    due = models.DateField(null=True, blank=True)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.key
