"""The load test of ``make bench-scale`` (locust, headless), run by ``manage.py bench_scale``.

Each simulated user signs in through the real sign-in: email and password, then the one-time code
computed from the TOTP secret the generator gave it (``var/bench-scale-users.json``), as an
authenticator app would. It then reads the pages of issue 15 in turn. Nothing here imports Django:
locust patches the standard library (gevent) and runs in its own process.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import os
import re
import struct
import time
from typing import Any

import gevent
from locust import HttpUser, between, task

USERS = json.loads(open(os.environ["BENCH_USERS_FILE"], encoding="utf-8").read())  # noqa: SIM115
CASE = os.environ.get("BENCH_CASE", "SCALE-BENCH-1")
HUGE_CASE = os.environ.get("BENCH_HUGE_CASE", "SCALE-BENCH-2")
REQUEST_ID = os.environ.get("BENCH_REQUEST_ID", "")
BARE_URL = os.environ.get("BENCH_BARE_URL", "")
MEASURE_SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
_next_user = itertools.count()
_signed_in = itertools.count(1)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), what allauth's TOTP expects."""
    key = base64.b32decode(secret)
    counter = int((at if at is not None else time.time()) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return str(code).zfill(digits)


class CaseReader(HttpUser):
    wait_time = between(0.2, 0.8)

    def on_start(self) -> None:
        account = USERS[next(_next_user) % len(USERS)]
        for _ in range(3):
            if self._sign_in(account):
                self._ready()
                return
            # A code is accepted once: the same user signing in again within 30 s waits for the next.
            time.sleep(31 - time.time() % 30)
        raise RuntimeError(f"could not sign in {account['email']}")

    def _ready(self) -> None:
        """When the last user has signed in, the measured window starts: the statistics are reset
        (sign-in hashes passwords, which would weigh on every page measured meanwhile) and the run
        stops MEASURE_SECONDS later."""
        runner = self.environment.runner
        if runner is not None and next(_signed_in) == runner.target_user_count:
            self.environment.stats.reset_all()
            gevent.spawn_later(MEASURE_SECONDS, runner.quit)

    def _sign_in(self, account: dict[str, str]) -> bool:
        page = self.client.get("/accounts/login/", name="sign-in").text
        found = TOKEN.search(page)
        if not found:
            return False
        response = self.client.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": found.group(1), "login": account["email"], "password": account["password"]},
            name="sign-in",
        )
        found = TOKEN.search(response.text)
        if "/2fa/authenticate" not in response.url or not found:
            return False
        response = self.client.post(
            "/accounts/2fa/authenticate/",
            {"csrfmiddlewaretoken": found.group(1), "code": totp(account["totp_secret"])},
            name="sign-in",
        )
        return response.ok and "/accounts/" not in response.url

    def _csrf(self) -> str:
        return str(self.client.cookies.get("cspr_csrf") or "")

    @task
    def floor(self) -> None:
        self.client.get("/accessibility/", name="floor")

    @task
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task
    def case_list(self) -> None:
        self.client.get("/cases/", name="case_list")

    @task
    def case_page(self) -> None:
        self.client.get(f"/cases/{CASE}/", name="case_page")

    @task
    def chronology(self) -> None:
        self.client.get(f"/chronology/{CASE}/", name="chronology_2000")

    @task
    def chronology_huge(self) -> None:
        self.client.get(f"/chronology/{HUGE_CASE}/", name="chronology_10000")

    @task
    def agency_request(self) -> None:
        if REQUEST_ID:
            self.client.get(f"/portal/case/{CASE}/requests/{REQUEST_ID}/", name="agency_request")

    def _download(self, fmt: str) -> None:
        with self.client.post(
            f"/documents/{CASE}/generate/RAPID_REVIEW_TEMPLATE/{fmt}/",
            {"csrfmiddlewaretoken": self._csrf()},
            headers={"Referer": f"{self.host}/cases/{CASE}/"},
            name=f"{fmt}_download",
            catch_response=True,
        ) as response:
            # The button's answer is the file itself (an attachment), not a redirect to it.
            if not response.ok or not response.headers.get("Content-Disposition", "").startswith("attachment;"):
                response.failure(f"{response.status_code} {response.url}")

    @task
    def word(self) -> None:
        self._download("docx")

    @task
    def pdf(self) -> None:
        self._download("pdf")

    @task
    def bare(self) -> None:
        if BARE_URL:
            self.client.get(BARE_URL, name="bare_django")


def _selfcheck() -> Any:  # the RFC 6238 test vector (SHA-1, T=59 s): 94287082 -> 287082 with 6 digits
    return totp(base64.b32encode(b"12345678901234567890").decode(), at=59)
