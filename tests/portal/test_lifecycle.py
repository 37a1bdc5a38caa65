"""A request's life: the transitions table, the audited steps, the Rapid Review API."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import Case
from cspr.portal import actions, states
from cspr.portal.kinds.registry import completeness_problems
from cspr.portal.models import (
    CorrectionStatus,
    FamilyCorrection,
    InformationRequest,
    LearningAction,
    RequestEvent,
    RequestState,
)
from tests.portal.conftest import NOW, add_family, send_to_own_agency
from tests.world import World

COMPLETE = {
    "contact_name": "Test Lead",
    "contact_designation": "Home Test School, Designated Safeguarding Lead",
    "contact_details": "school@test.invalid",
    "summary_of_involvement": "Attended the school from 2022.",
}


def _answered(request: InformationRequest, world: World, **extra: object) -> InformationRequest:
    lead = world.agency_users["own"]
    tracker = [actions.TrackerRow("Share attendance concerns sooner", "Update the policy", "DSL", dt.date(2026, 12, 1))]
    return actions.save_draft(request, {**COMPLETE, **extra}, tracker, acting_user=lead)


@pytest.mark.django_db
def test_sending_refuses_before_the_family_composition_is_filled_in(world: World) -> None:
    with time_machine.travel(NOW), pytest.raises(actions.FamilyCompositionIncomplete) as refused:
        send_to_own_agency(world)
    assert "Add at least one family member" in str(refused.value)
    assert not InformationRequest.objects.exists()
    assert Case.objects.get(pk=world.cases["own"].pk).scoping_sent_date is None


@pytest.mark.django_db
def test_send_sets_due_date_scoping_sent_date_and_audits(world: World, django_capture_on_commit_callbacks) -> None:
    add_family(world)
    with time_machine.travel(NOW), django_capture_on_commit_callbacks() as callbacks:
        request = send_to_own_agency(world)
    assert request.state == RequestState.SENT
    assert request.due_date == dt.date(2026, 11, 10)  # 5 working days after Tuesday 3 November
    assert Case.objects.get(pk=world.cases["own"].pk).scoping_sent_date == dt.date(2026, 11, 3)
    assert list(RequestEvent.objects.filter(request=request).order_by("id").values_list("transition", flat=True)) == [
        "create",
        "send",
    ]
    assert AuditEvent.objects.filter(action="portal.send", case_id=world.cases["own"].pk).count() == 1
    assert len(callbacks) == 1  # the email leaves only once the transaction commits


@pytest.mark.django_db
def test_sending_twice_does_not_duplicate(world: World) -> None:
    add_family(world)
    with time_machine.travel(NOW):
        send_to_own_agency(world)
        again = actions.send_scoping_requests(
            world.cases["own"], [world.agencies["own"]], acting_user=world.user(Role.BUSINESS_MANAGER)
        )
    assert again == []
    assert InformationRequest.objects.count() == 1


@pytest.mark.django_db
def test_agencies_of_another_partnership_cannot_be_sent_a_request(world: World) -> None:
    add_family(world)
    with time_machine.travel(NOW), pytest.raises(ValidationError):
        actions.send_scoping_requests(
            world.cases["own"], [world.agencies["away"]], acting_user=world.user(Role.BUSINESS_MANAGER)
        )


@pytest.mark.django_db
def test_the_whole_life_submit_revise_resubmit_accept(world: World, sent: InformationRequest) -> None:
    lead, manager = world.agency_users["own"], world.user(Role.BUSINESS_MANAGER)
    with time_machine.travel(NOW):
        actions.mark_opened(sent, acting_user=lead)
        request = _answered(InformationRequest.objects.get(pk=sent.pk), world)
        request = actions.submit_return(
            request,
            records_secured_on=dt.date(2026, 11, 3),
            records_secured_by="Test Lead",
            kept_separate=True,
            acting_user=lead,
        )
        assert request.state == RequestState.SUBMITTED
        request = actions.request_revision(request, reasons="Add the attendance dates.", acting_user=manager)
        assert request.state == RequestState.REVISION_REQUESTED
        request = _answered(request, world, summary_of_involvement="Attended from September 2022; 80% attendance.")
        request = actions.submit_return(
            request,
            records_secured_on=dt.date(2026, 11, 3),
            records_secured_by="Test Lead",
            kept_separate=True,
            acting_user=lead,
        )
        assert request.state == RequestState.RESUBMITTED
        request = actions.accept_return(request, acting_user=manager)
    assert request.state == RequestState.ACCEPTED
    transitions = list(
        RequestEvent.objects.filter(request=request).order_by("id").values_list("transition", "actor__email")
    )
    assert [t for t, _ in transitions] == ["create", "send", "open", "submit", "request_revision", "resubmit", "accept"]
    assert dict(transitions)["request_revision"] == manager.email
    assert AuditEvent.objects.filter(action="portal.request_revision", detail__isnull=False).count() == 1
    assert LearningAction.objects.get(request=request).rag == "P"  # RAG defaults to P (rule 72)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [RequestState.DRAFT, RequestState.SUBMITTED, RequestState.ACCEPTED, RequestState.NO_INVOLVEMENT]
)
def test_submit_is_refused_from_states_the_table_does_not_allow(
    world: World, sent: InformationRequest, state: str
) -> None:
    # A complete return, so the completeness check passes and only the state rule can refuse it.
    answered = _answered(sent, world)
    assert completeness_problems(answered) == []
    InformationRequest.objects.filter(pk=sent.pk).update(state=state)
    events = RequestEvent.objects.filter(request=sent).count()
    with pytest.raises(states.TransitionRefused):
        actions.submit_return(
            InformationRequest.objects.get(pk=sent.pk),
            records_secured_on=dt.date(2026, 11, 3),
            records_secured_by="x",
            kept_separate=True,
            acting_user=world.agency_users["own"],
        )
    after = InformationRequest.objects.get(pk=sent.pk)
    assert (after.state, after.records_secured_by, after.returned_at) == (state, "", None)
    assert RequestEvent.objects.filter(request=sent).count() == events
    assert not FamilyCorrection.objects.filter(request=sent).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("state", [RequestState.SENT, RequestState.OPENED, RequestState.REVISION_REQUESTED])
def test_the_same_complete_return_is_accepted_from_the_states_the_table_allows(
    world: World, sent: InformationRequest, state: str
) -> None:
    """The counterpart of the refusal above: the same return, only the state differs."""
    _answered(sent, world)
    InformationRequest.objects.filter(pk=sent.pk).update(state=state)
    returned = actions.submit_return(
        InformationRequest.objects.get(pk=sent.pk),
        records_secured_on=dt.date(2026, 11, 3),
        records_secured_by="x",
        kept_separate=True,
        acting_user=world.agency_users["own"],
    )
    assert returned.state in {RequestState.SUBMITTED, RequestState.RESUBMITTED}


@pytest.mark.django_db
def test_an_incomplete_return_is_refused_and_nothing_changes(world: World, sent: InformationRequest) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.submit_return(
            sent,
            records_secured_on=dt.date(2026, 11, 3),
            records_secured_by="x",
            kept_separate=True,
            acting_user=world.agency_users["own"],
        )
    assert "Enter 1. summary of involvement" in refused.value.messages
    assert InformationRequest.objects.get(pk=sent.pk).state == RequestState.SENT


@pytest.mark.django_db
def test_no_involvement_must_be_confirmed_in_writing(world: World, sent: InformationRequest) -> None:
    lead = world.agency_users["own"]
    with pytest.raises(ValidationError):
        actions.confirm_no_involvement(sent, statement=" ", confirmed_by="Test Lead", acting_user=lead)
    request = actions.confirm_no_involvement(
        sent, statement="We have no record of the child or family.", confirmed_by="Test Lead, DSL", acting_user=lead
    )
    assert request.state == RequestState.NO_INVOLVEMENT
    assert request.no_involvement_statement == "We have no record of the child or family."


@pytest.mark.django_db
def test_family_corrections_are_proposed_then_accepted_or_rejected_never_silently_applied(
    world: World, sent: InformationRequest
) -> None:
    lead, manager = world.agency_users["own"], world.user(Role.BUSINESS_MANAGER)
    mother = world.cases["own"].people.get(first_name="Testmother")
    family = {
        str(mother.pk): {"ethnicity": "White Irish", "language": "English", "religion": "Catholic", "employment": ""}
    }
    request = _answered(sent, world, family=family)
    actions.submit_return(
        request,
        records_secured_on=dt.date(2026, 11, 3),
        records_secured_by="Test Lead",
        kept_separate=True,
        acting_user=lead,
    )
    mother.refresh_from_db()
    assert mother.ethnicity == "White British"  # not applied yet
    proposals = {c.field: c for c in FamilyCorrection.objects.filter(request=request)}
    assert set(proposals) == {"ethnicity", "religion"}
    actions.decide_correction(proposals["ethnicity"], accept=True, acting_user=manager)
    actions.decide_correction(proposals["religion"], accept=False, acting_user=manager)
    mother.refresh_from_db()
    assert (mother.ethnicity, mother.religion) == ("White Irish", "")
    assert FamilyCorrection.objects.get(pk=proposals["religion"].pk).status == CorrectionStatus.REJECTED
    assert AuditEvent.objects.filter(action="portal.correction_accepted").count() == 1
    with pytest.raises(states.TransitionRefused):
        actions.decide_correction(proposals["ethnicity"], accept=False, acting_user=manager)


@pytest.mark.django_db
def test_a_stale_draft_is_refused(world: World, sent: InformationRequest) -> None:
    lead = world.agency_users["own"]
    actions.save_draft(sent, COMPLETE, [], acting_user=lead, version=1)
    with pytest.raises(actions.StaleDraft):
        actions.save_draft(sent, {}, [], acting_user=lead, version=1)
    assert InformationRequest.objects.get(pk=sent.pk).answers["contact_name"] == "Test Lead"


@pytest.mark.django_db
def test_scoping_summary_counts_returns_nil_returns_and_overdue(world: World, sent: InformationRequest) -> None:
    from cspr.portal.glance import scoping_summary

    lead = world.agency_users["other"]
    with time_machine.travel(NOW):
        [gp] = actions.send_scoping_requests(
            world.cases["own"], [world.agencies["other"]], acting_user=world.user(Role.BUSINESS_MANAGER)
        )
        actions.confirm_no_involvement(gp, statement="Not known to us.", confirmed_by="GP lead", acting_user=lead)
    with time_machine.travel(NOW + dt.timedelta(days=10)):
        summary = scoping_summary(world.cases["own"])
    assert (summary.sent, summary.returned, summary.nil_returns, summary.outstanding, summary.overdue) == (
        2,
        0,
        1,
        1,
        1,
    )
    assert summary.latest_due == dt.date(2026, 11, 10)
    assert not summary.all_in
