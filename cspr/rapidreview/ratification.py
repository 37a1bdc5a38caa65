"""Ratification belongs to each statutory partner (rule 37, C7).

- A statutory partner lead belongs to one partner of their partnership (``User.statutory_partner``,
  set by the partnership administrator) and ratifies for that partner only (``actions.ratify``).
- Ratifying on behalf of another partner is a separate, explicit act (``ratify_on_behalf``): who
  (the user and the partner they belong to), for whom, why, and the delegation it relies on. It is
  refused when the lead partnership forbids it (``Partnership.allow_ratification_on_behalf``).
- Only the lead partnership ratifies (C12): a collaborating partnership's people are refused.
- Each partner ratifies once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.cases.transitions import ActionContext, case_action
from cspr.organisations.models import PartnerKind, StatutoryPartner
from cspr.rapidreview.models import Ratification
from cspr.ui.wording import partner_has

if TYPE_CHECKING:
    from cspr.accounts.models import User


def own_partner(user: User, case: Case) -> StatutoryPartner | None:
    """The lead partnership's partner this user ratifies for, or None."""
    if Role(user.role) is not Role.PARTNER_LEAD or user.statutory_partner_id is None:
        return None
    partner = user.statutory_partner
    if partner is None or partner.partnership_id != case.lead_partnership_id:
        return None
    return partner


def in_lead_partnership(user: User, case: Case) -> bool:
    return user.partnership_id is not None and user.partnership_id == case.lead_partnership_id


def may_ratify_own(user: User, case: Case) -> bool:
    return own_partner(user, case) is not None


def may_ratify_on_behalf(user: User, case: Case) -> bool:
    """Whether this user may use the on-behalf page at all (the setting and their role)."""
    return (
        Role(user.role) in {Role.PARTNER_LEAD, Role.BUSINESS_MANAGER}
        and in_lead_partnership(user, case)
        and case.lead_partnership.allow_ratification_on_behalf
    )


def ratified(case: Case) -> set[str]:
    return set(Ratification.objects.filter(case=case).values_list("partner", flat=True))


def on_behalf_choices(user: User, case: Case) -> list[tuple[str, str]]:
    """The partners still to ratify that this user would be acting for on their behalf."""
    own = own_partner(user, case)
    done = ratified(case)
    return [
        (kind.value, kind.label)
        for kind in PartnerKind
        if kind.value not in done and (own is None or own.kind != kind.value)
    ]


def _check_common(case: Case, partner: str, date: dt.date, acting_user: User) -> None:
    """Checks before the case is locked; ``create`` checks the dates again on the locked row."""
    if not in_lead_partnership(acting_user, case):
        # C12: the decision and its ratification belong to the lead partnership's partners.
        raise PermissionDenied("Only the lead partnership's safeguarding partners ratify this Rapid Review.")
    if partner not in PartnerKind.values:
        raise ValidationError({"partner": "Select the safeguarding partner"})
    if case.decision_date and date < case.decision_date:
        raise ValidationError({"date": "The date of ratification must be on or after the decision"})
    if date > timezone.localdate():
        raise ValidationError({"date": "The date of ratification must be today or in the past"})


def check_own(case: Case, partner: str, date: dt.date, acting_user: User) -> StatutoryPartner:
    """A partner lead ratifying for their own partner; everything else is refused here."""
    _check_common(case, partner, date, acting_user)
    if Role(acting_user.role) is not Role.PARTNER_LEAD:
        raise ValidationError(
            "Only a statutory partner lead ratifies for their partner. To record a ratification for a partner, "
            "use ‘Ratify on behalf of another partner’, giving the reason and the delegation."
        )
    own = own_partner(acting_user, case)
    if own is None:
        raise ValidationError(
            "Your account is not linked to one of this partnership's statutory partners. Ask the partnership "
            "administrator to set your statutory partner."
        )
    if partner != own.kind:
        raise ValidationError(
            {
                "partner": f"You ratify for the {own.get_kind_display()} only. Ratifying for another partner is "
                "a separate act: ‘Ratify on behalf of another partner’."
            }
        )
    return own


def check_on_behalf(
    case: Case, partner: str, date: dt.date, reason: str, delegation: str, acting_user: User
) -> StatutoryPartner | None:
    """Returns the acting user's own partner (None for a business manager)."""
    _check_common(case, partner, date, acting_user)
    if Role(acting_user.role) not in {Role.PARTNER_LEAD, Role.BUSINESS_MANAGER}:
        raise ValidationError("Only a statutory partner lead or the business manager can ratify on a partner's behalf")
    if not case.lead_partnership.allow_ratification_on_behalf:
        raise ValidationError(
            "This partnership does not allow ratifying on behalf of another partner: each partner's lead ratifies."
        )
    own = own_partner(acting_user, case)
    if own is not None and own.kind == partner:
        raise ValidationError({"partner": "You ratify for your own partner directly, not on its behalf"})
    errors = {}
    if not reason.strip():
        errors["reason"] = "Enter why you are ratifying on this partner's behalf"
    if not delegation.strip():
        errors["delegation"] = "Enter the delegation this relies on (who delegated, to whom, and when)"
    if errors:
        raise ValidationError(errors)
    return own


def create(
    ctx: ActionContext,
    *,
    partner: str,
    executive_name: str,
    executive_role: str,
    date: dt.date,
    acting_user: User,
    acting_partner: str,
    reason: str = "",
    delegation: str = "",
) -> Ratification:
    """The ratification row, the ratified milestone and the audit row, inside the caller's
    ``case_action("rapidreview.ratify")``. Refused if that partner has already ratified."""
    from cspr.rapidreview.actions import lcspr_decided

    locked = ctx.case
    if locked.decision_date and date < locked.decision_date:
        raise ValidationError({"date": "The date of ratification must be on or after the decision"})
    if Ratification.objects.filter(case=locked, partner=partner).exists():
        raise ValidationError({"partner": f"{partner_has(PartnerKind(partner).label)} already ratified"})
    on_behalf = acting_partner != partner
    ratification = Ratification.objects.create(
        case=locked,
        partner=partner,
        executive_name=executive_name,
        executive_role=executive_role,
        date=date,
        recorded_by=acting_user,
        on_behalf=on_behalf,
        acting_partner=acting_partner,
        on_behalf_reason=reason if on_behalf else "",
        delegation=delegation if on_behalf else "",
    )
    done = list(Ratification.objects.filter(case=locked).values_list("date", flat=True))
    if len(done) == len(PartnerKind):
        ctx.reach_milestone("ratified_date", max(done))
        if lcspr_decided(locked):
            # The LCSPR clock starts when the decision to hold one is ratified (C10, rules 47-48).
            ctx.reach_milestone("lcspr_commissioned_date", max(done))
    after: dict[str, object] = {
        "partner": partner,
        "executive_name": executive_name,
        "date": date.isoformat(),
        "on_behalf": on_behalf,
        "acting_partner": acting_partner,
        "all_ratified": locked.ratified_date is not None,
    }
    if on_behalf:
        after |= {"reason": reason, "delegation": delegation}
    ctx.audit(
        obj=ratification,
        after=after,
        action="rapidreview.ratify_on_behalf" if on_behalf else "rapidreview.ratify",
    )
    return ratification


def ratify_on_behalf(
    case: Case,
    *,
    partner: str,
    executive_name: str,
    executive_role: str,
    date: dt.date,
    reason: str,
    delegation: str,
    acting_user: User,
) -> Ratification:
    """Record a partner's ratification by someone who does not belong to that partner: an explicit act
    naming why and the delegation relied on; refused when the lead partnership forbids it."""
    own = check_on_behalf(case, partner, date, reason, delegation, acting_user)
    # Allowed when ratifying is (the same registered rule); the audit row names the on-behalf act.
    with case_action(case, "rapidreview.ratify", acting_user=acting_user) as ctx:
        if not ctx.case.lead_partnership.allow_ratification_on_behalf:
            raise ValidationError("This partnership does not allow ratifying on behalf of another partner.")
        return create(
            ctx,
            partner=partner,
            executive_name=executive_name,
            executive_role=executive_role,
            date=date,
            acting_user=acting_user,
            acting_partner=own.kind if own else "",
            reason=reason,
            delegation=delegation,
        )
