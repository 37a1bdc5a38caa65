"""Demo users: one per role in the demo partnership, each with a TOTP second factor whose current
code ``manage.py demo_code EMAIL`` prints."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.organisations.demo import DEMO_AREA
from cspr.organisations.models import Agency, PartnerKind, Partnership, StatutoryPartner

DEMO_PASSWORD = "demo-only-password-cspr"  # noqa: S105 - the demo world's shared, published password
DEMO_DOMAIN = "demo.cspr.invalid"

# (email local part, full name, role, in the other partnership?)
DEMO_USERS: list[tuple[str, str, Role]] = [
    ("admin", "Demo Partnership Administrator", Role.PARTNERSHIP_ADMIN),
    ("manager", "Demo Business Manager", Role.BUSINESS_MANAGER),
    ("la.lead", "Demo Local Authority Lead", Role.PARTNER_LEAD),
    ("icb.lead", "Demo ICB Lead", Role.PARTNER_LEAD),
    ("police.lead", "Demo Police Lead", Role.PARTNER_LEAD),
    ("group", "Demo CSPR Group Member", Role.CSPR_GROUP_MEMBER),
    ("reviewer", "Demo Lead Reviewer", Role.LEAD_REVIEWER),
    ("team", "Demo Review Team Member", Role.REVIEW_TEAM_MEMBER),
    ("scrutineer", "Demo Independent Scrutineer", Role.SCRUTINEER),
    ("auditor", "Demo Auditor", Role.AUDITOR),
    ("sysadmin", "Demo System Administrator", Role.SYSTEM_ADMIN),
    # Invited to DEMO-7's reflective learning workshop (``cspr/workshops/demo.py`` links them).
    ("practitioner1", "Demo Practitioner One", Role.PRACTITIONER),
    ("practitioner2", "Demo Practitioner Two", Role.PRACTITIONER),
]
DEMO_AGENCY_USERS: list[tuple[str, str, str]] = [
    ("school.lead", "Demo School Safeguarding Lead", "Demo Primary Academy"),
    ("gp.lead", "Demo GP Safeguarding Lead", "Example Street Surgery (GP, demo)"),
]
DEMO_LEAD_PARTNERS = {
    "la.lead": PartnerKind.LOCAL_AUTHORITY,
    "icb.lead": PartnerKind.ICB,
    "police.lead": PartnerKind.POLICE,
}
OTHER_PARTNERSHIP_MANAGER = ("dudley.manager", "Demo Dudley Business Manager", "DUD")


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def _ensure(email: str, full_name: str, role: Role, **fields: object) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, role=role, is_demo=True, **fields)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def seed() -> None:
    home = Partnership.objects.get(name=f"{DEMO_AREA} Safeguarding Children Partnership")
    for local, name, role in DEMO_USERS:
        partnership = None if role in {Role.SYSTEM_ADMIN, Role.LEAD_REVIEWER, Role.REVIEW_TEAM_MEMBER} else home
        job = {
            "la.lead": "Director of Children's Services",
            "icb.lead": "Chief Nursing Officer",
            "police.lead": "Assistant Chief Constable",
            "practitioner1": "Social Worker (demo)",
            "practitioner2": "School Nurse (demo)",
        }.get(local, role.label)
        user = _ensure(demo_email(local), name, role, partnership=partnership, job_title=job)
        kind = DEMO_LEAD_PARTNERS.get(local)
        if kind is not None and user.statutory_partner_id is None:
            # Rule 37, C7: each partner lead ratifies for their own statutory partner.
            user.statutory_partner = StatutoryPartner.objects.get(partnership=home, kind=kind)
            user.save(update_fields=["statutory_partner"])
    for local, name, agency_name in DEMO_AGENCY_USERS:
        agency = Agency.objects.get(partnership=home, name=agency_name)
        _ensure(demo_email(local), name, Role.AGENCY_LEAD, agency=agency, job_title="Designated Safeguarding Lead")
    local, name, code = OTHER_PARTNERSHIP_MANAGER
    _ensure(demo_email(local), name, Role.BUSINESS_MANAGER, partnership=Partnership.objects.get(short_code=code))
