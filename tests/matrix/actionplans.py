"""Action plans (Document 19/20): the partnership view, each case's plan and its actions. The
agency's side is the portal's (``action_update`` requests: tests/actionplans/test_portal_updates.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.accounts.models import User
from cspr.actionplans.models import Action, Source
from tests.matrix import Audience, Spec, case_ref
from tests.world import World


def action_ref(world: World, scope: str) -> dict[str, Any]:
    case = world.cases[scope]
    creator = User.objects.filter(partnership=case.lead_partnership).first() or world.away_manager
    action, _ = Action.objects.get_or_create(
        case=case,
        number=1,
        defaults={
            "source": Source.IMMEDIATE_LEARNING,
            "source_text": "Immediate learning (fictional)",
            "agreed_action": "A fictional action",
            "responsible_person": "Test Lead",
            "responsible_organisation": "Test Organisation",
            "due_date": dt.date(2027, 1, 29),
            "created_by": creator,
        },
    )
    return {"reference": case.reference, "number": action.number}


def evidence_ref(world: World, scope: str) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from cspr.actionplans.models import EvidenceFile

    ref = action_ref(world, scope)
    action = Action.objects.get(case__reference=ref["reference"], number=ref["number"])
    found = EvidenceFile.objects.filter(action=action).first()
    if found is None:
        found = EvidenceFile(
            action=action,
            original_name="evidence.pdf",
            content_type="application/pdf",
            size=8,
            sha256="0" * 64,
            uploaded_by=action.created_by,
        )
        found.file.save(f"{action.pk}/evidence.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return ref | {"file_id": found.pk}


W = Audience.CASE_WRITE
SPECS = {
    "actionplans:index": Spec(Audience.CASES),
    "actionplans:plan": Spec(Audience.CASE_READ, case_ref),
    "actionplans:add": Spec(W, case_ref, post=True),
    "actionplans:action": Spec(Audience.CASE_READ, action_ref),
    "actionplans:progress": Spec(W, action_ref, post=True),
    "actionplans:ask": Spec(W, action_ref, post=True),
    "actionplans:close": Spec(W, action_ref, post=True),
    "actionplans:carry": Spec(W, action_ref, post=True),
    "actionplans:evidence": Spec(W, action_ref, post=True),
    "actionplans:evidence_download": Spec(Audience.CASE_READ, evidence_ref),
}
