"""The Rapid Review's pages (issue 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.rapidreview.models import Attendee, Meeting, PanelConsideration
from tests.matrix import Audience, Spec, case_ref
from tests.world import World


def attendee_ref(world: World, scope: str) -> dict[str, Any]:
    case = world.cases[scope]
    meeting, _ = Meeting.objects.get_or_create(case=case, defaults={"date": dt.date(2026, 11, 13)})
    attendee, _ = Attendee.objects.get_or_create(
        meeting=meeting, name="Test Attendee", defaults={"role": "Lead", "organisation": "Test Org"}
    )
    return {"reference": case.reference, "attendee_id": attendee.pk}


def section_ref(world: World, scope: str) -> dict[str, Any]:
    return case_ref(world, scope) | {"section": "discussion"}


def consideration_ref(world: World, scope: str) -> dict[str, Any]:
    # Managers only ever see their own partnership's items (other partnerships' give 404: see
    # tests/rapidreview/test_views.py), and MANAGE specs do not vary by scope.
    partnership = world.home
    item, _ = PanelConsideration.objects.get_or_create(partnership=partnership, question="Covid-19?")
    return {"item_id": item.pk}


SPECS = {
    "rapidreview:notify": Spec(Audience.INTERNAL, post=True),
    "rapidreview:considerations": Spec(Audience.MANAGE, post=True),
    "rapidreview:consideration_toggle": Spec(Audience.MANAGE, consideration_ref, post_only=True),
    "rapidreview:overview": Spec(Audience.CASE_READ, case_ref),
    "rapidreview:scoping": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "rapidreview:meeting": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "rapidreview:invitations": Spec(Audience.CASE_WRITE, case_ref, post_only=True, ok=frozenset({302})),
    # C12: a collaborating partnership adds its own attendees; the one here was added by the lead.
    "rapidreview:attendee_add": Spec(Audience.CASE_CONTRIBUTE, case_ref, post=True),
    "rapidreview:attendee_edit": Spec(Audience.CASE_WRITE, attendee_ref, post=True),
    "rapidreview:absence_add": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "rapidreview:record": Spec(Audience.CASE_WRITE, section_ref, post=True),
    "rapidreview:decision": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "rapidreview:ratify": Spec(Audience.CASE_RATIFY, case_ref, post=True),
    "rapidreview:ratify_on_behalf": Spec(Audience.CASE_RATIFY_ON_BEHALF, case_ref, post=True),
    "rapidreview:endorse": Spec(Audience.CASE_ENDORSE, case_ref, post=True),
    "rapidreview:submit": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "rapidreview:panel_response": Spec(Audience.CASE_WRITE, case_ref, post=True),
}
