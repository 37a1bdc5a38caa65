"""NCSC password policy: at least 12 characters, no common passwords, no service words."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from cspr.accounts.validators import ServiceWordsValidator


@pytest.mark.parametrize(
    "password",
    [
        "Safeguarding2026!",
        "safeguardingpartnership",
        "CSPR Manager 2026",
        "Password123456",
        "P@ssw0rd-P@ssw0rd",
        "partnership-review!",
        "Saf3guard1ng-2024",
    ],
)
def test_service_words_refused(password: str) -> None:
    with pytest.raises(ValidationError) as raised:
        ServiceWordsValidator().validate(password)
    assert "too easy to guess" in raised.value.messages[0]


@pytest.mark.parametrize(
    "password",
    [
        "river lantern orbit",
        "a-long-test-password-1".replace("password", "pangolin"),
        "child marmalade telescope",  # one service word inside a long passphrase is fine
    ],
)
def test_long_passphrases_allowed(password: str) -> None:
    ServiceWordsValidator().validate(password)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short-pass", "at least 12 characters"),
        ("1qaz2wsx3edc", "too common"),
        ("safeguarding!!", "too easy to guess"),
    ],
)
def test_settings_validators_apply(password: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_password(password)
    assert any(fragment in message for message in raised.value.messages), raised.value.messages


@pytest.mark.django_db
def test_good_password_passes_all_validators() -> None:
    validate_password("orbit lantern marmalade")


def test_help_text() -> None:
    assert "safeguarding" in ServiceWordsValidator().get_help_text()
