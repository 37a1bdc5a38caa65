"""The genogram is never included in a document marked for publication (toolkit §7.2.1).

This app registers ``integration.genogram_context`` with the documents app, which supplies
``genogram_png``. Every publishable document of the catalogue is rendered for a case with a family
record and checked to hold no copy of the genogram picture; the Rapid Review template (not for
publication) is the control that shows the picture really does reach documents.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from cspr.cases.models import Person, PersonRole, Relationship, RelationshipKind, Sex
from cspr.chronology import genogram, integration
from cspr.documents import catalogue, engine
from cspr.documents.context import PROVIDERS
from tests.world import World

pytestmark = pytest.mark.usefixtures("frozen")


def _media(content: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return [package.read(n) for n in package.namelist() if n.startswith("word/media/")]


def test_no_publishable_document_contains_the_genogram(world: World) -> None:
    assert PROVIDERS["genogram"].build is integration.genogram_context
    case = world.cases["own"]
    child = Person.objects.get(case=case)
    mother = Person.objects.create(case=case, role=PersonRole.FAMILY_MEMBER, first_name="Mum", sex=Sex.FEMALE)
    Relationship.objects.create(case=case, from_person=mother, to_person=child, kind=RelationshipKind.PARENT)
    png = genogram.png_for_case(case)

    control = engine.render("RAPID_REVIEW_TEMPLATE", case)
    assert png in _media(control), "the genogram should reach the Rapid Review template (not for publication)"

    publishable = [spec for spec in catalogue.DOCUMENTS if spec.publishable]
    assert publishable, "the catalogue marks no document for publication: nothing would be checked"
    for spec in publishable:
        content = engine.render(spec.id, case)
        assert png not in _media(content), f"{spec.id} is marked for publication and contains the genogram"
        assert png not in content


def test_the_document_10_template_is_filled_from_the_integrated_chronology(world: World) -> None:
    from tests.chronology.test_pages import make_entries

    make_entries(world, 2)
    from cspr.chronology.models import ChronologyEntry, EntryKind

    ChronologyEntry.objects.filter(key_event="Event number 1").update(kind=EntryKind.ORGANISATIONAL_CHANGE)
    content = engine.render("CHRONOLOGY_TEMPLATES", world.cases["own"])
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("word/document.xml").decode()
    assert "Event number 0" in xml
    assert "Event number 1" in xml
    assert "Record 0" in xml
