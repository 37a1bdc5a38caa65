"""The structure checks of Document 19 (Guidance on drafting the report; toolkit §9.1–9.2).

Each check gives a ``Check`` (passed or not, what was found, where). What the record holds comes in
as ``Expectations`` (the lead reviewer's names, whose views are missing), so the command line and the
pages run the same checks. The executive summary's length is *measured*: a copy of the draft, with
markers added to the summary's heading and the next heading, is rendered to PDF by the project's
converter (``cspr.documents.engine.docx_to_pdf``) and the pages between them are counted.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from cspr.report import docxtext, rewrite
from cspr.report.docxtext import BODY, TABLE, Unit
from cspr.report.matcher import ALIAS, INITIALS, NAME, Finding, normal

EXEC_MAX_PAGES = 2
START, END = "QXSTARTQX", "QXENDQX"

QUALITY_MARKERS = (
    "Does the structure of the report make it straightforward to identify relevant analysis and findings, so as "
    "to assist other local areas to identify learning that is pertinent to them and to assist the collation of "
    "learning at a national level?",
    "Does the amount of information provided in the report satisfy the need for privacy of family members and "
    "individual staff while providing sufficient information to make accessible the analysis, in order that it "
    "can support necessary improvement work?",
    "Does the report contain findings and/or recommendations that reflect the areas deemed as priority for improvement?",
    "Do these findings and/or recommendations address explanations of practice or remain only descriptive of "
    "issues identified in how professionals handled the case?",
    "Is there transparency in how conclusions have been reached?",
    "Does the report adequately manage accessibility and explaining complex professional and organisational issues?",
    "Is the tone and choice of words appropriate to the review?",
)

# §9.1.3: the minimum content, each item with the words that show it is there.
MINIMUM_CONTENT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "A brief overview of what happened and the key circumstances, background and context",
        (r"\b(overview|background|what happened|circumstances)\b",),
    ),
    (
        "An analysis of why relevant decisions by professionals were taken",
        (r"\banalys[ie]s\b", r"\bdecisions?\b"),
    ),
    (
        "A critique of how agencies worked together",
        (r"(work(ed|ing)? together|multi-agency|inter-agency|partnership working|joint working)",),
    ),
    (
        "Whether the shortcomings are features of practice in general",
        (r"(practice in general|wider practice|features? of (wider |current )?practice|systemic|system(s)? (issue|finding|factor|learning))",),
    ),
    (
        "What would need to be done differently to prevent harm in similar circumstances",
        (r"(done differently|do differently|prevent(ing)? (harm|similar|this|a similar))",),
    ),
    ("Examples of good practice", (r"good practice",)),
    (
        "What needs to happen for agencies to learn, local and national (implications for national policy and practice)",
        (r"\b(learning|learn from)\b", r"\bnational\b"),
    ),
)  # fmt: skip
VIEWS_STATEMENT = (
    r"\bviews?\b",
    r"(not (been )?(included|sought|obtained|heard)|did not|declined|chose not|could not|were not|was not|unable|"
    r"not (be )?contacted|not invited|not to take part|not taking part|no views)",
)


@dataclass(frozen=True)
class Check:
    check: str  # stable code: "exec_summary", "exec_length", "contents", "minimum:1".. "minimum:7", ...
    title: str
    ok: bool
    detail: str
    place: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Expectations:
    reviewer_names: tuple[str, ...] = ()
    views_missing: tuple[str, ...] = ()  # "Father: Declined to take part", by relationship, no names


@dataclass
class Outline:
    headings: list[tuple[int, int, Unit]] = field(default_factory=list)  # (position, level, unit)
    body: list[Unit] = field(default_factory=list)


def heading_level(unit: Unit, styles: dict[str, tuple[str, int | None]]) -> int | None:
    if unit.outline is not None and unit.outline < 9:
        return unit.outline + 1
    name, level = styles.get(unit.style, (unit.style, None))
    if level is not None and level < 9:
        return level + 1
    m = re.fullmatch(r"(?i)heading\s*(\d)", name)
    if m:
        return int(m[1])
    return 1 if name.lower() == "title" else None


def read_styles(data: bytes) -> dict[str, tuple[str, int | None]]:
    z = docxtext.open_docx(data)
    if "word/styles.xml" not in z.namelist():
        return {}
    root = docxtext.parse(z.read("word/styles.xml"))
    found: dict[str, tuple[str, int | None]] = {}
    for style in root.iter(docxtext.W + "style"):
        sid = style.get(docxtext.W + "styleId", "")
        name_el = style.find(docxtext.W + "name")
        outline = style.find(f"{docxtext.W}pPr/{docxtext.W}outlineLvl")
        value = outline.get(docxtext.VAL, "") if outline is not None else ""
        found[sid] = (
            name_el.get(docxtext.VAL, sid) if name_el is not None else sid,
            int(value) if value.isdigit() else None,
        )
    return found


def outline(units: list[Unit], styles: dict[str, tuple[str, int | None]]) -> Outline:
    out = Outline()
    for unit in units:
        if unit.part != "word/document.xml" or unit.where not in {BODY, TABLE} or unit.picture:
            continue
        out.body.append(unit)
        level = heading_level(unit, styles)
        if level is not None and unit.text.strip() and not unit.style.upper().startswith("TOC"):
            out.headings.append((len(out.body) - 1, level, unit))
    return out


def _exec_section(o: Outline) -> tuple[int, int] | None:
    """Index in ``o.headings`` of the executive summary's heading and of the next heading (or -1)."""
    for i, (_, level, unit) in enumerate(o.headings):
        if re.search(r"(?i)executive\s+summary", unit.text):
            for j in range(i + 1, len(o.headings)):
                if o.headings[j][1] <= level:
                    return i, j
            return i, -1
    return None


def _search(units: list[Unit], *patterns: str) -> Unit | None:
    regexes = [re.compile(p, re.I) for p in patterns]
    for unit in units:
        if all(r.search(unit.text) for r in regexes):
            return unit
    return None


def _search_all(units: list[Unit], *patterns: str) -> bool:
    text = "\n".join(u.text for u in units)
    return all(re.search(p, text, re.I) for p in patterns)


def exec_summary_pages(data: bytes, o: Outline, convert: Callable[[bytes], bytes]) -> int | None:
    """The executive summary's length in A4 pages as rendered, or None without a summary heading."""
    section = _exec_section(o)
    if section is None:
        return None
    i, j = section
    edits = [_marker(o.headings[k][2], marker) for k, marker in ((i, START), (j, END)) if k >= 0]
    marked, _ = rewrite.replace(data, [e for e in edits if e is not None])
    return count_pages(convert(marked), ending=j >= 0)


def _marker(unit: Unit, marker: str) -> rewrite.Edit | None:
    """Rewrite the heading's last character followed by the marker (a span must touch a run)."""
    if not unit.segments:
        return None
    last = unit.segments[-1]
    return rewrite.Edit(
        unit.part, unit.index, last.end - 1, last.end, unit.text[last.end - 1 : last.end] + f" {marker}"
    )


def count_pages(pdf: bytes, *, ending: bool) -> int:
    from pypdf import PdfReader

    pages = [
        [line.strip() for line in (p.extract_text() or "").splitlines() if line.strip()]
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]
    start = next(n for n, lines in enumerate(pages) if any(START in line for line in lines))
    if not ending:
        return len(pages) - start
    end = next(n for n, lines in enumerate(pages) if n >= start and any(END in line for line in lines))
    if end == start:
        return 1
    # The next heading at the top of its page (after the running header): the summary ended before it.
    repeated = {line for line in pages[end] if sum(line in lines for lines in pages) > len(pages) // 2}
    before = []
    for line in pages[end]:
        if END in line:
            break
        if line not in repeated:
            before.append(line)
    return end - start + (1 if before else 0)


def check(
    data: bytes,
    units: list[Unit],
    findings: list[Finding],
    expect: Expectations,
    convert: Callable[[bytes], bytes] | None,
) -> tuple[list[Check], int | None]:
    o = outline(units, read_styles(data))
    checks: list[Check] = []
    section = _exec_section(o)
    pages: int | None = None
    if section is None:
        checks.append(
            Check("exec_summary", "Executive summary", False, "No heading \u201cExecutive summary\u201d was found.")
        )
    else:
        unit = o.headings[section[0]][2]
        checks.append(Check("exec_summary", "Executive summary", True, "Present.", unit.label))
        if convert is not None:
            try:
                pages = exec_summary_pages(data, o, convert)
            except Exception as error:  # a converter failure is a finding to show, never a server error
                checks.append(
                    Check(
                        "exec_length",
                        "Executive summary length",
                        False,
                        f"Could not be measured: {type(error).__name__}.",
                    )
                )
            else:
                ok = pages is not None and pages <= EXEC_MAX_PAGES
                detail = f"{pages} A4 page{'s' if pages != 1 else ''} as rendered (no more than {EXEC_MAX_PAGES})."
                checks.append(Check("exec_length", "Executive summary length", ok, detail, unit.label))
    has_toc = any(" TOC " in f" {u.field_code} " or u.style.upper().startswith("TOC") for u in o.body) or any(
        normal(u.text) in {"contents", "table of contents"} for u in o.body
    )
    checks.append(
        Check(
            "contents",
            "Contents page",
            has_toc,
            "Present." if has_toc else "No contents page (a TOC field or a \u201cContents\u201d heading) was found.",
        )
    )
    for n, (title, patterns) in enumerate(MINIMUM_CONTENT, start=1):
        ok = _search_all(o.body, *patterns)
        checks.append(
            Check(
                f"minimum:{n}", f"Minimum content (§9.1.3): {title}", ok, "Found." if ok else "Not found in the text."
            )
        )
    checks.append(_learning_first(o, section))
    checks.append(_views(o, expect))
    checks.append(_reviewer(units, expect))
    checks.extend(_pictures(o, units, findings))
    return checks, pages


def _learning_first(o: Outline, section: tuple[int, int] | None) -> Check:
    skip = range(section[0], section[1] if section[1] >= 0 else len(o.headings)) if section else range(0)
    learning = next(
        (k for k, h in enumerate(o.headings) if k not in skip and re.search(r"(?i)learning", h[2].text)), None
    )
    recs = next(
        (k for k, h in enumerate(o.headings) if k not in skip and re.search(r"(?i)recommendation", h[2].text)), None
    )
    title = "Learning before recommendations"
    if learning is None:
        return Check("learning_first", title, False, "No heading for the learning was found.")
    if recs is not None and recs < learning:
        return Check(
            "learning_first", title, False, "The recommendations come before the learning.", o.headings[recs][2].label
        )
    return Check("learning_first", title, True, "The learning comes first.", o.headings[learning][2].label)


def _views(o: Outline, expect: Expectations) -> Check:
    title = "Why the child's or family's views are missing"
    if not expect.views_missing:
        return Check("views", title, True, "The family engagement log records no one whose views are missing.")
    found = _search(o.body, *VIEWS_STATEMENT)
    missing = "; ".join(expect.views_missing)
    if found is None:
        return Check(
            "views", title, False, f"No statement of why views are missing. The family log records: {missing}."
        )
    return Check("views", title, True, f"Statement found. The family log records: {missing}.", found.label)


def _reviewer(units: list[Unit], expect: Expectations) -> Check:
    title = "The lead reviewer's name"
    if not expect.reviewer_names:
        return Check(
            "reviewer", title, False, "No lead reviewer is recorded on the review, so the name cannot be checked."
        )
    text = normal(" ".join(u.text for u in units))
    for name in expect.reviewer_names:
        if normal(name) in text:
            return Check("reviewer", title, True, f"{name} is named.")
    return Check("reviewer", title, False, f"The lead reviewer ({', '.join(expect.reviewer_names)}) is not named.")


def _pictures(o: Outline, units: list[Unit], findings: list[Finding]) -> list[Check]:
    checks = []
    genogram = next(
        (
            u
            for u in units
            if u.part == "word/document.xml"
            and re.search(r"(?i)genogram", u.text)
            and (u.picture or len(u.text.split()) <= 12 or any(u is h[2] for h in o.headings))
        ),
        None,
    )
    checks.append(
        Check(
            "genogram",
            "No genogram",
            genogram is None,
            "None found." if genogram is None else "A genogram appears to be included.",
            genogram.label if genogram else "",
        )
    )
    named = [f for f in findings if f.label.startswith("Picture") and f.kind in {NAME, ALIAS, INITIALS}]
    checks.append(
        Check(
            "picture_names",
            "No picture carrying a name",
            not named,
            "None found." if not named else f"{len(named)} picture name, title or alt text carries a name.",
            named[0].label if named else "",
        )
    )
    return checks
