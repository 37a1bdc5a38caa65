"""The shell every page shares: partnership name, the signed-in user and their navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.backends.utils import csrf_input
from django.urls import NoReverseMatch, reverse

from cspr.accounts.roles import Role


@dataclass(frozen=True, slots=True)
class NavItem:
    url_name: str
    label: str
    audience: str  # who sees it: see ``_visible``
    order: int  # position in the navigation, lowest first


_NAVIGATION: dict[str, NavItem] = {}


def register_navigation(url_name: str, label: str, audience: str, *, order: int) -> None:
    """Add a page to the navigation (apps call it from ``AppConfig.ready``; twice keeps one)."""
    _NAVIGATION[url_name] = NavItem(url_name, label, audience, order)


def navigation() -> list[NavItem]:
    return sorted(_NAVIGATION.values(), key=lambda item: (item.order, item.url_name))


# The shell's own pages; apps add theirs between with their own order (Should we notify? is 25).
for _item in (
    NavItem("ui:dashboard", "Dashboard", "internal", 10),
    NavItem("cases:list", "Cases", "cases", 20),
    NavItem("deadlines:calculator", "Deadline calculator", "internal", 30),
    NavItem("portal:home", "Requests", "agency", 40),
    NavItem("organisations:settings", "Partnership", "manage", 50),
    NavItem("audit:partnership", "Audit", "audit", 60),
):
    register_navigation(_item.url_name, _item.label, _item.audience, order=_item.order)


def _visible(audience: str, role: Role) -> bool:
    match audience:
        case "internal":
            return not role.is_external
        case "cases":
            return role.sees_all_partnership_cases or role.works_through_case_membership
        case "agency":
            return role.answers_agency_requests
        case "practitioner":
            return role.completes_worksheets
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
    for item in navigation():
        if not _visible(item.audience, role):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"href": href, "text": item.label, "active": request.path == href})
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


class _CsrfInputOnce:
    """The hidden CSRF field of every form on the page, masked once when first rendered.

    Django's Jinja2 backend masks the token again for each ``{{ csrf_input }}``: the case page's 23
    forms drew some 750 random characters a request (issue 15). One masked value per response is what
    defeats BREACH (the mask changes with every response); repeating it within the page reveals
    nothing more. Still lazy: a page without a form sets no CSRF cookie, as before."""

    __slots__ = ("_html", "_request")

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._html: str | None = None

    def __html__(self) -> str:
        if self._html is None:
            self._html = str(csrf_input(self._request))
        return self._html

    __str__ = __html__


def csrf(request: HttpRequest) -> dict[str, Any]:
    """Replaces the backend's ``csrf_input`` (context processors run after it is set)."""
    return {"csrf_input": _CsrfInputOnce(request)}
