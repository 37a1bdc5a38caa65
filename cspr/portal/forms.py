"""Forms of the portal. The forms that answer a request belong to its kind (``cspr.portal.kinds``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from cspr.organisations.models import Agency
from cspr.ui.widgets import GovukDateField

TEXTAREA = forms.Textarea(attrs={"rows": 5})


def _text(
    label: str, *, hint: str = "", long: bool = False, required: bool = False, message: str = ""
) -> forms.CharField:
    field = forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=TEXTAREA if long else forms.TextInput(),
        max_length=20000 if long else 500,
    )
    if message:
        field.error_messages["required"] = message
    return field


class SubmitForm(forms.Form):
    """Rule 24: records secured (date, by whom) and the submission kept apart from the case files.
    ``records=False`` (a kind that does not ask them: ``RequestKind.asks_records_secured``) leaves a
    form with no questions, the submit button alone."""

    records_secured_on = GovukDateField(
        label="Date the records were secured", label_for_errors="the date the records were secured"
    )
    records_secured_by = forms.CharField(label="Records secured by", max_length=200, help_text="Name and role")
    kept_separate = forms.BooleanField(
        label="Our submission is kept separate from the case records",
        error_messages={"required": "Confirm that your submission is kept separate from the case records"},
    )

    def __init__(self, *args: Any, records: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["records_secured_by"].error_messages["required"] = "Enter who secured the records"
        if not records:
            for name in ("records_secured_on", "records_secured_by", "kept_separate"):
                del self.fields[name]

    def clean_records_secured_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["records_secured_on"]
        if value > dt.date.today():  # noqa: DTZ011 - a calendar date typed by a person
            raise ValidationError("The date the records were secured must be today or in the past")
        return value


class NoInvolvementForm(forms.Form):
    statement = forms.CharField(
        label="Confirm in writing that your agency has had no involvement",
        help_text="For example: We have checked our records and have had no involvement with the child or the family members named.",
        widget=TEXTAREA,
        max_length=5000,
        error_messages={"required": "Enter your confirmation that your agency has had no involvement"},
    )
    confirmed_by = forms.CharField(
        label="Your name and role",
        max_length=200,
        error_messages={"required": "Enter your name and role"},
    )


ATTACHMENT = ("attachment", "A supporting document (Word, Excel or PDF)")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you uploading?",
        choices=[ATTACHMENT],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you are uploading",
            "invalid_choice": "Select what you are uploading",
        },
    )
    file = forms.FileField(label="Upload a file", error_messages={"required": "Select a file to upload"})

    def __init__(self, *args: Any, word_label: str | None = None, **kwargs: Any) -> None:
        """``word_label``: the request kind's fillable return, if it has one."""
        super().__init__(*args, **kwargs)
        if word_label is not None:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("word_return", word_label), ATTACHMENT]


if TYPE_CHECKING:
    _AgencyField = forms.ModelMultipleChoiceField[Agency]
else:
    _AgencyField = forms.ModelMultipleChoiceField


class AgencyChoiceField(_AgencyField):
    """Ids that are not small whole numbers are refused before they reach the database (a forged
    ``agencies=99999999999999999999`` overflows SQLite's integer: a 500 otherwise)."""

    def clean(self, value: Any) -> QuerySet[Agency]:
        for pk in value if isinstance(value, list | tuple) else []:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise ValidationError("Select agencies from the list", code="invalid_choice")
        return super().clean(value)

    # The case's lead partnership: a collaborating partnership's agency is named with its partnership.
    lead_partnership_id: int | None = None

    def label_from_instance(self, obj: Agency) -> str:
        if self.lead_partnership_id is None or obj.partnership_id == self.lead_partnership_id:
            return obj.name
        return f"{obj.name} ({obj.partnership.name})"


class SendScopingForm(forms.Form):
    agencies = AgencyChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Agencies to send the scoping request to",
        error_messages={"required": "Select at least one agency", "invalid_pk_value": "Select agencies from the list"},
    )
    case_summary = _text(
        "Summary of case",
        hint="Agencies see this summary. Keep it brief and factual.",
        long=True,
        required=True,
        message="Enter a summary of the case",
    )
    time_period = _text(
        "Indicative time period to be looked at",
        hint="For example: from the child's birth in April 2019 to the incident.",
        required=True,
        message="Enter the time period to be looked at",
    )

    def __init__(self, *args: Any, agencies: Any, lead_partnership_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        assert isinstance(field, AgencyChoiceField)
        field.queryset = agencies
        field.lead_partnership_id = lead_partnership_id


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="What do you want to do with this return?",
        choices=[("accept", "Accept the return"), ("revise", "Ask the agency to revise it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to accept the return or ask for a revision"},
    )
    reasons = forms.CharField(
        label="What does the agency need to change?",
        help_text="The agency sees these reasons. Do not include anything they should not read.",
        widget=TEXTAREA,
        required=False,
        max_length=5000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "revise" and not (data.get("reasons") or "").strip():
            self.add_error("reasons", "Enter what the agency needs to change")
        return data


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label="Why are you escalating this request?",
        widget=TEXTAREA,
        max_length=5000,
        error_messages={"required": "Enter why you are escalating this request"},
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome of this step",
        widget=TEXTAREA,
        max_length=5000,
        error_messages={"required": "Enter the outcome of this step"},
    )
    resolved = forms.BooleanField(label="The request is resolved", required=False)


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    job_title = forms.CharField(label="Job title", max_length=200, required=False)


class StrategicLeadForm(forms.Form):
    strategic_lead_name = forms.CharField(label="Strategic safeguarding lead's name", max_length=200, required=False)
    strategic_lead_email = forms.EmailField(
        label="Strategic safeguarding lead's email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label="Create a password",
        help_text="Use at least 12 characters. A few unrelated words make a good password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Confirm your password"},
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth import password_validation

        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match")
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
