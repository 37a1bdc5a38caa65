"""Every environment variable the code reads is in docs/deployment.md's tables, and every variable
the tables name is still read somewhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# env_str("NAME" / env_int('NAME' / os.environ["NAME"] / os.environ.get("NAME" / os.getenv("NAME"
_READ = re.compile(
    r"""(?:env_(?:str|bool|int|list)\(\s*|environ(?:\.get)?[\[(]\s*|getenv\(\s*)["']([A-Z][A-Z0-9_]+)["']"""
)
_DOCUMENTED = re.compile(r"^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|", re.MULTILINE)
# Set for Django or the tools, not read as settings: DJANGO_SETTINGS_MODULE by wsgi/manage.py.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def variables_read() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in [*sorted((ROOT / "cspr").rglob("*.py")), ROOT / "manage.py"]:
        if "migrations" in path.parts:
            continue
        for name in _READ.findall(path.read_text(encoding="utf-8")):
            if name not in NOT_SETTINGS:
                found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def variables_documented() -> set[str]:
    return set(_DOCUMENTED.findall((ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")))


def test_the_scan_finds_the_settings_variables() -> None:
    read = variables_read()
    assert {"DATABASE_URL", "CSPR_SECRET_KEY", "CSPR_STORAGE", "CSPR_S3_BUCKET", "PORT"} <= set(read)
    assert "CSPR_MAIL_SEND_PAUSE_MS" in read  # read outside settings.py too


def test_every_variable_read_is_documented() -> None:
    undocumented = {name: where for name, where in variables_read().items() if name not in variables_documented()}
    assert undocumented == {}, f"add these to docs/deployment.md: {undocumented}"


def test_every_documented_variable_is_read() -> None:
    stale = variables_documented() - set(variables_read())
    assert stale == set(), f"docs/deployment.md names variables nothing reads: {sorted(stale)}"


def test_the_example_env_file_names_only_documented_variables() -> None:
    text = (ROOT / "docs" / "deployment.env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.MULTILINE)) - {"POSTGRES_PASSWORD"}
    assert names - variables_documented() == set()
