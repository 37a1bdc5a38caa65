"""What the clock stores: extensions and pauses of a deadline (reminders go through ``cspr.outbox``).

Due dates themselves are never stored: they are derived from the case's anchor dates each time
(``cspr.deadlines.engine``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.cases.models import Case


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
