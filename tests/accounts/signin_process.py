"""A separate web process for tests/accounts/test_lockout.py: posts the sign-in form through
Django's request handling ``times`` times and prints what each answer was, as JSON.

    python -m tests.accounts.signin_process EMAIL PASSWORD TIMES CLIENT_ADDRESS [memory]

``memory``: this process keeps its counts in its own memory (Django's local-memory cache), as
every web process did before the counts moved to the shared cache: the control of the two-process
test, showing that it is the shared cache, and nothing else, that carries the count across.
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import hashers
    from django.test import Client

    # The test suite stores passwords with its fast hasher (tests/conftest.py); accept it here too.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    hashers.get_hashers.cache_clear()  # type: ignore[attr-defined]
    hashers.get_hashers_by_algorithm.cache_clear()  # type: ignore[attr-defined]

    email, password, times, address = argv[0], argv[1], int(argv[2]), argv[3]
    if argv[4:] == ["memory"]:
        from django.core.cache import caches

        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        caches.__dict__.pop("settings", None)  # nothing has used a cache yet: read the setting again
    outcomes = []
    for _ in range(times):
        response = Client(REMOTE_ADDR=address).post("/accounts/login/", {"login": email, "password": password})
        page = response.content.decode()
        if response.status_code == 302:
            outcomes.append("signed_in" if "/accounts/2fa/" in response["Location"] else response["Location"])
        elif "too many wrong attempts to sign in to this account" in page:
            outcomes.append("throttled")  # the account's own wait, not the per-address limit
        elif "too many" in page:
            outcomes.append("throttled (not the account)")
        elif "Enter a correct email address and password" in page:
            outcomes.append("wrong")
        else:
            outcomes.append(f"status {response.status_code}")
    print(json.dumps(outcomes))


if __name__ == "__main__":
    main(sys.argv[1:])
