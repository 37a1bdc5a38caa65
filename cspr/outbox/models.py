"""The outbox: every email, written in the transaction of the action that causes it and sent by
the worker (``cspr.outbox.sender``). A row is the durable promise that the email will go."""

from __future__ import annotations

from django.db import models

from cspr.cases.models import Case
from cspr.organisations.models import Partnership
from cspr.outbox.kinds import MailKind


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Message(models.Model):
    """One email. ``key`` is unique, so enqueueing the same email twice (a sweep run again, a retried
    action) makes one row; the row is claimed with a token before it is sent."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=MailKind.choices)
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # What the sending app needs to find its rows again (a deadline's key and day, a request's id).
    meta = models.JSONField(default=dict, blank=True)
    recipients = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.key

    @property
    def kind_label(self) -> str:
        return MailKind(self.kind).label if self.kind in MailKind.values else self.kind


class Attachment(models.Model):
    """A file sent with a message: a stored document version (no second copy) or bytes of its own."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=200)
    document = models.ForeignKey(
        "documents.GeneratedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.BinaryField(blank=True, default=b"")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["message", "id"]

    def data(self) -> bytes:
        return bytes(self.document.content) if self.document is not None else bytes(self.content)
