"""GOV.UK style dates: "25 November 2026", times "2:15pm"."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def format_date(value: dt.date | None, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: dt.datetime | None, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{suffix}"
