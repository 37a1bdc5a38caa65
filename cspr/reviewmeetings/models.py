"""Review team meetings of an LCSPR (rules 51, 58): when and where, who was invited and present (with
the confidentiality agreement and conflicts, as at the Rapid Review, Appendix 2), the agenda with its
two standing items, the minutes of each item, and actions with owners and due dates.

Its own models, not the Rapid Review's: a different meeting with different rules (no quorum; the
standing items must be minuted before it counts as held).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.cases.models import Case


class ReviewMeeting(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_meetings")
    date = models.DateField()
    time = models.CharField(max_length=20, blank=True)
    place = models.CharField(max_length=300, blank=True, help_text="A room, or how to join online")
    virtual = models.BooleanField(default=False)
    purpose = models.CharField(max_length=300, blank=True)
    held_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "date", "id"]

    @property
    def held(self) -> bool:
        return self.held_on is not None


class Attendance(models.TextChoices):
    INVITED = "invited", "Invited"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"


class MeetingAttendee(models.Model):
    """A member of the review team (``user`` set) or someone else invited by name."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, default=Attendance.INVITED)
    confidentiality_agreed = models.BooleanField(default=False)
    conflict_of_interest = models.TextField(blank=True, help_text="Blank: no conflict declared")

    class Meta:
        ordering = ["meeting", "name", "id"]


class ItemKind(models.TextChoices):
    FAMILY = "family", "Family engagement (§7.1.4)"
    IMMEDIATE_ACTION = "immediate_action", "Is immediate single-agency or multi-agency action needed? (§11.2.1)"
    OTHER = "other", "Other item"


STANDING_KINDS = (ItemKind.FAMILY, ItemKind.IMMEDIATE_ACTION)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    title = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    minutes = models.TextField(blank=True)
    # The §11.2.1 standing item: whether immediate action is needed, what was decided and to whom it went.
    action_needed = models.BooleanField(null=True, blank=True)
    action_decided = models.TextField(blank=True)
    action_sent_to = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]

    @property
    def standing(self) -> bool:
        return self.kind in STANDING_KINDS

    @property
    def minuted(self) -> bool:
        if not self.minutes.strip():
            return False
        if self.kind == ItemKind.IMMEDIATE_ACTION:
            if self.action_needed is None:
                return False
            if self.action_needed and not (self.action_decided.strip() and self.action_sent_to.strip()):
                return False
        return True


class MeetingAction(models.Model):
    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    done = models.BooleanField(default=False)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "due_on", "id"]
