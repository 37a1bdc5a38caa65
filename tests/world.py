"""The one readable test world every test builds on.

Two partnerships: ``home`` (where the users work) and ``away``. One user per role in ``home``,
agency leads for two of ``home``'s agencies, and three cases:
- ``own``: led by ``home``;
- ``other``: led by ``away``, nothing to do with ``home``;
- ``collab``: led by ``away``, with ``home`` as a collaborating partnership.
The lead reviewer and review team member are members of ``own`` only.
All names are fictional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, CaseCollaborator, CaseMembership, MembershipRole, Person, PersonRole, Stage
from cspr.organisations.models import Agency, AgencyType, PartnerKind, Partnership, Region, StatutoryPartner

PASSWORD = "a-long-test-password-1"

SCOPES = ("own", "other", "collab")


@dataclass
class World:
    home: Partnership
    away: Partnership
    users: dict[Role, User]
    agency_users: dict[str, User]  # "own" -> lead of home's agency, "other" -> lead of home's second agency
    agencies: dict[str, Agency]  # "own", "other" (another agency of home), "away"
    cases: dict[str, Case]
    away_manager: User
    extras: dict[str, object] = field(default_factory=dict)

    def user(self, role: Role) -> User:
        return self.users[role]


def make_partnership(region: Region, name: str, code: str) -> Partnership:
    partnership = Partnership.objects.create(region=region, name=name, short_code=code)
    for kind in PartnerKind:
        StatutoryPartner.objects.create(
            partnership=partnership,
            kind=kind,
            organisation_name=f"{name} {kind.label}",
            lead_name=f"Test {kind.label} Lead",
            lead_role="Lead",
        )
    return partnership


def make_user(
    email: str,
    role: Role,
    *,
    partnership: Partnership | None = None,
    agency: Agency | None = None,
    with_mfa: bool = True,
) -> User:
    user = User.objects.create_user(
        email, PASSWORD, full_name=f"Test {role.label}", role=role, partnership=partnership, agency=agency
    )
    if with_mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def make_case(reference: str, partnership: Partnership, stage: Stage = Stage.MEETING) -> Case:
    referral = dt.date(2026, 11, 2)
    case = Case.objects.create(
        reference=reference,
        lead_partnership=partnership,
        stage=stage,
        aware_date=referral,
        referral_received_date=referral,
        notification_sent_date=referral,
    )
    Person.objects.create(
        case=case,
        role=PersonRole.SUBJECT_CHILD,
        first_name="Testchild",
        last_name=reference,
        date_of_birth=dt.date(2018, 1, 1),
    )
    return case


def build_world() -> World:
    # The migrations' reference data (common themes, national reviews): a transactional test's flush
    # earlier in the same worker removes it.
    from cspr.library import reference_data

    reference_data.ensure()
    region = Region.objects.create(name="Test Region")
    home = make_partnership(region, "Home Test Partnership", "HOME")
    away = make_partnership(region, "Away Test Partnership", "AWAY")
    agencies = {
        "own": Agency.objects.create(
            partnership=home,
            name="Home Test School",
            agency_type=AgencyType.SCHOOL,
            safeguarding_lead_email="school@test.invalid",
        ),
        "other": Agency.objects.create(
            partnership=home, name="Home Test GP", agency_type=AgencyType.GP, safeguarding_lead_email="gp@test.invalid"
        ),
        "away": Agency.objects.create(partnership=away, name="Away Test School", agency_type=AgencyType.SCHOOL),
    }
    users: dict[Role, User] = {}
    for role in Role:
        if role is Role.AGENCY_LEAD:
            continue
        in_partnership = role not in {Role.SYSTEM_ADMIN, Role.LEAD_REVIEWER, Role.REVIEW_TEAM_MEMBER}
        users[role] = make_user(f"{role.value}@test.invalid", role, partnership=home if in_partnership else None)
    # The partner lead belongs to the local authority (rule 37, C7).
    users[Role.PARTNER_LEAD].statutory_partner = home.statutory_partners.get(kind=PartnerKind.LOCAL_AUTHORITY)
    users[Role.PARTNER_LEAD].save(update_fields=["statutory_partner"])
    agency_users = {
        "own": make_user("agency.own@test.invalid", Role.AGENCY_LEAD, agency=agencies["own"]),
        "other": make_user("agency.other@test.invalid", Role.AGENCY_LEAD, agency=agencies["other"]),
    }
    users[Role.AGENCY_LEAD] = agency_users["own"]
    cases = {
        "own": make_case("HOME-2026-001", home),
        "other": make_case("AWAY-2026-001", away),
        "collab": make_case("AWAY-2026-002", away),
    }
    CaseCollaborator.objects.create(case=cases["collab"], partnership=home)
    CaseMembership.objects.create(case=cases["own"], user=users[Role.LEAD_REVIEWER], role=MembershipRole.LEAD_REVIEWER)
    CaseMembership.objects.create(
        case=cases["own"], user=users[Role.REVIEW_TEAM_MEMBER], role=MembershipRole.REVIEW_TEAM_MEMBER
    )
    away_manager = make_user("away.manager@test.invalid", Role.BUSINESS_MANAGER, partnership=away)
    return World(
        home=home,
        away=away,
        users=users,
        agency_users=agency_users,
        agencies=agencies,
        cases=cases,
        away_manager=away_manager,
    )


def has_totp(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())
