"""A safeguarding partner acting for itself (C7): the checks shared by ratifying a Rapid Review
decision (rule 37, ``cspr.rapidreview.ratification``), endorsing a recommendation (§9.2.6,
``cspr.learning.actions``) and approving the final report (``cspr.publication.approval``).

- A statutory partner lead belongs to one partner of their partnership (``User.statutory_partner``)
  and acts for that partner only.
- Acting on behalf of another partner is a separate, explicit act: who, for whom, why, and the
  delegation it relies on; refused where the lead partnership forbids it
  (``Partnership.allow_ratification_on_behalf``).
- Only the lead partnership's partners act (C12): a collaborating partnership's people are refused.

Each act brings its own words (``Act``) and its own further checks (dates, once per partner).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.organisations.models import PartnerKind, StatutoryPartner

if TYPE_CHECKING:
    from cspr.accounts.models import User


@dataclass(frozen=True)
class Act:
    verb: str  # "ratify"
    third_person: str  # "ratifies"
    gerund: str  # "Ratifying"
    noun: str  # "ratification"
    outsiders: str  # refusal for anyone outside the lead partnership
    own_only: str  # refusal for anyone but a partner lead acting for their own partner

    @property
    def on_behalf_label(self) -> str:
        return f"‘{self.verb.capitalize()} on behalf of another partner’"


def own_partner(user: User, case: Case) -> StatutoryPartner | None:
    """The lead partnership's partner this user acts for, or None."""
    if Role(user.role) is not Role.PARTNER_LEAD or user.statutory_partner_id is None:
        return None
    partner = user.statutory_partner
    if partner is None or partner.partnership_id != case.lead_partnership_id:
        return None
    return partner


def in_lead_partnership(user: User, case: Case) -> bool:
    return user.partnership_id is not None and user.partnership_id == case.lead_partnership_id


def check_common(act: Act, case: Case, partner: str, date: dt.date, acting_user: User) -> None:
    if not in_lead_partnership(acting_user, case):
        raise PermissionDenied(act.outsiders)
    if partner not in PartnerKind.values:
        raise ValidationError({"partner": "Select the safeguarding partner"})
    if date > timezone.localdate():
        raise ValidationError({"date": f"The date of {act.noun} must be today or in the past"})


def check_own(act: Act, case: Case, partner: str, acting_user: User) -> StatutoryPartner:
    """A partner lead acting for their own partner (after ``check_common``); everything else is refused."""
    if Role(acting_user.role) is not Role.PARTNER_LEAD:
        raise ValidationError(act.own_only)
    own = own_partner(acting_user, case)
    if own is None:
        raise ValidationError(
            "Your account is not linked to one of this partnership's statutory partners. Ask the partnership "
            "administrator to set your statutory partner."
        )
    if partner != own.kind:
        raise ValidationError(
            {
                "partner": f"You {act.verb} for the {own.get_kind_display()} only. {act.gerund} for another "
                f"partner is a separate act: {act.on_behalf_label}."
            }
        )
    return own


def check_on_behalf(
    act: Act, case: Case, partner: str, reason: str, delegation: str, acting_user: User
) -> StatutoryPartner | None:
    """Acting for another partner (after ``check_common``); returns the user's own partner (None for a
    business manager)."""
    if Role(acting_user.role) not in {Role.PARTNER_LEAD, Role.BUSINESS_MANAGER}:
        raise ValidationError(
            f"Only a statutory partner lead or the business manager can {act.verb} on a partner's behalf"
        )
    if not case.lead_partnership.allow_ratification_on_behalf:
        raise ValidationError(
            f"This partnership does not allow {act.gerund.lower()} on behalf of another partner: each partner's "
            f"lead {act.third_person}."
        )
    own = own_partner(acting_user, case)
    if own is not None and own.kind == partner:
        raise ValidationError({"partner": f"You {act.verb} for your own partner directly, not on its behalf"})
    errors = {}
    if not reason.strip():
        errors["reason"] = f"Enter why you are {act.gerund.lower()} on this partner's behalf"
    if not delegation.strip():
        errors["delegation"] = "Enter the delegation this relies on (who delegated, to whom, and when)"
    if errors:
        raise ValidationError(errors)
    return own
