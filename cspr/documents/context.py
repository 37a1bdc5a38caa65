"""What a document knows about a case: typed contexts, built lazily, one owner per key.

A *context provider* is a function ``(case) -> SomeTypedDict`` registered under a name together
with its ``TypedDict`` (the shape the templates read). Each catalogue document names the providers
it needs (``DocumentSpec.contexts``) and only those run: a confidentiality agreement never builds
the genogram picture or the chronology rows.

Rules the registry enforces (a broken rule is an error, never a silent choice):

- a key belongs to one provider: registering a second provider that declares a key already owned
  raises ``ContextError``;
- a provider returns exactly the keys its ``TypedDict`` declares (``None`` where the record does not
  hold the value: the template then shows the toolkit's ``[insert …]`` placeholder);
- a template that reads a key none of its document's providers supplies fails when rendered
  (``docx_render.MissingContextKey``); ``tests/documents/test_catalogue_context.py`` renders every
  document with the real providers so such a key never reaches a user.

Apps register in their ``AppConfig.ready``::

    from cspr.documents.context import register
    register("chronology", ChronologyContext, chronology_context)

The documents app's own providers (partnership, case, child, family, …) are in
``cspr/documents/providers.py``; copy one of them to add a context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cspr.cases.models import Case, Person, PersonRole, Sex


class ContextError(RuntimeError):
    """A provider broke the context rules (duplicate key, wrong keys returned, unknown name)."""


@dataclass(frozen=True)
class Provider:
    name: str
    shape: type  # a TypedDict: the keys and their types
    build: Callable[[Case], Mapping[str, Any]]

    @property
    def keys(self) -> frozenset[str]:
        shape: Any = self.shape
        return frozenset(shape.__required_keys__ | shape.__optional_keys__)


PROVIDERS: dict[str, Provider] = {}


def register(name: str, shape: type, build: Callable[[Case], Any]) -> None:
    """Register ``build`` under ``name``; idempotent for the same function (``ready()`` may run twice)."""
    existing = PROVIDERS.get(name)
    if existing is not None:
        if existing.build is build and existing.shape is shape:
            return
        raise ContextError(f"Two context providers are named {name!r}.")
    provider = Provider(name, shape, build)
    for other in PROVIDERS.values():
        shared = provider.keys & other.keys
        if shared:
            raise ContextError(
                f"Context keys {sorted(shared)} are declared by both {other.name!r} and {name!r}: a key has one owner."
            )
    PROVIDERS[name] = provider


def owner(key: str) -> str | None:
    """The provider that declares ``key`` (its top-level part), if any."""
    top = key.split(".", 1)[0]
    return next((p.name for p in PROVIDERS.values() if top in p.keys), None)


def build_context(case: Case, names: Iterable[str]) -> dict[str, Any]:
    """Run the named providers (each once) and merge their typed results."""
    ctx: dict[str, Any] = {}
    for name in dict.fromkeys(names):
        provider = PROVIDERS.get(name)
        if provider is None:
            raise ContextError(f"No context provider is registered as {name!r}.")
        values = dict(provider.build(case))
        if set(values) != provider.keys:
            missing, extra = provider.keys - set(values), set(values) - provider.keys
            raise ContextError(
                f"Provider {name!r} returned wrong keys: missing {sorted(missing)}, extra {sorted(extra)}."
            )
        ctx.update(values)
    return ctx


# -- helpers shared by providers ---------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def fmt_date(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def join(*parts: str | None, sep: str = "\n") -> str | None:
    """Non-empty parts joined; ``None`` when there are none (so the template shows its placeholder)."""
    kept = [p for p in parts if p]
    return sep.join(kept) if kept else None


def labelled(*pairs: tuple[str, str | None]) -> str | None:
    """``Label: value`` pairs, so a value such as "None" never reads as "no details"."""
    return join(*(f"{label}: {value}" for label, value in pairs if value), sep="; ")


def subject_child(case: Case) -> Person | None:
    return next((p for p in case.people.all() if p.role == PersonRole.SUBJECT_CHILD), None)


def child_relation(addressee: str, child: Person) -> str:
    """How the child relates to the letter's addressee (Document 8): "your daughter" etc."""
    word = addressee.lower()
    female, male = child.sex == Sex.FEMALE, child.sex == Sex.MALE
    if any(k in word for k in ("mother", "father", "parent", "carer")) and "grand" not in word:
        return "daughter" if female else "son" if male else "child"
    if any(k in word for k in ("brother", "sister", "sibling")):
        return "sister" if female else "brother" if male else "sibling"
    if "grand" in word:
        return "granddaughter" if female else "grandson" if male else "grandchild"
    return ""


# Apps that hold more about the family member a letter goes to (the family engagement log: who
# coordinates contact with them) fill their own keys for that person: ``(ctx, case, person) -> None``.
PersonFiller = Callable[[dict[str, Any], Case, Person], None]
PERSON_FILLERS: list[PersonFiller] = []


def register_person_filler(fill: PersonFiller) -> None:
    if fill not in PERSON_FILLERS:
        PERSON_FILLERS.append(fill)


def address(ctx: dict[str, Any], case: Case, *, person: Person | None = None, agency: Any = None) -> None:
    """Fill the ``addressee`` provider's keys for one family member (Document 8) or one agency (portal)."""
    if person is not None:
        ctx["addressee_name"] = str(person)
        child = subject_child(case)
        if child is not None:
            ctx["child_relation"] = child_relation(person.relationship_to_child, child) or None
        for fill in PERSON_FILLERS:
            fill(ctx, case, person)
    if agency is not None:
        ctx["addressee_agency"] = agency.name
        if agency.safeguarding_lead_name:
            ctx["addressee_name"] = agency.safeguarding_lead_name
            ctx["addressee_salutation"] = agency.safeguarding_lead_name
        ctx["addressee_contact"] = join(agency.safeguarding_lead_email, agency.safeguarding_lead_phone, agency.address)
        ctx["addressee_block"] = join(agency.safeguarding_lead_name, agency.name, agency.address)


def default_family_addressee(case: Case) -> Person | None:
    """Document 8 goes to a parent first, then any family member."""
    family = [p for p in case.people.all() if p.role == PersonRole.FAMILY_MEMBER]
    order = {"mother": 0, "father": 1, "parent": 2}
    parents = sorted(
        (p for p in family if p.relationship_to_child.lower() in order),
        key=lambda p: order[p.relationship_to_child.lower()],
    )
    chosen = parents or family
    return chosen[0] if chosen else None
