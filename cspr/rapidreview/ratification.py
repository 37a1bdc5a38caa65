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

from django.core.exceptions import ValidationError

from cspr.accounts.roles import Role
from cspr.cases import partner_acts
from cspr.cases.models import Case
from cspr.cases.partner_acts import in_lead_partnership, own_partner
from cspr.cases.transitions import ActionContext, case_action
from cspr.organisations.models import PartnerKind, StatutoryPartner
from cspr.rapidreview.models import Ratification
from cspr.ui.wording import partner_has

if TYPE_CHECKING:
    from cspr.accounts.models import User


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


RATIFY = partner_acts.Act(
    verb="ratify",
    third_person="ratifies",
    gerund="Ratifying",
    noun="ratification",
    # C12: the decision and its ratification belong to the lead partnership's partners.
    outsiders="Only the lead partnership's safeguarding partners ratify this Rapid Review.",
    own_only="Only a statutory partner lead ratifies for their partner. To record a ratification for a partner, "
    "use ‘Ratify on behalf of another partner’, giving the reason and the delegation.",
)


def _check_common(case: Case, partner: str, date: dt.date, acting_user: User) -> None:
    """Checks before the case is locked; ``create`` checks the dates again on the locked row."""
    partner_acts.check_common(RATIFY, case, partner, date, acting_user)
    if case.decision_date and date < case.decision_date:
        raise ValidationError({"date": "The date of ratification must be on or after the decision"})


def check_own(case: Case, partner: str, date: dt.date, acting_user: User) -> StatutoryPartner:
    """A partner lead ratifying for their own partner; everything else is refused here."""
    _check_common(case, partner, date, acting_user)
    return partner_acts.check_own(RATIFY, case, partner, acting_user)


def check_on_behalf(
    case: Case, partner: str, date: dt.date, reason: str, delegation: str, acting_user: User
) -> StatutoryPartner | None:
    """Returns the acting user's own partner (None for a business manager)."""
    _check_common(case, partner, date, acting_user)
    return partner_acts.check_on_behalf(RATIFY, case, partner, reason, delegation, acting_user)


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
