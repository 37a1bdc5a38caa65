"""Forms of the audit of progress and the dissemination plan."""

from __future__ import annotations

from django import forms

from cspr.cases.forms import VersionedForm, date_field
from cspr.dissemination.models import ActivityKind, CycleMonths


def _text(label: str, error: str, *, required: bool = True, help_text: str = "", rows: int = 0) -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        max_length=None if rows else 200,
    )
    field.error_messages["required"] = error
    return field


class CycleForm(VersionedForm):
    months = forms.TypedChoiceField(
        label="How often does the CSPR group audit the progress of the action plans?",
        choices=CycleMonths.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often progress is audited",
            "invalid_choice": "Select how often progress is audited",
        },
    )


class ReviewForm(forms.Form):
    reviewed_on = date_field("Date of the CSPR group's review", "the date of the review", required=True)
    reviewed_by = _text(
        "Who reviewed the report",
        "Enter who reviewed the report",
        help_text="For example, the CSPR group at its meeting, with its chair",
    )
    conclusions = _text("The CSPR group's conclusions", "Enter the CSPR group's conclusions", rows=5)
    next_review_date = date_field(
        "Date of the next review",
        "the date of the next review",
        required=True,
        help_text="The audit cycle proposes this date; change it if the group agreed another.",
    )


class ActivityForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of activity", "invalid_choice": "Select the kind of activity"},
    )
    title = _text("Title", "Enter a title", help_text="For example, 7-minute briefing for health visiting teams")
    audience = _text(
        "Audience",
        "Enter who it is for",
        help_text="The agencies, teams and roles it is for",
        rows=2,
    )
    planned_on = date_field("Planned date", "the planned date", required=True)
    held_on = date_field("Date held (if it has taken place)", "the date it was held")
    delivered_by = _text("Delivered by (optional)", "", required=False)
    notes = _text("Notes (optional)", "", required=False, rows=3)


class AttendanceForm(forms.Form):
    organisation = _text(
        "Agency or organisation",
        "Enter the agency or organisation",
        help_text="For example, Demo Community Health Trust",
    )
    role = _text("Role or staff group", "Enter the role or staff group", help_text="For example, health visitors")
    number = forms.IntegerField(
        label="Number who attended",
        min_value=1,
        max_value=10000,
        error_messages={
            "required": "Enter the number who attended",
            "invalid": "The number who attended must be a whole number, like 12",
            "min_value": "The number who attended must be 1 or more",
            "max_value": "The number who attended must be 10,000 or fewer",
        },
    )


class BriefingForm(VersionedForm):
    title = _text("Title of the briefing", "Enter the title of the briefing")
    background = _text(
        "1. Background",
        "Enter the background",
        help_text="The review and the child's story in brief, without names",
        rows=4,
    )
    why_it_matters = _text("2. Why it matters", "Enter why it matters", rows=4)
    information = _text(
        "3. Information (optional)",
        "",
        required=False,
        help_text="Left blank, the briefing says the learning points below set out what the review found.",
        rows=4,
    )
    questions = _text("5. Questions to consider", "Enter the questions to consider", rows=4)
    what_to_do = _text("6. What to do", "Enter what practitioners should do", rows=4)
    further_information = _text("7. Further information (optional)", "", required=False, rows=3)
