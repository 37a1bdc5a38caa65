"""Per-request bookkeeping of reads, so a case fetched three times by one page is logged once.

The middleware opens a ``RequestReads`` for each request; the access helpers ask it whether this
case was already logged. Outside a request (commands, the worker, benchmarks) every read is logged.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass
class RequestReads:
    page: str = ""
    logged: set[tuple[str, int]] = field(default_factory=set)


_current: contextvars.ContextVar[RequestReads | None] = contextvars.ContextVar("cspr_request_reads", default=None)


def current() -> RequestReads | None:
    return _current.get()


class ReadLogMiddleware:
    """Opens the per-request record of reads and names the page being read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(RequestReads())
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        reads = _current.get()
        if reads is not None and request.resolver_match is not None:
            reads.page = request.resolver_match.view_name
