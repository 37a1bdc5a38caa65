"""Build and serve the production shape, then fetch the sign-in page and a static file over HTTP.

    DATABASE_URL=postgres://... .venv/bin/python .ci/production_shape.py

collectstatic into a temporary directory, migrate, gunicorn with CSPR_PRODUCTION=true on a free
loopback port, GET the sign-in page (200) and every stylesheet and script it links (200, manifest names), then
stop gunicorn. Exits 1 with the reason on any failure. Standard library only, so CI and the test
(tests/foundation/test_production_shape.py) run exactly the same steps.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOT_SECONDS = 60


class Failed(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> tuple[int, bytes]:
    # Behind the TLS proxy production expects, the proxy says the request came over HTTPS.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - http://127.0.0.1 only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise Failed(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def production_env(database_url: str, static_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in [n for n in env if n.startswith("CSPR_") or n == "DJANGO_SETTINGS_MODULE"]:
        del env[name]
    env.update(
        CSPR_PRODUCTION="true",
        CSPR_SECRET_KEY=secrets.token_urlsafe(48),
        CSPR_ALLOWED_HOSTS="127.0.0.1",
        CSPR_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="cspr.settings",
    )
    return env


def check(database_url: str) -> list[str]:
    """Run every step; return what was fetched (for the log). Raises ``Failed``."""
    with tempfile.TemporaryDirectory(prefix="cspr-prod-") as tmp:
        env = production_env(database_url, Path(tmp) / "static")
        _manage(env, "collectstatic", "--no-input")
        _manage(env, "migrate", "--no-input")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "gunicorn.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "cspr.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            try:
                return _fetch(base, server, log)
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


def _fetch(base: str, server: subprocess.Popen[bytes], log: Path) -> list[str]:
    deadline = time.monotonic() + BOOT_SECONDS
    while True:
        if server.poll() is not None:
            raise Failed(f"gunicorn exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            status, body = _get(f"{base}/accounts/login/")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise Failed(f"gunicorn did not answer within {BOOT_SECONDS}s") from None
            time.sleep(0.3)
    if status != 200:
        raise Failed(f"GET /accounts/login/ answered {status}:\n{body[:2000].decode(errors='replace')}")
    fetched = [f"200 /accounts/login/ ({len(body)} bytes)"]
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', body)
    if not any(a.endswith(b".css") for a in assets) or not any(a.endswith(b".js") for a in assets):
        raise Failed("The sign-in page links no stylesheet or no script under /static/")
    for path in dict.fromkeys(a.decode() for a in assets):
        if not re.search(r"\.[0-9a-f]{12}\.(css|js)$", path):
            raise Failed(f"{path} is not a hashed (manifest) name")
        status, content = _get(base + path)
        if status != 200 or not content:
            raise Failed(f"GET {path} answered {status}")
        fetched.append(f"200 {path} ({len(content)} bytes)")
    return fetched


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        print("Set DATABASE_URL to the database the production shape should migrate and use.", file=sys.stderr)
        return 2
    try:
        for line in check(database_url):
            print(line)
    except Failed as failure:
        print(f"Production shape failed: {failure}", file=sys.stderr)
        return 1
    print("Production shape: collectstatic, migrate, gunicorn, sign-in page and static files all served.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
