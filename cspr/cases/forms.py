"""Forms for the case record: opening a case (notification or Document 1a referral), anchor dates,
the child and family, relationships, agencies, parallel processes, events, collaborators, links.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from stdnum.gb import nhs

from cspr.cases import milestones
from cspr.cases.models import (
    Case,
    IncidentKind,
    Origin,
    Person,
    PersonRole,
    ProcessKind,
    Referral,
    RelationshipKind,
    Sex,
)
from cspr.organisations.models import Agency, Partnership
from cspr.ui.widgets import GovukDateField

YES_NO = [("yes", "Yes"), ("no", "No")]


def date_field(label: str, errors_label: str, *, required: bool = False, help_text: str = "") -> GovukDateField:
    return GovukDateField(label=label, label_for_errors=errors_label, required=required, help_text=help_text)


def yes_no(label: str, *, required: bool = True, error: str = "", help_text: str = "") -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=required,
        help_text=help_text,
    )
    field.error_messages["required"] = error or f"Select yes or no: {label.lower()}"
    return field


def validate_nhs_number(value: str) -> str:
    digits = value.replace(" ", "").replace("-", "")
    if digits and not (digits.isdigit() and len(digits) == 10):
        raise forms.ValidationError("NHS number must be 10 digits, like 485 777 3456")
    if digits and not nhs.is_valid(digits):
        raise forms.ValidationError("Enter a valid NHS number: the check digit does not match")
    return digits


class VersionedForm(forms.Form):
    """Carries the version of the record the user started from (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AnchorDatesMixin:
    """Anchor date order is checked at entry and reported on the field at fault (C2)."""

    def check_anchor_order(self, cleaned: dict[str, Any], existing: dict[str, dt.date | None]) -> None:
        merged = existing | {k: v for k, v in cleaned.items() if k in milestones.LABELS}
        for name, message in milestones.order_errors(merged, timezone.localdate()).items():
            if name in self.fields:  # type: ignore[attr-defined]
                self.add_error(name, message)  # type: ignore[attr-defined]
            else:
                self.add_error(None, message)  # type: ignore[attr-defined]


class OpenCaseForm(AnchorDatesMixin, forms.Form):
    origin = forms.ChoiceField(
        label="How did the partnership learn of the incident?",
        choices=Origin.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the partnership learned of the incident"},
    )
    incident_date = date_field("Date of the death or serious incident", "the date of the incident", required=True)
    incident_kind = forms.ChoiceField(
        label="Was it a death or a serious incident?",
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child died or was seriously harmed"},
    )
    aware_date = date_field("Date the local authority became aware", "the date the local authority became aware")
    notification_sent_date = date_field(
        "Date the serious incident notification was sent", "the date the notification was sent"
    )
    referral_received_date = date_field(
        "Date the partnership received the referral", "the date the referral was received", required=True
    )
    # Document 1a: the referrer and the safeguarding lead they consulted
    referrer_name = forms.CharField(label="Referrer's name", max_length=200, required=False)
    referrer_agency_role = forms.CharField(label="Referrer's agency and designation", max_length=300, required=False)
    referrer_contact = forms.CharField(
        label="Referrer's contact details",
        help_text="Address and telephone number",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    referrer_email = forms.EmailField(
        label="Referrer's email address",
        required=False,
        help_text="They are told the outcome of the Rapid Review",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    dsl_name = forms.CharField(label="Designated safeguarding lead consulted", max_length=200, required=False)
    dsl_agency_role = forms.CharField(
        label="Safeguarding lead's agency and designation", max_length=300, required=False
    )
    dsl_contact = forms.CharField(
        label="Safeguarding lead's contact details", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    # The child (Document 1a section 1.1)
    first_name = forms.CharField(
        label="Child's first name", max_length=100, error_messages={"required": "Enter the child's first name"}
    )
    last_name = forms.CharField(label="Child's last name", max_length=100, required=False)
    date_of_birth = date_field("Child's date of birth", "the child's date of birth")
    nhs_number = forms.CharField(label="NHS number (if known)", max_length=12, required=False)
    incident_location = forms.CharField(
        label="Address of location of incident", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    circumstances = forms.CharField(
        label="Brief outline of the child and family circumstances and the incident",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    reasons = forms.CharField(
        label="Why is this referral made? What areas of practice are you concerned about?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean_nhs_number(self) -> str:
        return validate_nhs_number(self.cleaned_data.get("nhs_number", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_anchor_order(cleaned, {})
        dob, incident = cleaned.get("date_of_birth"), cleaned.get("incident_date")
        if dob and dob > timezone.localdate():
            self.add_error("date_of_birth", "The child's date of birth must be in the past")
        elif dob and incident and dob > incident:
            self.add_error("date_of_birth", "The child's date of birth must be before the incident")
        return cleaned


class DatesForm(AnchorDatesMixin, VersionedForm):
    incident_date = date_field("Incident", "the date of the incident")
    aware_date = date_field("Local authority became aware", "the date the local authority became aware")
    notification_sent_date = date_field("Notification sent to the National Panel", "the date the notification was sent")
    referral_received_date = date_field("Referral received by the partnership", "the date the referral was received")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_anchor_order(cleaned, {name: getattr(self.case, name) for name in milestones.FIELDS})
        return cleaned


def _model_form_dates(form: forms.ModelForm[Any], names: dict[str, tuple[str, str]]) -> None:
    for name, (label, err) in names.items():
        form.fields[name] = date_field(label, err)


class ReferralForm(forms.ModelForm[Referral]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Referral
        fields = [
            "date_of_referral",
            "referrer_name",
            "referrer_agency_role",
            "referrer_contact",
            "referrer_email",
            "dsl_name",
            "dsl_agency_role",
            "dsl_contact",
            "incident_kind",
            "incident_location",
            "carer_at_time",
            "open_to_social_care",
            "sibling_safeguarding",
            "circumstances",
            "reasons",
            "additional_information",
        ]
        widgets = {
            "incident_kind": forms.RadioSelect,
            "referrer_contact": forms.Textarea(attrs={"rows": 2}),
            "dsl_contact": forms.Textarea(attrs={"rows": 2}),
            "incident_location": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_form_dates(self, {"date_of_referral": ("Date of referral", "the date of referral")})
        self.fields["referrer_email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )


class PersonForm(forms.ModelForm[Person]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [
            "role",
            "first_name",
            "last_name",
            "also_known_as",
            "relationship_to_child",
            "date_of_birth",
            "deceased",
            "date_of_death",
            "sex",
            "gender",
            "nhs_number",
            "ethnicity",
            "language",
            "religion",
            "disability",
            "employment",
            "legal_status",
            "health",
            "address",
            "looked_after",
            "care_leaver",
            "child_protection_history",
            "lead_practitioner",
        ]
        labels = {
            "role": "Who is this person in the case?",
            "first_name": "First name",
            "relationship_to_child": "Relationship to the child",
            "nhs_number": "NHS number (if known)",
            "address": "Addresses",
            "looked_after": "Looked after by the local authority",
            "care_leaver": "A care leaver",
            "child_protection_history": "Child protection plan history (when, for what and for how long)",
            "lead_practitioner": "Lead practitioner (if open to children's social care)",
        }
        widgets = {
            "role": forms.RadioSelect,
            "sex": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 2}),
            "health": forms.Textarea(attrs={"rows": 2}),
            "child_protection_history": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_form_dates(
            self,
            {
                "date_of_birth": ("Date of birth", "the date of birth"),
                "date_of_death": ("Date of death", "the date of death"),
            },
        )
        self.fields["first_name"].error_messages["required"] = "Enter the person's first name"
        # Spaces are allowed while typing (485 777 3456); the cleaned value is 10 digits.
        self.fields["nhs_number"] = forms.CharField(label="NHS number (if known)", max_length=14, required=False)
        self.fields["role"].error_messages["required"] = "Select who this person is in the case"
        self.fields["role"].choices = PersonRole.choices  # type: ignore[attr-defined]
        self.fields["sex"].choices = Sex.choices  # type: ignore[attr-defined]

    def clean_nhs_number(self) -> str:
        return validate_nhs_number(self.cleaned_data.get("nhs_number", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        dob, dod = cleaned.get("date_of_birth"), cleaned.get("date_of_death")
        if dob and dob > timezone.localdate():
            self.add_error("date_of_birth", "Date of birth must be in the past")
        if dob and dod and dod < dob:
            self.add_error("date_of_death", "Date of death must be after the date of birth")
        return cleaned


class RelationshipForm(forms.Form):
    from_person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Person", empty_label="Select a person")
    kind = forms.ChoiceField(label="Relationship", choices=RelationshipKind.choices, widget=forms.RadioSelect)
    to_person = forms.ModelChoiceField(queryset=Person.objects.none(), label="To", empty_label="Select a person")
    separated = forms.BooleanField(label="Separated", required=False)
    note = forms.CharField(label="Note", max_length=200, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(case=case)
        for name in ("from_person", "to_person"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = people
            field.label_from_instance = lambda p: f"{p} ({p.relationship_to_child or p.get_role_display()})"  # type: ignore[method-assign,assignment]
            field.error_messages["required"] = "Select a person"
        self.fields["kind"].error_messages["required"] = "Select the relationship"


def case_agencies(case: Case) -> Any:
    ids = [case.lead_partnership_id, *case.collaborators.values_list("partnership_id", flat=True)]
    return Agency.objects.filter(partnership_id__in=ids).order_by("name")


class AgencyInvolvementForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        empty_label="Select an agency",
        error_messages={"required": "Select the agency"},
    )
    reason = forms.CharField(label="Reason for involvement", max_length=500, required=False)
    current = forms.BooleanField(label="The agency is currently involved", required=False)

    def __init__(self, *args: Any, case: Case, only_partnership: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        # A collaborating partnership adds its own agencies only (C12).
        agencies = case_agencies(case)
        field.queryset = agencies.filter(partnership_id=only_partnership) if only_partnership else agencies


class ParallelProcessForm(forms.Form):
    kind = forms.ChoiceField(
        label="Process",
        choices=ProcessKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the parallel process"},
    )
    contact = forms.CharField(label="Lead investigator or key contact", max_length=300, required=False)
    detail = forms.CharField(label="Details", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    experts_invited = forms.BooleanField(
        label="The relevant experts or commissioners are invited to the Rapid Review", required=False
    )


class ReferralEventForm(forms.Form):
    occurred_on = date_field("Date", "the date of the event", required=True)
    time = forms.CharField(label="Time (if known)", max_length=20, required=False)
    event = forms.CharField(
        label="Event", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Describe the event"}
    )


class CollaboratorForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership",
        empty_label="Select a partnership",
        error_messages={"required": "Select the collaborating partnership"},
    )
    reason = forms.CharField(label="Why this partnership collaborates", max_length=300, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partnership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Partnership.objects.exclude(pk=case.lead_partnership_id)


class LinkCaseForm(forms.Form):
    other_reference = forms.CharField(
        label="Reference of the case to link", max_length=30, error_messages={"required": "Enter a case reference"}
    )


class HouseholdForm(forms.Form):
    name = forms.CharField(
        label="Household name",
        max_length=200,
        help_text="For example, Mother's household",
        error_messages={"required": "Enter a name for the household"},
    )
    address = forms.CharField(label="Address", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    members = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        label="Who lives in this household?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who lives in this household"},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Person.objects.filter(case=case)
