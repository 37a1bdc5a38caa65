"""The genogram: each person and relationship of the demo family is drawn and described."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from defusedxml import ElementTree

from cspr.accounts.roles import Role
from cspr.cases import demo as cases_demo
from cspr.cases.models import Case, Household, Person, PersonRole, Relationship, RelationshipKind, Sex
from cspr.chronology import genogram
from cspr.organisations import demo as organisations_demo
from tests.world import World

pytestmark = pytest.mark.usefixtures("frozen")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def demo_case(db: None) -> Case:
    organisations_demo.seed()
    cases_demo.seed()
    return Case.objects.get(reference="DEMO-3")


def _texts(svg: str) -> tuple[list[str], list[str]]:
    root = ElementTree.fromstring(svg)
    labels = [t.text or "" for t in root.iter(f"{SVG}text")]
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    return labels, titles


def test_demo_family_every_person_and_relationship_is_in_the_svg(demo_case: Case) -> None:
    svg, family = genogram.svg_for_case(demo_case)
    labels, titles = _texts(svg)
    people = list(Person.objects.filter(case=demo_case))
    assert len(people) == 5
    for person in people:
        assert person.first_name in labels, person.first_name
        assert any(t.startswith(str(person)) for t in titles)
    names = {p.pk: str(p) for p in people}
    for rel in Relationship.objects.filter(case=demo_case):
        a, b = names[rel.from_person_id], names[rel.to_person_id]
        if rel.kind == RelationshipKind.PARENT:
            assert any(a in t and "parent of" in t and b in t for t in titles), (a, b)
        else:
            assert genogram.describe_relationship(rel, names) in titles
    assert "Household: Mother's household" in labels
    assert "Subject child" in labels
    # The demo child, born 1 April 2019, is 7 on 25 November 2026.
    child = next(p for p in people if p.role == PersonRole.SUBJECT_CHILD)
    assert genogram.age_label(child, dt.date(2026, 11, 25)) == "Age 7"
    alternative = genogram.text_alternative(family)
    assert (
        "Demo Mother Examplefamily and Demo Father Examplefamily-Sample are former partners (separated)"
        in alternative["relationships"]
    )


def test_symbols_follow_genogram_conventions(world: World) -> None:
    case = world.cases["own"]
    child = Person.objects.get(case=case)
    child.sex = Sex.FEMALE
    child.save()
    dad = Person.objects.create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Dad",
        sex=Sex.MALE,
        deceased=True,
        date_of_birth=dt.date(1980, 1, 1),
        date_of_death=dt.date(2024, 6, 1),
    )
    Person.objects.create(case=case, role=PersonRole.FAMILY_MEMBER, first_name="Kin", sex=Sex.UNKNOWN)
    Relationship.objects.create(case=case, from_person=dad, to_person=child, kind=RelationshipKind.PARENT)
    svg, _ = genogram.svg_for_case(case)
    root = ElementTree.fromstring(svg)
    groups = {
        g.find(f"{SVG}title").text.split(",")[0]: g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None
    }
    assert len(groups[str(child)].findall(f"{SVG}circle")) == 2  # double outline
    assert groups["Dad"].find(f"{SVG}rect") is not None
    assert groups["Dad"].find(f"{SVG}path") is not None
    assert groups["Kin"].find(f"{SVG}polygon") is not None
    labels, _ = _texts(svg)
    assert "Died aged 44" in labels
    assert "Age not known" in labels
    assert 'style="' not in svg  # strict CSP: presentation attributes only


def test_three_generations_of_twenty_people_do_not_overlap(world: World) -> None:
    case = world.cases["own"]
    Person.objects.filter(case=case).delete()
    people = [
        Person.objects.create(
            case=case,
            role=PersonRole.SUBJECT_CHILD if i == 0 else PersonRole.FAMILY_MEMBER,
            first_name=f"P{i}",
            sex=Sex.MALE if i % 2 else Sex.FEMALE,
        )
        for i in range(20)
    ]
    rel = Relationship.objects.create
    # Generation 0: two couples (4); generation 1: their 6 children and 2 partners; generation 2: 8 grandchildren.
    rel(case=case, from_person=people[1], to_person=people[2], kind=RelationshipKind.PARTNER)
    rel(case=case, from_person=people[3], to_person=people[4], kind=RelationshipKind.FORMER_PARTNER)
    for child in (5, 6, 7):
        rel(case=case, from_person=people[1], to_person=people[child], kind=RelationshipKind.PARENT)
        rel(case=case, from_person=people[2], to_person=people[child], kind=RelationshipKind.PARENT)
    for child in (8, 9, 10):
        rel(case=case, from_person=people[3], to_person=people[child], kind=RelationshipKind.PARENT)
    rel(case=case, from_person=people[5], to_person=people[8], kind=RelationshipKind.PARTNER, separated=True)
    rel(case=case, from_person=people[6], to_person=people[11], kind=RelationshipKind.PARTNER)
    rel(case=case, from_person=people[7], to_person=people[12], kind=RelationshipKind.PARTNER)
    for child in (0, 13, 14):
        rel(case=case, from_person=people[5], to_person=people[child], kind=RelationshipKind.PARENT)
        rel(case=case, from_person=people[8], to_person=people[child], kind=RelationshipKind.PARENT)
    for child in (15, 16, 17):
        rel(case=case, from_person=people[6], to_person=people[child], kind=RelationshipKind.PARENT)
    for child in (18, 19):
        rel(case=case, from_person=people[12], to_person=people[child], kind=RelationshipKind.PARENT)
    household = Household.objects.create(case=case, name="Main home")
    household.members.set([people[0], people[5], people[8]])
    family = genogram.load(case)
    lay = genogram.layout(family)
    assert sorted(set(lay.generation.values())) == [0, 1, 2]
    assert [lay.generation[p.pk] for p in people[:5]] == [2, 0, 0, 0, 0]
    positions = sorted(lay.pos.values())
    for (x1, y1), (x2, y2) in itertools.pairwise(positions):
        assert not (y1 == y2 and x2 - x1 < genogram.SLOT - 1), "people overlap"
    svg = genogram.render_svg(family)
    found = re.search(r'width="(\d+)"', svg)
    assert found is not None
    width = float(found.group(1))
    assert width < 3200  # fits a landscape page when scaled, labels stay legible


def test_genogram_page_and_png_follow_the_record(client, world: World) -> None:
    case = world.cases["own"]
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page = client.get(f"/chronology/{case.reference}/genogram/").content.decode()
    assert "Testchild" in page
    assert "The genogram in words" in page
    Person.objects.create(case=case, role=PersonRole.FAMILY_MEMBER, first_name="Newaunt", sex=Sex.FEMALE)
    assert "Newaunt" in client.get(f"/chronology/{case.reference}/genogram/").content.decode()
    png = client.get(f"/chronology/{case.reference}/genogram.png")
    assert png.status_code == 200
    assert png.content.startswith(b"\x89PNG")
    first = png.content
    Person.objects.create(case=case, role=PersonRole.FAMILY_MEMBER, first_name="Newuncle", sex=Sex.MALE)
    assert client.get(f"/chronology/{case.reference}/genogram.png").content != first
