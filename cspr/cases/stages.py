"""The one table of which named action may run in which stage, and where it moves the case.

Actions call ``check`` before changing anything and ``advance`` to move the stage; nothing else
writes ``Case.stage``. An action absent from the table is a programming error, not a user error.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspr.cases.models import Case, Stage


class StageError(Exception):
    """The action is not allowed in the case's current stage; the message is for the user."""


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Stage]
    target: Stage | None = None  # None: the action works within the stage


_BEFORE_DECISION = frozenset({Stage.REFERRAL, Stage.SCOPING, Stage.MEETING})
_RAPID_REVIEW = frozenset({*_BEFORE_DECISION, Stage.RATIFICATION, Stage.SUBMITTED})
_ANY = frozenset(Stage)

TRANSITIONS: dict[str, Transition] = {
    # The case record (cspr.cases.actions)
    "cases.update_dates": Transition(_ANY),
    "cases.update_referral": Transition(_RAPID_REVIEW),
    "cases.save_person": Transition(_ANY),
    "cases.save_relationship": Transition(_ANY),
    "cases.save_household": Transition(_ANY),
    "cases.save_agency_involvement": Transition(_ANY),
    "cases.save_parallel_process": Transition(_ANY),
    "cases.add_referral_event": Transition(_RAPID_REVIEW),
    "cases.add_collaborator": Transition(_ANY),
    "cases.link_case": Transition(_ANY),
    # The Rapid Review (cspr.rapidreview.actions)
    "rapidreview.record_scoping_sent": Transition(frozenset({Stage.REFERRAL}), Stage.SCOPING),
    "rapidreview.set_meeting": Transition(frozenset({Stage.SCOPING, Stage.MEETING}), Stage.MEETING),
    "rapidreview.send_invitations": Transition(frozenset({Stage.SCOPING, Stage.MEETING})),
    "rapidreview.save_attendee": Transition(frozenset({Stage.SCOPING, Stage.MEETING})),
    "rapidreview.save_absence": Transition(frozenset({Stage.MEETING})),
    "rapidreview.save_record": Transition(_BEFORE_DECISION),
    "rapidreview.record_decision": Transition(frozenset({Stage.MEETING}), Stage.RATIFICATION),
    "rapidreview.ratify": Transition(frozenset({Stage.RATIFICATION})),
    "rapidreview.endorse": Transition(frozenset({Stage.RATIFICATION, Stage.SUBMITTED})),
    "rapidreview.submit": Transition(frozenset({Stage.RATIFICATION}), Stage.SUBMITTED),
    "rapidreview.record_panel_response": Transition(frozenset({Stage.SUBMITTED})),
}


def check(case: Case, action: str) -> Transition:
    """Refuse the action unless the case's stage, as stored now, is one of its sources."""
    transition = TRANSITIONS[action]
    if case.pk is not None:
        # Callers may hold an object from before another action moved the stage.
        stored = Case.objects.filter(pk=case.pk).values_list("stage", flat=True).first()
        if stored is not None:
            case.stage = stored
    if Stage(case.stage) not in transition.sources:
        raise StageError(f"This cannot be done while the case is at the stage ‘{case.get_stage_display()}’.")
    return transition


def advance(case: Case, action: str) -> tuple[str, str]:
    """Move the case to the action's target stage (if any); returns (before, after) for the audit row."""
    transition = check(case, action)
    before = case.stage
    if transition.target is not None and case.stage != transition.target:
        case.stage = transition.target
        case.save(update_fields=["stage", "updated_at"])
    return before, case.stage


def allowed(case: Case, action: str) -> bool:
    return Stage(case.stage) in TRANSITIONS[action].sources
