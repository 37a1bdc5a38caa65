"""Document 19's appendix prints the learning points and only the endorsed recommendations."""

from __future__ import annotations

import pytest
import time_machine

from cspr.documents import catalogue, engine
from tests.documents.full_case import full_case
from tests.documents.helpers import docx_text
from tests.world import World


@pytest.mark.django_db
@time_machine.travel("2026-11-16 10:00 +0000", tick=False)
def test_only_endorsed_recommendations_enter_document_19(world: World) -> None:
    case = full_case(world)
    text = docx_text(engine.render_checked(catalogue.get("REPORT_GUIDANCE"), case).data)
    assert "Learning Point 1" in text
    assert "Fictional curiosity about the unseen man" in text
    assert "Fictional Council" in text
    assert "30 June 2027" in text
    assert "Unendorsed Fictional ICB" not in text
    assert text.index("Learning Point 2") < text.index("Recommendation 1")
