"""Example reports built with ``sample``: a clean report that meets Document 19's structure, the same
report still naming the family (for DEMO-8 and the tests), and a long report for the bench.
All text is fictional; the clean report uses pseudonyms and relationships only."""

from __future__ import annotations

from cspr.report.sample import Block, Draft, Para, Table, Toc

FILLER = (
    "Practitioners described a busy period in which referrals rose and supervision was often postponed; "
    "the review heard that information was recorded in separate systems and was not always shared at the "
    "point when it would have changed the assessment of risk to the child."
)


def clean_blocks(reviewer: str, *, child: str = "Child A", exec_paragraphs: int = 4) -> list[Block]:
    headings = [
        "Executive summary",
        "Introduction and background",
        "What happened",
        "Analysis",
        "Learning",
        "Recommendations",
        "The family's views",
    ]
    blocks: list[Block] = [
        Para("Local Child Safeguarding Practice Review: " + child, style="Title"),
        Para(f"Lead reviewer: {reviewer}"),
        Toc(tuple(headings)),
        Para("Executive summary", style="Heading1", page_break_before=True),
    ]
    blocks += [
        Para(f"This review considers the circumstances of {child} and the help the family received. {FILLER}")
        for _ in range(exec_paragraphs)
    ]
    blocks += [
        Para("Introduction and background", style="Heading1", page_break_before=True),
        Para(
            f"This is a brief overview of what happened and the key circumstances, background and context of the "
            f"case. {child} lived with Mother, Mother's partner and Brother."
        ),
        Para("What happened", style="Heading1"),
        Para(f"Over the review period Mother asked for help with housing several times. {FILLER}"),
        Para("Analysis", style="Heading1"),
        Para(
            "This analysis looks at why decisions by professionals were taken and the conditions in which practice "
            "took place. It gives a critique of how agencies worked together, and found that the shortcomings are "
            "features of practice in general across the partnership rather than of one team."
        ),
        Para(
            "Examples of good practice: the health visitor's persistent follow-up was good practice. What would need "
            "to be done differently: shared chronologies would help prevent harm in similar circumstances."
        ),
        Table((("Agency", "Involvement"), ("Health visiting", "Universal contacts"), ("Housing", "Two moves"))),
        Para("Learning", style="Heading1"),
        Para(
            "Learning Point 1: information held by one agency did not reach the others. The local learning and the "
            "implications for national policy and practice are set out here so that agencies learn from this case."
        ),
        Para("Recommendations", style="Heading1"),
        Para("Recommendation 1: the partnership should agree a shared chronology by the end of the year."),
        Para("The family's views", style="Heading1"),
        Para(
            "Father's views are not included in this review: he declined to take part. Mother's views were heard "
            "through two meetings with the lead reviewer."
        ),
    ]
    return blocks


def clean_report(reviewer: str, *, child: str = "Child A", exec_paragraphs: int = 4) -> Draft:
    return Draft(
        blocks=clean_blocks(reviewer, child=child, exec_paragraphs=exec_paragraphs),
        header="LCSPR report: draft for the partners",
        footer="Official: sensitive until published",
        properties={"title": "LCSPR report", "creator": reviewer},
        app_properties={"Company": "Demo Safeguarding Children Partnership"},
    )


def long_report(pages: int, names: list[str], sentences: list[str] | None = None) -> Draft:
    """About ``pages`` A4 pages of report text (six paragraphs a page), naming each of ``names`` now and
    then; ``sentences`` (if given) vary the text paragraph by paragraph."""
    pool = sentences or [FILLER]
    blocks: list[Block] = []
    for page in range(pages):
        blocks.append(Para(f"Section {page + 1}", style="Heading1"))
        for i in range(6):
            k = page * 6 + i
            name = names[k % len(names)] if names and i % 3 == 0 else "the practitioner"
            said = " ".join(pool[(k + j) % len(pool)] for j in range(3))
            blocks.append(Para(runs=(f"On review, {name} ", f"said that {said[:310]} ", FILLER[:120])))
    return Draft(blocks=blocks, header="Bench report", footer="Bench footer")
