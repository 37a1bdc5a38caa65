"""Analysis and reflective learning workshops (toolkit §8.8–8.13, Documents 16–18a, rules 59–60).

- ``KeyTheme``: the few themes for analysis, each tied to key lines of enquiry and chronology events.
- ``Nomination``: a practitioner put forward (by their agency in the portal, or by the partnership
  or review team); only those with direct involvement are invited (§8.10.2).
- ``Workshop``: when, where or online, how long, the notice given and the feedback session (rule 59).
- ``Participant``: one nominated practitioner invited to one workshop: the invitation (a signed
  one-time link), attendance or apologies, the alternative conversation with the lead reviewer, and
  a stable pseudonym ("Practitioner A") under which the review team reads their worksheets.
- ``Worksheet``: Worksheets 1–4 of Document 18a, drafted and submitted online.
- ``FindingsConsultation`` / ``FindingsComment``: the draft findings shared with practitioners and
  their comments, before the report is finalised (rule 60).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry
from cspr.organisations.models import Agency

# Rule 59 asks for "plenty of notice"; the partnership's own target is set per workshop (working days).
DEFAULT_NOTICE_WORKING_DAYS = 15


class KeyTheme(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="key_themes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # The KLOE texts the theme answers, as they read when it was tied to them: the terms of reference
    # may be re-approved later, and the theme keeps what it was written against.
    kloes = models.JSONField(default=list, blank=True)
    entries = models.ManyToManyField(ChronologyEntry, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class NominatedBy(models.TextChoices):
    AGENCY = "agency", "The practitioner's agency"
    PARTNERSHIP = "partnership", "The partnership or review team"


class Nomination(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="workshop_nominations")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    direct_involvement = models.BooleanField(
        help_text="Had direct operational involvement with the child or family (§8.10.2)"
    )
    involvement = models.TextField(blank=True, help_text="Their involvement, in a sentence")
    via = models.CharField(max_length=20, choices=NominatedBy.choices)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "agency__name", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "email"], name="one_nomination_per_practitioner_per_case"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Mode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    VIRTUAL = "virtual", "Virtual (online)"


class Workshop(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="workshops")
    mode = models.CharField(max_length=20, choices=Mode.choices)
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    complex_case = models.BooleanField(
        default=False, help_text="A complex case may need another half day face to face (§8.11.1)"
    )
    venue = models.TextField(help_text="The address, or how to join online")
    feedback_session_date = models.DateField(null=True, blank=True)
    feedback_session_time = models.TimeField(null=True, blank=True)
    signatory = models.CharField(max_length=200, blank=True, help_text="Who signs the invitation letter")
    notice_target_working_days = models.PositiveSmallIntegerField(default=DEFAULT_NOTICE_WORKING_DAYS)
    invitations_sent_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True, help_text="Recorded once attendance is recorded")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "date", "start_time", "id"]

    def __str__(self) -> str:
        return f"Workshop on {self.date:%-d %B %Y}"

    @property
    def starts_at(self) -> dt.datetime:
        """When Worksheet 1 stops being "before the workshop" (the partnership's local time)."""
        return timezone.make_aware(dt.datetime.combine(self.date, self.start_time))

    @property
    def started(self) -> bool:
        return timezone.now() >= self.starts_at

    @property
    def hours(self) -> float:
        start = dt.datetime.combine(self.date, self.start_time)
        end = dt.datetime.combine(self.date, self.end_time)
        return max((end - start).total_seconds() / 3600, 0.0)


class Attendance(models.TextChoices):
    UNKNOWN = "", "Not recorded"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class Participant(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="participant")
    # "Practitioner A": stable across the case, so the team can follow one voice through four worksheets.
    pseudonym = models.CharField(max_length=40)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="workshop_participant"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    invitation_expires_at = models.DateTimeField(null=True, blank=True)
    invitation_used_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True, default="")
    apologies_reason = models.TextField(blank=True)
    # §8.12.1: someone who cannot attend may talk to the lead reviewer instead.
    one_to_one_date = models.DateField(null=True, blank=True)
    one_to_one_notes = models.TextField(blank=True)
    worksheet_reminder_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "pseudonym"], name="one_pseudonym_per_workshop"),
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def invitation_usable(self) -> bool:
        return (
            self.invited_at is not None
            and self.invitation_used_at is None
            and self.invitation_expires_at is not None
            and self.invitation_expires_at > timezone.now()
        )


class Worksheet(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="worksheets")
    number = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Worksheet 1 is meant to be written before the workshop (toolkit Document 18a): one submitted
    # after the workshop began is kept, and flagged for the team.
    after_workshop_started = models.BooleanField(default=False)

    class Meta:
        ordering = ["participant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "number"], name="one_worksheet_of_each_number"),
        ]

    def answer(self, key: str) -> Any:
        return self.answers.get(key, "")


class FindingsConsultation(models.Model):
    """Rule 60: the draft findings shared with the workshop practitioners before the report is final."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="findings_consultations")
    findings = models.TextField()
    respond_by = models.DateField()
    sent_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["case", "-sent_on", "-id"]


class FindingsComment(models.Model):
    consultation = models.ForeignKey(FindingsConsultation, on_delete=models.CASCADE, related_name="comments")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="findings_comments")
    comment = models.TextField()
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation", "participant__pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "participant"], name="one_comment_per_practitioner"),
        ]
