"""Structured logs: one JSON object per line, and one line per request carrying identifiers only.

The request line names the URL *pattern* (``cases/<str:reference>/``), never the path: paths carry
case references and ids, and a path that matched nothing could carry anything a client typed. The
user is their numeric id (no name, no email); the request id comes from the proxy's
``X-Request-ID`` when it is a plain token, else is made here, and is sent back in the response.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.functional import empty

request_logger = logging.getLogger("cspr.request")

# Attributes every LogRecord has; anything else on a record was passed with ``extra=`` and is kept.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...extra}`` on one line; tracebacks as one string."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key == "request":
                # Django's request loggers pass the request: its text would carry the path.
                entry["route"] = route(value) if isinstance(value, HttpRequest) else None
                entry["request_id"] = getattr(value, "META", {}).get("CSPR_REQUEST_ID")
            elif key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def request_id(request: HttpRequest) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id if this request already loaded them: never a query of its own."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    pk = getattr(wrapped, "pk", None)
    return pk if isinstance(pk, int) else None


def route(request: HttpRequest) -> str:
    """The URL pattern the request matched (``/cases/<str:reference>/``), never its path."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        if request.path_info.startswith(settings.STATIC_URL):
            return "<static>"
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "<unmatched>"
    return f"/{match.route}"


class ScrubPathFilter(logging.Filter):
    """Django's request loggers put the path in the message ("Internal Server Error: /cases/WOLV-2026-003/"):
    replace it with the URL pattern, in every format."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and request.path and request.path != "/":
            message = record.getMessage()
            if request.path in message:
                record.msg = message.replace(request.path, route(request))
                record.args = ()
        return True


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        rid = request_id(request)
        request.META["CSPR_REQUEST_ID"] = rid
        response = self.get_response(request)
        response.headers.setdefault("X-Request-ID", rid)
        if settings.REQUEST_LOG:
            request_logger.info(
                "request",
                extra={
                    "request_id": rid,
                    "user_id": _user_id(request),
                    "method": request.method,
                    "route": route(request),
                    "view": getattr(getattr(request, "resolver_match", None), "view_name", None),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
        return response
