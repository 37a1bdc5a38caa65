"""The world's own case as an LCSPR with the demo family (Dummyfamily, as DEMO-8's), a school, a
household address with a phone number and an email, and a draft seeded with every identifier."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.test import Client

from cspr.accounts.models import User
from cspr.cases.demo import _family
from cspr.cases.models import AgencyInvolvement, Case, Household, Person
from cspr.lcspr.models import Appointment, AppointmentRole, Conflict
from cspr.report import sample
from cspr.report.docxtext import BODY, COMMENT_W, FOOTER, FOOTNOTE_W, HEADER, PROPERTIES, TABLE, TRACKED
from cspr.report.models import Draft
from tests.world import World

COMMISSIONED = dt.date(2026, 6, 1)
TODAY = "2026-12-01 10:00 +0000"
REVIEWER = "Demo Reviewer Person"
PARTS = (BODY, TABLE, HEADER, FOOTER, FOOTNOTE_W, COMMENT_W, TRACKED, PROPERTIES)


def family_case(world: World) -> Case:
    case = world.cases["own"]
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=COMMISSIONED, decision_date=COMMISSIONED)
    case.refresh_from_db()
    Person.objects.filter(case=case).delete()
    _family(case, "Dummyfamily")
    mother = Person.objects.get(case=case, relationship_to_child="Mother")
    mother.also_known_as = "Demomum"
    mother.address = "1 Example Close, Demotown, ZZ9 9ZZ\nMobile 07700 900123\ndemo.mother@demo.cspr.invalid"
    mother.save()
    Household.objects.filter(case=case).update(address=mother.address)
    AgencyInvolvement.objects.create(case=case, agency=world.agencies["own"])  # "Home Test School"
    Appointment.objects.create(
        case=case,
        user=world.users[next(r for r in world.users if r.value == "lead_reviewer")],
        name=REVIEWER,
        email="lead_reviewer@test.invalid",
        organisation="Demo Reviewing",
        role=AppointmentRole.LEAD_REVIEWER,
        conflict=Conflict.NONE,
        started=COMMISSIONED,
    )
    return case


# Every identifier of the family as a report might write it (kind, text as written).
PLANTED: tuple[tuple[str, str], ...] = (
    ("name", "Demo Child Dummyfamily"),
    ("name", "Demo Mother"),
    ("name", "Demo Father Dummyfamily-Sample"),
    ("name", "Demo Sibling"),
    ("name", "Demo Partner Example"),
    ("name", "Dummyfamily"),
    ("name", "DUMMYFAMILY"),
    ("name", "Dummyfamliy"),
    ("name", "Dumyfamily"),
    ("name", "Demo Child's"),
    ("name", "Mr Example"),
    ("name", "Ms Sample"),
    ("alias", "Demomum"),
    ("initials", "D.D."),
    ("initials", "D. P. E."),
    ("initials", "D E"),
    ("address", "1 Example Close"),
    ("address", "9 Sample Road"),
    ("postcode", "ZZ9 9ZZ"),
    ("postcode", "zz8 8zz"),
    ("date of birth", "1 April 2019"),
    ("date of birth", "12/06/1995"),
    ("date of birth", "3rd February 1992"),
    ("date of birth", "September 20, 2016"),
    ("date of birth", "1990-11-30"),
    ("NHS number", "943 476 5919"),
    ("NHS number", "9434765919"),
    ("phone number", "07700 900123"),
    ("phone number", "+44 7700 900123"),
    ("email", "demo.mother@demo.cspr.invalid"),
    ("school", "Home Test School"),
    # General patterns the record does not hold.
    ("NHS number", "401 023 2137"),
    ("postcode", "B1 1AA"),
    ("phone number", "0121 496 0000"),
    ("email", "someone@example.org"),
    ("full date", "3 March 2024"),
)
SEP = "; then "


def _split(text: str) -> tuple[str, str]:
    middle = max(1, len(text) // 2)
    return text[:middle], text[middle:]


def seeded_draft() -> bytes:
    """Every planted identifier in each part; in the body each one split across two runs."""
    body_runs: list[str] = []
    for _, text in PLANTED:
        body_runs.extend(_split(text))
        body_runs.append(SEP)
    joined = SEP.join(t for _, t in PLANTED)
    blocks: list[sample.Block] = [
        sample.Para("A seeded draft", style="Title"),
        sample.Para(runs=tuple(body_runs)),
        sample.Table(tuple((f"Row {i}", text) for i, (_, text) in enumerate(PLANTED))),
        sample.Para("Footnote anchor", footnote=joined),
        sample.Para("Comment anchor", comment=joined),
        sample.Para(runs=("Inserted: ", sample.INSERTED + joined)),
        sample.Para(runs=("Deleted: ", sample.DELETED + joined)),
    ]
    return sample.build(
        sample.Draft(
            blocks=blocks,
            header=joined,
            footer=joined,
            properties={"title": joined},
        )
    )


def client_for(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def stored_draft(case: Case, data: bytes | None = None, findings: list[dict[str, object]] | None = None) -> Draft:
    """A draft row with its file, written directly (for tests of what follows an upload)."""
    from tests.matrix.report import FINDING

    existing = Draft.objects.filter(case=case).order_by("-number").first()
    if existing is not None and data is None:
        return existing
    data = data or sample.build(sample.Draft(blocks=[sample.Para("Testchild")]))
    digest = hashlib.sha256(data).hexdigest()
    number = (existing.number if existing else 0) + 1
    draft = Draft(case=case, number=number, original_name="d.docx", size=len(data), sha256=digest)
    draft.findings = findings if findings is not None else [FINDING.as_json()]
    draft.file.save(f"{case.pk}/{digest}.docx", ContentFile(data), save=True)
    return draft
