"""The LCSPR page's task list, built from sections each LCSPR app contributes.

A provider is ``(request, case) -> TaskSection | None`` registered with ``register`` from the app's
``AppConfig.ready``. Each provider must run a fixed number of queries whatever the size of the
case (the LCSPR page's query-count test holds every provider to it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from cspr.cases.models import Case


@dataclass(frozen=True)
class Task:
    title: str
    href: str | None  # None: not open to this user, or not yet possible (``hint`` says why)
    status: str  # "Completed", "In progress", "Not started", "Cannot start yet", "Overdue"...
    hint: str = ""

    @property
    def tag_class(self) -> str:
        return {
            "Completed": "",
            "In progress": "govuk-tag--light-blue",
            "Not started": "govuk-tag--blue",
            "Overdue": "govuk-tag--red",
            "Cannot start yet": "govuk-tag--grey",
        }.get(self.status, "govuk-tag--grey")


@dataclass
class TaskSection:
    title: str
    tasks: list[Task] = field(default_factory=list)
    order: int = 100


Provider = Callable[[HttpRequest, Case], TaskSection | None]
PROVIDERS: list[Provider] = []


def register(*providers: Provider) -> None:
    for provider in providers:
        if provider not in PROVIDERS:
            PROVIDERS.append(provider)


def sections_for(request: HttpRequest, case: Case) -> list[TaskSection]:
    found = [s for provider in PROVIDERS if (s := provider(request, case)) is not None]
    return sorted(found, key=lambda s: s.order)
