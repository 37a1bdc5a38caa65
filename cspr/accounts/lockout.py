"""Sign-in throttling: wrong passwords and wrong one-time codes slow an account down, never lock it.

Counters live in the shared cache (``settings.CACHES``: the database cache, or Redis with
``CSPR_CACHE_URL``), so every web process sees the same count. Two limits:

- **Per account** (the email address, whatever address it is tried from): the first
  ``LOCKOUT_FREE_FAILURES`` wrong passwords cost nothing; each one after that makes the account wait
  longer before the next attempt (1, 2, 4 … minutes, at most ``LOCKOUT_MAX_MINUTES``). The right
  password clears the count. Wrong codes (authenticator app or recovery code) count separately,
  per account, the same way. When an account first has to wait, its holder is emailed (once a day
  at most) so they know someone is trying.
- **Per address** (the client address from ``cspr.accounts.clientip``): ``LOCKOUT_ADDRESS_FAILURES``
  failures of any account within ``LOCKOUT_ADDRESS_MINUTES`` stop sign-in attempts from that address
  until the window ends: password spraying across many accounts.

docs/decisions/0020-sign-in-throttle.md says why this replaced django-axes.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from cspr.accounts.clientip import client_ip

DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Wait:
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))

    def words(self) -> str:
        return "1 minute" if self.minutes == 1 else f"{self.minutes} minutes"


def normalise(value: object) -> str:
    # One count per account however the address is typed: "Name@Example.org" is the same account.
    return str(value or "").strip().lower()


def login_identifier(credentials: dict[str, Any] | None) -> str:
    credentials = credentials or {}
    return normalise(credentials.get("email") or credentials.get("login") or credentials.get("username"))


def _key(kind: str, identifier: str) -> str:
    # Hashed: cache keys (and a database cache's rows) carry no email address.
    return f"cspr:throttle:{kind}:{hashlib.sha256(identifier.encode()).hexdigest()[:40]}"


def delay_seconds(failures: int) -> int:
    """How long an account waits after this many failures in a row."""
    free = settings.LOCKOUT_FREE_FAILURES
    if failures < free:
        return 0
    minutes = min(2 ** (failures - free), settings.LOCKOUT_MAX_MINUTES)
    return int(minutes * 60)


def _account_wait(kind: str, identifier: str, now: float) -> Wait | None:
    state = cache.get(_key(kind, identifier))
    if not state:
        return None
    remaining = float(state.get("until", 0)) - now
    return Wait(math.ceil(remaining)) if remaining > 0 else None


def _address_wait(address: str, now: float) -> Wait | None:
    state = cache.get(_key("address", address))
    if not state or int(state.get("n", 0)) < settings.LOCKOUT_ADDRESS_FAILURES:
        return None
    remaining = float(state.get("reset", 0)) - now
    return Wait(math.ceil(remaining)) if remaining > 0 else None


def account_message(wait: Wait) -> str:
    return f"There have been too many wrong attempts to sign in to this account. Wait {wait.words()}, then try again"


def code_message(wait: Wait) -> str:
    return f"There have been too many wrong codes for this account. Wait {wait.words()}, then try again"


def address_message(wait: Wait) -> str:
    return f"There have been too many failed attempts to sign in from your network. Wait {wait.words()}, then try again"


def check(request: HttpRequest | None, identifier: str, *, kind: str = "password") -> None:
    """Raise the message to show when this account (or this address) must wait before trying."""
    now = time.time()
    if request is not None:
        address_wait = _address_wait(client_ip(request), now)
        if address_wait:
            raise ValidationError(address_message(address_wait), code="throttled_address")
    wait = _account_wait(kind, identifier, now) if identifier else None
    if wait:
        raise ValidationError(code_message(wait) if kind == "code" else account_message(wait), code="throttled_account")


def failed(request: HttpRequest | None, identifier: str, *, kind: str = "password") -> int:
    """Count one failure for the account and the address; returns the account's failures in a row."""
    now = time.time()
    failures = 0
    if identifier:
        key = _key(kind, identifier)
        state = cache.get(key) or {"n": 0}
        failures = int(state["n"]) + 1
        state = {"n": failures, "until": now + delay_seconds(failures)}
        cache.set(key, state, DAY)
        if failures == settings.LOCKOUT_FREE_FAILURES:
            _notify(identifier, kind)
    if request is not None:
        address = client_ip(request)
        key = _key("address", address)
        window = settings.LOCKOUT_ADDRESS_MINUTES * 60
        state = cache.get(key)
        if not state or float(state.get("reset", 0)) <= now:
            state = {"n": 0, "reset": now + window}
        state["n"] = int(state["n"]) + 1
        cache.set(key, state, window)
    return failures


def succeeded(identifier: str, *, kind: str = "password") -> None:
    if identifier:
        cache.delete(_key(kind, identifier))


def reset(identifier: str) -> None:
    """Forget an account's counts (an administrator reset its second factor)."""
    for kind in ("password", "code"):
        succeeded(normalise(identifier), kind=kind)


def _notify(identifier: str, kind: str) -> None:
    """Tell the account holder someone is trying; at most once a day per account and kind."""
    from cspr.accounts import notices
    from cspr.accounts.models import User

    user = User.objects.filter(email__iexact=identifier, is_active=True).first()
    if user is None or not cache.add(_key(f"notified-{kind}", identifier), 1, DAY):
        return
    notices.throttled(user, kind=kind)
