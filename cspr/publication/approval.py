"""Formal approval of the final report belongs to each statutory partner (rule 63, §9.1.7), as
ratification does (rule 37; ``cspr.rapidreview.ratification``):

- a statutory partner lead approves for their own partner only (``User.statutory_partner``);
- approving on behalf of another partner is a separate, explicit act naming why and the delegation
  relied on, open to a partner lead or the business manager, and refused when the lead partnership
  forbids acting on behalf (``Partnership.allow_ratification_on_behalf``, the same setting);
- only the lead partnership approves (C12), and each partner approves once.

When the third partner has approved, the case reaches ``report_approved_date`` (the latest of the
three dates): the LCSPR is "completed" and its six-month clock met on that date (C10).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.cases import partner_acts
from cspr.cases.models import Case
from cspr.cases.partner_acts import in_lead_partnership, own_partner
from cspr.cases.transitions import ActionContext, case_action, reached, register_action
from cspr.organisations.models import PartnerKind, StatutoryPartner
from cspr.publication import report_source
from cspr.publication.models import Approval
from cspr.ui.wording import partner_has

if TYPE_CHECKING:
    from cspr.accounts.models import User


def _approvable(case: Case) -> bool:
    return reached("terms_of_reference_agreed_date")(case) and case.report_approved_date is None


register_action(
    "publication.approve",
    allowed=_approvable,
    refusal="The final report can be approved once the terms of reference are agreed, and only until it is approved.",
)


def approved(case: Case) -> set[str]:
    return set(Approval.objects.filter(case=case).values_list("partner", flat=True))


def may_approve_on_behalf(user: User, case: Case) -> bool:
    return (
        Role(user.role) in {Role.PARTNER_LEAD, Role.BUSINESS_MANAGER}
        and in_lead_partnership(user, case)
        and case.lead_partnership.allow_ratification_on_behalf
    )


def on_behalf_choices(user: User, case: Case) -> list[tuple[str, str]]:
    own = own_partner(user, case)
    done = approved(case)
    return [
        (kind.value, kind.label)
        for kind in PartnerKind
        if kind.value not in done and (own is None or own.kind != kind.value)
    ]


APPROVE = partner_acts.Act(
    verb="approve",
    third_person="approves",
    gerund="Approving",
    noun="approval",
    outsiders="Only the lead partnership's safeguarding partners approve the final report.",
    own_only="Only a statutory partner lead approves the report for their partner. To record a partner's approval "
    "for them, use ‘Approve on behalf of another partner’, giving the reason and the delegation.",
)


def check_own(case: Case, partner: str, date: dt.date, acting_user: User) -> StatutoryPartner:
    partner_acts.check_common(APPROVE, case, partner, date, acting_user)
    return partner_acts.check_own(APPROVE, case, partner, acting_user)


def check_on_behalf(
    case: Case, partner: str, date: dt.date, reason: str, delegation: str, acting_user: User
) -> StatutoryPartner | None:
    partner_acts.check_common(APPROVE, case, partner, date, acting_user)
    return partner_acts.check_on_behalf(APPROVE, case, partner, reason, delegation, acting_user)


def _create(
    ctx: ActionContext,
    *,
    partner: str,
    approver_name: str,
    approver_role: str,
    date: dt.date,
    acting_user: User,
    acting_partner: str,
    reason: str = "",
    delegation: str = "",
) -> Approval:
    locked = ctx.case
    if not report_source.has_report(locked):
        raise ValidationError("There is no final report to approve yet: upload it, or a report draft, first.")
    agreed = locked.terms_of_reference_agreed_date
    if agreed is not None and date < agreed:
        raise ValidationError({"date": "The date of approval must be on or after the terms of reference were agreed"})
    if Approval.objects.filter(case=locked, partner=partner).exists():
        raise ValidationError({"partner": f"{partner_has(PartnerKind(partner).label)} already approved the report"})
    on_behalf = acting_partner != partner
    approval = Approval.objects.create(
        case=locked,
        partner=partner,
        approver_name=approver_name,
        approver_role=approver_role,
        date=date,
        recorded_by=acting_user,
        on_behalf=on_behalf,
        acting_partner=acting_partner,
        on_behalf_reason=reason if on_behalf else "",
        delegation=delegation if on_behalf else "",
    )
    done = list(Approval.objects.filter(case=locked).values_list("date", flat=True))
    if len(done) == len(PartnerKind):
        # C10: the LCSPR is completed when the three partners have approved the final report.
        ctx.reach_milestone("report_approved_date", max(done), today=timezone.localdate())
    after: dict[str, object] = {
        "partner": partner,
        "approver_name": approver_name,
        "date": date.isoformat(),
        "on_behalf": on_behalf,
        "acting_partner": acting_partner,
        "all_approved": locked.report_approved_date is not None,
    }
    if on_behalf:
        after |= {"reason": reason, "delegation": delegation}
    ctx.audit(obj=approval, after=after, action="publication.approve_on_behalf" if on_behalf else "publication.approve")
    return approval


def approve(
    case: Case, *, partner: str, approver_name: str, approver_role: str, date: dt.date, acting_user: User
) -> Approval:
    """A statutory partner lead approves the final report for their own partner only (rule 63)."""
    own = check_own(case, partner, date, acting_user)
    with case_action(case, "publication.approve", acting_user=acting_user) as ctx:
        return _create(
            ctx,
            partner=partner,
            approver_name=approver_name,
            approver_role=approver_role,
            date=date,
            acting_user=acting_user,
            acting_partner=own.kind,
        )


def approve_on_behalf(
    case: Case,
    *,
    partner: str,
    approver_name: str,
    approver_role: str,
    date: dt.date,
    reason: str,
    delegation: str,
    acting_user: User,
) -> Approval:
    """A partner's approval recorded by someone who does not belong to it: explicit, with the reason and
    the delegation; refused when the lead partnership forbids acting on behalf."""
    own = check_on_behalf(case, partner, date, reason, delegation, acting_user)
    with case_action(case, "publication.approve", acting_user=acting_user) as ctx:
        if not ctx.case.lead_partnership.allow_ratification_on_behalf:
            raise ValidationError("This partnership does not allow acting on behalf of another partner.")
        return _create(
            ctx,
            partner=partner,
            approver_name=approver_name,
            approver_role=approver_role,
            date=date,
            acting_user=acting_user,
            acting_partner=own.kind if own else "",
            reason=reason,
            delegation=delegation,
        )
