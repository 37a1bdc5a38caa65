"""The demo world's drafts: DEMO-8 still naming its family in several parts, DEMO-9 clean with its
glossary and publishable version; seeding twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cspr.report.models import Draft, GlossaryEntry, Publishable

pytestmark = pytest.mark.django_db


def test_demo_drafts(demo_world: None) -> None:
    call_command("seed_demo")
    demo8 = Draft.objects.get(case__reference="DEMO-8")
    assert {"body", "table", "header", "footnote", "comment", "tracked change", "properties"} <= {
        f["where"] for f in demo8.findings
    }
    assert any("Dummyfamily" in f["text"] for f in demo8.findings)
    demo9 = Draft.objects.get(case__reference="DEMO-9")
    assert demo9.findings == []
    assert all(c["ok"] for c in demo9.structure)
    assert GlossaryEntry.objects.filter(case=demo9.case, replacement="Child F").exists()
    assert Publishable.objects.filter(draft=demo9).count() == 1
    assert Draft.objects.count() == 2
