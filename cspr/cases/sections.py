"""The case page is built from sections that each stage app contributes (task list, people...).

A provider is ``(request, case) -> CaseSection | None``, registered with ``register`` from the
contributing app's ``AppConfig.ready`` (registering twice keeps one). A provider that reads a one-to-one
row of the case (the Rapid Review meeting) names it in ``related``: the case page joins those rows into
the query that fetches the case, one query for all of them instead of one per section (issue 15).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from cspr.cases.models import Case


@dataclass
class CaseSection:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


Provider = Callable[[HttpRequest, Case], CaseSection | None]
PROVIDERS: list[Provider] = []
RELATED: list[str] = []


def register(*providers: Provider, related: tuple[str, ...] = ()) -> None:
    for provider in providers:
        if provider not in PROVIDERS:
            PROVIDERS.append(provider)
    RELATED.extend(name for name in related if name not in RELATED)


def sections_for(request: HttpRequest, case: Case) -> list[CaseSection]:
    found = [s for provider in PROVIDERS if (s := provider(request, case)) is not None]
    return sorted(found, key=lambda s: s.order)
