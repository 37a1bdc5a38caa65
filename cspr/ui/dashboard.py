"""The dashboard is built from panels that each stage app contributes.

A panel provider is a function ``(request) -> Panel | None``; apps register theirs with ``register``
from ``AppConfig.ready`` (twice keeps one) so the dashboard view never imports stage apps directly.
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


Provider = Callable[[HttpRequest], Panel | None]
PROVIDERS: list[Provider] = []


def register(*providers: Provider) -> None:
    for provider in providers:
        if provider not in PROVIDERS:
            PROVIDERS.append(provider)


def panels_for(request: HttpRequest) -> list[Panel]:
    panels = [p for provider in PROVIDERS if (p := provider(request)) is not None]
    return sorted(panels, key=lambda p: p.order)
