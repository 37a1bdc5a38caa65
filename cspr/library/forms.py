"""Forms for the themes taxonomy, the national reviews library, references and thematic reviews."""

from __future__ import annotations

from typing import Any

from django import forms

from cspr.cases.forms import date_field
from cspr.library.models import NationalReview, ThematicReview


class ThemeForm(forms.Form):
    name = forms.CharField(label="Theme", max_length=120, error_messages={"required": "Enter the theme's name"})
    description = forms.CharField(
        label="Description (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ThemeStatusForm(forms.Form):
    active = forms.TypedChoiceField(
        label="Is this theme offered for tagging?",
        help_text="A retired theme stays on what it already tags.",
        choices=[("yes", "Yes, in use"), ("no", "No, retired")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the theme is in use"},
    )


class NationalReviewForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter the title"})
    year = forms.IntegerField(
        label="Year published",
        min_value=1990,
        max_value=2100,
        error_messages={"required": "Enter the year it was published", "invalid": "Enter a year, for example 2022"},
    )
    publisher = forms.CharField(
        label="Published by (optional)",
        required=False,
        max_length=200,
        help_text="Leave empty for the Child Safeguarding Practice Review Panel.",
    )
    link = forms.URLField(
        label="Link (optional)", required=False, max_length=500, error_messages={"invalid": "Enter a web address"}
    )
    key_findings = forms.CharField(
        label="Key findings (optional)", required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


MAX_ID = 2**63 - 1


def _safe_id(field: forms.ModelChoiceField[Any], value: Any) -> None:
    """An id the database cannot hold is an invalid choice, never an overflowing query."""
    if value in field.empty_values:
        return
    text = str(value).strip()
    if not text.isdigit() or int(text) > MAX_ID:
        raise forms.ValidationError(field.error_messages["invalid_choice"], code="invalid_choice")


class ReviewChoiceField(forms.ModelChoiceField[NationalReview]):
    def to_python(self, value: Any) -> NationalReview | None:
        _safe_id(self, value)
        return super().to_python(value)

    def label_from_instance(self, obj: NationalReview) -> str:
        return f"{obj.title} ({obj.year})"


class ReferenceForm(forms.Form):
    relevance = forms.CharField(
        label="Why is it relevant to this case?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why this national review is relevant to the case"},
    )

    def __init__(self, *args: Any, reviews: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review"] = ReviewChoiceField(
            queryset=reviews,
            label="National review",
            empty_label="Choose a review",
            error_messages={"required": "Select a national review", "invalid_choice": "Select a review from the list"},
        )
        self.order_fields(["review", "relevance"])


class ConsideredForm(forms.Form):
    considered_on = date_field("Date considered", "the date it was considered", required=True)
    considered_by = forms.CharField(
        label="Considered by",
        help_text="For example: the CSPR group, meeting of 3 March.",
        max_length=200,
        error_messages={"required": "Enter who considered it"},
    )
    conclusion = forms.CharField(
        label="What they concluded",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what they concluded"},
    )


class ThematicChoiceField(forms.ModelChoiceField[ThematicReview]):
    def to_python(self, value: Any) -> ThematicReview | None:
        _safe_id(self, value)
        return super().to_python(value)

    def label_from_instance(self, obj: ThematicReview) -> str:
        return obj.title


class ThematicForm(forms.Form):
    title = forms.CharField(label="Title of a new thematic review", required=False, max_length=200)
    rationale = forms.CharField(
        label="Why these cases are reviewed together (for a new one)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, existing: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["thematic"] = ThematicChoiceField(
            queryset=existing,
            label="An existing thematic review",
            required=False,
            empty_label="None: start a new one",
            error_messages={"invalid_choice": "Select a thematic review from the list"},
        )
        self.order_fields(["thematic", "title", "rationale"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("thematic") is None and not (data.get("title") or "").strip():
            self.add_error("title", "Choose an existing thematic review or enter the title of a new one")
        return data
