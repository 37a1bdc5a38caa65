"""A closed case with something in every record class, files included; clients and the clock."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.test import Client

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, Person, PersonRole
from cspr.chronology.models import ChronologyEntry
from cspr.portal.models import InformationRequest, Upload, UploadKind
from tests.world import World

CLOSED = dt.date(2026, 1, 15)
FILE_BYTES = b"%PDF-1.4 Demo agency return, fictional\n"


def close(case: Case, on: dt.date = CLOSED) -> Case:
    """Tests may write milestone dates directly (the grep of tests/cases covers cspr/ only)."""
    Case.objects.filter(pk=case.pk).update(action_plan_closed_date=on, decision_date=on - dt.timedelta(days=400))
    case.refresh_from_db()
    return case


def fill(world: World, case: Case) -> dict[str, object]:
    """A chronology entry and an agency return with an uploaded file."""
    agency = world.agencies["own"]
    entry = ChronologyEntry.objects.create(
        case=case, agency=agency, date_text="1 March 2025", date_from=dt.date(2025, 3, 1),
        date_to=dt.date(2025, 3, 1), source="Demo record", key_event="Home visit by the demo health visitor.",
    )  # fmt: skip
    request = InformationRequest.objects.create(case=case, agency=agency)
    upload = Upload(
        request=request, kind=UploadKind.ATTACHMENT, original_name="return.pdf", content_type="application/pdf",
        size=len(FILE_BYTES), sha256=hashlib.sha256(FILE_BYTES).hexdigest(),
    )  # fmt: skip
    upload.file.save(f"{request.pk}/{upload.sha256}.pdf", ContentFile(FILE_BYTES), save=False)
    upload.save()
    return {"entry": entry, "request": request, "upload": upload}


def people(case: Case) -> dict[str, Person]:
    def person(first: str, role: str, relation: str, **extra: object) -> Person:
        return Person.objects.create(
            case=case, role=role, first_name=first, last_name="Dummyfamily", relationship_to_child=relation, **extra
        )

    return {
        "child": person("Demochild", PersonRole.SUBJECT_CHILD, "Subject", date_of_birth=dt.date(2019, 4, 2)),
        "mother": person(
            "Motherdemo",
            PersonRole.FAMILY_MEMBER,
            "Mother",
            address="1 Demo Road\nExampletown",
            nhs_number="9990001112",
        ),
        "father": person(
            "Fatherdemo",
            PersonRole.FAMILY_MEMBER,
            "Father",
            address="7 Fictional Lane\nSampleford",
            nhs_number="9990003334",
        ),
    }


def client_for(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def manager(world: World) -> User:
    return world.user(Role.BUSINESS_MANAGER)
