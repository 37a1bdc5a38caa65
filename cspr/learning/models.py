"""Learning points and recommendations of an LCSPR (toolkit §8–§9.2.6, rules 61–64).

A ``LearningPoint`` is flagged "Learning Point N" in the analysis; a ``Recommendation`` is addressed
to a named organisation or person, says what change is expected, how its effect will be measured and
by when, and enters the report only once each of the three safeguarding partners has endorsed it.
The action plans (``cspr.actionplans``) are built from endorsed recommendations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry
from cspr.library.models import Theme
from cspr.organisations.models import PartnerKind, Partnership
from cspr.workshops.models import KeyTheme


class LearningPoint(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="learning_points")
    number = models.PositiveIntegerField()  # "Learning Point N"
    title = models.CharField(max_length=200)
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="learning_points")
    # Where the learning comes from: the key themes for analysis (workshops) and chronology entries.
    key_themes = models.ManyToManyField(KeyTheme, blank=True, related_name="learning_points")
    chronology_entries = models.ManyToManyField(ChronologyEntry, blank=True, related_name="learning_points")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="learning_point_number_once")]

    def __str__(self) -> str:
        return f"Learning Point {self.number}"


class Scope(models.TextChoices):
    LOCAL = "local", "Local"
    NATIONAL = "national", "National"


class Recommendation(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField()
    addressee = models.CharField(max_length=200, help_text="The named organisation or person it is addressed to")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.LOCAL)
    expected_change = models.TextField()
    measure = models.TextField(help_text="How its effect will be measured")
    due_by = models.DateField()
    national_policy = models.BooleanField(default=False, help_text="Has implications for national policy")
    learning_points = models.ManyToManyField(LearningPoint, blank=True, related_name="recommendations")
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="recommendation_number_once")]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class Endorsement(models.Model):
    """One safeguarding partner's endorsement of one recommendation (§9.2.6, rule 62), recorded as
    ratification is (rule 37): by the partner's own lead, or on its behalf with a reason and the
    delegation. Editing the recommendation's substance withdraws it (``withdrawn_at``); the row stays."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="endorsements")
    partner = models.CharField(max_length=10, choices=PartnerKind.choices)
    executive_name = models.CharField(max_length=200)
    executive_role = models.CharField(max_length=200)
    date = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    on_behalf = models.BooleanField(default=False)
    acting_partner = models.CharField(max_length=10, choices=PartnerKind.choices, blank=True)
    on_behalf_reason = models.TextField(blank=True)
    delegation = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["recommendation", "partner", "recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "partner"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="endorsed_once_per_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_partner_display()} endorsement of {self.recommendation}"


DEFAULT_RECOMMENDATION_LIMIT = 6


class LearningSettings(models.Model):
    """A partnership's own setting: above how many recommendations a review is warned (not blocked)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="learning_settings")
    recommendation_limit = models.PositiveSmallIntegerField(default=DEFAULT_RECOMMENDATION_LIMIT)
    version = models.PositiveIntegerField(default=1)


def recommendation_limit(partnership_id: int) -> int:
    row = LearningSettings.objects.filter(partnership_id=partnership_id).values_list("recommendation_limit", flat=True)
    return next(iter(row), DEFAULT_RECOMMENDATION_LIMIT)
