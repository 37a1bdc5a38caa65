"""The fictional demo world: the 14 local authority areas of the wider West Midlands, each a
partnership. The areas are real; every person, address, agency contact and case is invented and
obviously so (names like "Demo", example addresses, ``.invalid`` email domains)."""

from __future__ import annotations

from cspr.organisations.models import Agency, AgencyType, PartnerKind, Partnership, Region, StatutoryPartner

AREAS: list[tuple[str, str]] = [
    ("Birmingham", "BHAM"),
    ("Coventry", "COV"),
    ("Dudley", "DUD"),
    ("Herefordshire", "HEREF"),
    ("Sandwell", "SAND"),
    ("Shropshire", "SHROP"),
    ("Solihull", "SOLI"),
    ("Staffordshire", "STAFFS"),
    ("Stoke-on-Trent", "STOKE"),
    ("Telford and Wrekin", "TELF"),
    ("Walsall", "WALS"),
    ("Warwickshire", "WARKS"),
    ("Wolverhampton", "WOLV"),
    ("Worcestershire", "WORCS"),
]

DEMO_AREA = "Wolverhampton"

_AGENCIES: list[tuple[str, str]] = [
    ("Children's Services (Demo)", AgencyType.LOCAL_AUTHORITY),
    ("Demo Primary Academy", AgencyType.SCHOOL),
    ("Demo High School", AgencyType.SCHOOL),
    ("Example Street Surgery (GP, demo)", AgencyType.GP),
    ("Demo Hospitals NHS Trust", AgencyType.HOSPITAL),
    ("Demo Community Health Services", AgencyType.COMMUNITY_HEALTH),
    ("Demo Mental Health Partnership", AgencyType.MENTAL_HEALTH),
    ("Police Public Protection Unit (Demo)", AgencyType.POLICE),
    ("Probation Service (Demo)", AgencyType.PROBATION),
    ("Demo Homes Housing Association", AgencyType.HOUSING),
    ("Demo Family Support Charity", AgencyType.VOLUNTARY),
    ("Youth Justice Service (Demo)", AgencyType.YOUTH_JUSTICE),
]


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:20]


def seed() -> None:
    region, _ = Region.objects.get_or_create(name="West Midlands (wider)")
    for area, code in AREAS:
        partnership, _ = Partnership.objects.get_or_create(
            short_code=code,
            defaults={
                "region": region,
                "name": f"{area} Safeguarding Children Partnership",
                "address": f"Demo Partnership Office, 1 Example Street, {area}, ZZ1 1ZZ",
                "contact_email": f"cspr@{_slug(area)}.demo.invalid",
                "contact_phone": "01632 960000",
                "signature_name": "Demo Business Manager",
                "signature_role": "Partnership Business Manager",
                "panel_chair_name": "Demo Panel Chair (fictional)",
            },
        )
        partners = [
            (PartnerKind.LOCAL_AUTHORITY, f"{area} Council (demo)", "Director of Children's Services"),
            (PartnerKind.ICB, f"{area} Integrated Care Board (demo)", "Chief Nursing Officer"),
            (PartnerKind.POLICE, "West Midlands Police (demo)", "Assistant Chief Constable"),
        ]
        for kind, org, role in partners:
            StatutoryPartner.objects.get_or_create(
                partnership=partnership,
                kind=kind,
                defaults={
                    "organisation_name": org,
                    "lead_name": f"Demo {kind.label} Lead",
                    "lead_role": role,
                    "delegate_name": f"Demo {kind.label} Delegate",
                    "delegate_role": "Delegated Safeguarding Partner",
                },
            )
        for name, agency_type in _AGENCIES:
            slug = _slug(name)
            Agency.objects.get_or_create(
                partnership=partnership,
                name=name,
                defaults={
                    "agency_type": agency_type,
                    "address": f"{name}, 2 Example Road, {area}, ZZ2 2ZZ",
                    "safeguarding_lead_name": f"Demo Safeguarding Lead ({name})",
                    "safeguarding_lead_email": f"lead.{slug}@{_slug(area)}.demo.invalid",
                    "safeguarding_lead_phone": "01632 960001",
                    "strategic_lead_name": f"Demo Strategic Lead ({name})",
                    "strategic_lead_email": f"strategic.{slug}@{_slug(area)}.demo.invalid",
                },
            )
