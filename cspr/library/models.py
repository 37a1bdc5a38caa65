"""Themes and national learning (toolkit §11, rules 74–75).

``Theme``: the partnership's taxonomy for tagging learning points, recommendations and actions. Rows
with no partnership are the common themes every partnership starts with (seeded from the toolkit's
examples and common national themes); a partnership adds its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cspr.organisations.models import Partnership


class Theme(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="themes"
    )  # None: a common theme every partnership has
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="theme_once_per_partnership"),
            models.UniqueConstraint(fields=["name"], condition=Q(partnership__isnull=True), name="common_theme_once"),
        ]

    def __str__(self) -> str:
        return self.name


def themes_for(partnership: Partnership) -> models.QuerySet[Theme]:
    """The active themes a partnership can tag with: the common ones and its own."""
    return Theme.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership), active=True)


class NationalReview(models.Model):
    """A national review (the National Panel's thematic reviews and other national learning): title, year,
    key findings, link. Rows with no partnership are the seeded National Panel publications every
    partnership sees; a partnership adds its own (rule 74: the CSPR group reviews all national reviews)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="national_reviews"
    )
    title = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()
    publisher = models.CharField(max_length=200, default="Child Safeguarding Practice Review Panel")
    key_findings = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="national_review_once_per_partnership"),
            models.UniqueConstraint(
                fields=["title"], condition=Q(partnership__isnull=True), name="common_national_review_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


def national_reviews_for(partnership_id: int | None) -> models.QuerySet[NationalReview]:
    """The library a partnership sees: the common entries and its own."""
    return NationalReview.objects.filter(Q(partnership__isnull=True) | Q(partnership_id=partnership_id))


class LibraryReference(models.Model):
    """A case (Rapid Review or LCSPR) referring to a national review, and the CSPR group's record that it
    was considered (rule 74): who, when, the conclusion."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="library_references")
    review = models.ForeignKey(NationalReview, on_delete=models.PROTECT, related_name="references")
    relevance = models.TextField(help_text="Why this national review is relevant to the case")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    considered_on = models.DateField(null=True, blank=True)
    considered_by = models.CharField(max_length=200, blank=True, help_text="Who considered it, e.g. the CSPR group")
    conclusion = models.TextField(blank=True)
    considered_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case", "added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "review"], name="library_reference_once")]


class ThematicReview(models.Model):
    """Linked cases reviewed together (§1.4.6, rule 75): a partnership groups cases with a rationale."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="thematic_reviews")
    title = models.CharField(max_length=200)
    rationale = models.TextField()
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="thematic_reviews")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["partnership", "title"], name="thematic_review_once")]

    def __str__(self) -> str:
        return self.title
