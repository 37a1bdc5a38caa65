"""The dashboard is built from panels that each stage app contributes.

A panel provider is a function ``(request) -> Panel | None``; apps append theirs to ``PROVIDERS``
from ``AppConfig.ready`` so the dashboard view never imports stage apps directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, object] = field(default_factory=dict)
    order: int = 100


PROVIDERS: list[Callable[[HttpRequest], Panel | None]] = []


def panels_for(request: HttpRequest) -> list[Panel]:
    panels = [p for provider in PROVIDERS if (p := provider(request)) is not None]
    return sorted(panels, key=lambda p: p.order)
