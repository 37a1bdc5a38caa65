"""Action plans (Document 20; toolkit §11.4, rules 71–73).

An ``Action`` is one row of a case's action plan: where it comes from (an endorsed recommendation,
the Rapid Review's immediate learning, or a row of an agency's Document 2 Q5 tracker), the agreed
action, who is responsible (a person and an organisation, the agency when it is one of the
partnership's), the timescale, what has been done, each progress update with its RAG rating and
date (``ProgressUpdate``), and the evidence of impact (text, and the files the owning agency sent
with an accepted update). An action ends closed (evidence and who accepted it) or carried formally
into another plan. ``Reminder`` remembers each reminder sent, so each goes once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from cspr.cases.models import Case
from cspr.library.models import Theme
from cspr.organisations.models import Agency


class Source(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    IMMEDIATE_LEARNING = "immediate_learning", "Immediate learning (Rapid Review, Document 4)"
    SCOPING_TRACKER = "scoping_tracker", "Immediate learning (scoping return, Document 2 Q5)"


class Rag(models.TextChoices):
    PENDING = "P", "P – not yet rated"
    RED = "R", "Red"
    AMBER = "A", "Amber"
    GREEN = "G", "Green"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    CARRIED = "carried", "Carried into another plan"


class Action(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_actions")
    number = models.PositiveIntegerField()
    source = models.CharField(max_length=30, choices=Source.choices)
    recommendation = models.ForeignKey(
        "learning.Recommendation", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    learning_action = models.ForeignKey(
        "portal.LearningAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_text = models.TextField(help_text="The recommendation or learning the action answers")
    agreed_action = models.TextField()
    responsible_person = models.CharField(max_length=200)
    responsible_organisation = models.CharField(max_length=200)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )  # the owning agency, when it is one of the partnership's: it updates the action in the portal
    due_date = models.DateField()
    actions_taken = models.TextField(blank=True)
    evidence_of_impact = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="plan_actions")
    # The latest progress update's rating and date (kept here for the lists and the dashboard).
    rag = models.CharField(max_length=1, choices=Rag.choices, default=Rag.PENDING)
    last_update_on = models.DateField(null=True, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closure_accepted_by = models.CharField(max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carried_into = models.CharField(max_length=300, blank=True)
    carried_reason = models.TextField(blank=True)
    carried_on = models.DateField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="plan_action_number_once")]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["status", "rag"])]

    def __str__(self) -> str:
        return f"Action {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())

    @property
    def owner(self) -> str:
        return ", ".join(p for p in (self.responsible_person, self.responsible_organisation) if p)


class ProgressUpdate(models.Model):
    """One progress update with its RAG rating and date; from the partnership or an accepted
    action-update return from the owning agency (``request``, whose attachments are its evidence)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    rag = models.CharField(max_length=1, choices=Rag.choices)
    text = models.TextField()
    request = models.ForeignKey(
        "portal.InformationRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "on", "id"]


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    STALE = "stale", "No recent progress update"


class Reminder(models.Model):
    """A reminder sent: once per action, kind and the date it is about (the due date, or the
    date of the latest update for a stale action)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    about = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["action", "kind", "about"], name="plan_reminder_once")]


class EvidenceFile(models.Model):
    """A file of evidence of impact the partnership attached to an action (checked by content with
    ``cspr.filesafety`` like every upload; stored under a name derived from its SHA-256). Files an
    agency sends come with its accepted action-update return (the portal's attachments)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence_files")
    file = models.FileField(upload_to="actionplans/", max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
