"""A running copy of CSPR Manager for `make attack` and `make drill`: environment, processes, sign-in.

The copy is the production shape (``CSPR_PRODUCTION=true``, collectstatic, gunicorn) on a loopback
port, with the demo world seeded into its own database by the same keys in development mode (the
demo world and ``demo_code`` refuse production). Requests say they came through the TLS proxy
(``X-Forwarded-Proto: https``) and from the site's own origin, as a browser behind it would.
Standard library only.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


class Failed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Copy:
    """Keys and places of one running copy; ``env(production)`` gives each process its settings."""

    work: Path
    database_url: str
    port: int = field(default_factory=free_port)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    audit_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    extra: dict[str, str] = field(default_factory=dict)
    # Serve in production mode (Secure __Host- cookies: clients must say they came through TLS).
    production: bool = True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self, production: bool) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k != "DJANGO_SETTINGS_MODULE"}
        env.update(
            DJANGO_SETTINGS_MODULE="cspr.settings",
            DATABASE_URL=self.database_url,
            CSPR_SECRET_KEY=self.secret_key,
            CSPR_AUDIT_KEY=self.audit_key,
            CSPR_AUDIT_CHECKPOINT_DIR=str(self.work / "audit-checkpoints"),
            CSPR_MEDIA_ROOT=str(self.work / "files"),
            CSPR_SITE_URL=f"http://127.0.0.1:{self.port}",
            PORT=str(self.port),
            PYTHONUNBUFFERED="1",
        )
        if production:
            env.update(
                CSPR_PRODUCTION="true",
                CSPR_ALLOWED_HOSTS="127.0.0.1",
                CSPR_STATIC_ROOT=str(self.work / "static"),
            )
        env.update(self.extra)
        return env

    def manage(self, *args: str, production: bool = False, timeout: float = 600) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(production),
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise Failed(f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def prepare(self) -> None:
        """A fresh database with the demo world, and the static files production serves."""
        self.work.mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--no-input")
        self.manage("seed_demo")
        self.manage("collectstatic", "--no-input", production=True)

    def start_web(self, log: Path, workers: int = 2, threads: int = 4) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            server = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "cspr.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(workers),
                    "--threads",
                    str(threads),
                    "--timeout",
                    "60",
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=self.env(self.production),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready(server, log)
        return server

    def wait_ready(self, server: subprocess.Popen[bytes], log: Path, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while True:
            if server.poll() is not None:
                raise Failed(f"gunicorn exited with {server.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                status, _, _ = self.browser().request("/accounts/login/")
                if status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise Failed(f"gunicorn did not answer within {seconds}s")
            time.sleep(0.3)

    def browser(self) -> Browser:
        return Browser(self.base, secure=self.production)

    def totps(self, emails: list[str]) -> dict[str, str]:
        """The demo users' current one-time codes, from one process (starting Django takes seconds)."""
        script = (
            "import django, json, sys; django.setup(); "
            "from cspr.accounts.management.commands.demo_code import current_code; "
            "from cspr.accounts.models import User; "
            "print(json.dumps({e: current_code(User.objects.get(email=e, is_demo=True)) for e in sys.argv[1:]}))"
        )
        done = subprocess.run(
            [PYTHON, "-c", script, *emails],
            cwd=ROOT,
            env=self.env(False),
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if done.returncode != 0:
            raise Failed(f"No one-time codes: {done.stderr[-2000:]}")
        codes: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
        return codes

    def sign_in_all(self, emails: list[str], password: str) -> dict[str, Browser]:
        """Several demo users at once: one process for their codes, then each through the pages."""
        for attempt in range(3):
            try:
                codes = self.totps(emails)
                return {email: self.sign_in(email, password, code=codes[email]) for email in emails}
            except Failed:
                if attempt == 2:
                    raise
                time.sleep(31 - time.time() % 30)  # each code is accepted once: wait for the next
        raise Failed("unreachable")

    def sign_in(self, email: str, password: str, code: str | None = None) -> Browser:
        """Password, then the authenticator app's current code, through the real pages."""
        for attempt in range(3):
            browser = self.browser()
            status, _, page = browser.request("/accounts/login/")
            status, location, _ = browser.request(
                "/accounts/login/", {"csrfmiddlewaretoken": csrf_token(page), "login": email, "password": password}
            )
            if status != 302 or "2fa/authenticate" not in location:
                raise Failed(f"Signing in as {email} answered {status} to {location or 'nowhere'}")
            status, _, page = browser.request("/accounts/2fa/authenticate/")
            if code is None or attempt > 0:
                code = self.totps([email])[email]
            status, location, _ = browser.request(
                "/accounts/2fa/authenticate/", {"csrfmiddlewaretoken": csrf_token(page), "code": code}
            )
            if status == 302 and "/accounts/" not in location:
                return browser
            time.sleep(31 - time.time() % 30 if attempt == 0 else 1)  # a code used once: wait for the next
        raise Failed(f"The second factor for {email} was refused")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if found is None:
        raise Failed("No form token on the page")
    return found.group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """Just enough of a browser behind the TLS proxy: cookies by hand (Secure, ``__Host-``), no
    automatic redirects, the Origin Django's CSRF check wants on a secure request."""

    def __init__(self, base: str, timeout: float = 30, secure: bool = True) -> None:
        self.base = base
        self.secure = secure
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    @property
    def origin(self) -> str:
        return ("https://" + self.base.split("://", 1)[1]) if self.secure else self.base

    def headers(self) -> dict[str, str]:
        return {"X-Forwarded-Proto": "https", "Origin": self.origin} if self.secure else {"Origin": self.origin}

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(
        self,
        path: str,
        data: dict[str, str] | None = None,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> tuple[int, str, str]:
        headers = {**self.headers(), "Referer": self.origin + path}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - loopback only
        try:
            response = self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
        return response.status, response.headers.get("Location", ""), response.read().decode(errors="replace")

    def form_token(self, path: str) -> str:
        _, _, page = self.request(path)
        return csrf_token(page)


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "cspr" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
