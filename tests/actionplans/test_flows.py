"""The action plan's rules: actions from the record, progress with RAG, closing needs evidence and
who accepted it (forged POST too), carried actions, the case closing when every action is done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.actionplans import actions
from cspr.actionplans.models import Action, Rag, Source, Status
from cspr.actionplans.sources import sources
from cspr.audit.models import AuditEvent
from cspr.cases.models import Case, Stage
from cspr.cases.transitions import ActionRefused
from cspr.publication import actions as publication
from tests.actionplans.helpers import add_action, client_for, plan_case
from tests.world import World

pytestmark = pytest.mark.django_db


def test_sources_are_recommendations_immediate_learning_and_the_q5_trackers(world: World) -> None:
    case = plan_case(world)
    found = sources(case)
    assert [s.source for s in found] == [Source.RECOMMENDATION, Source.IMMEDIATE_LEARNING, Source.SCOPING_TRACKER]
    q5 = found[2]
    assert q5.suggested_action == "Weekly attendance huddle"
    assert q5.suggested_agency_id == world.agencies["own"].pk


def test_an_action_is_added_from_the_form_with_its_owner_and_themes(world: World) -> None:
    case = plan_case(world)
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    q5 = sources(case)[2]
    url = reverse("actionplans:add", args=[case.reference])
    page = manager.get(url + f"?source={q5.key}").content.decode()
    assert "Weekly attendance huddle" in page  # the tracker's action is offered
    from cspr.library.models import Theme

    theme = Theme.objects.filter(partnership__isnull=True).first()
    assert theme is not None
    response = manager.post(
        url,
        {
            "source": q5.key,
            "agreed_action": "Weekly attendance huddle",
            "responsible_person": "Head of Year",
            "agency": str(world.agencies["own"].pk),
            "due_date-day": "29",
            "due_date-month": "1",
            "due_date-year": "2027",
            "themes": [str(theme.pk)],
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(case=case)
    assert (action.number, action.source, action.agency, action.responsible_organisation) == (
        1,
        Source.SCOPING_TRACKER,
        world.agencies["own"],
        "Home Test School",
    )
    assert list(action.themes.all()) == [theme]
    # A forged agency of another partnership, or a source that is not on the case, is refused.
    forged = manager.post(
        url,
        {
            "source": "rec-999999",
            "agreed_action": "x",
            "responsible_person": "y",
            "agency": str(world.agencies["away"].pk),
        },
    )
    assert forged.status_code == 400
    assert Action.objects.filter(case=case).count() == 1


def test_progress_sets_the_rag_and_a_read_only_user_cannot(world: World) -> None:
    case = plan_case(world)
    action = add_action(world, case)
    actions.record_progress(
        action,
        on=dt.date(2026, 11, 30),
        rag=Rag.AMBER,
        text="Prompt drafted",
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    action.refresh_from_db()
    assert (action.rag, action.last_update_on) == (Rag.AMBER, dt.date(2026, 11, 30))
    with pytest.raises(ValidationError):
        actions.record_progress(
            action, on=dt.date(2026, 11, 30), rag="X", text="t", acting_user=world.user(Role.BUSINESS_MANAGER)
        )
    scrutineer = client_for(world.user(Role.SCRUTINEER))
    url = reverse("actionplans:progress", args=[case.reference, action.number])
    assert scrutineer.post(url, {"rag": "R", "text": "forged"}).status_code == 403
    assert client_for(world.away_manager).post(url, {"rag": "R"}).status_code == 404
    action.refresh_from_db()
    assert action.rag == Rag.AMBER


def test_an_action_without_evidence_cannot_be_closed_even_by_a_forged_post(world: World) -> None:
    case = plan_case(world)
    action = add_action(world, case)
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    url = reverse("actionplans:close", args=[case.reference, action.number])
    response = manager.post(url, {"version": action.version, "accepted_by": "CSPR group, 1 December 2026"})
    assert response.status_code == 400
    assert "without evidence of its impact" in response.content.decode()
    with pytest.raises(ValidationError):
        actions.close_action(action, accepted_by="CSPR group", acting_user=world.user(Role.BUSINESS_MANAGER))
    action.refresh_from_db()
    assert action.status == Status.OPEN
    assert not AuditEvent.objects.filter(action="actionplans.close_action").exists()
    # Evidence recorded, but nobody named as accepting: still refused.
    actions.record_progress(
        action,
        on=dt.date(2026, 12, 1),
        rag=Rag.GREEN,
        text="Prompt live in every class",
        evidence_of_impact="Audit: 18 of 20 records carry the child's words",
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    action.refresh_from_db()
    assert manager.post(url, {"version": action.version, "accepted_by": ""}).status_code == 400
    assert (
        manager.post(url, {"version": action.version, "accepted_by": "CSPR group, 1 December 2026"}).status_code == 302
    )
    action.refresh_from_db()
    assert (action.status, action.closure_accepted_by, action.closed_by) == (
        Status.CLOSED,
        "CSPR group, 1 December 2026",
        world.user(Role.BUSINESS_MANAGER),
    )
    page = manager.get(reverse("actionplans:action", args=[case.reference, action.number])).content.decode()
    assert "18 of 20 records" in page
    assert "accepted by CSPR group" in page


def test_the_case_closes_when_every_action_is_closed_or_carried(world: World) -> None:
    case = plan_case(world)  # a Rapid Review that ended with its decision: no LCSPR
    manager = world.user(Role.BUSINESS_MANAGER)
    first = add_action(world, case)
    second = add_action(world, case, source="rapid-review", agency_key=None)
    actions.record_progress(
        first, on=dt.date(2026, 12, 1), rag=Rag.GREEN, text="Done", evidence_of_impact="Audit", acting_user=manager
    )
    actions.close_action(first, accepted_by="CSPR group", acting_user=manager)
    case.refresh_from_db()
    assert case.action_plan_closed_date is None
    with pytest.raises(ValidationError):
        actions.carry_action(second, into="", reason="", acting_user=manager)
    actions.carry_action(
        second, into="Neglect strategy action plan (fictional)", reason="Partnership-wide", acting_user=manager
    )
    case.refresh_from_db()
    assert case.action_plan_closed_date == dt.date(2026, 12, 1)
    assert case.stage == Stage.CLOSED
    # A closed case refuses every action.
    with pytest.raises(ActionRefused):
        add_action(world, case)


def test_an_lcspr_plan_closes_only_after_publication(world: World) -> None:
    case = plan_case(world, lcspr=True)
    manager = world.user(Role.BUSINESS_MANAGER)
    action = add_action(world, case)
    actions.carry_action(action, into="Another plan", reason="Moved", acting_user=manager)
    case.refresh_from_db()
    assert case.action_plan_closed_date is None
    assert actions.plan_can_close(case) is False
    Case.objects.filter(pk=case.pk).update(
        report_approved_date=dt.date(2026, 11, 20), published_date=dt.date(2026, 11, 25)
    )
    case.refresh_from_db()
    assert actions.plan_can_close(case) is True


def test_an_lcspr_plan_closes_after_the_partners_decide_not_to_publish(world: World) -> None:
    """Rule 67: not publishing is the same point in the review's life as publishing (decision 0028)."""
    case = plan_case(world, lcspr=True)
    Case.objects.filter(pk=case.pk).update(report_approved_date=dt.date(2026, 11, 20))
    case.refresh_from_db()
    manager = world.user(Role.BUSINESS_MANAGER)
    action = add_action(world, case)
    publication.decide_not_to_publish(  # the clock is pinned to 1 December 2026 (conftest)
        case,
        reasons=["proceedings"],
        explanation="Criminal proceedings against the father are still to be heard (fictional).",
        decided_on=dt.date(2026, 11, 25),
        decided_by="The three safeguarding partners",
        improvements_summary="Agencies will share information at every transfer (fictional).",
        improvements_url="https://test.invalid/improvements",
        improvements_published_on=dt.date(2026, 11, 27),
        acting_user=manager,
    )
    case.refresh_from_db()
    assert (case.not_published_date, case.stage) == (dt.date(2026, 11, 25), Stage.EMBEDDING)
    actions.carry_action(action, into="The partnership's learning plan", reason="Moved", acting_user=manager)
    case.refresh_from_db()
    assert (case.action_plan_closed_date, case.stage) == (dt.date(2026, 12, 1), Stage.CLOSED)


def test_the_plan_page_lists_actions_and_what_is_still_unanswered(world: World) -> None:
    case = plan_case(world)
    add_action(world, case)
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    page = manager.get(reverse("actionplans:plan", args=[case.reference])).content.decode()
    assert "Action 1" in page
    assert "Recommendation 1" not in page.split("without an action")[1]  # answered
    assert "Immediate learning (Rapid Review)" in page
    assert client_for(world.away_manager).get(reverse("actionplans:plan", args=[case.reference])).status_code == 404


def test_a_stale_progress_form_is_refused_and_keeps_what_was_typed(world: World) -> None:
    case = plan_case(world)
    action = add_action(world, case)
    opened_at = action.version
    actions.record_progress(
        action, on=dt.date(2026, 12, 1), rag=Rag.RED, text="First", acting_user=world.user(Role.CSPR_GROUP_MEMBER)
    )
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    response = manager.post(
        reverse("actionplans:progress", args=[case.reference, action.number]),
        {
            "version": str(opened_at),
            "on-day": "1",
            "on-month": "12",
            "on-year": "2026",
            "rag": "G",
            "text": "Typed on a stale page",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "changed this record after you opened it" in page
    assert "Typed on a stale page" in page
    action.refresh_from_db()
    assert action.rag == Rag.RED
