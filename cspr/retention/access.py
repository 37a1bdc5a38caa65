"""Who works on a partnership's data lifecycle.

- Retention schedules and the data protection contact: the partnership administrator and the business
  manager (``cspr.access.managed_partnership``).
- Records due for review, legal holds, decisions, destruction, certificates and subject-access exports:
  the partnership's data protection lead only: its business manager, or the partnership user the
  partnership named as data protection lead. Everyone else: 404.

A partnership acts on the cases it leads (it is their controller); a collaborator does not.
"""

from __future__ import annotations

from django.http import Http404

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.organisations.models import Partnership
from cspr.retention.models import RetentionSettings


def is_data_protection_lead(user: User, partnership_id: int | None) -> bool:
    if not user.is_authenticated or not user.is_active or partnership_id is None:
        return False
    if user.partnership_id != partnership_id or Role(user.role).is_external:
        return False
    if user.role == Role.BUSINESS_MANAGER:
        return True
    return RetentionSettings.objects.filter(partnership_id=partnership_id, data_protection_lead=user).exists()


def protected_partnership(user: User) -> Partnership:
    """The partnership whose records this user reviews as data protection lead; 404 for anyone else."""
    if not is_data_protection_lead(user, user.partnership_id) or user.partnership is None:
        raise Http404("Page not found.")
    return user.partnership


class NotAllowed(Exception):
    """Raised by an action called by someone who is not the partnership's data protection lead."""
