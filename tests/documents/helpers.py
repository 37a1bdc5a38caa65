"""A full demo-like case for the document tests, and ways to read generated files back."""

from __future__ import annotations

import datetime as dt
import io
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx

from cspr.cases.models import AgencyInvolvement, Case, Person, PersonRole, Sex
from tests.world import World

CHILD = "Ayla Brightwater"
MOTHER = "Rosa Brightwater"


def full_case(world: World) -> Case:
    home = world.home
    home.address = "1 Council House\nHometown\nHT1 1AA"
    home.contact_email = "cspr@home.test.invalid"
    home.contact_phone = "0121 000 0000"
    home.signature_name = "Sam Manager"
    home.signature_role = "Business Manager"
    home.save()
    case = world.cases["own"]
    case.incident_date = dt.date(2026, 10, 28)
    case.meeting_date = dt.date(2026, 11, 12)
    case.save()
    Person.objects.filter(case=case).delete()
    Person.objects.create(
        case=case,
        role=PersonRole.SUBJECT_CHILD,
        first_name="Ayla",
        last_name="Brightwater",
        date_of_birth=dt.date(2019, 4, 1),
        sex=Sex.FEMALE,
        ethnicity="White British",
        nhs_number="9434765919",
        address="1 Example Close, Demotown, ZZ9 9ZZ",
        religion="None",
    )
    Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Rosa",
        last_name="Brightwater",
        relationship_to_child="Mother",
        date_of_birth=dt.date(1995, 6, 12),
        sex=Sex.FEMALE,
        ethnicity="White British",
        address="1 Example Close, Demotown, ZZ9 9ZZ",
    )
    Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Tom",
        last_name="Brightwater-Sample",
        relationship_to_child="Father",
        date_of_birth=dt.date(1992, 2, 3),
        sex=Sex.MALE,
        address="9 Sample Road, Demotown, ZZ8 8ZZ",
    )
    Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Leo",
        last_name="Brightwater",
        relationship_to_child="Brother",
        date_of_birth=dt.date(2016, 9, 20),
        sex=Sex.MALE,
    )
    AgencyInvolvement.objects.create(case=case, agency=world.agencies["own"], note="Nursery place since 2023")
    return case


RAPID_REVIEW = {
    "decision": ["b"],
    "decision_reasons": "Potential learning about information sharing between health and education.",
    "kloes": ["How well did agencies share information about the home?", "Was the father’s voice heard?"],
    "participants": [
        {"name": "Pat Police", "role": "Detective Inspector", "agency": "Test Police"},
        {"name": "Ida Icb", "role": "Designated Nurse", "agency": "Test ICB"},
        {"name": "Lou Council", "role": "Head of Service", "agency": "Test Council"},
    ],
    "ratifications": [
        {
            "partner": "Local authority",
            "name": "Ann Lead",
            "role": "Director of Children’s Services",
            "date": dt.date(2026, 11, 13),
        },
        {"partner": "ICB", "name": "Ben Lead", "role": "Chief Nurse", "date": dt.date(2026, 11, 13)},
        {"partner": "Police", "name": "Cat Lead", "role": "Assistant Chief Constable", "date": dt.date(2026, 11, 14)},
    ],
    "scoping_return_date": dt.date(2026, 11, 9),
    "immediate_actions_taken": True,
    "immediate_actions": "Sibling placed with grandparents under a safety plan.",
    "criteria": ["improvements", "two_or_more"],
    "lead_reviewer_name": "Dr Jo Reviewer",
    "panel_chair_name": "Sir Panel Chair",
}


def tiny_png() -> bytes:
    """A valid 2×2 PNG, built by hand so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _cells(table: Any) -> Iterator[str]:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                yield paragraph.text
            for inner in cell.tables:
                yield from _cells(inner)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(_cells(table))
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout


def pdf_pages(data: bytes) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
