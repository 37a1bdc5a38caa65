"""Themes taxonomy, the national reviews library, a case's references and thematic reviews."""

from __future__ import annotations

from typing import Any

from cspr.library.models import LibraryReference, NationalReview, Theme
from tests.matrix import Audience, Spec, case_ref
from tests.world import World


def theme_ref(world: World, scope: str) -> dict[str, Any]:
    theme, _ = Theme.objects.get_or_create(partnership=world.home, name="Matrix theme")
    return {"pk": theme.pk}


def reference_ref(world: World, scope: str) -> dict[str, Any]:
    case = world.cases[scope]
    review = NationalReview.objects.filter(partnership__isnull=True).first()
    assert review is not None
    ref, _ = LibraryReference.objects.get_or_create(
        case=case, review=review, defaults={"relevance": "Matrix relevance", "added_by": world.away_manager}
    )
    return case_ref(world, scope) | {"pk": ref.pk}


SPECS = {
    "library:themes": Spec(Audience.MANAGE),
    "library:theme_add": Spec(Audience.MANAGE, post=True),
    "library:theme_status": Spec(Audience.MANAGE, theme_ref, post=True),
    "library:reviews": Spec(Audience.INTERNAL),
    "library:review_add": Spec(Audience.MANAGE, post=True),
    "library:case": Spec(Audience.CASE_READ, case_ref),
    "library:reference_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "library:considered": Spec(Audience.CASE_WRITE, reference_ref, post=True),
    "library:thematic_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
}
