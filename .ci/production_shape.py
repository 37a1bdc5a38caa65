"""Build and serve the production shape, then fetch the sign-in page and a static file over HTTP.

    DATABASE_URL=postgres://... .venv/bin/python .ci/production_shape.py

collectstatic into a temporary directory, migrate, gunicorn with CSPR_PRODUCTION=true on a free
loopback port, GET the sign-in page (200) and every stylesheet and script it links (200, manifest
names), sign in as a new user through the form (CSRF, __Host- cookies behind a TLS proxy) and reach
the second-factor set-up page, then stop gunicorn. Exits 1 with the reason on any failure.
Standard library only, so CI and the test (tests/foundation/test_production_shape.py) run exactly
the same steps.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOT_SECONDS = 60


class Failed(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class _Browser:
    """Just enough of a browser to sign in: cookies by hand (they are Secure and __Host-, and the
    standard cookie jar will not send Secure cookies over the loopback's plain HTTP), no automatic
    redirects, and the Referer that Django's CSRF check wants on a secure request."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{self.base.split('://')[1]}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - http://127.0.0.1 only
        try:
            response = self.opener.open(request, timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), response.read().decode(errors="replace")


def _sign_in(base: str, env: dict[str, str]) -> list[str]:
    """Create a user, sign in through the real form, and land on the second-factor set-up page."""
    email = "ci.production.check@example.invalid"
    password = secrets.token_urlsafe(24)
    _manage(
        {**env, "CSPR_CI_EMAIL": email, "CSPR_CI_PASSWORD": password},
        "shell",
        "-c",
        "import os; from cspr.accounts.models import User; from cspr.accounts.roles import Role; "
        "User.objects.filter(email=os.environ['CSPR_CI_EMAIL']).delete(); "
        "User.objects.create_user(os.environ['CSPR_CI_EMAIL'], os.environ['CSPR_CI_PASSWORD'], "
        "full_name='CI production check', role=Role.SYSTEM_ADMIN)",
    )
    browser = _Browser(base)
    status, _, page = browser.request("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise Failed(f"The sign-in page answered {status} without a form token")
    status, location, _ = browser.request(
        "/accounts/login/", {"csrfmiddlewaretoken": token.group(1), "login": email, "password": password}
    )
    if status != 302 or "/accounts/login" in location:
        raise Failed(f"Signing in answered {status} (to {location or 'nowhere'})")
    steps = [f"302 sign in -> {location}"]
    for _ in range(5):
        status, next_location, page = browser.request(urllib.parse.urlsplit(location).path)
        steps.append(f"{status} {urllib.parse.urlsplit(location).path}")
        if status != 302:
            break
        location = next_location
    if status != 200 or "/accounts/login" in location or "csrfmiddlewaretoken" not in page:
        raise Failed("After signing in, no signed-in page was reached: " + ", ".join(steps))
    return steps


def _get(url: str) -> tuple[int, bytes]:
    # Behind the TLS proxy production expects, the proxy says the request came over HTTPS.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - http://127.0.0.1 only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise Failed(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def production_env(database_url: str, static_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in [n for n in env if n.startswith("CSPR_") or n == "DJANGO_SETTINGS_MODULE"]:
        del env[name]
    env.update(
        CSPR_PRODUCTION="true",
        CSPR_SECRET_KEY=secrets.token_urlsafe(48),
        CSPR_ALLOWED_HOSTS="127.0.0.1",
        CSPR_AUDIT_KEY=secrets.token_urlsafe(48),
        CSPR_AUDIT_CHECKPOINT_DIR=str(static_root.parent / "audit-checkpoints"),
        CSPR_SITE_URL="http://127.0.0.1",
        CSPR_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="cspr.settings",
    )
    return env


def check(database_url: str) -> list[str]:
    """Run every step; return what was fetched (for the log). Raises ``Failed``."""
    with tempfile.TemporaryDirectory(prefix="cspr-prod-") as tmp:
        env = production_env(database_url, Path(tmp) / "static")
        _manage(env, "collectstatic", "--no-input")
        _manage(env, "migrate", "--no-input")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "gunicorn.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "cspr.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            try:
                fetched = _fetch(base, server, log)
                return fetched + _sign_in(base, env)
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


def _fetch(base: str, server: subprocess.Popen[bytes], log: Path) -> list[str]:
    deadline = time.monotonic() + BOOT_SECONDS
    while True:
        if server.poll() is not None:
            raise Failed(f"gunicorn exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            status, body = _get(f"{base}/accounts/login/")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise Failed(f"gunicorn did not answer within {BOOT_SECONDS}s") from None
            time.sleep(0.3)
    if status != 200:
        raise Failed(f"GET /accounts/login/ answered {status}:\n{body[:2000].decode(errors='replace')}")
    fetched = [f"200 /accounts/login/ ({len(body)} bytes)"]
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', body)
    if not any(a.endswith(b".css") for a in assets) or not any(a.endswith(b".js") for a in assets):
        raise Failed("The sign-in page links no stylesheet or no script under /static/")
    for path in dict.fromkeys(a.decode() for a in assets):
        if not re.search(r"\.[0-9a-f]{12}\.(css|js)$", path):
            raise Failed(f"{path} is not a hashed (manifest) name")
        status, content = _get(base + path)
        if status != 200 or not content:
            raise Failed(f"GET {path} answered {status}")
        fetched.append(f"200 {path} ({len(content)} bytes)")
    return fetched


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        print("Set DATABASE_URL to the database the production shape should migrate and use.", file=sys.stderr)
        return 2
    try:
        for line in check(database_url):
            print(line)
    except Failed as failure:
        print(f"Production shape failed: {failure}", file=sys.stderr)
        return 1
    print("Production shape: collectstatic, migrate, gunicorn, sign-in page, static files and signing in all work.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
