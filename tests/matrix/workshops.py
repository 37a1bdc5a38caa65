"""The workshops pages: themes, nominations, workshops (the case's readers and writers), the review
team's worksheets and draft findings (team only), the practitioner's own pages, the agency's
nominations and the practitioner's invitation link.

Practitioner pages (Audience.PRACTITIONER): scope "own" is the world practitioner's own participation
(a workshop on the "own" case); "other" another practitioner's on the same case (and a workshop the
world practitioner is not invited to); "collab" a participation in the collaborating case's workshop.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.workshops.actions import invitation_token
from cspr.workshops.models import FindingsConsultation, KeyTheme, Mode, NominatedBy, Nomination, Participant, Workshop
from tests.matrix import Audience, Spec, no_kwargs
from tests.matrix.lcspr import commissioned
from tests.matrix.portal import _request
from tests.world import World, make_user

# The practitioner's participation in each scope: (case scope, whose, workshop key).
_PARTICIPATION = {"own": ("own", "world", "a"), "other": ("own", "other", "b"), "collab": ("collab", "collab", "a")}


def _workshop(world: World, case_scope: str, key: str = "a") -> Workshop:
    commissioned(world, case_scope)
    case = world.cases[case_scope]
    day = dt.date(2030, 3, 4) if key == "a" else dt.date(2030, 3, 11)
    workshop, _ = Workshop.objects.get_or_create(
        case=case,
        date=day,
        defaults={
            "mode": Mode.VIRTUAL,
            "start_time": dt.time(9, 30),
            "end_time": dt.time(12, 30),
            "venue": "Online (fictional link)",
        },
    )
    return workshop


def _practitioner(world: World, whose: str) -> User:
    if whose == "world":
        return world.user(Role.PRACTITIONER)
    email = f"practitioner.{whose}@test.invalid"
    found = User.objects.filter(email=email).first()
    return found or make_user(email, Role.PRACTITIONER, partnership=world.home)


def participant(world: World, scope: str) -> Participant:
    case_scope, whose, key = _PARTICIPATION[scope]
    workshop = _workshop(world, case_scope, key)
    user = _practitioner(world, whose)
    found = Participant.objects.filter(user=user).first()
    if found is not None:
        return found
    nomination = Nomination.objects.create(
        case=workshop.case,
        full_name=f"Matrix Practitioner {whose}",
        email=f"nominee.{whose}@test.invalid",
        direct_involvement=True,
        via=NominatedBy.PARTNERSHIP,
    )
    return Participant.objects.create(
        workshop=workshop, nomination=nomination, pseudonym=f"Practitioner {whose.upper()}", user=user
    )


def own_participant(world: World, scope: str) -> dict[str, Any]:
    return {"participant_id": participant(world, scope).pk}


def own_worksheet(world: World, scope: str) -> dict[str, Any]:
    return {**own_participant(world, scope), "number": 1}


def own_findings(world: World, scope: str) -> dict[str, Any]:
    found = participant(world, scope)
    case = found.workshop.case
    if not FindingsConsultation.objects.filter(case=case).exists():
        FindingsConsultation.objects.create(
            case=case,
            findings="Draft finding (fictional)",
            respond_by=dt.date(2030, 4, 1),
            sent_on=dt.date(2030, 3, 12),
        )
    return {"participant_id": found.pk}


def own_briefing(world: World, scope: str) -> dict[str, Any]:
    participant(world, scope)
    case_scope, _, key = _PARTICIPATION[scope]
    return {"workshop_id": _workshop(world, case_scope, key).pk}


def theme(world: World, scope: str) -> dict[str, Any]:
    commissioned(world, scope)
    found, _ = KeyTheme.objects.get_or_create(case=world.cases[scope], title="Matrix theme (fictional)")
    return {"reference": world.cases[scope].reference, "theme_id": found.pk}


def workshop(world: World, scope: str) -> dict[str, Any]:
    return {"reference": world.cases[scope].reference, "workshop_id": _workshop(world, scope).pk}


def attendance(world: World, scope: str) -> dict[str, Any]:
    found = participant(world, "own" if scope == "own" else "collab") if scope != "other" else None
    if found is None:
        w = _workshop(world, "other")
        nomination, _ = Nomination.objects.get_or_create(
            case=w.case,
            email="nominee.away@test.invalid",
            defaults={"full_name": "Away Practitioner", "direct_involvement": True, "via": NominatedBy.PARTNERSHIP},
        )
        found, _ = Participant.objects.get_or_create(
            workshop=w, nomination=nomination, defaults={"pseudonym": "Practitioner Z"}
        )
    return {
        "reference": found.workshop.case.reference,
        "workshop_id": found.workshop_id,
        "participant_id": found.pk,
    }


def invitation(world: World, scope: str) -> dict[str, Any]:
    w = _workshop(world, scope)
    nomination, _ = Nomination.objects.get_or_create(
        case=w.case,
        email=f"invitee.{scope}@test.invalid",
        defaults={"full_name": "Invited Practitioner", "direct_involvement": True, "via": NominatedBy.PARTNERSHIP},
    )
    now = dt.datetime.now(dt.UTC)
    found, _ = Participant.objects.get_or_create(
        workshop=w,
        nomination=nomination,
        defaults={
            "pseudonym": "Practitioner Y",
            "invited_at": now,
            "invitation_expires_at": now + dt.timedelta(days=7),
        },
    )
    return {"token": invitation_token(found)}


def agency_case(world: World, scope: str) -> dict[str, Any]:
    commissioned(world, scope)
    if scope == "own":
        _request(world, "own", "own")  # the agency user's own agency has a request on this case
    return {"reference": world.cases[scope].reference}


SPECS = {
    "workshops:themes": Spec(Audience.CASE_READ, commissioned),
    "workshops:theme_add": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "workshops:theme_edit": Spec(Audience.CASE_WRITE, theme, post=True),
    "workshops:nominations": Spec(Audience.CASE_READ, commissioned),
    "workshops:nomination_add": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "workshops:workshop_add": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "workshops:workshop": Spec(Audience.CASE_READ, workshop),
    "workshops:workshop_edit": Spec(Audience.CASE_WRITE, workshop, post=True),
    "workshops:invite": Spec(Audience.CASE_WRITE, workshop, post=True),
    "workshops:attendance": Spec(Audience.CASE_WRITE, attendance, post=True),
    "workshops:team_worksheets": Spec(Audience.CASE_REVIEW_TEAM, commissioned),
    "workshops:findings": Spec(Audience.CASE_REVIEW_TEAM, commissioned, post=True),
    "workshops:mine": Spec(Audience.PRACTITIONER_HOME, no_kwargs),
    "workshops:briefing": Spec(Audience.PRACTITIONER, own_briefing),
    "workshops:worksheet": Spec(Audience.PRACTITIONER, own_worksheet, post=True),
    "workshops:comment": Spec(Audience.PRACTITIONER, own_findings, post=True),
    "workshops:agency_nominations": Spec(Audience.AGENCY, agency_case, post=True),
    "workshops:invitation": Spec(Audience.PUBLIC, invitation, note="the one-time link; the token is the key"),
}
