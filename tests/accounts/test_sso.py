"""Single sign-on (Microsoft Entra ID or generic OIDC) is configured by environment; it signs in
existing users matched by the email address the identity provider vouches for, and never creates one."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.test import Client, RequestFactory

from cspr.accounts.adapters import SocialAccountAdapter
from cspr.accounts.roles import Role
from tests.world import World

ROOT = Path(__file__).resolve().parents[2]
ENTRA = {
    "microsoft": {
        "APPS": [{"client_id": "entra-client", "secret": "entra-secret", "settings": {"tenant": "contoso-tenant-id"}}],
        "VERIFIED_EMAIL": True,
    }
}


def test_environment_switches_providers_on() -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "CSPR_ENTRA_CLIENT_ID": "entra-client",
        "CSPR_ENTRA_CLIENT_SECRET": "entra-secret",
        "CSPR_ENTRA_TENANT": "contoso-tenant-id",
        "CSPR_OIDC_CLIENT_ID": "oidc-client",
        "CSPR_OIDC_CLIENT_SECRET": "oidc-secret",
        "CSPR_OIDC_SERVER_URL": "https://idp.example.org",
        "DJANGO_SETTINGS_MODULE": "cspr.settings",
    }
    code = "import json, django; django.setup(); from django.conf import settings; print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    providers = json.loads(result.stdout.strip().splitlines()[-1])
    assert providers["microsoft"]["APPS"][0]["settings"] == {"tenant": "contoso-tenant-id"}
    assert providers["openid_connect"]["APPS"][0]["settings"] == {"server_url": "https://idp.example.org"}


@pytest.mark.django_db
def test_entra_button_and_redirect_to_authorize(settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = ENTRA
    client = Client()
    page = client.get("/accounts/login/?next=/cases/").content.decode()
    assert "Sign in with your organisation account" in page
    assert 'action="/accounts/microsoft/login/?process=login"' in page
    assert '<input type="hidden" name="next" value="/cases/">' in page
    response = client.post("/accounts/microsoft/login/?process=login", {"next": "/cases/"})
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert (target.scheme, target.netloc) == ("https", "login.microsoftonline.com")
    assert target.path == "/contoso-tenant-id/oauth2/v2.0/authorize"
    query = parse_qs(target.query)
    assert query["client_id"] == ["entra-client"]
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"] == ["http://testserver/accounts/microsoft/login/callback/"]
    assert query["state"]


class _Discovery(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        assert isinstance(self.server, HTTPServer)
        base = f"http://127.0.0.1:{self.server.server_port}"
        body = json.dumps(
            {
                "issuer": base,
                "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token",
                "userinfo_endpoint": f"{base}/userinfo",
                "jwks_uri": f"{base}/jwks",
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def discovery_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Discovery)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db
def test_generic_oidc_button_and_redirect(settings: Any, discovery_server: str) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "partnership-idp",
                    "name": "Partnership sign-in",
                    "client_id": "oidc-client",
                    "secret": "oidc-secret",
                    "settings": {"server_url": discovery_server},
                }
            ]
        }
    }
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with your organisation account" in page
    assert 'action="/accounts/oidc/partnership-idp/login/?process=login"' in page
    response = client.post("/accounts/oidc/partnership-idp/login/?process=login")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{discovery_server}/authorize?")
    assert parse_qs(urlparse(response["Location"]).query)["client_id"] == ["oidc-client"]


def _social_login(email: str, verified: bool) -> SocialLogin:
    login = SocialLogin(account=SocialAccount(provider="microsoft", uid="idp-user-1"))
    login.email_addresses = [EmailAddress(email=email, verified=verified, primary=True)]
    return login


@pytest.mark.django_db
def test_matches_existing_user_by_verified_email_only(world: World) -> None:
    adapter = SocialAccountAdapter(RequestFactory().get("/"))
    user = world.user(Role.BUSINESS_MANAGER)
    user.set_password("orbit lantern marmalade")
    user.save()
    matched = adapter.authenticate_by_email(_social_login(user.email.upper(), verified=True))
    assert matched == (user, user.email)
    # The address is recorded as verified, so allauth does not wipe the user's password.
    assert EmailAddress.objects.get(user=user).verified
    user.refresh_from_db()
    assert user.check_password("orbit lantern marmalade")
    assert adapter.authenticate_by_email(_social_login(user.email, verified=False)) is None
    assert adapter.authenticate_by_email(_social_login("stranger@test.invalid", verified=True)) is None
    user.is_active = False
    user.save()
    assert adapter.authenticate_by_email(_social_login(user.email, verified=True)) is None


@pytest.mark.django_db
def test_never_creates_users() -> None:
    request = RequestFactory().get("/")
    assert SocialAccountAdapter(request).is_open_for_signup(request, _social_login("x@test.invalid", True)) is False
