"""What the sign-in pages need besides allauth's own context: the single sign-on providers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest


def identity_provider_origin(provider: Any) -> str | None:
    """Where a provider's login redirect goes (scheme and host), for the page's form-action."""
    if provider.id == "microsoft":
        return "https://login.microsoftonline.com"
    server_url = (getattr(provider, "app", None) and provider.app.settings.get("server_url")) or ""
    parts = urlsplit(server_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"https", "http"} and parts.netloc else None


def sign_in(request: HttpRequest) -> dict[str, Callable[[], list[dict[str, str]]]]:
    def sso_providers() -> list[dict[str, str]]:
        # Called from the sign-in template only, so other pages pay nothing for it.
        from allauth.socialaccount.adapter import get_adapter

        providers: list[Any] = get_adapter(request).list_providers(request)
        # The button posts to our provider login URL, which redirects to the identity provider;
        # the page's form-action policy must allow that origin or the browser stops the redirect.
        request.sso_form_action = sorted({o for p in providers if (o := identity_provider_origin(p))})  # type: ignore[attr-defined]
        return [{"id": p.id, "name": str(p.name), "url": p.get_login_url(request, process="login")} for p in providers]

    return {"sso_providers": sso_providers}
