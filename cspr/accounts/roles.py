"""Roles and the capabilities derived from them.

Views never compare role strings: they ask a capability, and the access helpers in
``cspr.access`` combine it with the user's partnership, agency and case memberships.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"
    BUSINESS_MANAGER = "business_manager", "Business manager / review coordinator"
    PARTNER_LEAD = "partner_lead", "Statutory partner lead"
    CSPR_GROUP_MEMBER = "cspr_group_member", "CSPR group member"
    LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
    REVIEW_TEAM_MEMBER = "review_team_member", "Review team member"
    SCRUTINEER = "scrutineer", "Independent scrutineer"
    AGENCY_LEAD = "agency_lead", "Agency safeguarding lead"
    AUDITOR = "auditor", "Auditor (read-only)"
    SYSTEM_ADMIN = "system_admin", "System administrator"
    # A frontline practitioner invited to one reflective learning workshop (toolkit §8.10–8.13).
    PRACTITIONER = "practitioner", "Practitioner (reflective learning workshop)"

    @property
    def sees_all_partnership_cases(self) -> bool:
        """Reads every case of their partnership (and cases it collaborates on)."""
        return self in _PARTNERSHIP_CASE_READERS

    @property
    def edits_partnership_cases(self) -> bool:
        """Changes the cases they can see; the others who see them are read-only."""
        return self in _PARTNERSHIP_CASE_WRITERS

    @property
    def works_through_case_membership(self) -> bool:
        """Reaches only the cases they are made a member of (lead reviewers, review teams)."""
        return self in {Role.LEAD_REVIEWER, Role.REVIEW_TEAM_MEMBER}

    @property
    def is_external(self) -> bool:
        """Outside the partnership: no internal page (dashboard tools, case pages) exists for them.

        An agency's safeguarding lead reaches the agency portal only (``answers_agency_requests``); a
        workshop practitioner reaches only their own worksheets and their workshop's briefing
        (``completes_worksheets``). Kept broad on purpose: a page that admits "everyone not external"
        stays closed to both."""
        return self in {Role.AGENCY_LEAD, Role.PRACTITIONER}

    @property
    def answers_agency_requests(self) -> bool:
        """The agency portal: their own agency's information requests and workshop nominations."""
        return self is Role.AGENCY_LEAD

    @property
    def completes_worksheets(self) -> bool:
        """A practitioner invited to a reflective learning workshop: their own worksheets, the
        briefing and agenda of their workshop, and their comments on the draft findings; nothing else."""
        return self is Role.PRACTITIONER

    @property
    def manages_partnership(self) -> bool:
        """Configures the partnership: settings, agencies, users, closure days."""
        return self in {Role.PARTNERSHIP_ADMIN, Role.BUSINESS_MANAGER}

    @property
    def ratifies(self) -> bool:
        return self is Role.PARTNER_LEAD

    @property
    def endorses(self) -> bool:
        return self is Role.SCRUTINEER

    @property
    def reads_audit_trail(self) -> bool:
        """The partnership-wide trail; a case's own trail is for everyone who can read the case."""
        return self in {Role.BUSINESS_MANAGER, Role.AUDITOR, Role.PARTNERSHIP_ADMIN}


_PARTNERSHIP_CASE_READERS = frozenset(
    {Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.CSPR_GROUP_MEMBER, Role.SCRUTINEER, Role.AUDITOR}
)
_PARTNERSHIP_CASE_WRITERS = frozenset({Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.CSPR_GROUP_MEMBER})
