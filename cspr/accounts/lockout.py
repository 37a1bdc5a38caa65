"""django-axes needs the email address allauth signs in with, whatever allauth calls it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login")
    # One lock per address however it is typed: "Name@Example.org" is the same account.
    return str(value).strip().lower() if value else None
