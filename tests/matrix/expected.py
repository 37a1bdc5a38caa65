"""The access matrix written out by hand: role × page kind × scope → expected status.

``tests/matrix/__init__.derived_statuses`` derives the same answers from the role flags the app itself
uses (``Role.sees_all_partnership_cases`` ...), so a wrong flag would make the app and the test
agree on the wrong answer. This table is written from the toolkit's description of who does what,
not from the code; ``tests/test_access_matrix.py`` checks every response against it, and checks
that the flag-derived expectations agree with it cell by cell.

Scopes (tests/world.py): ``own`` = a case led by the user's partnership (the lead reviewer and
review team member are members of it); ``other`` = another partnership's case, nothing to do with
the user; ``collab`` = another partnership's case on which the user's partnership collaborates (C12): its
writers read everything and contribute their own agencies and attendees; every other change, and
the decision, ratification and endorsement above all, belongs to the lead partnership.

Cells: ``OK`` the page works (GET shows it, a POST is handled: 200/302/400); ``READ`` the page
shows but a POST is refused (403: read-only); ``DENY`` 403 for GET and POST (in reach, not allowed
to change); ``HIDE`` 404 (outside the user's reach: the page does not exist for them); ``LOGIN``
sent to sign in (302).
"""

from __future__ import annotations

from typing import Final

from cspr.accounts.roles import Role
from tests.matrix import Audience

OK: Final = "ok"
READ: Final = "read"
DENY: Final = "403"
HIDE: Final = "404"
LOGIN: Final = "302"

Cells = tuple[str, str, str]  # own, other, collab


def every(cell: str) -> Cells:
    """A page that is not about one case: the same answer in every scope."""
    return (cell, cell, cell)


# Who each role is, in the toolkit's terms, and why they get what they get:
#
# PARTNERSHIP_ADMIN   – runs the partnership's account (users, settings, branding). The toolkit gives
#                       no case role to an administrator: no case pages at all, but the settings and
#                       the partnership's audit trail (they answer for who was given access).
# BUSINESS_MANAGER    – the partnership business manager / review coordinator: the toolkit's person who
#                       sends the scoping requests, arranges the Rapid Review meeting, drafts Document 4
#                       and submits to the National Panel. Changes every case of the partnership and of
#                       cases it collaborates on; manages the partnership; reads audit trails.
# PARTNER_LEAD        – a lead of one of the three statutory safeguarding partners (local authority,
#                       ICB, police): attends the meeting, takes the decision and ratifies it for their
#                       own partner. Changes the partnership's cases; no partnership settings.
# CSPR_GROUP_MEMBER   – a member of the partnership's CSPR group (subgroup) who contributes to the Rapid
#                       Review and the record: changes the partnership's cases; nothing else.
# LEAD_REVIEWER       – the reviewer commissioned for a review: only the cases they are appointed to
#                       (membership), which they change; other cases do not exist for them.
# REVIEW_TEAM_MEMBER  – the review panel/team around the lead reviewer: as the lead reviewer.
# SCRUTINEER          – the independent scrutineer: reads every case of the partnership and may endorse
#                       a decision (Document 4 "endorsed by"), but changes nothing else.
# AGENCY_LEAD         – an agency's designated safeguarding lead: answers requests in the agency portal
#                       for their own agency only; no partnership page exists for them.
# AUDITOR             – read-only assurance: reads cases and audit trails, changes nothing.
# SYSTEM_ADMIN        – runs the service, not a partnership: no case data, no partnership settings.
# PRACTITIONER        – a frontline practitioner invited to one reflective learning workshop (§8.10–8.13):
#                       completes their own worksheets, reads their workshop's briefing and agenda and
#                       comments on the draft findings (rule 60). No case page, no internal tool, no
#                       other practitioner's anything: the workbook is "private to you and the Panel"
#                       (Document 18a), so everything else is 404.
# None (anonymous)    – the public pages only; everything else sends them to sign in.

ROLES: list[Role | None] = [None, *Role]

TABLE: dict[Audience, dict[Role | None, Cells]] = {
    Audience.PUBLIC: {role: every(OK) for role in ROLES},
    Audience.SIGNED_IN: {None: every(LOGIN)} | {role: every(OK) for role in Role},
    # Practitioners are outside the partnership like agency users: no internal tool exists for them.
    Audience.INTERNAL: {None: every(LOGIN)}
    | {role: every(OK) for role in Role}
    | {Role.AGENCY_LEAD: every(HIDE), Role.PRACTITIONER: every(HIDE)},
    Audience.CASES: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),
        Role.BUSINESS_MANAGER: every(OK),
        Role.PARTNER_LEAD: every(OK),
        Role.CSPR_GROUP_MEMBER: every(OK),
        Role.LEAD_REVIEWER: every(OK),
        Role.REVIEW_TEAM_MEMBER: every(OK),
        Role.SCRUTINEER: every(OK),
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: every(OK),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    #                                    own    other  collab
    Audience.CASE_READ: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),
        Role.BUSINESS_MANAGER: (OK, HIDE, READ),  # collaborating (C12): reads all, changes only by contributing
        Role.PARTNER_LEAD: (OK, HIDE, READ),
        Role.CSPR_GROUP_MEMBER: (OK, HIDE, READ),
        Role.LEAD_REVIEWER: (OK, HIDE, HIDE),
        Role.REVIEW_TEAM_MEMBER: (OK, HIDE, HIDE),
        Role.SCRUTINEER: (READ, HIDE, READ),
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: (READ, HIDE, READ),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    Audience.CASE_WRITE: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),
        Role.BUSINESS_MANAGER: (OK, HIDE, DENY),  # C12: the lead partnership's record, not the collaborator's
        Role.PARTNER_LEAD: (OK, HIDE, DENY),
        Role.CSPR_GROUP_MEMBER: (OK, HIDE, DENY),
        Role.LEAD_REVIEWER: (OK, HIDE, HIDE),
        Role.REVIEW_TEAM_MEMBER: (OK, HIDE, HIDE),
        Role.SCRUTINEER: (DENY, HIDE, DENY),
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: (DENY, HIDE, DENY),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    # C12: what a collaborating partnership may also add to another's case: its own agencies and attendees.
    Audience.CASE_CONTRIBUTE: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),
        Role.BUSINESS_MANAGER: (OK, HIDE, OK),
        Role.PARTNER_LEAD: (OK, HIDE, OK),
        Role.CSPR_GROUP_MEMBER: (OK, HIDE, OK),
        Role.LEAD_REVIEWER: (OK, HIDE, HIDE),
        Role.REVIEW_TEAM_MEMBER: (OK, HIDE, HIDE),
        Role.SCRUTINEER: (DENY, HIDE, DENY),
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: (DENY, HIDE, DENY),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    # Rule 37, C7: each statutory partner's lead ratifies for their own partner, on the lead
    # partnership's case only; nobody else ratifies in their own name.
    Audience.CASE_RATIFY: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),
        Role.BUSINESS_MANAGER: (DENY, HIDE, DENY),
        Role.PARTNER_LEAD: (OK, HIDE, DENY),
        Role.CSPR_GROUP_MEMBER: (DENY, HIDE, DENY),
        Role.LEAD_REVIEWER: (DENY, HIDE, HIDE),
        Role.REVIEW_TEAM_MEMBER: (DENY, HIDE, HIDE),
        Role.SCRUTINEER: (DENY, HIDE, DENY),
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: (DENY, HIDE, DENY),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    # Recording a ratification on behalf of a partner (the delegation shown as such): a partner lead
    # or the business manager of the lead partnership, where the partnership allows it.
    Audience.CASE_RATIFY_ON_BEHALF: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),
        Role.BUSINESS_MANAGER: (OK, HIDE, DENY),
        Role.PARTNER_LEAD: (OK, HIDE, DENY),
        Role.CSPR_GROUP_MEMBER: (DENY, HIDE, DENY),
        Role.LEAD_REVIEWER: (DENY, HIDE, HIDE),
        Role.REVIEW_TEAM_MEMBER: (DENY, HIDE, HIDE),
        Role.SCRUTINEER: (DENY, HIDE, DENY),
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: (DENY, HIDE, DENY),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    Audience.CASE_ENDORSE: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),
        Role.BUSINESS_MANAGER: (OK, HIDE, DENY),
        Role.PARTNER_LEAD: (OK, HIDE, DENY),
        Role.CSPR_GROUP_MEMBER: (OK, HIDE, DENY),
        Role.LEAD_REVIEWER: (OK, HIDE, HIDE),
        Role.REVIEW_TEAM_MEMBER: (OK, HIDE, HIDE),
        Role.SCRUTINEER: (OK, HIDE, DENY),  # the lead partnership's own scrutineer
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: (DENY, HIDE, DENY),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    # Whoever may read a case may read what was done to it and who read it (issue 11: no dead ends).
    Audience.AUDIT: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),  # no case reach, so no case's trail
        Role.BUSINESS_MANAGER: (OK, HIDE, OK),
        Role.PARTNER_LEAD: (OK, HIDE, OK),
        Role.CSPR_GROUP_MEMBER: (OK, HIDE, OK),
        Role.LEAD_REVIEWER: (OK, HIDE, HIDE),
        Role.REVIEW_TEAM_MEMBER: (OK, HIDE, HIDE),
        Role.SCRUTINEER: (OK, HIDE, OK),
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: (OK, HIDE, OK),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    # Rule 51, issue 12: the family engagement log (what family members said, why they are not taking
    # part, the support they accepted) is for the review team and the named coordinator only. The
    # business manager, partner leads, CSPR group, scrutineer and auditor read the case but not this:
    # the page does not exist for them (404, no read-only view to offer); the LCSPR task list gives
    # them counts. In the world nobody is named coordinator, so only the team's two roles reach it.
    Audience.FAMILY_LOG: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {Role.LEAD_REVIEWER: (OK, HIDE, HIDE), Role.REVIEW_TEAM_MEMBER: (OK, HIDE, HIDE)},
    Audience.CASE_CREATE: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),
        Role.BUSINESS_MANAGER: every(OK),
        Role.PARTNER_LEAD: every(OK),
        Role.CSPR_GROUP_MEMBER: every(OK),
        Role.LEAD_REVIEWER: every(HIDE),  # appointed to cases, does not open them
        Role.REVIEW_TEAM_MEMBER: every(HIDE),
        Role.SCRUTINEER: every(HIDE),
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: every(HIDE),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    Audience.MANAGE: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {Role.PARTNERSHIP_ADMIN: every(OK), Role.BUSINESS_MANAGER: every(OK)},
    Audience.AUDIT_PARTNERSHIP: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {Role.PARTNERSHIP_ADMIN: every(OK), Role.BUSINESS_MANAGER: every(OK), Role.AUDITOR: every(OK)},
    # The portal's agency pages: the agency lead's own agency's object ("own"); another agency's is 404.
    Audience.AGENCY: {None: every(LOGIN)} | {role: every(HIDE) for role in Role} | {Role.AGENCY_LEAD: (OK, HIDE, HIDE)},
    Audience.AGENCY_HOME: {None: every(LOGIN)} | {role: every(HIDE) for role in Role} | {Role.AGENCY_LEAD: every(OK)},
    # Worksheets are "private to you and the Panel" (Document 18a): the review team reads them, without
    # names; nobody else, not even the business manager or the partner leads, has the page (§8.11, §8.13).
    Audience.CASE_REVIEW_TEAM: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {Role.LEAD_REVIEWER: (OK, HIDE, HIDE), Role.REVIEW_TEAM_MEMBER: (OK, HIDE, HIDE)},
    # The report's drafts (§9.1, Document 19): written by the lead reviewer and review team, with the
    # business manager who coordinates the review; the partner leads approve the report, they do not
    # edit its drafts; the scrutineer and auditor read it; a collaborator reads and changes nothing here.
    Audience.REPORT_WRITE: {
        None: every(LOGIN),
        Role.PARTNERSHIP_ADMIN: every(HIDE),
        Role.BUSINESS_MANAGER: (OK, HIDE, DENY),
        Role.PARTNER_LEAD: (DENY, HIDE, DENY),
        Role.CSPR_GROUP_MEMBER: (DENY, HIDE, DENY),
        Role.LEAD_REVIEWER: (OK, HIDE, HIDE),
        Role.REVIEW_TEAM_MEMBER: (OK, HIDE, HIDE),
        Role.SCRUTINEER: (DENY, HIDE, DENY),
        Role.AGENCY_LEAD: every(HIDE),
        Role.AUDITOR: (DENY, HIDE, DENY),
        Role.SYSTEM_ADMIN: every(HIDE),
        Role.PRACTITIONER: every(HIDE),
    },
    # A practitioner's own worksheets and briefing ("own"); another practitioner's ("other") or another
    # partnership's workshop ("collab") does not exist for them, nor for anyone else.
    Audience.PRACTITIONER: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {Role.PRACTITIONER: (OK, HIDE, HIDE)},
    Audience.PRACTITIONER_HOME: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {Role.PRACTITIONER: every(OK)},
    # UK GDPR: the partnership (the lead partnership of a case) is the controller of its records; its
    # data protection lead (the business manager unless the partnership names another of its users)
    # reviews records past their period, places holds, authorises destruction and answers subject
    # access requests. Nobody else, not the administrator who sets the periods, has these pages.
    Audience.DATA_PROTECTION: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {Role.BUSINESS_MANAGER: every(OK)},
    Audience.DATA_PROTECTION_RECORD: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {Role.BUSINESS_MANAGER: (OK, HIDE, HIDE)},
    # The audit of progress (§11.4.1): the partnership's own, read by everyone who reads its cases (the
    # scrutineer and auditor included: assurance), run by the business manager, partner leads and CSPR
    # group; review teams, agencies and administrators have no page. A record is the partnership's own.
    Audience.PARTNERSHIP_READ: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {r: every(OK) for r in (Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.CSPR_GROUP_MEMBER)}
    | {Role.SCRUTINEER: every(READ), Role.AUDITOR: every(READ)},
    Audience.PARTNERSHIP_WRITE: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {r: every(OK) for r in (Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.CSPR_GROUP_MEMBER)}
    | {Role.SCRUTINEER: every(DENY), Role.AUDITOR: every(DENY)},
    Audience.PARTNERSHIP_RECORD_READ: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {r: (OK, HIDE, HIDE) for r in (Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.CSPR_GROUP_MEMBER)}
    | {Role.SCRUTINEER: (READ, HIDE, HIDE), Role.AUDITOR: (READ, HIDE, HIDE)},
    Audience.PARTNERSHIP_RECORD_WRITE: {None: every(LOGIN)}
    | {role: every(HIDE) for role in Role}
    | {r: (OK, HIDE, HIDE) for r in (Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.CSPR_GROUP_MEMBER)}
    | {Role.SCRUTINEER: (DENY, HIDE, HIDE), Role.AUDITOR: (DENY, HIDE, HIDE)},
}

SCOPE_INDEX = {"own": 0, "other": 1, "collab": 2}


def cell(audience: Audience, role: Role | None, scope: str) -> str:
    return TABLE[audience][role][SCOPE_INDEX[scope]]


def statuses(cell_value: str, method: str, ok: frozenset[int]) -> set[int]:
    """The statuses a cell allows for a GET or an (empty) POST."""
    if cell_value == OK or (cell_value == READ and method == "GET"):
        return set(ok) if method == "GET" else {200, 302, 400}
    if cell_value == READ:
        return {403}
    return {int(cell_value)}


def hand_written(audience: Audience, ok: frozenset[int], role: Role | None, scope: str, method: str) -> set[int]:
    value = cell(audience, role, scope)
    if role is None and value == OK:
        return set(ok)  # public pages take no form from anonymous visitors: whatever they answer a GET
    return statuses(value, method, ok)
