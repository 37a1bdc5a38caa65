"""A health probe for container health checks: ``python -m cspr.operations.probe /readyz``.

Standard library only and no Django start-up (a probe runs every few seconds). It asks the web
process on this container with the first allowed host name as the Host header, as a load balancer
would, and exits 0 on a 200, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/healthz"
    port = os.environ.get("PORT", "8000")
    host = (os.environ.get("CSPR_ALLOWED_HOSTS", "localhost").split(",")[0].strip()) or "localhost"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError):
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
