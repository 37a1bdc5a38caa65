"""Forms of review team meetings."""

from __future__ import annotations

from typing import Any

from django import forms

from cspr.cases.forms import date_field, yes_no
from cspr.reviewmeetings.models import Attendance, ItemKind


def _text(label: str, error: str = "", *, required: bool = True, help_text: str = "", rows: int = 0) -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        max_length=None if rows else 300,
    )
    if error:
        field.error_messages["required"] = error
    return field


class ScheduleForm(forms.Form):
    date = date_field("Date of the meeting", "the date of the meeting", required=True)
    time = forms.CharField(label="Time (optional)", max_length=20, required=False, help_text="For example, 10am")
    virtual = yes_no("Is the meeting online?", error="Select yes if the meeting is online")
    place = _text("Where, or how to join", required=False, help_text="A room and address, or the online meeting link")
    purpose = _text(
        "Purpose (optional)", required=False, help_text="For example, from the timeline: agree the chronology"
    )


class AttendeeForm(forms.Form):
    name = _text("Name", "Enter the person's name")
    role = _text("Role", required=False)
    organisation = _text("Organisation", required=False)
    attendance = forms.ChoiceField(
        label="Attendance",
        choices=Attendance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they were invited, present or sent apologies"},
    )
    confidentiality_agreed = forms.BooleanField(
        label="Has signed the confidentiality agreement (Appendix 2)", required=False
    )
    conflict_of_interest = _text("Conflict of interest declared", required=False, help_text="Blank: none", rows=2)


class ItemForm(forms.Form):
    title = _text("Agenda item", "Enter the agenda item")


class MinutesForm(forms.Form):
    minutes = _text("Minutes", "Enter the minutes of this item", rows=5)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == ItemKind.IMMEDIATE_ACTION:
            self.fields["action_needed"] = yes_no(
                "Is immediate single-agency or multi-agency action needed?",
                error="Select yes if immediate action is needed",
            )
            self.fields["action_decided"] = _text("What was decided", required=False, rows=3)
            self.fields["action_sent_to"] = _text(
                "To whom the decision went", required=False, help_text="The agency or agencies and the person"
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action_needed"):
            if not (cleaned.get("action_decided") or "").strip():
                self.add_error("action_decided", "Enter what immediate action was decided")
            if not (cleaned.get("action_sent_to") or "").strip():
                self.add_error("action_sent_to", "Enter to whom the decision went")
        return cleaned


class ActionForm(forms.Form):
    description = _text("Action", "Enter the action", rows=3)
    owner = _text("Owner", "Enter who owns the action")
    due_on = date_field("Due by", "the date the action is due", required=True)
    done = forms.BooleanField(label="Done", required=False)
    done_on = date_field("Date done (optional)", "the date it was done")


class HeldForm(forms.Form):
    held_on = date_field("Date the meeting was held", "the date the meeting was held", required=True)
