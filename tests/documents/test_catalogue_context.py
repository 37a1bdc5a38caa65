"""Typed, lazy document context (issue 10 item 4): every template rendered with the REAL providers.

Each document names its providers (``DocumentSpec.contexts``); a template key no provider supplies,
a provider named but not read, a key owned twice or a provider returning other keys than its
``TypedDict`` is an error here, not a silent placeholder in a letter.
"""

from __future__ import annotations

from typing import Any, TypedDict

import pytest
import time_machine

from cspr.cases.models import Case
from cspr.documents import catalogue, context, engine, markup
from cspr.documents.docx_render import MissingContextKey, Renderer
from cspr.rapidreview.models import Criterion, DecisionOption
from tests.documents.full_case import full_case
from tests.world import World


@pytest.mark.parametrize("spec", catalogue.DOCUMENTS, ids=lambda s: s.id)
def test_declared_providers_are_exactly_what_the_template_reads(spec: catalogue.DocumentSpec) -> None:
    read = markup.keys_read(markup.load(spec.content_name))
    unsupplied = sorted(k for k in read.top_level if context.owner(k) not in spec.contexts)
    assert unsupplied == [], f"{spec.id} reads keys none of its providers {spec.contexts} supplies"
    needed = {context.owner(k) for k in read.top_level}
    assert set(spec.contexts) == needed, f"{spec.id} names providers it never reads: {set(spec.contexts) - needed}"


def test_expensive_providers_run_only_for_documents_that_read_them() -> None:
    agreement = catalogue.get("CONFIDENTIALITY_AGREEMENT").contexts
    assert "genogram" not in agreement
    assert "chronology" not in agreement
    assert "genogram" in catalogue.get("RAPID_REVIEW_TEMPLATE").contexts
    assert "chronology" not in catalogue.get("RAPID_REVIEW_TEMPLATE").contexts


@pytest.mark.django_db
@time_machine.travel("2026-11-16 10:00 +0000", tick=False)
@pytest.mark.parametrize("spec", catalogue.DOCUMENTS, ids=lambda s: s.id)
def test_every_template_renders_with_the_real_providers(world: World, spec: catalogue.DocumentSpec) -> None:
    case = full_case(world)
    ctx = engine.context_for(spec, case)
    # Only the named providers ran: the context holds their keys and nothing else.
    assert set(ctx) == set().union(*(context.PROVIDERS[n].keys for n in spec.contexts))
    read = markup.keys_read(markup.load(spec.content_name))
    # Every list a table repeats has items carrying each field the row reads.
    for key, fields in read.row_fields.items():
        for item in ctx[key] or []:
            assert fields <= set(item), f"{spec.id}: {key} rows lack {sorted(fields - set(item))}"
    rendered = engine.render_checked(spec, case)  # MissingContextKey on any key nobody supplies
    assert rendered.data.startswith(b"PK")


def test_a_key_no_provider_supplies_is_an_error() -> None:
    blocks = markup.parse("Dear {nobody_supplies_this|[insert name]},")
    with pytest.raises(MissingContextKey):
        Renderer({}, allow_genogram=False).render(blocks, title="t", footer="f", author="a")
    # Present but empty (the record does not hold it): the toolkit's placeholder, listed.
    renderer = Renderer({"nobody_supplies_this": None}, allow_genogram=False)
    renderer.render(blocks, title="t", footer="f", author="a")
    assert renderer.placeholders == ["[insert name]"]
    assert renderer.missing_keys == ["nobody_supplies_this"]


class _Clash(TypedDict):
    case_reference: str


class _Odd(TypedDict):
    odd_key: str


@pytest.mark.django_db
def test_a_key_has_one_owner_and_providers_return_their_declared_keys(world: World) -> None:
    with pytest.raises(context.ContextError, match="case_reference"):
        context.register("clash", _Clash, lambda case: {"case_reference": "X"})
    assert "clash" not in context.PROVIDERS

    def wrong(case: Case) -> dict[str, Any]:
        return {"another_key": "x"}

    context.register("odd", _Odd, wrong)
    try:
        with pytest.raises(context.ContextError, match="wrong keys"):
            context.build_context(world.cases["own"], ["odd"])
    finally:
        del context.PROVIDERS["odd"]
    with pytest.raises(context.ContextError, match="No context provider"):
        context.build_context(world.cases["own"], ["not_registered"])


def test_document_4_has_a_check_box_for_every_criterion_and_decision() -> None:
    """The record's codes are the check box names (three criteria could never be ticked before)."""
    source = markup._source("rapid_review_template")
    for code in Criterion.values:
        assert f"{{check:criteria={code}}}" in source, code
    for code in DecisionOption.values:
        assert f"{{check:decision={code}}}" in source, code
