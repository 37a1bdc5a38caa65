"""Database sessions that two overlapping requests cannot undo each other's changes in.

Django's database session store writes the whole session back at the end of a request: a request
that loaded the session before another one changed it, and saves after it, silently puts the old
values back. Every signed-in request changes the session (``SessionLifetimeMiddleware`` records
when it was last seen), so any request of the same person that overlaps another rewrites it.

That broke passkeys (issue 10): allauth keeps the WebAuthn challenge in the session between the
page that begins the ceremony (``mfa.webauthn.state``) and the POST that completes it. A request
that overlapped the passkey page (a slow page finishing late, a second tab, a prefetch) wrote back
the challenge it had loaded, and the authenticator's answer was refused with "The code is not
correct or has expired". ``tests/accounts/test_sessions_merge.py`` replays exactly that.

Here a save writes only what this request changed: the keys whose values differ from what it
loaded, and the keys it removed, applied to the row as it is now, under a row lock. Creating,
cycling and flushing a session are unchanged (a new key has no concurrent writer).
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.sessions.backends import db
from django.db import router, transaction
from django.utils import timezone

_MISSING = object()


class SessionStore(db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        # What this request read from the database; None until loaded (or for a new session).
        self._loaded: dict[str, Any] | None = None

    def load(self) -> dict[str, Any]:
        data: dict[str, Any] = super().load()
        self._loaded = copy.deepcopy(data)
        return data

    def _changes(self, data: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
        loaded = self._loaded or {}
        changed = {key: value for key, value in data.items() if loaded.get(key, _MISSING) != value}
        removed = {key for key in loaded if key not in data}
        return changed, removed

    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None or self._loaded is None:
            super().save(must_create=must_create)
            self._loaded = None if must_create else self._loaded
            return
        data = self._get_session()
        changed, removed = self._changes(data)
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using):
            row = (
                self.model.objects.using(using)
                .select_for_update()
                .filter(session_key=self.session_key, expire_date__gt=timezone.now())
                .first()
            )
            if row is not None:
                # Someone else's changes since this request loaded stay; ours go on top.
                current: dict[str, Any] = self.decode(row.session_data)
                current.update(changed)
                for key in removed:
                    current.pop(key, None)
                self._session_cache = current
            # With no row (ended by sign-out or by an administrator) Django's save raises
            # UpdateError, as before: a session ended elsewhere is not brought back.
            super().save(must_create=False)
        self._loaded = copy.deepcopy(self._session_cache)
