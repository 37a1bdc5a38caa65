"""Subject-access export: the person's own records across linked cases, nobody else's names."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import Case, Person, PersonRole, Relationship, RelationshipKind
from cspr.chronology.models import ChronologyEntry
from tests.retention.helpers import client_for, manager, people
from tests.world import World


def _archive_text(data: bytes) -> str:
    """Every byte of the export, the ZIP opened and the Word file's XML included."""
    parts = [data.decode("latin-1")]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            parts.append(raw.decode("utf-8", "replace"))
            if name.endswith(".docx"):
                with zipfile.ZipFile(io.BytesIO(raw)) as docx:
                    parts += [docx.read(n).decode("utf-8", "replace") for n in docx.namelist()]
    return "\n".join(parts)


@pytest.mark.django_db
def test_the_export_holds_the_persons_records_across_linked_cases_and_no_third_party(world: World) -> None:
    case = world.cases["own"]
    family = people(case)
    mother, father = family["mother"], family["father"]
    linked = Case.objects.create(reference="HOME-2019-004", lead_partnership=world.home)
    case.linked_cases.add(linked)
    earlier = Person.objects.create(
        case=linked, role=PersonRole.FAMILY_MEMBER, first_name="Motherdemo", last_name="Dummyfamily",
        relationship_to_child="Mother", health="Demo earlier health note",
    )  # fmt: skip
    Relationship.objects.create(case=case, from_person=mother, to_person=father, kind=RelationshipKind.PARTNER)
    agency = world.agencies["own"]
    practitioner = world.user(Role.REVIEW_TEAM_MEMBER)
    ChronologyEntry.objects.create(
        case=case, agency=agency, date_text="2 May 2025", date_from=dt.date(2025, 5, 2), date_to=dt.date(2025, 5, 2),
        source=f"Notes of {practitioner.full_name}",
        key_event=f"Motherdemo seen with Fatherdemo Dummyfamily at 7 Fictional Lane by {practitioner.full_name}.",
    )  # fmt: skip
    ChronologyEntry.objects.create(
        case=case, agency=agency, date_text="3 May 2025", date_from=dt.date(2025, 5, 3), date_to=dt.date(2025, 5, 3),
        source="Demo", key_event="Fatherdemo attended a demo appointment alone.",
    )  # fmt: skip

    client = client_for(manager(world))
    url = reverse("retention:subject_access_export", args=[case.reference, mother.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert linked.reference in confirm.content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    text = _archive_text(response.content)

    # The person's own data, from both cases.
    assert "Motherdemo" in text
    assert "1 Demo Road" in text
    assert "Demo earlier health note" in text
    assert linked.reference in text
    assert "[redacted: third party]" in text
    # No third party: the father's name, address and NHS number, the child's name, staff names.
    for word in ("Fatherdemo", "Fictional Lane", "9990003334", "Demochild", practitioner.full_name, practitioner.email):
        assert word not in text, word
    # The father's own chronology entry is not the mother's.
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        content = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith(".json"))))
    assert len(content["chronology"]) == 1
    assert {r["case_reference"] for r in content["records"]} == {case.reference, linked.reference}
    assert earlier.pk not in {mother.pk}

    # Audited (a chained row) and access-logged for each case read.
    assert AuditEvent.objects.filter(action="retention.subject_access_exported", case_id=case.pk).count() == 1
    logged = set(AuditEvent.objects.filter(action="read.subject_access_export").values_list("case_id", flat=True))
    assert logged == {case.pk, linked.pk}


@pytest.mark.django_db
def test_only_the_data_protection_lead_exports(world: World) -> None:
    case = world.cases["own"]
    mother = people(case)["mother"]
    url = reverse("retention:subject_access_export", args=[case.reference, mother.pk])
    for role in (Role.PARTNER_LEAD, Role.AUDITOR, Role.LEAD_REVIEWER, Role.PARTNERSHIP_ADMIN):
        assert client_for(world.user(role)).post(url).status_code == 404
    # Another partnership's manager cannot reach this partnership's person, even with a forged URL.
    assert client_for(world.away_manager).post(url).status_code == 404
    assert not AuditEvent.objects.filter(action="retention.subject_access_exported").exists()


@pytest.mark.django_db
def test_workshop_practitioners_are_never_named_in_the_export(world: World) -> None:
    from tests.workshops.helpers import workshop_fixture

    case = world.cases["own"]
    child = people(case)["child"]
    workshop_fixture(world, case)
    ChronologyEntry.objects.create(
        case=case, agency=world.agencies["own"], date_text="4 May 2025", date_from=dt.date(2025, 5, 4),
        date_to=dt.date(2025, 5, 4), source="Demo",
        key_event="Demochild seen by Quentin Firstpractitioner; Petra told the demo school.",
    )  # fmt: skip
    response = client_for(manager(world)).post(
        reverse("retention:subject_access_export", args=[case.reference, child.pk])
    )
    text = _archive_text(response.content)
    assert "Demochild" in text
    for word in ("Quentin", "Firstpractitioner", "Petra", "Secondpractitioner", "Practitioner K", "Fictional Room"):
        assert word not in text, word
