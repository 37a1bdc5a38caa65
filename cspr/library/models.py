"""Themes and national learning (toolkit §11, rules 74–75).

``Theme``: the partnership's taxonomy for tagging learning points, recommendations and actions. Rows
with no partnership are the common themes every partnership starts with (seeded from the toolkit's
examples and common national themes); a partnership adds its own.
"""

from __future__ import annotations

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
