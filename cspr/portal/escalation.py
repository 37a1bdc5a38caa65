"""Escalating an information request that is refused or ignored (seed §2.1.7, rule 57).

The ladder, in order: the CSPR group -> the agency's strategic safeguarding lead -> the
safeguarding partners' formal action. Each step is a named, audited action that records its date,
produces the letter for it, queues it in the outbox, and later records its outcome. Letters carry the
case reference, the agency and the dates: never the child's or family's names.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.cases.transitions import case_action
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.portal.models import ESCALATION_LADDER, Escalation, EscalationStep, InformationRequest, RequestEvent
from cspr.ui.formatting import format_date


def next_step(request: InformationRequest) -> EscalationStep | None:
    taken = set(request.escalations.values_list("step", flat=True))
    if request.escalations.filter(resolved=True).exists():
        return None
    for step in ESCALATION_LADDER:
        if step not in taken:
            return step
    return None


def can_escalate(request: InformationRequest) -> bool:
    return request.is_overdue() and next_step(request) is not None


def recipients_for(request: InformationRequest, step: EscalationStep) -> list[str]:
    partnership = request.case.lead_partnership
    if step is EscalationStep.CSPR_GROUP:
        people = User.objects.filter(partnership=partnership, role=Role.CSPR_GROUP_MEMBER, is_active=True)
        return sorted(
            {
                *people.values_list("email", flat=True),
                *([partnership.contact_email] if partnership.contact_email else []),
            }
        )
    if step is EscalationStep.STRATEGIC_LEAD:
        return [request.agency.strategic_lead_email] if request.agency.strategic_lead_email else []
    leads = User.objects.filter(partnership=partnership, role=Role.PARTNER_LEAD, is_active=True)
    return sorted(set(leads.values_list("email", flat=True)))


def letter_for(request: InformationRequest, step: EscalationStep, reason: str, by: User) -> str:
    partnership = request.case.lead_partnership
    agency = request.agency
    sent = format_date(request.sent_at)
    due = format_date(request.due_date)
    facts = (
        f"On {sent} {partnership.name} asked {agency.name} for information for case {request.case.reference} "
        f"({request.get_request_type_display()}), to be returned by {due}. "
        f"The request is {request.get_state_display().lower()} and has not been returned."
    )
    if step is EscalationStep.CSPR_GROUP:
        opening = "To the Child Safeguarding Practice Review Group,"
        ask = (
            "Under paragraph 2.1.7 of the regional guidance, I am referring this unanswered request to the group, "
            f"so that the group can seek to resolve it with the strategic safeguarding lead of {agency.name}."
        )
    elif step is EscalationStep.STRATEGIC_LEAD:
        opening = f"Dear {agency.strategic_lead_name or 'Strategic Safeguarding Lead'},"
        ask = (
            "On behalf of the Child Safeguarding Practice Review Group, I ask you to make sure your agency returns "
            "this information as a priority. If a prompt resolution cannot be found, the issue will be escalated to "
            "the Safeguarding Partners for formal action."
        )
    else:
        opening = "To the Safeguarding Partners,"
        ask = (
            "The Child Safeguarding Practice Review Group raised this request with the agency's strategic "
            "safeguarding lead without a prompt resolution. I ask the Safeguarding Partners to take formal action, "
            "including the use of their powers to obtain information."
        )
    return "\n\n".join(
        [
            opening,
            f"Case {request.case.reference}: information request to {agency.name}",
            facts,
            ask,
            f"Reason for escalation: {reason.strip()}",
            f"Yours sincerely,\n{by.full_name}\n{by.job_title or Role(by.role).label}\n{partnership.name}",
        ]
    )


def escalate(request: InformationRequest, *, reason: str, acting_user: User) -> Escalation:
    """Take the next step of the ladder for an overdue request."""
    if not reason.strip():
        raise ValidationError("Enter why you are escalating this request")
    with case_action(request.case_id, "portal.escalate", acting_user=acting_user):
        request = (
            InformationRequest.objects.select_for_update()
            .select_related("case__lead_partnership", "agency")
            .get(pk=request.pk)
        )
        if not request.is_overdue():
            raise ValidationError("Only an overdue request can be escalated")
        step = next_step(request)
        if step is None:
            raise ValidationError("This request has been escalated through every step")
        recipients = recipients_for(request, step)
        letter = letter_for(request, step, reason, acting_user)
        escalation = Escalation.objects.create(
            request=request,
            step=step,
            escalated_on=timezone.localdate(),
            escalated_by=acting_user,
            reason=reason.strip(),
            recipients=recipients,
            letter=letter,
        )
        RequestEvent.objects.create(
            request=request,
            transition=f"escalate_{step}",
            from_state=request.state,
            to_state=request.state,
            actor=acting_user,
            actor_label=f"{acting_user.full_name} <{acting_user.email}>",
            note=f"{step.label}. {reason.strip()}",
        )
        audit.record(
            actor=acting_user,
            action="portal.escalated",
            obj=escalation,
            case=request.case,
            after={"step": step, "recipients": recipients},
            detail={"label": f"{request.agency.name}: {step.label}"},
        )
        outbox.enqueue(
            kind=MailKind.AGENCY_ESCALATION,
            key=f"escalation:{escalation.pk}",
            case=request.case,
            to=recipients,
            subject=f"Escalation of an information request: case {request.case.reference}",
            body=letter,
        )
    return escalation


def record_outcome(escalation: Escalation, *, outcome: str, resolved: bool, acting_user: User) -> Escalation:
    if not outcome.strip():
        raise ValidationError("Enter the outcome of this step")
    with case_action(escalation.request.case_id, "portal.escalation_outcome", acting_user=acting_user):
        escalation = Escalation.objects.select_for_update().select_related("request__case").get(pk=escalation.pk)
        before = {"outcome": escalation.outcome, "resolved": escalation.resolved}
        escalation.outcome = outcome.strip()
        escalation.outcome_on = timezone.localdate()
        escalation.resolved = resolved
        escalation.save()
        audit.record(
            actor=acting_user,
            action="portal.escalation_outcome",
            obj=escalation,
            case=escalation.request.case,
            before=before,
            after={"outcome": escalation.outcome, "resolved": resolved},
            detail={"label": EscalationStep(escalation.step).label},
        )
    return escalation


def current_escalation(request: InformationRequest) -> Escalation | None:
    return request.escalations.order_by("-escalated_on", "-id").first()
