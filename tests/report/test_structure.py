"""The structure checks of Document 19 (toolkit §9.1–9.2) on a complete clean report and on reports
missing each thing."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from cspr.cases.models import Person
from cspr.family.models import Invitation, Involvement
from cspr.report import checks, examples, sample
from cspr.report.sample import Para, Picture
from tests.report.helpers import REVIEWER, family_case
from tests.world import World

pytestmark = pytest.mark.django_db


def _failed(case: object, blocks: Sequence[sample.Block]) -> set[str]:
    data = sample.build(sample.Draft(blocks=list(blocks)))
    result = checks.run(case, data, convert=None)  # type: ignore[arg-type]
    return {c.check for c in result.structure if not c.ok}


def test_the_clean_report_meets_every_check(world: World) -> None:
    case = family_case(world)
    father = Person.objects.get(case=case, relationship_to_child="Father")
    Invitation.objects.create(case=case, person=father, involvement=Involvement.DECLINED)
    assert _failed(case, examples.clean_blocks(REVIEWER)) == set()


def test_each_missing_element_is_a_finding(world: World) -> None:
    case = family_case(world)
    Invitation.objects.create(
        case=case,
        person=Person.objects.get(case=case, relationship_to_child="Father"),
        involvement=Involvement.DECLINED,
    )
    blocks = examples.clean_blocks(REVIEWER)
    without = [
        b for b in blocks if not (isinstance(b, Para) and b.text.startswith(("Executive summary", "Father's views")))
    ]
    assert {"exec_summary", "views"} <= _failed(case, without)
    no_toc = [b for b in blocks if not isinstance(b, sample.Toc)]
    assert "contents" in _failed(case, no_toc)
    swapped = [Para("Recommendations", style="Heading1"), *blocks]
    assert "learning_first" in _failed(case, swapped)
    unnamed = [b for b in blocks if not (isinstance(b, Para) and REVIEWER in b.text)]
    assert "reviewer" in _failed(case, unnamed)
    pictures = [
        *blocks,
        Picture("genogram.png", descr="Genogram of the family"),
        Picture("p.png", descr="Demo Mother at home"),
    ]
    assert {"genogram", "picture_names"} <= _failed(case, pictures)
    bare = [Para("Executive summary", style="Heading1"), Para("Nothing else.")]
    assert {f"minimum:{n}" for n in range(1, 8)} <= _failed(case, bare)


def test_a_picture_file_named_after_the_child_is_a_finding(world: World) -> None:
    import io
    import zipfile

    case = family_case(world)
    data = sample.build(sample.Draft(blocks=examples.clean_blocks(REVIEWER)))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            name = (
                "word/media/Demo_Child_Dummyfamily.png" if info.filename == "word/media/image1.png" else info.filename
            )
            target.writestr(name, source.read(info.filename))
    result = checks.run(case, out.getvalue(), convert=None)
    picture = next(c for c in result.structure if c.check == "picture_names")
    assert not picture.ok
    assert picture.place == "Picture file Demo_Child_Dummyfamily.png"
