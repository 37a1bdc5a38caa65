"""Forms of LCSPR commissioning: the terms of reference draft, agreement, a change, appointments.

A draft saves with anything missing; the completeness rule (rule 45) is the agreeing action's."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from cspr.cases.forms import VersionedForm, date_field
from cspr.lcspr.models import (
    AppointmentRole,
    Chronologies,
    Conflict,
    InformationMethod,
    LiaisonDuty,
    TermsVersion,
    WorkshopMethod,
)
from cspr.organisations.models import PartnerKind

MILESTONE_ROWS = 4


def _text(label: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


def _radios(label: str, choices: Any, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, required=False, widget=forms.RadioSelect, help_text=help_text
    )


class TermsForm(VersionedForm):
    case_summary = _text("Case summary", "A summary of the serious incident (section 2 of Document 7)", rows=6)
    time_period = _text("Time period to be considered by the review", rows=2)
    time_period_rationale = _text("Rationale for the time period", rows=3)
    kloes = _text(
        "Key lines of enquiry",
        "One per line. They may evolve as more information becomes available; a significant change needs the CSPR "
        "group's approval.",
        rows=6,
    )
    chronologies = _radios("Chronologies", Chronologies.choices)
    chronologies_detail = _text("Chronologies: details", rows=2)
    information_method = _radios("Learning templates or information reports", InformationMethod.choices)
    information_detail = _text("Learning templates or information reports: details", rows=2)
    workshop_method = _radios("Reflective learning workshop or feedback session", WorkshopMethod.choices)
    workshop_detail = _text("Workshop: details", rows=2)
    family_involvement = _text(
        "Plans to involve the child and family members",
        "Take account of the legal considerations below (for example a police request to delay contact).",
    )
    family_contact_responsible = forms.CharField(
        label="Who is responsible for making contact with the family and following up",
        required=False,
        max_length=300,
    )
    parallel_investigations = _text(
        "Parallel investigations", "Criminal investigation, coroner, other reviews; write 'None' if there are none"
    )
    legal_advice = _text("Legal advice", "Write 'None needed' if no legal advice is needed")
    other_considerations = _text(
        "Other considerations",
        "As a minimum: racial, cultural, linguistic and religious factors, and how they intersect (§5.4)",
    )
    lead_organisations = _text(
        "Organisations leading the review, where there is no lead reviewer",
        "Leave blank when a lead reviewer is appointed",
        rows=2,
    )
    learning_to_partners_date = date_field(
        "Target date for presenting the learning to the safeguarding partners",
        "the target date for presenting the learning to the safeguarding partners",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, MILESTONE_ROWS + 1):
            self.fields[f"milestone_{i}"] = forms.CharField(
                label=f"Milestone {i}", required=False, max_length=300, help_text="For example: chronologies due"
            )
            self.fields[f"milestone_{i}_date"] = date_field(f"Milestone {i} date", f"the date of milestone {i}")

    @staticmethod
    def initial_for(version: TermsVersion | None, values: dict[str, Any]) -> dict[str, Any]:
        initial = dict(values)
        rows = version.milestones if version is not None and isinstance(version.milestones, list) else []
        for i, row in enumerate(rows[:MILESTONE_ROWS], start=1):
            initial[f"milestone_{i}"] = row.get("milestone", "")
            with contextlib.suppress(ValueError):
                initial[f"milestone_{i}_date"] = dt.date.fromisoformat(str(row.get("date", "")))
        if version is not None:
            initial["version"] = version.version
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        rows = []
        for i in range(1, MILESTONE_ROWS + 1):
            label, day = (cleaned.get(f"milestone_{i}") or "").strip(), cleaned.get(f"milestone_{i}_date")
            if label and day is None:
                self.add_error(f"milestone_{i}_date", f"Enter the date of milestone {i}")
            elif day is not None and not label:
                self.add_error(f"milestone_{i}", f"Enter what milestone {i} is")
            elif label and day is not None:
                rows.append({"milestone": label, "date": day.isoformat()})
        cleaned["milestones"] = rows
        return cleaned

    def values(self) -> dict[str, Any]:
        from cspr.lcspr.terms import EDITABLE

        out: dict[str, Any] = {}
        for name in EDITABLE:
            if name == "milestones":
                out[name] = self.cleaned_data["milestones"]
            elif name == "learning_to_partners_date":
                out[name] = self.cleaned_data.get(name)
            else:
                out[name] = (self.cleaned_data.get(name) or "").strip()
        return out


class AgreeForm(VersionedForm):
    agreed_on = date_field("Date the CSPR group agreed the terms of reference", "the date agreed", required=True)
    agreed_by = forms.CharField(
        label="Who agreed them",
        help_text="The CSPR group meeting and the names of those who agreed",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("agreed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ChangeForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the change",
        help_text="What changes in the scope or key lines of enquiry, and why. The new version needs the CSPR "
        "group's approval (§5.3.1).",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class _AppointmentFields(forms.Form):
    organisation = forms.CharField(label="Organisation", max_length=200)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    represents = forms.ChoiceField(
        label="Safeguarding partner represented",
        choices=[("", "None (independent or expert)"), *PartnerKind.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="For complex reviews the team includes someone from each safeguarding partner (rule 50)",
    )
    expertise = forms.CharField(label="Expertise", max_length=300, required=False)
    liaison_duties = forms.MultipleChoiceField(
        label="Liaison duties (the police representative)",
        choices=LiaisonDuty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsibilities = forms.CharField(
        label="Other specific responsibilities", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    conflict = forms.ChoiceField(
        label="Conflicts of interest (Appendix 2)",
        choices=Conflict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a conflict of interest was declared"},
    )
    conflict_details = forms.CharField(
        label="Details of the conflict declared", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confidentiality_signed_on = date_field(
        "Date the confidentiality agreement was signed", "the date the confidentiality agreement was signed"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("conflict") == Conflict.DECLARED and not (cleaned.get("conflict_details") or "").strip():
            self.add_error("conflict_details", "Enter the details of the conflict of interest declared")
        signed = cleaned.get("confidentiality_signed_on")
        if signed is not None and signed > timezone.localdate():
            self.add_error("confidentiality_signed_on", "The date the agreement was signed must be today or earlier")
        return cleaned


class AppointForm(_AppointmentFields):
    role = forms.ChoiceField(
        label="Role on the review",
        choices=AppointmentRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role on the review"},
    )
    name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(
        label="Email address",
        help_text="Someone without an account is sent an invitation to set one up; the lead reviewer is independent "
        "of the partnership",
    )
    started = date_field("Date appointed", "the date appointed", required=True)
    field_order = ["role", "name", "email", "organisation", "job_title", "represents", "expertise", "started"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("started", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the full name"
        self.fields["email"].error_messages["required"] = "Enter the email address"
        self.fields["organisation"].error_messages["required"] = "Enter the organisation"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        started = cleaned.get("started")
        if started is not None and started > timezone.localdate():
            self.add_error("started", "The date appointed must be today or earlier")
        return cleaned


class AppointmentForm(_AppointmentFields, VersionedForm):
    pass


class EndForm(forms.Form):
    ended = date_field("Date the appointment ended", "the date the appointment ended", required=True)
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("ended", timezone.localdate())
        super().__init__(*args, **kwargs)
