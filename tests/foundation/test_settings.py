"""Settings come from the environment; production refuses to start half-configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cspr.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CSPR_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cspr.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_development_defaults_start_immediately() -> None:
    result = _start({})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "Set the environment variable CSPR_SECRET_KEY."),
        ({"CSPR_SECRET_KEY": "short"}, "at least 50 characters"),
        ({"CSPR_SECRET_KEY": "k" * 60}, "Set CSPR_ALLOWED_HOSTS"),
        ({"CSPR_SECRET_KEY": "k" * 60, "CSPR_ALLOWED_HOSTS": "cspr.example.invalid"}, "DATABASE_URL"),
        (
            {"CSPR_SECRET_KEY": "k" * 60, "CSPR_ALLOWED_HOSTS": "cspr.example.invalid", "DATABASE_URL": "sqlite:///x"},
            "Set the environment variable CSPR_AUDIT_KEY.",
        ),
        (
            {
                "CSPR_SECRET_KEY": "k" * 60,
                "CSPR_ALLOWED_HOSTS": "cspr.example.invalid",
                "DATABASE_URL": "sqlite:///x",
                "CSPR_AUDIT_KEY": "short",
            },
            "CSPR_AUDIT_KEY must be at least 32 characters",
        ),
        (
            {
                "CSPR_SECRET_KEY": "k" * 60,
                "CSPR_ALLOWED_HOSTS": "cspr.example.invalid",
                "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
                "CSPR_AUDIT_KEY": "a" * 40,
            },
            "Set the environment variable CSPR_SITE_URL.",
        ),
    ],
)
def test_production_refuses_to_start_without_its_settings(env: dict[str, str], message: str) -> None:
    result = _start({"CSPR_PRODUCTION": "true", **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_when_fully_configured() -> None:
    result = _start(
        {
            "CSPR_PRODUCTION": "true",
            "CSPR_SECRET_KEY": "k" * 60,
            "CSPR_ALLOWED_HOSTS": "cspr.example.invalid",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
            "CSPR_AUDIT_KEY": "a" * 40,
            "CSPR_SITE_URL": "https://cspr.example.invalid",
        }
    )
    assert result.returncode == 0, result.stderr


def test_links_in_development_follow_the_port_make_run_serves_on() -> None:
    shown = "from django.conf import settings; print(settings.SITE_URL)"
    for env, expected in [({}, "http://127.0.0.1:8000"), ({"PORT": "8123"}, "http://127.0.0.1:8123")]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("CSPR_", "DATABASE_URL", "PORT"))}
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {shown}"],
            cwd=ROOT,
            env={**clean, "DJANGO_SETTINGS_MODULE": "cspr.settings", **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.stdout.strip() == expected, result.stderr


def test_env_helpers_parse_and_fail_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CSPR_T_BOOL", "yes")
    monkeypatch.setenv("CSPR_T_INT", "42")
    monkeypatch.setenv("CSPR_T_LIST", "a.example, b.example ,")
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("CSPR_T_SECRET_FILE", str(secret_file))
    assert env_bool("CSPR_T_BOOL", False) is True
    assert env_int("CSPR_T_INT", 0) == 42
    assert env_list("CSPR_T_LIST", []) == ["a.example", "b.example"]
    assert env_str("CSPR_T_SECRET") == "from-a-file"
    monkeypatch.setenv("CSPR_T_BOOL", "perhaps")
    with pytest.raises(ImproperlyConfiguredEnv, match="must be true or false"):
        env_bool("CSPR_T_BOOL", False)
    monkeypatch.setenv("CSPR_T_INT", "many")
    with pytest.raises(ImproperlyConfiguredEnv, match="whole number"):
        env_int("CSPR_T_INT", 0)
    with pytest.raises(ImproperlyConfiguredEnv, match="Set the environment variable CSPR_T_MISSING"):
        env_str("CSPR_T_MISSING")
