"""Rule 67 (§10.1.3): when the partners decide not to publish, the case reaches the same point in its
life as a published report does: the "decided not to publish" milestone (the date of the decision),
the headline stage "Embedding learning", in the decision's own transaction and audit row; nothing
about a publication is chased any more, and the report cannot be recorded as published after it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import Case, Stage
from cspr.deadlines import services
from cspr.deadlines.engine import State
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.publication import actions
from cspr.publication.models import NonPublication
from tests.publication.helpers import APPROVED, D, approve_all, at, plan, ready_for_approval
from tests.world import World

DECIDED = D(2027, 3, 2)  # the day after the three partners approved the report


def _decide(world: World, case: Case, decided_on: dt.date = DECIDED) -> NonPublication:
    return actions.decide_not_to_publish(
        case,
        reasons=["child_welfare"],
        explanation="The surviving sibling's therapist advised that publication would set back her recovery "
        "(fictional).",
        decided_on=decided_on,
        decided_by="The three safeguarding partners with the CSPR group",
        improvements_summary="Agencies will share information at every transfer (fictional).",
        improvements_url="https://test.invalid/improvements",
        improvements_published_on=decided_on,
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )


def test_not_publishing_ends_the_publication_stage_as_publishing_does(world: World) -> None:
    case = plan(world, approve_all(world, ready_for_approval(world)))  # publication planned for 1 April 2027
    assert (case.stage, case.report_approved_date) == (Stage.PUBLICATION, APPROVED)
    version = case.version
    with at(D(2027, 3, 3)):  # decided on 2 March, recorded the next day
        row = _decide(world, case)
    case.refresh_from_db()
    assert (case.not_published_date, case.published_date) == (DECIDED, None)
    assert case.stage == Stage.EMBEDDING
    assert case.version == version + 1  # one save of the case, in the decision's transaction
    audit = AuditEvent.objects.get(action="publication.decide_not_to_publish", case_id=case.pk)
    assert (audit.object_id, audit.after["stage"], audit.after["decided_on"]) == (
        str(row.pk),
        Stage.EMBEDDING.value,
        "2027-03-02",
    )
    # The copies of a report that will not be published are not chased after their send-by date
    # (19 March), and there is no year online to count.
    with at(D(2027, 3, 22)):
        deadlines = {d.key: d for d in services.deadlines_for_case(case)}
    assert deadlines["prepublication_copies"].state is State.NOT_APPLICABLE
    assert deadlines["available_until"].state is State.NOT_APPLICABLE
    with at(D(2027, 4, 2)), pytest.raises(ValidationError, match="decided not to publish"):
        actions.record_published(
            case,
            published_on=D(2027, 4, 1),
            url="https://test.invalid/report.pdf",
            reviewer_names="Test Reviewer",
            reviewer_named=True,
            late_reason="",
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
    case.refresh_from_db()
    assert (case.published_date, case.stage) == (None, Stage.EMBEDDING)


def test_a_decision_dated_before_the_approval_is_refused_with_no_trace(world: World) -> None:
    case = approve_all(world, ready_for_approval(world))
    version = case.version
    with at(D(2027, 3, 3)), pytest.raises(ValidationError, match="after the date the final report was approved"):
        _decide(world, case, decided_on=D(2027, 2, 26))
    case.refresh_from_db()
    assert (case.not_published_date, case.stage, case.version) == (None, Stage.PUBLICATION, version)
    assert not NonPublication.objects.exists()
    assert not Message.objects.filter(kind=MailKind.PUBLICATION_DECISION).exists()
    assert not AuditEvent.objects.filter(action="publication.decide_not_to_publish").exists()
