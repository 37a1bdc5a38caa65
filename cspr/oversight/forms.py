"""Forms of regulation 14 oversight: progress checks, pauses and the Panel discussion."""

from __future__ import annotations

from django import forms

from cspr.cases.forms import date_field
from cspr.oversight.models import PauseReason, Quality, Timeliness


def _text(label: str, error: str, *, required: bool = True, help_text: str = "", rows: int = 0) -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        max_length=None if rows else 300,
    )
    field.error_messages["required"] = error
    return field


def _radios(label: str, choices: list[tuple[str, str]], error: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": error, "invalid_choice": error},
    )


class ProgressCheckForm(forms.Form):
    checked_on = date_field("Date of the check", "the date of the check", required=True)
    checked_by = _text(
        "Who carried out the check",
        "Enter who carried out the check",
        help_text="For example, the CSPR group chair and the business manager",
    )
    timeliness = _radios("Time taken so far", Timeliness.choices, "Select how the time taken so far compares")
    time_taken = _text(
        "Progress against the timeline",
        "Enter the progress against the timeline",
        help_text="Which milestones are done and which are late",
        rows=3,
    )
    quality = _radios("Quality of the review so far", Quality.choices, "Select the quality of the review so far")
    quality_notes = _text("What the quality judgement rests on", "Enter what the quality judgement rests on", rows=3)
    conclusion = _text("Conclusion of the check", "Enter the conclusion of the check", rows=3)
    forecast_completion = date_field(
        "Forecast date the final report will be approved",
        "the forecast completion date",
        required=True,
        help_text="A forecast after the six months prompts a discussion with the National Panel.",
    )
    written_request = _text(
        "Information or a draft report asked for in writing (optional)",
        "",
        required=False,
        help_text="Regulation 14 lets the safeguarding partners ask in writing for specified information or a draft.",
        rows=2,
    )


class PauseForm(forms.Form):
    reason_kind = _radios("Why is the work paused?", PauseReason.choices, "Select why the work is paused")
    reason = _text("Details", "Enter the details of the pause", rows=3)
    agreed_by = _text(
        "Who agreed the pause", "Enter who agreed the pause", help_text="For example, the CSPR group and the SIO"
    )
    started_on = date_field("Start of the pause", "the start of the pause", required=True)
    expected_end = date_field("Expected end (optional)", "the expected end of the pause")
    ended_on = date_field("End of the pause, if it has ended", "the end of the pause")


class EndPauseForm(forms.Form):
    ended_on = date_field("End of the pause", "the end of the pause", required=True)


class PanelDiscussionForm(forms.Form):
    discussed_on = date_field("Date of the discussion", "the date of the discussion", required=True)
    who = _text(
        "Who took part",
        "Enter who took part",
        help_text="For the partnership and for the National Panel",
    )
    outcome = _text("Outcome", "Enter the outcome of the discussion", rows=4)
