"""The shell every page shares: partnership name, the signed-in user and their navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from cspr.accounts.roles import Role

# (url name, label, who sees it): later issues add their pages here.
NAVIGATION: list[tuple[str, str, str]] = [
    ("ui:dashboard", "Dashboard", "internal"),
    ("cases:list", "Cases", "cases"),
    ("deadlines:calculator", "Deadline calculator", "internal"),
    ("portal:home", "Requests", "agency"),
    ("organisations:settings", "Partnership", "manage"),
    ("audit:partnership", "Audit", "audit"),
]


def _visible(audience: str, role: Role) -> bool:
    match audience:
        case "internal":
            return not role.is_external
        case "cases":
            return role.sees_all_partnership_cases or role.works_through_case_membership
        case "agency":
            return role.is_external
        case "manage":
            return role.manages_partnership
        case "audit":
            return role.reads_audit_trail
    return False


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell": {}}
    role = Role(user.role)
    items = []
    for name, label, audience in NAVIGATION:
        if not _visible(audience, role):
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"href": href, "text": label, "active": request.path == href})
    partnership = user.partnership or (user.agency.partnership if user.agency_id else None)
    return {
        "shell": {
            "partnership_name": partnership.name if partnership else "",
            "user_label": user.full_name,
            # A partner lead's statutory partner is part of who they are here (rule 37: they ratify for it).
            "role_label": role.label
            + (f", {user.statutory_partner.get_kind_display()}" if user.statutory_partner_id else ""),
            "navigation": items,
        }
    }
