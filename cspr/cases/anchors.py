"""Anchor dates (rules.md C2) and the order they must come in, checked when they are entered."""

from __future__ import annotations

import datetime as dt

ANCHOR_FIELDS: list[tuple[str, str]] = [
    ("incident_date", "the date of the incident"),
    ("aware_date", "the date the local authority became aware"),
    ("notification_sent_date", "the date the notification was sent"),
    ("referral_received_date", "the date the referral was received"),
    ("scoping_sent_date", "the date the scoping requests were sent"),
    ("meeting_date", "the date of the Rapid Review meeting"),
    ("decision_date", "the date of the decision"),
    ("ratified_date", "the date the decision was ratified"),
    ("submitted_date", "the date the Rapid Review was submitted to the National Panel"),
]
LABELS = dict(ANCHOR_FIELDS)

# (earlier, later): the later one may not come before the earlier one.
ORDER: list[tuple[str, str]] = [
    ("incident_date", "aware_date"),
    ("aware_date", "notification_sent_date"),
    ("incident_date", "referral_received_date"),
    ("referral_received_date", "scoping_sent_date"),
    ("scoping_sent_date", "meeting_date"),
    ("referral_received_date", "meeting_date"),
    ("meeting_date", "decision_date"),
    ("decision_date", "ratified_date"),
    ("ratified_date", "submitted_date"),
]
# Events that cannot be in the future when recorded (a meeting can be planned ahead).
PAST_ONLY = {"incident_date", "aware_date", "notification_sent_date", "referral_received_date", "scoping_sent_date"}


def order_errors(values: dict[str, dt.date | None], today: dt.date) -> dict[str, str]:
    """GOV.UK-worded errors keyed by the field at fault (the later date of a pair)."""
    errors: dict[str, str] = {}
    for name in PAST_ONLY:
        value = values.get(name)
        if value is not None and value > today:
            errors[name] = f"{LABELS[name].capitalize()} must be today or in the past"
    for earlier, later in ORDER:
        a, b = values.get(earlier), values.get(later)
        if a is not None and b is not None and b < a and later not in errors:
            errors[later] = f"{LABELS[later].capitalize()} must be the same as or after {LABELS[earlier]}"
    return errors
