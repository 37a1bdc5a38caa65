"""An uploaded file waiting to be read by the task worker (issue 16, item 5).

The web request runs only the cheap checks (size, empty, what the first bytes say), stores the
bytes here and answers at once with a progress page; ``cspr.uploadjobs.runner`` reads the file in the
worker under a time limit and then calls the upload point's own named action. The bytes are cleared
when the job ends, refused or not: a refused file leaves nothing but this row and its message.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

# A job still waiting after this long was lost (a worker killed mid-read): the page says so.
LOST_AFTER = dt.timedelta(minutes=10)


class JobState(models.TextChoices):
    WAITING = "waiting", "Waiting to be read"
    DONE = "done", "Read"
    REFUSED = "refused", "Refused"


class UploadJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Dotted path of the upload point's ``Handler`` (``cspr.<app>.upload_jobs.HANDLER``).
    purpose = models.CharField(max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # What the upload point needs to find its records again (a request's id, a case and agency).
    target = models.JSONField(default=dict)
    data = models.BinaryField(default=b"")
    original_name = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.WAITING)
    message = models.TextField(blank=True)  # the refusal, as the person reads it
    outcome = models.JSONField(default=dict, blank=True)  # where to go next and what to say
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "created_at"], name="uploadjob_state_created")]

    def __str__(self) -> str:
        return f"Upload job {self.pk} ({self.state})"

    @property
    def lost(self) -> bool:
        return self.state == JobState.WAITING and timezone.now() - self.created_at > LOST_AFTER
