"""GOV.UK style dates: "25 November 2026", times "2:15pm"."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def _parse(value: str) -> dt.date | dt.datetime | None:
    """A date or timestamp kept as ISO text (answers and decisions stored as JSON)."""
    try:
        return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    except ValueError:
        return None


def format_date(value: dt.date | str | None, empty: str = "Not recorded") -> str:
    if isinstance(value, str):
        if not value.strip():
            return empty
        parsed = _parse(value.strip())
        if parsed is None:
            return value  # typed by a person in their own words: shown as typed
        value = parsed
    if value is None:
        return empty
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            return f"{value.day} {value:%B %Y}"
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: dt.datetime | str | None, empty: str = "Not recorded") -> str:
    if isinstance(value, str):
        parsed = _parse(value.strip()) if value.strip() else None
        if not isinstance(parsed, dt.datetime):
            return format_date(value, empty)
        value = parsed
    if value is None:
        return empty
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{suffix}"
