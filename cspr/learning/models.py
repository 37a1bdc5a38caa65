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
from cspr.library.models import Theme


class LearningPoint(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="learning_points")
    number = models.PositiveIntegerField()  # "Learning Point N"
    title = models.CharField(max_length=200)
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="learning_points")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

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

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="recommendation_number_once")]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"
