"""What the sign-in pages need besides allauth's own context: the single sign-on providers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest


def sign_in(request: HttpRequest) -> dict[str, Callable[[], list[dict[str, str]]]]:
    def sso_providers() -> list[dict[str, str]]:
        # Called from the sign-in template only, so other pages pay nothing for it.
        from allauth.socialaccount.adapter import get_adapter

        providers: list[Any] = get_adapter(request).list_providers(request)
        return [{"id": p.id, "name": str(p.name), "url": p.get_login_url(request, process="login")} for p in providers]

    return {"sso_providers": sso_providers}
