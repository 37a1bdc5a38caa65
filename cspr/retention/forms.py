"""Forms of the data lifecycle pages. The actions check everything again on the locked rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cspr.accounts.models import User
from cspr.retention import classes
from cspr.retention.models import Outcome
from cspr.ui.widgets import GovukDateField


class ScheduleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    permanent = forms.TypedChoiceField(
        label="How long are these records kept?",
        choices=[("no", "For a period"), ("yes", "Permanently")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the records are kept for a period or permanently"},
    )
    years = forms.IntegerField(
        label="Years",
        min_value=0,
        max_value=200,
        required=False,
        error_messages={
            "invalid": "Years must be a whole number",
            "min_value": "Years must be 0 or more",
            "max_value": "Years must be 200 or fewer",
        },
    )
    months = forms.IntegerField(
        label="Months",
        min_value=0,
        max_value=11,
        required=False,
        error_messages={
            "invalid": "Months must be a whole number",
            "min_value": "Months must be 0 or more",
            "max_value": "Months must be 11 or fewer",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("permanent") is False and (data.get("years") or 0) * 12 + (data.get("months") or 0) < 1:
            self.add_error("years", "Enter a period of at least 1 month")
        return data


class LeadChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.get_role_display()})"


class ContactForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    data_protection_lead = LeadChoiceField(
        queryset=User.objects.none(),
        label="Data protection lead (besides the business manager)",
        help_text="They review records past their retention period, place legal holds and answer subject access requests.",
        required=False,
        empty_label="Nobody else: the business manager",
        error_messages={"invalid_choice": "Choose someone from the list"},
    )
    data_protection_email = forms.EmailField(
        label="Email address for records due for review",
        help_text="A monthly count of records newly past their period is sent here (counts only).",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["data_protection_lead"]
        assert isinstance(field, LeadChoiceField)
        field.queryset = staff


def _class_choices(blank: str | None = None) -> list[tuple[str, str]]:
    found = [(c.key, c.label) for c in classes.DESTROYABLE]
    return ([("", blank)] if blank is not None else []) + found


class HoldForm(forms.Form):
    case_reference = forms.CharField(
        label="Case reference",
        help_text="Leave blank to hold a record class across every case of the partnership.",
        required=False,
        max_length=30,
    )
    record_class = forms.ChoiceField(
        label="Records held", choices=_class_choices("Every record of the case"), required=False
    )
    reason = forms.CharField(
        label="Reason for the legal hold",
        help_text="For example: litigation, a coroner's inquest, a police investigation, a complaint.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the legal hold"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("case_reference") and not data.get("record_class"):
            self.add_error("case_reference", "Enter a case reference, or choose the record class to hold everywhere")
        return data


class PersonHoldForm(forms.Form):
    record_class = forms.ChoiceField(
        label="Records held", choices=_class_choices("Every record of their cases"), required=False
    )
    reason = forms.CharField(
        label="Reason for the legal hold",
        help_text="For example: a claim or complaint by this person, a court order.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the legal hold"},
    )


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        label="Reason for releasing the hold",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for releasing the hold"},
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is to happen to these records?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to keep or destroy the records"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the decision"},
    )
    review_again_on = GovukDateField(
        label="If kept: review again on",
        label_for_errors="the date to review again",
        required=False,
        help_text="For example, 27 3 2030",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Outcome.KEEP and not data.get("review_again_on"):
            self.add_error("review_again_on", "Enter the date to review the records again")
        return data


class FindCaseForm(forms.Form):
    reference = forms.CharField(
        label="Case reference", max_length=30, error_messages={"required": "Enter a case reference"}
    )
