"""The LCSPR pages (commissioning, terms of reference, the review team)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cspr.cases.models import Case
from cspr.lcspr.invitations import token_for
from cspr.lcspr.models import Appointment, AppointmentRole, Conflict, ReviewerInvitation
from tests.matrix import Audience, Spec
from tests.world import World


def commissioned(world: World, scope: str) -> dict[str, Any]:
    """The scope's case with a ratified decision (b): an LCSPR exists (tests may write the case row)."""
    case = world.cases[scope]
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=dt.date(2024, 6, 3))
    return {"reference": case.reference}


def appointment_ref(world: World, scope: str) -> dict[str, Any]:
    kwargs = commissioned(world, scope)
    case = world.cases[scope]
    appointment, _ = Appointment.objects.get_or_create(
        case=case,
        email=f"matrix.expert.{scope}@test.invalid",
        defaults={
            "name": "Matrix Expert",
            "organisation": "Matrix Org",
            "role": AppointmentRole.EXPERT,
            "conflict": Conflict.NONE,
            "started": dt.date(2024, 6, 3),
        },
    )
    return kwargs | {"appointment_id": appointment.pk}


def invitation_token(world: World, scope: str) -> dict[str, Any]:
    appointment = Appointment.objects.get(pk=appointment_ref(world, scope)["appointment_id"])
    invitation = ReviewerInvitation.objects.filter(
        appointment=appointment
    ).first() or ReviewerInvitation.objects.create(
        appointment=appointment, email=appointment.email, expires_at=timezone.now() + dt.timedelta(days=7)
    )
    return {"token": token_for(invitation)}


SPECS = {
    "lcspr:overview": Spec(Audience.CASE_READ, commissioned),
    "lcspr:terms": Spec(Audience.CASE_READ, commissioned),
    "lcspr:terms_compare": Spec(Audience.CASE_READ, commissioned),
    "lcspr:terms_edit": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "lcspr:terms_agree": Spec(Audience.CASE_WRITE, commissioned, post=True, ok=frozenset({200, 302})),
    "lcspr:terms_change": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "lcspr:team": Spec(Audience.CASE_READ, commissioned),
    "lcspr:appoint": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "lcspr:appointment_edit": Spec(Audience.CASE_WRITE, appointment_ref, post=True),
    "lcspr:appointment_end": Spec(Audience.CASE_WRITE, appointment_ref, post=True),
    "lcspr:resend_invitation": Spec(
        Audience.CASE_WRITE, appointment_ref, post_only=True, ok=frozenset({302}), note="redirects to the team page"
    ),
    # The emailed link: anyone holding it, signed in or not (it names no case data but the reference).
    "lcspr:invitation": Spec(Audience.PUBLIC, invitation_token),
}
