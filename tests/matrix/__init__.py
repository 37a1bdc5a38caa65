"""The access matrix: every URL pattern × every role × own / other / collaborating records.

Each module in this package describes the URL patterns of one app with a ``SPECS`` dict:
``url name -> Spec``. ``tests/test_access_matrix.py`` walks the URLconf and fails on any pattern
without a spec, then requests every pattern as every role in every scope and compares the status
with ``expected``.

Audiences (who may use the page):
- PUBLIC: anyone, signed in or not (sign-in pages, accessibility statement);
- SIGNED_IN: any signed-in user, no case data (dashboard);
- INTERNAL: any signed-in partnership-side user (not agency users);
- CASES: people who can read cases (a list filtered to what they may see);
- CASE_READ: reads one case: readers in scope get 200, everyone else 404;
- CASE_WRITE: changes one case (GET shows the form): writers 200, readers in scope 403, others 404;
- AUDIT: a case's audit trail: everyone who can read the case (reading it is itself logged);
- MANAGE: partnership configuration pages for administrators and business managers;
- AUDIT_PARTNERSHIP: the partnership's audit trail;
- AGENCY: an agency user's page about their own agency's object; everyone else 404.
- AGENCY_HOME: an agency user's own pages not about one object (their list of requests); everyone else 404.
- CASE_ENDORSE: the scrutineer's endorsement: writers and scrutineers in scope 200, other readers 403.
- CASE_CREATE: opens a new case in the user's partnership: roles that edit partnership cases; others 404.
- CASE_CONTRIBUTE: a change a collaborating partnership may also make (its own agencies, its own
  attendees): writers of the lead partnership and the collaborator's writers 200, readers 403, others 404.
- CASE_RATIFY: a partner lead ratifying for their own partner: the lead partnership's partner lead 200,
  everyone else in scope 403 (collaborators included), others 404.
- CASE_RATIFY_ON_BEHALF: the lead partnership's partner lead or business manager 200 (the world's
  partnerships allow it), everyone else in scope 403, others 404.
- FAMILY_LOG: the LCSPR's family engagement log (rule 51): the review team (and the named coordinator,
  tested in tests/family) 200; everyone else 404, the case's other readers and writers included.
- CASE_REVIEW_TEAM: the review team's own pages on a case (practitioners' worksheets, read without
  names; the draft findings sent to practitioners): the case's lead reviewer and review team members
  200 (the world's are members of ``own`` only), everyone else 404, the business manager included.
- REPORT_WRITE: a change to the LCSPR report's drafts (upload, accept a finding, the glossary, the
  publishable version, quality markers): the review team and the lead partnership's business manager
  200; the case's other writers (partner leads, CSPR group) and read-only roles 403; others 404.
- PRACTITIONER: a workshop practitioner's page about their own participation ("own"); another
  practitioner's ("other": same case) or another partnership's workshop ("collab"): 404; every
  other role 404.
- PRACTITIONER_HOME: a practitioner's own landing page; every other role 404.
- DATA_PROTECTION: the partnership's data protection lead's pages not about one record (records due
  for review, legal holds, certificates, subject access): the business manager (or a user the
  partnership names as its data protection lead, tested in tests/retention) 200; everyone else 404.
- DATA_PROTECTION_RECORD: the same, about one of the partnership's own records ("own"); another
  partnership's ("other", "collab": the lead partnership is the controller) 404.
- PARTNERSHIP_READ: a partnership-wide page drawn from its cases (the audit of progress of the action
  plans): the partnership's case readers 200 (scrutineer and auditor read-only), everyone else 404.
- PARTNERSHIP_WRITE: a change to such a page (generate a progress report, the audit cycle): the
  partnership's case writers 200, its read-only readers 403, everyone else 404.
- PARTNERSHIP_RECORD_READ / PARTNERSHIP_RECORD_WRITE: the same for one record of a partnership
  ("own": the user's partnership's; "other" and "collab": another partnership's, 404 for everyone).

Collaborating partnerships (C12, scope ``collab``): a collaborator reads everything; its writers
contribute (CASE_CONTRIBUTE pages) and get 403 on every other change, above all the decision,
ratification, endorsement and submission, which belong to the lead partnership.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cspr.accounts.roles import Role
from tests.world import World


class Audience(enum.Enum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    INTERNAL = "internal"
    CASES = "cases"
    CASE_READ = "case_read"
    CASE_WRITE = "case_write"
    AUDIT = "audit"
    MANAGE = "manage"
    AUDIT_PARTNERSHIP = "audit_partnership"
    AGENCY = "agency"
    AGENCY_HOME = "agency_home"
    CASE_CREATE = "case_create"
    CASE_ENDORSE = "case_endorse"
    CASE_CONTRIBUTE = "case_contribute"
    CASE_RATIFY = "case_ratify"
    CASE_RATIFY_ON_BEHALF = "case_ratify_on_behalf"
    FAMILY_LOG = "family_log"
    CASE_REVIEW_TEAM = "case_review_team"
    PRACTITIONER = "practitioner"
    REPORT_WRITE = "report_write"
    PRACTITIONER_HOME = "practitioner_home"
    DATA_PROTECTION = "data_protection"
    DATA_PROTECTION_RECORD = "data_protection_record"
    PARTNERSHIP_READ = "partnership_read"
    PARTNERSHIP_WRITE = "partnership_write"
    PARTNERSHIP_RECORD_READ = "partnership_record_read"
    PARTNERSHIP_RECORD_WRITE = "partnership_record_write"


KwargsFn = Callable[[World, str], dict[str, Any]]


def no_kwargs(world: World, scope: str) -> dict[str, Any]:
    return {}


def case_ref(world: World, scope: str) -> dict[str, Any]:
    return {"reference": world.cases[scope].reference}


@dataclass(frozen=True)
class Spec:
    audience: Audience
    kwargs: KwargsFn = no_kwargs
    # POST is also checked (empty body): outsiders 404, read-only 403, writers anything but 403/404/500.
    post: bool = False
    # GET is not meaningful (POST-only endpoint): only POST is checked.
    post_only: bool = False
    # Responses that are success for this page besides 200 (e.g. a download 200, a redirect 302).
    ok: frozenset[int] = field(default_factory=lambda: frozenset({200}))
    note: str = ""


def _case_access(role: Role, scope: str) -> str:
    """'write', 'contribute', 'read' or 'none' for a role on the world's case in this scope."""
    if role.sees_all_partnership_cases:
        if scope == "own":
            return "write" if role.edits_partnership_cases else "read"
        if scope == "collab":
            return "contribute" if role.edits_partnership_cases else "read"
        return "none"
    if role.works_through_case_membership:
        return "write" if scope == "own" else "none"
    return "none"


def derived_statuses(spec: Spec, role: Role | None, scope: str, method: str) -> set[int]:
    """The statuses allowed for this request. Anonymous users are sent to sign in (302)."""
    aud = spec.audience
    if role is None:
        return set(spec.ok) if aud is Audience.PUBLIC else {302}
    ok = set(spec.ok) if method == "GET" else {200, 302, 400}
    match aud:
        case Audience.PUBLIC | Audience.SIGNED_IN:
            return ok
        case Audience.INTERNAL:
            return {404} if role.is_external else ok
        case Audience.CASES:
            return ok if (role.sees_all_partnership_cases or role.works_through_case_membership) else {404}
        case Audience.CASE_READ:
            access = _case_access(role, scope)
            if access == "none":
                return {404}
            if method == "POST" and access in {"read", "contribute"}:
                return {403}
            return ok
        case Audience.CASE_WRITE:
            access = _case_access(role, scope)
            if access == "none":
                return {404}
            return ok if access == "write" else {403}
        case Audience.AUDIT:
            # Whoever reads the case reads its trail (issue 11: no dead ends); nothing to change there.
            access = _case_access(role, scope)
            if access == "none":
                return {404}
            return ok
        case Audience.MANAGE:
            return ok if role.manages_partnership else {404}
        case Audience.AUDIT_PARTNERSHIP:
            return ok if role.reads_audit_trail else {404}
        case Audience.CASE_ENDORSE:
            access = _case_access(role, scope)
            if access == "none":
                return {404}
            # The lead partnership's writers, or its own scrutineer (not a collaborator's).
            return ok if (access == "write" or (role.endorses and scope == "own")) else {403}
        case Audience.CASE_CONTRIBUTE:
            access = _case_access(role, scope)
            if access == "none":
                return {404}
            return ok if access in {"write", "contribute"} else {403}
        case Audience.CASE_RATIFY:
            access = _case_access(role, scope)
            if access == "none":
                return {404}
            return ok if (access == "write" and role is Role.PARTNER_LEAD) else {403}
        case Audience.CASE_RATIFY_ON_BEHALF:
            access = _case_access(role, scope)
            if access == "none":
                return {404}
            return ok if (access == "write" and role in {Role.PARTNER_LEAD, Role.BUSINESS_MANAGER}) else {403}
        case Audience.FAMILY_LOG:
            # The review team of the case (membership); no partnership role reaches the log by its role.
            access = _case_access(role, scope)
            return ok if (access == "write" and role.works_through_case_membership) else {404}
        case Audience.CASE_CREATE:
            return ok if role.edits_partnership_cases else {404}
        case Audience.AGENCY:
            return ok if (role.answers_agency_requests and scope == "own") else {404}
        case Audience.AGENCY_HOME:
            return ok if role.answers_agency_requests else {404}
        case Audience.CASE_REVIEW_TEAM:
            # The world's lead reviewer and review team member are on the "own" case's team only.
            return ok if (role.works_through_case_membership and scope == "own") else {404}
        case Audience.PRACTITIONER:
            return ok if (role.completes_worksheets and scope == "own") else {404}
        case Audience.REPORT_WRITE:
            access = _case_access(role, scope)
            if access == "none":
                return {404}
            writer = role.works_through_case_membership or role is Role.BUSINESS_MANAGER
            return ok if (access == "write" and writer) else {403}
        case Audience.PRACTITIONER_HOME:
            return ok if role.completes_worksheets else {404}
        case Audience.DATA_PROTECTION:
            return ok if role is Role.BUSINESS_MANAGER else {404}
        case Audience.DATA_PROTECTION_RECORD:
            return ok if (role is Role.BUSINESS_MANAGER and scope == "own") else {404}
        case Audience.PARTNERSHIP_READ | Audience.PARTNERSHIP_RECORD_READ:
            if not role.sees_all_partnership_cases:
                return {404}
            if aud is Audience.PARTNERSHIP_RECORD_READ and scope != "own":
                return {404}
            return {403} if (method == "POST" and not role.edits_partnership_cases) else ok
        case Audience.PARTNERSHIP_WRITE | Audience.PARTNERSHIP_RECORD_WRITE:
            if not role.sees_all_partnership_cases:
                return {404}
            if aud is Audience.PARTNERSHIP_RECORD_WRITE and scope != "own":
                return {404}
            return ok if role.edits_partnership_cases else {403}
    raise AssertionError(f"Unknown audience {aud}")
