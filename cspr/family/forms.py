"""Forms of the family log. What depends on the record (who may be named, dates) is checked again by the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cspr.accounts.models import User
from cspr.family.actions import LETTER_METHODS
from cspr.family.models import ContactKind, Involvement, Method, Outcome, SupportKind, TakenUp
from cspr.ui.widgets import GovukDateField


class StaffChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.job_title or obj.get_role_display()})"


def _staff(staff: QuerySet[User], *, label: str, required: bool, error: str = "") -> StaffChoiceField:
    return StaffChoiceField(
        queryset=staff,
        label=label,
        required=required,
        empty_label="Choose a person" if required else "Nobody named yet",
        error_messages={"required": error, "invalid_choice": "Choose someone from the list"},
    )


class InvitationForm(forms.Form):
    invite = forms.TypedChoiceField(
        label="Is this person to be invited to contribute to the review?",
        help_text="Family members, surviving children included, are invited unless there is a strong reason not to.",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this person is to be invited"},
    )
    reason_not_invited = forms.CharField(
        label="The strong reason for not inviting them (if not invited)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    coordinator_phone = forms.CharField(
        label="Telephone number the family is given (optional)",
        help_text="Printed in the letter. Leave empty to give the partnership's number.",
        required=False,
        max_length=40,
    )
    via_professional = forms.CharField(
        label="Contact through another professional (optional)",
        help_text="Name, role and organisation of the professional best placed to make contact, if not the coordinator.",
        required=False,
        max_length=300,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"] = _staff(staff, label="Coordinator who makes contact", required=False)
        self.order_fields(["invite", "reason_not_invited", "coordinator", "coordinator_phone", "via_professional"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("invite") is False and not (data.get("reason_not_invited") or "").strip():
            self.add_error("reason_not_invited", "Give the strong reason for not inviting this person")
        return data


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was it?",
        choices=[
            (ContactKind.ATTEMPT.value, ContactKind.ATTEMPT.label),
            (ContactKind.MEETING.value, ContactKind.MEETING.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this was a contact attempt or a meeting"},
    )
    on = GovukDateField(label="Date", label_for_errors="the date of the contact")
    method = forms.ChoiceField(
        label="How?",
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how contact was made"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices[1:],  # "Sent" is for letters
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    notes = forms.CharField(
        label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["by"] = _staff(staff, label="By whom", required=True, error="Choose who made contact")
        self.order_fields(["kind", "on", "method", "by", "outcome", "notes"])


class LetterForm(forms.Form):
    on = GovukDateField(label="Date sent", label_for_errors="the date the letter was sent")
    method = forms.ChoiceField(
        label="How was it sent?",
        choices=[
            (m.value, {Method.LETTER: "By post", Method.VISIT: "By hand"}.get(m, m.label)) for m in LETTER_METHODS
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the letter was sent"},
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["by"] = _staff(staff, label="Sent by", required=True, error="Choose who sent the letter")


class ViewForm(forms.Form):
    on = GovukDateField(label="Date", label_for_errors="the date the view was given")
    summary = forms.CharField(
        label="What did they say?",
        help_text="In their words as far as possible. This is carried into the report.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter what the family member said"},
    )
    for_report = forms.TypedChoiceField(
        label="May this be carried into the report?",
        choices=[("yes", "Yes"), ("no", "No, they asked for it to stay out of the report")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Select whether this may go into the report"},
    )


class SupportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Support offered",
        choices=SupportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the support offered"},
    )
    language = forms.CharField(label="Language (for an interpreter)", required=False, max_length=100)
    detail = forms.CharField(label="Details (required for other support)", required=False, max_length=300)
    offered_on = GovukDateField(label="Date offered", label_for_errors="the date support was offered")
    taken_up = forms.ChoiceField(
        label="Was it taken up?", choices=TakenUp.choices, widget=forms.RadioSelect, initial=TakenUp.NOT_YET_KNOWN
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offered_by"] = _staff(staff, label="Offered by", required=True, error="Choose who offered it")
        self.order_fields(["kind", "language", "detail", "offered_on", "offered_by", "taken_up"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SupportKind.INTERPRETER and not (data.get("language") or "").strip():
            self.add_error("language", "Enter the language the interpreter speaks")
        if data.get("kind") == SupportKind.OTHER and not (data.get("detail") or "").strip():
            self.add_error("detail", "Describe the support offered")
        return data


class TakenUpForm(forms.Form):
    taken_up = forms.ChoiceField(
        label="Was the support taken up?",
        choices=TakenUp.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the support was taken up"},
    )


class InvolvementForm(forms.Form):
    involvement = forms.ChoiceField(
        label="Is this person taking part in the review?",
        choices=Involvement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this person is taking part"},
    )
    reason = forms.CharField(
        label="Reason (if they are not taking part)",
        help_text="The final report states why family members were not involved.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean(self) -> dict[str, Any]:
        from cspr.family.models import NON_INVOLVEMENT

        data = super().clean() or {}
        if data.get("involvement") in NON_INVOLVEMENT and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give the reason, for the report")
        return data


class SharedForm(forms.Form):
    what = forms.CharField(
        label="What was shared?",
        help_text="For example, the draft report's findings, or the publication arrangements.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Enter what was shared"},
    )
    shared_on = GovukDateField(label="Date shared", label_for_errors="the date it was shared")

    def __init__(self, *args: Any, staff: QuerySet[User], people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.ChoiceField(
            label="With whom?", choices=[("", "The family as a whole"), *people], required=False
        )
        self.fields["shared_by"] = _staff(staff, label="Shared by", required=True, error="Choose who shared it")
        self.order_fields(["what", "shared_on", "person", "shared_by"])
