"""``manage.py demo_code EMAIL`` prints a code that signs the demo user in, and nothing else."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError

from cspr.accounts.roles import Role
from tests.world import World, make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_prints_a_code_that_validates(world: World) -> None:
    user = make_user("demo.person@test.invalid", Role.BUSINESS_MANAGER, partnership=world.home)
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    out = io.StringIO()
    call_command("demo_code", "Demo.Person@test.invalid", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6
    assert code.isdigit()
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap()
    assert totp.validate_code(code)


@pytest.mark.django_db
def test_refuses_a_user_who_is_not_demo(world: World) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("demo_code", world.user(Role.BUSINESS_MANAGER).email)
    assert raised.value.returncode == 2
    assert "not a demo user" in str(raised.value)


@pytest.mark.django_db
def test_refuses_an_unknown_address() -> None:
    with pytest.raises(CommandError) as raised:
        call_command("demo_code", "nobody@test.invalid")
    assert raised.value.returncode == 2


def test_refuses_in_production_mode(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "CSPR_PRODUCTION": "true",
        "CSPR_SECRET_KEY": "p" * 60,
        "CSPR_AUDIT_KEY": "a" * 40,
        "CSPR_ALLOWED_HOSTS": "cspr.example.org",
        "CSPR_SITE_URL": "https://cspr.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_code", "admin@demo.cspr.invalid"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "never in production" in result.stderr
    assert result.stdout.strip() == ""
