"""The one way to change a case: ``case_action``.

Every app's state-changing action runs inside ``case_action(case, "app.action", acting_user=...)``:

    with case_action(case, "portal.send_request", acting_user=user) as ctx:
        ...                                   # ctx.case is the case row, locked until the end
        ctx.reach_milestone("scoping_sent_date", today)
        ctx.audit(obj=request, after={...})   # the audit row, in the same transaction
        ctx.on_commit(lambda: ...)            # side effects after the commit, never signals

The context manager opens ``transaction.atomic()``, locks the case row (``select_for_update``),
checks on that locked row that the action is allowed now (the predicate its app registered with
``register_action``), and raises ``ActionRefused`` with a message for the user if not. When the
block ends it saves the case fields the action changed, bumps ``Case.version`` and re-derives the
headline stage from the milestones (``cspr.cases.milestones.derive_stage``). Only ``cspr.cases``
writes Case or Person fields: other apps reach milestones through the context or call an action of
``cspr.cases.actions``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cspr.audit import log as audit_log
from cspr.cases import milestones
from cspr.cases.concurrency import StaleEdit
from cspr.cases.models import Case, Stage

if TYPE_CHECKING:
    from cspr.accounts.models import User
    from cspr.audit.models import AuditEvent


class ActionRefused(ValidationError):
    """The action is not allowed on this case now; the message is for the user."""


# The name older code and templates used for the same refusal.
StageError = ActionRefused

Predicate = Callable[[Case], bool]


@dataclass(frozen=True, slots=True)
class RegisteredAction:
    name: str
    allowed: Predicate
    refusal: str  # shown to the user; "{stage}" is replaced by the headline stage


_REGISTRY: dict[str, RegisteredAction] = {}

DEFAULT_REFUSAL = "This cannot be done while the case is at the stage ‘{stage}’."


def register_action(name: str, *, allowed: Predicate, refusal: str = DEFAULT_REFUSAL) -> RegisteredAction:
    """Declare an action and when it is allowed (a predicate over the locked case's milestones)."""
    action = RegisteredAction(name, allowed, refusal)
    existing = _REGISTRY.get(name)
    if existing is not None and existing != action:
        raise RuntimeError(f"The case action {name!r} is registered twice")
    _REGISTRY[name] = action
    return action


def registered() -> dict[str, RegisteredAction]:
    """Every registered action (each app's ``actions`` module registers its own on import)."""
    return dict(_REGISTRY)


def get(name: str) -> RegisteredAction:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"{name!r} is not a registered case action") from None


def is_allowed(case: Case, name: str) -> bool:
    """Whether a page should offer the action (the action itself checks again on the locked row)."""
    return get(name).allowed(case)


def refusal_message(case: Case, name: str) -> str:
    return get(name).refusal.format(stage=Stage(milestones.derive_stage(case)).label)


# Predicates shared by the apps' registrations.
def not_closed(case: Case) -> bool:
    return case.action_plan_closed_date is None


def stage_in(*stages: Stage) -> Predicate:
    allowed = frozenset(stages)

    def predicate(case: Case) -> bool:
        return milestones.derive_stage(case) in allowed

    predicate.__name__ = f"stage_in({', '.join(s.value for s in stages)})"
    return predicate


def reached(field_name: str) -> Predicate:
    def predicate(case: Case) -> bool:
        return getattr(case, field_name) is not None and not_closed(case)

    predicate.__name__ = f"reached({field_name})"
    return predicate


def not_reached(field_name: str) -> Predicate:
    def predicate(case: Case) -> bool:
        return getattr(case, field_name) is None and not_closed(case)

    predicate.__name__ = f"not_reached({field_name})"
    return predicate


def all_of(*predicates: Predicate) -> Predicate:
    def predicate(case: Case) -> bool:
        return all(p(case) for p in predicates)

    return predicate


@dataclass
class ActionContext:
    """What the body of a case action works with; ``case`` is the locked row."""

    case: Case
    name: str
    acting_user: User | None
    stage_before: str
    changed: set[str] = field(default_factory=set)

    def audit(
        self,
        *,
        obj: Any = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        detail: dict[str, Any] | None = None,
        action: str | None = None,
    ) -> AuditEvent:
        """Write the action's audit row (by default named after the action, about the case)."""
        return audit_log.record(
            actor=self.acting_user,
            action=action or self.name,
            obj=self.case if obj is None else obj,
            case=self.case,
            before=before,
            after=after,
            detail=detail,
        )

    def on_commit(self, fn: Callable[[], Any]) -> None:
        transaction.on_commit(fn)

    def reach_milestone(self, field_name: str, date: dt.date | None, *, today: dt.date | None = None) -> None:
        """Record (or clear, with ``None``) a milestone date; refused if it breaks an order rule.

        Only the rules touching this milestone are checked, so an unrelated old pair never blocks it.
        """
        if field_name not in milestones.BY_FIELD:
            raise LookupError(f"{field_name!r} is not a milestone")
        values = milestones.dates(self.case) | {field_name: date}
        errors = milestones.order_errors(values, today, only=frozenset({field_name}))
        if errors:
            raise ValidationError(errors)
        self.set(**{field_name: date})

    def set(self, **values: Any) -> None:
        """Change case fields (for ``cspr.cases`` actions); saved with a new version at the end."""
        for name, value in values.items():
            if getattr(self.case, name) != value:
                setattr(self.case, name, value)
                self.changed.add(name)
        self.case.stage = milestones.derive_stage(self.case)

    def touch(self) -> None:
        """The action changed the case's record without changing a Case field: bump the version."""
        self.changed.add("version")

    @property
    def stage(self) -> str:
        return str(milestones.derive_stage(self.case))

    def _finish(self) -> list[str]:
        self.case.stage = milestones.derive_stage(self.case)
        fields = set(self.changed)
        if self.case.stage != self.stage_before:
            fields.add("stage")
        if not fields:
            return []
        fields.discard("version")
        self.case.version += 1
        update = sorted(fields | {"version", "updated_at"})
        self.case.save(update_fields=update)
        return update


_active = threading.local()


def _contexts() -> dict[int, ActionContext]:
    found: dict[int, ActionContext] | None = getattr(_active, "contexts", None)
    if found is None:
        found = _active.contexts = {}
    return found


@contextmanager
def case_action(
    case: Case | int,
    name: str,
    *,
    acting_user: User | None,
    expected_version: int | None = None,
) -> Iterator[ActionContext]:
    """Lock the case, check ``name`` is allowed on the locked row, yield the context; see the module."""
    action = get(name)
    pk = case if isinstance(case, int) else case.pk
    with transaction.atomic():
        contexts = _contexts()
        outer = contexts.get(pk)
        if outer is not None:
            # An action calling another on the same case (the scoping send creating each request, a
            # submission generating its documents) shares the locked row, so neither saves over the other.
            locked = outer.case
        else:
            # Only the case row is locked (of=self), not its partnership: actions on other cases go on.
            locked = Case.objects.select_for_update(of=("self",)).select_related("lead_partnership").get(pk=pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleEdit(locked, expected_version, locked.version)
        if not action.allowed(locked):
            raise ActionRefused(refusal_message(locked, name), code="not_allowed")
        ctx = ActionContext(locked, name, acting_user, str(locked.stage))
        if outer is not None:
            # Nested: the outer action saves the case once, with one new version, when it ends. If the
            # inner one fails (its savepoint rolls back), its changes leave the shared row too.
            kept = dict(locked.__dict__)
            try:
                yield ctx
            except BaseException:
                locked.__dict__.update(kept)
                raise
            outer.changed |= ctx.changed
            return
        contexts[pk] = ctx
        try:
            yield ctx
            saved = ctx._finish()
        finally:
            contexts.pop(pk, None)
    if isinstance(case, Case) and case is not locked:
        # The caller's object follows, so a second action in the same request is not refused as stale.
        for name_ in {*saved, "stage", "version"} - {"updated_at"}:
            setattr(case, name_, getattr(locked, name_))
