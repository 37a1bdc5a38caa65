"""Regulation 14 oversight of an LCSPR (rules 47-48, C10): the partnership's monthly progress checks,
pauses shown on the clock, and recorded discussions with the National Panel about a forecast delay.

None of these moves the statutory date: the six months count from the ratified decision whatever is
recorded here (``cspr.deadlines.engine``); a pause explains a delay, it does not extend the clock.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.cases.models import Case


class Timeliness(models.TextChoices):
    ON_TRACK = "on_track", "On track to finish within six months"
    AT_RISK = "at_risk", "At risk of running past six months"
    DELAYED = "delayed", "Delayed: will finish after six months"


class Quality(models.TextChoices):
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    CONCERNS = "concerns", "Concerns about quality"


class ProgressCheck(models.Model):
    """One monthly regulation 14 check: time taken so far and quality, with its conclusion."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="progress_checks")
    checked_on = models.DateField()
    checked_by = models.CharField(max_length=300, help_text="Who carried out the check, for example the CSPR group")
    timeliness = models.CharField(max_length=10, choices=Timeliness.choices)
    time_taken = models.TextField(help_text="Time taken so far against the timeline in the terms of reference")
    quality = models.CharField(max_length=10, choices=Quality.choices)
    quality_notes = models.TextField()
    conclusion = models.TextField()
    forecast_completion = models.DateField(help_text="When the final report is now expected to be approved")
    # Regulation 14: the partners may ask in writing for specified information or a draft report.
    written_request = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-checked_on", "-id"]


class PauseReason(models.TextChoices):
    POLICE = "police", "Police request to delay involving someone"
    CRIMINAL = "criminal", "Criminal proceedings"
    FAMILY = "family", "Family circumstances"
    OTHER = "other", "Other"


class ClockPause(models.Model):
    """A period the review's work was held (rule 48): shown on the clock, never moving its date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clock_pauses")
    reason_kind = models.CharField(max_length=10, choices=PauseReason.choices)
    reason = models.TextField()
    agreed_by = models.CharField(max_length=300)
    started_on = models.DateField()
    expected_end = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "started_on", "id"]


class PanelDiscussion(models.Model):
    """A discussion with the National Panel about a forecast past the six months (rule 48, §3.1.4)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panel_discussions")
    discussed_on = models.DateField()
    who = models.CharField(max_length=300, help_text="Who took part, for the partnership and the Panel")
    outcome = models.TextField()
    # The forecast that prompted it: a later slip past this date prompts a new discussion.
    forecast_discussed = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-discussed_on", "-id"]
