"""Two web processes and two task workers on one database and one document store (issue 15).

Production settings (``CSPR_PRODUCTION=true``, collected static files), two gunicorn processes on
their own ports, two ``db_worker`` processes, the store in a real S3-compatible server (moto's, on
loopback), SMTP on loopback. The database is the test's own, made already migrated from pytest's
test database (tests/migrated.py): on PostgreSQL in CI's second run, else a SQLite file in WAL mode.
Through the real pages:

- sign in (password and authenticator code) on web A; the same session works on web B;
- create an account through A (a record), read it through B;
- that action queued the set-password email through A: exactly one copy arrives, sent by a worker;
- upload the partnership logo through A's settings form (a record change and a stored file):
  B serves the same bytes, and the object is in the bucket;
- twenty tasks enqueued at once each run exactly once across the two workers.
"""

from __future__ import annotations

import html.parser
import importlib.util
import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value

from tests.mail import SMTPServer, _free_port, _Handler
from tests.matrix.core import TINY_PNG
from tests.operations.s3server import running_s3

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-processes-test-password-1"
EMAIL = "manager@two-processes.invalid"
NEW_EMAIL = "new.reviewer@two-processes.invalid"

_spec = importlib.util.spec_from_file_location("production_shape", ROOT / ".ci" / "production_shape.py")
assert _spec is not None
assert _spec.loader is not None
production_shape = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(production_shape)


class _Form(html.parser.HTMLParser):
    """The values a browser would submit from the first form with a given action (or the first form)."""

    def __init__(self, action: str | None = None) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.done = False
        self.values: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and (self.action is None or a.get("action", "") == self.action):
            self.inside = True
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"radio", "checkbox"}:
                if "checked" in a:
                    self.values.append((name, a.get("value", "on")))
            elif kind not in {"file", "submit", "button"}:
                self.values.append((name, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = name
            self.values.append((name, ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.values[-1]
            self.values[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_values(page: str, action: str | None = None) -> dict[str, str]:
    parser = _Form(action)
    parser.feed(page)
    values = dict(parser.values)
    if values.get("csrfmiddlewaretoken") is None:
        raise AssertionError("no form with a CSRF token on the page")
    # Leading newline of a textarea's content is not part of its value.
    return {k: v[1:] if v.startswith("\n") else v for k, v in values.items()}


class Browser:
    """Cookies kept by hand (Secure, __Host- cookies over the loopback's plain HTTP behind the
    "TLS proxy" header), no automatic redirects, one cookie jar for both web processes."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(production_shape._NoRedirect)

    def request(
        self,
        base: str,
        path: str,
        data: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> tuple[int, str, bytes]:
        headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{base.split('://')[1]}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body: bytes | None = None
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in (data or {}).items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                )
            for name, (filename, content) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n".encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(base + path, data=body, headers=headers)  # noqa: S310 - loopback only
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), response.read()


def _manage(env: dict[str, str], *args: str, timeout: int = 600) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr[-4000:]}"
    return done.stdout


def _shell(env: dict[str, str], code: str) -> Any:
    return json.loads(_manage(env, "shell", "-c", code).strip().splitlines()[-1])


@contextmanager
def _smtp() -> Iterator[SMTPServer]:
    port = _free_port()
    server = SMTPServer("127.0.0.1", port)
    controller = Controller(_Handler(server), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@contextmanager
def _process(argv: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        assert process.poll() is None, log.read_text(errors="replace")[-4000:]
        try:
            status, _ = production_shape._get(f"{base}/readyz")
            if status == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{base} not ready:\n{log.read_text(errors='replace')[-4000:]}"
        time.sleep(0.3)


def _code(secret: str, used: set[int]) -> str:
    while True:
        counter = int(time.time()) // 30
        if counter not in used:
            used.add(counter)
            return str(format_hotp_value(hotp_value(secret, counter)))
        time.sleep(1)


def test_two_web_processes_and_two_workers_share_one_database_and_one_store(
    tmp_path: Path, migrated_database: str
) -> None:
    with ExitStack() as stack:
        # A copy of the migrated test database (tests/migrated.py): migrate's own run is
        # tests/foundation/test_production_shape.py's.
        database_url = migrated_database
        s3 = stack.enter_context(running_s3())
        smtp = stack.enter_context(_smtp())
        env = production_shape.production_env(database_url, tmp_path / "static")
        env.update(s3.env("two-processes"))
        env.update(
            CSPR_SMTP_HOST="127.0.0.1",
            CSPR_SMTP_PORT=str(smtp.port),
            CSPR_SMTP_STARTTLS="false",
            CSPR_PDF_CONVERTER_SOCKET=str(tmp_path / "no-converter.sock"),
            HOME=str(tmp_path),
        )
        _manage(env, "collectstatic", "--no-input", "-v0")
        secret = generate_totp_secret()
        manager_id = _shell(
            {**env, "TWO_SECRET": secret},
            "import os, json; from allauth.mfa.totp.internal.auth import TOTP; "
            "from cspr.organisations.models import Region; from cspr.accounts.models import User; "
            "from cspr.accounts.roles import Role; from tests.world import make_partnership; "
            "p = make_partnership(Region.objects.create(name='Two Region'), 'Two Test Partnership', 'TWO'); "
            f"u = User.objects.create_user('{EMAIL}', '{PASSWORD}', full_name='Two Manager', "
            "role=Role.BUSINESS_MANAGER, partnership=p); TOTP.activate(u, os.environ['TWO_SECRET']); "
            "print(json.dumps(u.pk))",
        )

        webs = []
        for name in ("a", "b"):
            port = _free_port()
            base = f"http://127.0.0.1:{port}"
            log = tmp_path / f"web-{name}.log"
            # The image's gunicorn settings, on a loopback port with one worker each.
            argv = [sys.executable, "-m", "gunicorn", "--config", "python:cspr.operations.gunicorn_conf"]
            argv += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1", "cspr.wsgi:application"]
            webs.append((base, stack.enter_context(_process(argv, env, log)), log))
        workers = [
            stack.enter_context(
                _process(
                    [
                        sys.executable,
                        "manage.py",
                        "db_worker",
                        "--no-reload",
                        "--queue-name",
                        "default",
                        "--interval",
                        "0.2",
                    ],
                    env,
                    tmp_path / f"worker-{n}.log",
                )
            )
            for n in (1, 2)
        ]
        # The four processes start side by side; the pages need both web processes up.
        for base, web, log in webs:
            _wait_ready(base, web, log)
        web_a, web_b = (base for base, _, _ in webs)

        # Sign in on A: password, then the authenticator app's code.
        browser = Browser()
        used: set[int] = set()
        status, _, page = browser.request(web_a, "/accounts/login/")
        token = form_values(page.decode())["csrfmiddlewaretoken"]
        status, location, _ = browser.request(
            web_a, "/accounts/login/", {"csrfmiddlewaretoken": token, "login": EMAIL, "password": PASSWORD}
        )
        assert (status, location) == (302, "/accounts/2fa/authenticate/")
        status, _, page = browser.request(web_a, location)
        token = form_values(page.decode())["csrfmiddlewaretoken"]
        status, location, _ = browser.request(
            web_a, location, {"csrfmiddlewaretoken": token, "code": _code(secret, used)}
        )
        assert status == 302, "the authenticator code was refused"
        # The session lives in the shared database: B knows who this is.
        status, _, page = browser.request(web_b, "/partnership/users/")
        assert status == 200
        assert EMAIL.encode() in page

        # A record created through A (an account) is read through B.
        status, _, page = browser.request(web_a, "/partnership/users/new/")
        token = form_values(page.decode())["csrfmiddlewaretoken"]
        status, location, _ = browser.request(
            web_a,
            "/partnership/users/new/",
            {
                "csrfmiddlewaretoken": token,
                "full_name": "Two Reviewer",
                "email": NEW_EMAIL,
                "role": "review_team_member",
            },
        )
        assert status == 302, "creating the account was refused"
        assert re.fullmatch(r"/partnership/users/\d+/", location)
        status, _, page = browser.request(web_b, location)
        assert status == 200
        assert NEW_EMAIL.encode() in page

        # The set-password email it queued through A is sent once, by one of the workers.
        received = smtp.wait_for(1, timeout=60)
        sent_at = time.monotonic()
        assert [m.recipients for m in received] == [[NEW_EMAIL]]

        # A file stored through A (the logo, with a change of the settings record) is served by B.
        status, _, page = browser.request(web_a, "/partnership/edit/")
        assert status == 200
        values = form_values(page.decode(), action="")
        values["signature_name"] = "Two Processes Signature"
        status, location, _ = browser.request(
            web_a, "/partnership/edit/", values, files={"logo_upload": ("logo.png", TINY_PNG)}
        )
        assert status == 302, "saving the settings was refused"
        status, _, logo_b = browser.request(web_b, "/partnership/logo/")
        status_a, _, logo_a = browser.request(web_a, "/partnership/logo/")
        assert (status, status_a) == (200, 200)
        assert logo_b == logo_a
        assert logo_b.startswith(b"\x89PNG")
        assert [k for k in s3.object_keys("two-processes/") if k.startswith("two-processes/logos/")]
        status, _, page = browser.request(web_b, "/partnership/")
        assert b"Two Processes Signature" in page

        # Three seconds after the email arrived (the logo's requests took part of them), both workers
        # have had every chance to send it again: still one copy, its row sent on the first attempt.
        time.sleep(max(0.0, 3 - (time.monotonic() - sent_at)))
        assert len(smtp.messages) == 1
        # The same manage.py process then enqueues twenty tasks at once: each runs exactly once
        # across the two workers.
        ledger = tmp_path / "ledger.txt"
        sent = _shell(
            env,
            "import json; from cspr.outbox.models import Message; "
            "from tests.operations.two_process_tasks import record_run; "
            f"sent = [[m.status, m.attempts] for m in Message.objects.all() if '{NEW_EMAIL}' in m.recipients]; "
            f"[record_run.enqueue(f't{{i}}', '{ledger}') for i in range(20)]; print(json.dumps(sent))",
        )
        assert sent == [["sent", 1]]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if ledger.exists() and len(ledger.read_text().splitlines()) >= 20:
                break
            time.sleep(0.2)
        time.sleep(2)
        runs = [line.split() for line in ledger.read_text().splitlines()]
        assert sorted(token for token, _ in runs) == sorted(f"t{i}" for i in range(20))
        by_worker = {pid: sum(1 for _, p in runs if p == pid) for _, pid in runs}
        assert set(by_worker) <= {str(w.pid) for w in workers}
        print(f"\ntwo processes: 20 tasks ran once each; per worker {sorted(by_worker.values())}")

        # Both web processes wrote JSON request lines with the URL pattern, never the path.
        for name in ("a", "b"):
            lines = [
                json.loads(line)
                for line in (tmp_path / f"web-{name}.log").read_text().splitlines()
                if line.startswith("{") and '"cspr.request"' in line
            ]
            assert lines, f"web {name} logged no requests"
            assert any('"gunicorn.error"' in line for line in (tmp_path / f"web-{name}.log").read_text().splitlines())
            assert all("two-processes.invalid" not in json.dumps(line) for line in lines)
            assert any(line["route"] == "/partnership/users/<int:user_id>/" for line in lines) or name == "a"
        assert manager_id
