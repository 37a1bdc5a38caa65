"""Forms of the workshops pages, with GOV.UK error wording."""

from __future__ import annotations

from typing import Any

from django import forms

from cspr.chronology.models import ChronologyEntry
from cspr.organisations.models import Agency
from cspr.ui.widgets import GovukDateField
from cspr.workshops.models import DEFAULT_NOTICE_WORKING_DAYS, Attendance, Mode, Nomination
from cspr.workshops.worksheets import CONFIDENTIALITY, Sheet


class ThemeForm(forms.Form):
    title = forms.CharField(
        label="Theme",
        max_length=200,
        help_text="A ‘why’ question of practice, for example “making space and time for children” (§8.8.1)",
        error_messages={"required": "Enter the theme"},
    )
    description = forms.CharField(label="What the theme examines (optional)", required=False, widget=forms.Textarea)
    kloes = forms.MultipleChoiceField(
        label="Key lines of enquiry it answers", required=False, widget=forms.CheckboxSelectMultiple
    )
    entries = forms.MultipleChoiceField(
        label="Chronology events it draws on", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, kloes: list[str], entries: list[ChronologyEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kloe_field: Any = self.fields["kloes"]
        kloe_field.choices = [(k, k) for k in kloes]
        entry_field: Any = self.fields["entries"]
        entry_field.choices = [(str(e.pk), f"{e.date_text}, {e.agency.name}: {e.key_event[:120]}") for e in entries]
        if not entries:
            entry_field.help_text = "The integrated chronology has no key events yet"


class NominationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter their full name"})
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    email = forms.EmailField(
        label="Work email address",
        help_text="The invitation to the workshop goes to this address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    direct_involvement = forms.TypedChoiceField(
        label="Did they have direct operational involvement with the child or family?",
        help_text="Only practitioners with direct involvement are invited to the workshop (§8.10.2)",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they had direct involvement"},
    )
    involvement = forms.CharField(
        label="Their involvement (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PartnershipNominationForm(NominationForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        required=False,
        empty_label="Not from one of the partnership's agencies",
    )
    field_order = ["agency", "full_name", "job_title", "email", "direct_involvement", "involvement"]

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agency"]
        field.queryset = agencies
        field.label_from_instance = lambda a: a.name


class WorkshopForm(forms.Form):
    mode = forms.ChoiceField(
        label="How will it be held?",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the workshop will be held"},
    )
    date = GovukDateField(label="Date", label_for_errors="the date of the workshop")
    start_time = forms.TimeField(
        label="Start time",
        help_text="For example, 09:45",
        error_messages={"required": "Enter the start time", "invalid": "Enter the start time like 09:45"},
    )
    end_time = forms.TimeField(
        label="End time",
        help_text="For example, 13:00",
        error_messages={"required": "Enter the end time", "invalid": "Enter the end time like 13:00"},
    )
    complex_case = forms.BooleanField(
        label="A complex case: face to face, another half day is planned (§8.11.1)", required=False
    )
    venue = forms.CharField(
        label="Venue, or how to join online",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the venue or how to join"},
    )
    feedback_session_date = GovukDateField(
        label="Feedback session near the end of the review (optional)",
        label_for_errors="the date of the feedback session",
        required=False,
        help_text="Invited practitioners are asked to hold it in their diary (rule 59)",
    )
    feedback_session_time = forms.TimeField(label="Feedback session time (optional)", required=False)
    signatory = forms.CharField(
        label="Who signs the invitation letter",
        max_length=200,
        required=False,
        help_text="The Chair of the CSPR Group, the Lead Reviewer or the manager overseeing the process",
    )
    notice_target_working_days = forms.IntegerField(
        label="Notice to give (working days)",
        min_value=1,
        max_value=60,
        initial=DEFAULT_NOTICE_WORKING_DAYS,
        help_text="A shorter notice is shown as a warning when invitations are sent",
        error_messages={"required": "Enter the notice to give in working days"},
    )


class InviteForm(forms.Form):
    nominations = forms.MultipleChoiceField(
        label="Practitioners to invite",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the practitioners to invite"},
    )

    def __init__(self, *args: Any, nominations: list[Nomination], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["nominations"]
        field.choices = [
            (
                str(n.pk),
                f"{n.full_name}, {n.job_title or 'job title not given'} ({n.agency.name if n.agency else 'no agency'})",
            )
            for n in nominations
        ]


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label="Attendance",
        choices=[(v, label) for v, label in Attendance.choices if v],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they attended"},
    )
    apologies_reason = forms.CharField(
        label="Reason given (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    one_to_one_date = GovukDateField(
        label="Conversation with the lead reviewer instead (optional)",
        label_for_errors="the date of the conversation",
        required=False,
        help_text="§8.12.1: someone who cannot attend may talk to the lead reviewer",
    )
    one_to_one_notes = forms.CharField(
        label="Notes of the arrangement (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WorksheetForm(forms.Form):
    def __init__(self, *args: Any, sheet: Sheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in sheet.questions:
            self.fields[question.key] = forms.CharField(
                label=question.text, required=False, widget=forms.Textarea(attrs={"rows": question.rows})
            )
        if sheet.number == 1:
            self.fields["confidentiality"] = forms.BooleanField(
                label=CONFIDENTIALITY, required=False, help_text="Needed before you submit"
            )


class FindingsForm(forms.Form):
    findings = forms.CharField(
        label="Draft findings to share with the practitioners",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the draft findings"},
    )
    respond_by = GovukDateField(label="Reply by", label_for_errors="the date to reply by")


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Your comments on the accuracy of the analysis",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter your comments"},
    )
