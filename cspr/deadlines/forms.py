"""Forms of the clock: the calculator's anchor dates, an extension or pause, a closure day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from cspr.deadlines import engine
from cspr.deadlines import working_days as wd
from cspr.deadlines.models import AdjustmentKind
from cspr.ui.widgets import GovukDateField

# Calculator field -> (Anchors field, label, label in errors, required)
ANCHOR_FIELDS: list[tuple[str, str, str, bool]] = [
    (
        "aware",
        "Date the local authority became aware of the incident",
        "the date the local authority became aware",
        True,
    ),
    ("referral", "Date the partnership received the referral", "the date the referral was received", True),
    ("notification_sent", "Date the notification was sent (optional)", "the date the notification was sent", False),
    (
        "scoping_sent",
        "Date the scoping templates were sent (optional)",
        "the date the scoping templates were sent",
        False,
    ),
    ("meeting", "Date of the Rapid Review meeting (optional)", "the date of the meeting", False),
    ("decision", "Date the decision was ratified (optional)", "the date the decision was ratified", False),
    ("publication", "Date of publication (optional)", "the date of publication", False),
]


class AnchorDatesForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, error_label, required in ANCHOR_FIELDS:
            self.fields[name] = GovukDateField(label=label, label_for_errors=error_label, required=required)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in engine.order_errors(self.anchors()).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def anchors(self) -> engine.Anchors:
        return engine.anchors_from_dates({name: self.cleaned_data.get(name) for name, *_ in ANCHOR_FIELDS})


class AdjustmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was agreed?",
        choices=AdjustmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is an extension or a pause"},
    )
    new_due = GovukDateField(
        label="New due date (for an extension)", label_for_errors="the new due date", required=False
    )
    paused_from = GovukDateField(
        label="Clock paused from (for a pause)", label_for_errors="the date the pause started", required=False
    )
    paused_until = GovukDateField(
        label="Clock paused until (for a pause)", label_for_errors="the date the pause ended", required=False
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter the reason for the change"},
    )
    agreed_by = forms.CharField(
        label="Who agreed it",
        help_text="For example, the National Panel or the three safeguarding partners",
        max_length=200,
        error_messages={"required": "Enter who agreed the change"},
    )

    def __init__(self, *args: Any, current_due: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_due = current_due

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == AdjustmentKind.EXTENSION:
            new_due = data.get("new_due")
            if new_due is None and "new_due" not in self.errors:
                self.add_error("new_due", "Enter the new due date")
            elif new_due is not None and new_due <= self.current_due:
                self.add_error("new_due", f"The new due date must be after {self.current_due:%-d %B %Y}")
            elif new_due is not None and new_due.year > wd.LAST_YEAR - 2:
                self.add_error("new_due", f"The new due date must be in {wd.LAST_YEAR - 2} or earlier")
        elif kind == AdjustmentKind.PAUSE:
            start, end = data.get("paused_from"), data.get("paused_until")
            if start is None and "paused_from" not in self.errors:
                self.add_error("paused_from", "Enter the date the pause started")
            if end is None and "paused_until" not in self.errors:
                self.add_error("paused_until", "Enter the date the pause ended")
            if start is not None and end is not None:
                if end < start:
                    self.add_error("paused_until", "The date the pause ended must be the same as or after it started")
                elif start.year < wd.FIRST_YEAR:
                    self.add_error("paused_from", f"The date must be in {wd.FIRST_YEAR} or later")
        return data


class ClosureDayForm(forms.Form):
    date = GovukDateField(label="Date the partnership is closed", label_for_errors="the date of the closure day")
    reason = forms.CharField(
        label="Reason",
        help_text="For example, office closure between Christmas and New Year",
        max_length=200,
        error_messages={"required": "Enter the reason for the closure day"},
    )

    def __init__(self, *args: Any, check: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check = check

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if self.check is not None:
            try:
                self.check(day)
            except ValidationError as error:
                raise ValidationError(_closure_message(error)) from error
        return day


def _closure_message(error: ValidationError) -> str:
    text = error.messages[0] if error.messages else "Enter a real working day"
    if "weekend" in text:
        return "The closure day must be a weekday: weekends are never working days"
    return text.rstrip(".")
