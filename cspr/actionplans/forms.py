"""The action plan's forms. Choices are plain strings built from the record (no model lookups of
typed ids: a forged id is simply not one of the choices)."""

from __future__ import annotations

from typing import Any

from django import forms

from cspr.actionplans.models import Rag, Status
from cspr.actionplans.sources import SourceItem
from cspr.ui.widgets import GovukDateField

TEXTAREA = forms.Textarea(attrs={"rows": 4})
RAG_CHOICES = [(Rag.RED.value, "Red"), (Rag.AMBER.value, "Amber"), (Rag.GREEN.value, "Green")]


class ActionForm(forms.Form):
    source = forms.ChoiceField(
        label="What does the action answer?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the action answers", "invalid_choice": "Choose from the list"},
    )
    agreed_action = forms.CharField(
        label="Agreed action", widget=TEXTAREA, max_length=5000, error_messages={"required": "Enter the agreed action"}
    )
    responsible_person = forms.CharField(
        label="Responsible person",
        help_text="Their role, for example Head of Safeguarding",
        max_length=200,
        error_messages={"required": "Enter the responsible person"},
    )
    agency = forms.ChoiceField(
        label="Responsible agency",
        help_text="An agency of the partnership updates its own actions in the agency portal",
        required=False,
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    responsible_organisation = forms.CharField(
        label="Responsible organisation (if it is not one of the agencies)", max_length=200, required=False
    )
    due_date = GovukDateField(label="Timescale (due date)", label_for_errors="the due date")
    themes = forms.MultipleChoiceField(
        label="Themes",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose themes from the list"},
    )

    def __init__(
        self,
        *args: Any,
        sources: list[SourceItem],
        agencies: list[tuple[str, str]],
        themes: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.key, s.label) for s in sources]  # type: ignore[attr-defined]
        self.fields["agency"].choices = [("", "Not one of the agencies"), *agencies]  # type: ignore[attr-defined]
        self.fields["themes"].choices = themes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("agency") and not (data.get("responsible_organisation") or "").strip():
            self.add_error("responsible_organisation", "Choose the agency or enter the responsible organisation")
        return data


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput())
    on = GovukDateField(label="Date of the update", label_for_errors="the date of the update")
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=RAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the RAG rating"},
    )
    text = forms.CharField(
        label="Progress update",
        widget=TEXTAREA,
        max_length=10000,
        error_messages={"required": "Enter the progress update"},
    )
    actions_taken = forms.CharField(label="Actions taken", widget=TEXTAREA, max_length=10000, required=False)
    evidence_of_impact = forms.CharField(
        label="Evidence of impact or outcome", widget=TEXTAREA, max_length=10000, required=False
    )


class AskForm(forms.Form):
    due_date = GovukDateField(label="Update due by", label_for_errors="the date the update is due")


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput())
    accepted_by = forms.CharField(
        label="Who accepted that the action is complete?",
        help_text="For example, the CSPR group at its meeting on 3 December 2026",
        max_length=300,
        error_messages={"required": "Enter who accepted that the action is complete"},
    )


class CarryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput())
    into = forms.CharField(
        label="Plan it is carried into",
        help_text="For example, the partnership's neglect strategy action plan",
        max_length=300,
        error_messages={"required": "Enter the name of the plan the action is carried into"},
    )
    reason = forms.CharField(
        label="Reason", widget=TEXTAREA, max_length=4000, error_messages={"required": "Enter why it is carried"}
    )


class FilterForm(forms.Form):
    """The partnership view's filters (GET)."""

    review = forms.CharField(label="Review (case reference)", required=False, max_length=40)
    agency = forms.ChoiceField(label="Agency", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *Status.choices])
    rag = forms.ChoiceField(label="RAG rating", required=False, choices=[("", "Any"), *Rag.choices])
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(
        self, *args: Any, agencies: list[tuple[str, str]], themes: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Any"), *agencies]  # type: ignore[attr-defined]
        self.fields["theme"].choices = [("", "Any"), *themes]  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Upload a file of evidence",
        help_text="Word (.docx), Excel (.xlsx) or PDF, up to 10MB. Files with macros or passwords cannot be accepted.",
        error_messages={"required": "Select a file to upload"},
    )
