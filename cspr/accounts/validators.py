"""Password rules beyond Django's (NCSC: length over complexity, and a deny list)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# Words an attacker guessing passwords for this service tries first.
DENY_WORDS = (
    "password",
    "passw0rd",
    "safeguarding",
    "safeguard",
    "partnership",
    "cspr",
    "manager",
    "practice",
    "review",
    "rapidreview",
    "children",
    "child",
    "welcome",
    "qwerty",
    "letmein",
)


def _normalise(text: str) -> str:
    # Catch the usual substitutions: "Saf3guard!ng" is still "safeguarding".
    table = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
    return re.sub(r"[^a-z]", "", text.lower().translate(table))


class ServiceWordsValidator:
    """Refuses a password that is mostly made of words tied to this service."""

    def validate(self, password: str, user: object = None) -> None:
        letters = _normalise(password)
        remaining = letters
        for word in sorted(DENY_WORDS, key=len, reverse=True):
            remaining = remaining.replace(word, "")
        found = [word for word in DENY_WORDS if word in letters]
        # Refuse when the deny-listed words make up most of the password: a long passphrase
        # that merely contains one of them ("river child lantern orbit") stays allowed.
        if found and len(remaining) < 8:
            raise ValidationError(
                "Your password is too easy to guess. Do not base it on words like ‘password’, "
                "‘safeguarding’ or ‘partnership’, or on the name of this service",
                code="password_service_words",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be based on words like ‘password’, ‘safeguarding’ or the name of this service."
