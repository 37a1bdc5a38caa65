"""The hostile upload corpus through every upload point (issue 16, "The hostile upload corpus").

Each sample of ``tests/security/corpus.py`` is posted to the agency portal (as a supporting
document and as the Word return), the chronology import and the partnership logo: every one is
refused on the page with a GOV.UK error summary and its message, and leaves no file, no row, and
no change to the request or the partnership. How long each takes is measured by ``make bench``
(``upload_corpus_*``), not asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security import corpus, points
from tests.world import World


@pytest.mark.parametrize("point", sorted(points.POINTS))
def test_every_hostile_sample_is_refused_with_a_message_and_nothing_is_stored(
    world: World, settings, tmp_path: Path, point: str
) -> None:
    stage = points.prepare(world)
    before = points.stored(stage, tmp_path)
    failures = []
    for sample in corpus.SAMPLES:
        data = sample.make()
        response = points.POINTS[point](stage, data)
        body = response.content.decode(errors="replace")
        message = points.expected(point, sample, data)
        if response.status_code != 400 or "There is a problem" not in body or message not in body:
            failures.append(f"{sample.name}: {response.status_code}, expected “{message}”")
        after = points.stored(stage, tmp_path)
        if after != before:
            failures.append(f"{sample.name}: left something behind: {before} -> {after}")
            before = after
    assert failures == []


def test_the_samples_are_what_they_claim_to_be() -> None:
    """A corpus that silently stopped being hostile would make the test above pass for nothing."""
    import io
    import zipfile

    from pypdf import PdfReader

    for sample in corpus.SAMPLES:
        data = sample.make()
        if sample.kind in {"docx", "xlsx"} and sample.name not in {"truncated Word file"}:
            assert zipfile.is_zipfile(io.BytesIO(data)), sample.name
        if sample.kind == "pdf" and sample.name not in {"truncated PDF"}:
            reader = PdfReader(io.BytesIO(data))
            assert reader.is_encrypted or len(reader.pages) == 1, sample.name
    # The plain versions of the same files are accepted, so refusals above are for the hostility.
    from cspr.filesafety import check

    everything = frozenset(check.Kind)
    assert check.inspect(corpus.plain_docx(), everything).kind is check.Kind.DOCX
    assert check.inspect(corpus.plain_xlsx(), everything).kind is check.Kind.XLSX
    assert check.inspect(corpus.plain_pdf(), everything).kind is check.Kind.PDF
