"""Gunicorn's settings in production (``gunicorn -c python:cspr.operations.gunicorn_conf``): sizes
from the environment, gunicorn's own lines in the same JSON as the application's, no access log
(the application's request line carries the URL pattern; gunicorn's would carry the path)."""

from __future__ import annotations

import os
from typing import Any

bind = [os.environ.get("CSPR_GUNICORN_BIND", "0.0.0.0:8000")]
workers = int(os.environ.get("CSPR_GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("CSPR_GUNICORN_THREADS", "2"))
timeout = 60
graceful_timeout = 30
# A worker is replaced after this many requests (a slow leak cannot grow for ever).
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-Proto is believed from these peers (the load balancer; the container's port should
# be reachable from nothing else).
forwarded_allow_ips = os.environ.get("CSPR_GUNICORN_FORWARDED_ALLOW_IPS", "*")
accesslog = None
control_socket_disable = True
_json = os.environ.get("CSPR_LOG_FORMAT", "json") == "json"
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "cspr.operations.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json" if _json else "plain"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}
