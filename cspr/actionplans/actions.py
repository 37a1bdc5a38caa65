"""Every change to an action plan: named, run through ``case_action`` and audited in its transaction.

- ``create_action``: a row of Document 20 from a source of the record (``cspr.actionplans.sources``).
- ``record_progress``: a progress update (RAG rating and date), actions taken, evidence of impact.
- ``request_update``: asks the owning agency for a progress update through the portal (the
  ``action_update`` request kind, ``cspr.actionplans.portal_kind``); the coordinator's acceptance
  of its return applies it (``apply_agency_update``).
- ``close_action``: refused without evidence of impact and without who accepted the closure.
- ``carry_action``: carried formally into another plan, its name and the reason recorded.
Once every action is closed or carried the case closes (``action_plan_closed_date``, decision 0028):
after publication for an LCSPR, after the decision for a Rapid Review that ended there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from cspr.accounts.models import User
from cspr.actionplans.models import Action, EvidenceFile, ProgressUpdate, Rag, Source, Status
from cspr.actionplans.sources import source_by_key
from cspr.cases.concurrency import lock_and_check
from cspr.cases.models import Case
from cspr.cases.transitions import ActionContext, case_action, reached, register_action
from cspr.library.models import Theme, themes_for
from cspr.organisations.models import Agency
from cspr.portal.models import InformationRequest, RequestState, RequestType

IN_PLAN = reached("decision_date")  # refuses a closed case too
REFUSAL = "The action plan is kept once the Rapid Review's decision is recorded, and not after the case is closed."
for _name in (
    "actionplans.create_action",
    "actionplans.record_progress",
    "actionplans.request_update",
    "actionplans.apply_agency_update",
    "actionplans.close_action",
    "actionplans.carry_action",
    "actionplans.add_evidence_file",
    "actionplans.remind",
):
    register_action(_name, allowed=IN_PLAN, refusal=REFUSAL)

RATED = (Rag.RED, Rag.AMBER, Rag.GREEN)


def askable_owner_agencies(case: Case) -> Any:
    """Agencies that can own an action: those of the lead and collaborating partnerships."""
    from cspr.portal.actions import askable_agencies

    return askable_agencies(case)


def _summary(action: Action) -> dict[str, Any]:
    return {
        "number": action.number,
        "due_date": action.due_date.isoformat(),
        "agency": action.agency_id,
        "rag": action.rag,
        "status": action.status,
        "version": action.version,
    }


def _check_owner(case: Case, agency: Agency | None) -> None:
    if agency is not None and not askable_owner_agencies(case).filter(pk=agency.pk).exists():
        raise ValidationError({"agency": "Choose an agency of the lead or a collaborating partnership"})


def _check_themes(case: Case, themes: Iterable[Theme]) -> list[Theme]:
    chosen = list(themes)
    allowed = set(themes_for(case.lead_partnership).values_list("pk", flat=True))
    if any(t.pk not in allowed for t in chosen):
        raise ValidationError({"themes": "Choose themes from the list"})
    return chosen


def create_action(
    case: Case,
    *,
    source_key: str,
    agreed_action: str,
    responsible_person: str,
    responsible_organisation: str,
    due_date: dt.date,
    agency: Agency | None = None,
    themes: Iterable[Theme] = (),
    acting_user: User,
) -> Action:
    """A new row of the action plan answering one recommendation or item of immediate learning."""
    errors: dict[str, str] = {}
    if not agreed_action.strip():
        errors["agreed_action"] = "Enter the agreed action"
    if not responsible_person.strip():
        errors["responsible_person"] = "Enter the responsible person"
    if not (responsible_organisation.strip() or agency):
        errors["responsible_organisation"] = "Enter the responsible organisation"
    if errors:
        raise ValidationError(errors)
    with case_action(case, "actionplans.create_action", acting_user=acting_user) as ctx:
        item = source_by_key(ctx.case, source_key)
        if item is None:
            raise ValidationError({"source": "Choose what the action answers from the list"})
        _check_owner(ctx.case, agency)
        chosen = _check_themes(ctx.case, themes)
        number = (Action.objects.filter(case=ctx.case).aggregate(n=Max("number"))["n"] or 0) + 1
        action = Action.objects.create(
            case=ctx.case,
            number=number,
            source=item.source,
            recommendation=item.recommendation,
            learning_action=item.learning_action,
            source_text=item.text,
            agreed_action=agreed_action.strip(),
            responsible_person=responsible_person.strip(),
            responsible_organisation=(responsible_organisation.strip() or (agency.name if agency else "")),
            agency=agency,
            due_date=due_date,
            created_by=acting_user,
        )
        action.themes.set(chosen)
        if item.recommendation is not None:
            action.themes.add(*item.recommendation.themes.all())
        ctx.audit(obj=action, after=_summary(action) | {"source": item.source}, detail={"label": str(action)})
    return action


def _apply(
    ctx: ActionContext,
    action: Action,
    *,
    on: dt.date,
    rag: str,
    text: str,
    actions_taken: str | None,
    evidence_of_impact: str | None,
    request: InformationRequest | None,
    acting_user: User,
) -> ProgressUpdate:
    if action.status != Status.OPEN:
        raise ValidationError("This action is closed or carried into another plan: it takes no more updates")
    before = _summary(action)
    update = ProgressUpdate.objects.create(
        action=action, on=on, rag=rag, text=text.strip(), request=request, recorded_by=acting_user
    )
    action.rag = rag
    action.last_update_on = on
    if actions_taken is not None and actions_taken.strip():
        action.actions_taken = actions_taken.strip()
    if evidence_of_impact is not None and evidence_of_impact.strip():
        action.evidence_of_impact = evidence_of_impact.strip()
    action.version += 1
    action.save()
    ctx.audit(
        obj=action,
        before=before,
        after=_summary(action) | {"update": update.pk, "request": request.pk if request else None},
        detail={"label": str(action)},
    )
    return update


def _check_update(on: dt.date, rag: str, text: str) -> None:
    errors: dict[str, str] = {}
    if rag not in RATED:
        errors["rag"] = "Choose the RAG rating: red, amber or green"
    if not text.strip():
        errors["text"] = "Enter the progress update"
    if on > timezone.localdate():
        errors["on"] = "The date of the update must be today or in the past"
    if errors:
        raise ValidationError(errors)


def record_progress(
    action: Action,
    *,
    on: dt.date,
    rag: str,
    text: str,
    actions_taken: str = "",
    evidence_of_impact: str = "",
    expected_version: int | None = None,
    acting_user: User,
) -> ProgressUpdate:
    """A progress update recorded by the partnership (RAG rating and date)."""
    _check_update(on, rag, text)
    with case_action(action.case_id, "actionplans.record_progress", acting_user=acting_user) as ctx:
        locked: Action = lock_and_check(Action, action.pk, expected_version)
        return _apply(
            ctx,
            locked,
            on=on,
            rag=rag,
            text=text,
            actions_taken=actions_taken,
            evidence_of_impact=evidence_of_impact,
            request=None,
            acting_user=acting_user,
        )


def open_update_request(action: Action) -> InformationRequest | None:
    """The action-update request out to the agency for this action, if one is waiting on it."""
    return (
        InformationRequest.objects.filter(
            case_id=action.case_id, request_type=RequestType.ACTION_UPDATE, topics__0__action=action.pk
        )
        .exclude(state__in=[RequestState.ACCEPTED, RequestState.DRAFT])
        .first()
    )


def request_update(action: Action, *, due_date: dt.date, acting_user: User) -> InformationRequest:
    """Ask the owning agency for a progress update through the portal (one request per action)."""
    from cspr.portal import actions as portal

    if due_date <= timezone.localdate():
        raise ValidationError({"due_date": "The date the update is due must be in the future"})
    with case_action(action.case_id, "actionplans.request_update", acting_user=acting_user) as ctx:
        # of=self: the agency is a nullable join, which PostgreSQL will not lock FOR UPDATE.
        locked = Action.objects.select_for_update(of=("self",)).select_related("agency").get(pk=action.pk)
        if locked.agency is None:
            raise ValidationError("This action is not owned by an agency: record its progress here")
        if locked.status != Status.OPEN:
            raise ValidationError("This action is closed or carried into another plan")
        if open_update_request(locked) is not None:
            raise ValidationError("The agency has already been asked for an update on this action")
        request = portal.create_request(
            ctx.case,
            locked.agency,
            RequestType.ACTION_UPDATE,
            acting_user=acting_user,
            case_summary=f"Action {locked.number}: {locked.agreed_action}",
        )
        request.topics = [{"action": locked.pk, "number": locked.number}]
        request.save(update_fields=["topics"])
        request = portal.send_request(request, acting_user=acting_user, due_date=due_date)
        ctx.audit(
            obj=locked, after={"request": request.pk, "due_date": due_date.isoformat()}, detail={"label": str(locked)}
        )
    return request


def action_of_request(request: InformationRequest) -> Action | None:
    topics = request.topics if isinstance(request.topics, list) else []
    pk = topics[0].get("action") if topics and isinstance(topics[0], dict) else None
    if not isinstance(pk, int):
        return None
    return Action.objects.filter(case_id=request.case_id, pk=pk, agency_id=request.agency_id).first()


def apply_agency_update(request: InformationRequest, *, acting_user: User) -> dict[str, Any]:
    """The coordinator accepted an agency's action-update return: its answers become a progress
    update of the action (its attachments the update's evidence). Runs inside the accept action."""
    answers = request.answers if isinstance(request.answers, dict) else {}
    rag = str(answers.get("rag", ""))
    text = str(answers.get("progress", ""))
    _check_update(timezone.localdate(), rag, text)
    with case_action(request.case_id, "actionplans.apply_agency_update", acting_user=acting_user) as ctx:
        found = action_of_request(request)
        if found is None:
            raise ValidationError("The action this update is about is no longer on the plan")
        locked: Action = lock_and_check(Action, found.pk, None)
        update = _apply(
            ctx,
            locked,
            on=(request.returned_at or timezone.now()).date(),
            rag=rag,
            text=text,
            actions_taken=str(answers.get("actions_taken", "")),
            evidence_of_impact=str(answers.get("evidence_of_impact", "")),
            request=request,
            acting_user=acting_user,
        )
    return {"action": locked.pk, "rag": rag, "update": update.pk}


def close_action(action: Action, *, accepted_by: str, expected_version: int | None = None, acting_user: User) -> Action:
    """Close an action: its evidence of impact recorded and who accepted the closure named."""
    if not accepted_by.strip():
        raise ValidationError({"accepted_by": "Enter who accepted that the action is complete"})
    with case_action(action.case_id, "actionplans.close_action", acting_user=acting_user) as ctx:
        locked: Action = lock_and_check(Action, action.pk, expected_version)
        if locked.status != Status.OPEN:
            raise ValidationError("This action is already closed or carried into another plan")
        if not locked.evidence_of_impact.strip():
            raise ValidationError(
                "An action cannot be closed without evidence of its impact: record the evidence first"
            )
        before = _summary(locked)
        locked.status = Status.CLOSED
        locked.closed_on = timezone.localdate()
        locked.closure_accepted_by = accepted_by.strip()
        locked.closed_by = acting_user
        locked.version += 1
        locked.save()
        ctx.audit(obj=locked, before=before, after=_summary(locked) | {"closed_on": locked.closed_on.isoformat()})
        _close_plan_if_complete(ctx)
    return locked


def carry_action(
    action: Action, *, into: str, reason: str, expected_version: int | None = None, acting_user: User
) -> Action:
    """Carry an action formally into another plan (its name and the reason recorded)."""
    errors = {}
    if not into.strip():
        errors["into"] = "Enter the name of the plan the action is carried into"
    if not reason.strip():
        errors["reason"] = "Enter why the action is carried into that plan"
    if errors:
        raise ValidationError(errors)
    with case_action(action.case_id, "actionplans.carry_action", acting_user=acting_user) as ctx:
        locked: Action = lock_and_check(Action, action.pk, expected_version)
        if locked.status != Status.OPEN:
            raise ValidationError("This action is already closed or carried into another plan")
        before = _summary(locked)
        locked.status = Status.CARRIED
        locked.carried_into = into.strip()
        locked.carried_reason = reason.strip()
        locked.carried_on = timezone.localdate()
        locked.version += 1
        locked.save()
        ctx.audit(obj=locked, before=before, after=_summary(locked) | {"carried_on": locked.carried_on.isoformat()})
        _close_plan_if_complete(ctx)
    return locked


class EvidenceNotStored(ValidationError):
    """The upload store refused the file: nothing was kept."""


def add_evidence_file(
    action: Action, *, data: bytes, original_name: str, content_type: str, acting_user: User
) -> EvidenceFile:
    """Attach a file of evidence of impact that ``cspr.filesafety.check.inspect`` accepted. A
    failure leaves no file or row."""
    import hashlib

    from django.core.files.base import ContentFile

    digest = hashlib.sha256(data).hexdigest()
    extension = {"application/pdf": "pdf"}.get(content_type, "docx" if "word" in content_type else "xlsx")
    with case_action(action.case_id, "actionplans.add_evidence_file", acting_user=acting_user) as ctx:
        locked: Action = lock_and_check(Action, action.pk, None)
        if locked.status != Status.OPEN:
            raise ValidationError("This action is closed or carried into another plan")
        evidence = EvidenceFile(
            action=locked,
            original_name=original_name[:200],
            content_type=content_type,
            size=len(data),
            sha256=digest,
            uploaded_by=acting_user,
        )
        try:
            evidence.file.save(f"{locked.pk}/{digest}.{extension}", ContentFile(data), save=False)
        except OSError as error:
            raise EvidenceNotStored("The file could not be stored just now. Try again later") from error
        name = evidence.file.name or ""
        try:
            evidence.save()
            ctx.audit(obj=evidence, after={"action": locked.pk, "sha256": digest, "size": len(data)})
        except Exception:
            evidence.file.storage.delete(name)
            raise
    return evidence


def plan_can_close(case: Case) -> bool:
    """Decision 0028: every action closed or carried (at least one action), and the review's work
    done: the report published, or the partners' decision not to publish it (rule 67), for an LCSPR;
    the decision recorded for a Rapid Review alone."""
    actions = Action.objects.filter(case=case)
    if not actions.exists() or actions.filter(status=Status.OPEN).exists():
        return False
    if case.lcspr_commissioned_date is not None:
        return case.published_date is not None or case.not_published_date is not None
    return case.decision_date is not None


def _close_plan_if_complete(ctx: ActionContext) -> None:
    if plan_can_close(ctx.case):
        ctx.reach_milestone("action_plan_closed_date", timezone.localdate())
        ctx.audit(action="actionplans.plan_closed", after={"action_plan_closed_date": timezone.localdate().isoformat()})


SOURCE_LABELS = dict(Source.choices)
