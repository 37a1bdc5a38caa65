"""What Document 4 must hold before the decision is recorded (sections 1 and 2 of the toolkit's
Rapid Review template). Section 2 "should be completed during the meeting and agreed by participants";
the decision (section 3) rests on it, so ``actions.record_decision`` refuses while a required part is
missing and the decision page lists what is missing with a link to change it.

Required, in the toolkit's words:
- Section 1: the case summary and the documentation available to the Rapid Review;
- 2.1: whether ALL appropriate immediate action has been taken (yes or no), the details of the action
  taken, and, if no, when the actions will be taken and by whom;
- 2.2: the criteria (ticked, or "None of the above"), agreed by all participants;
- 2.3: the time period, previous agency involvement, the child's lived experience, the §4.6.4
  considerations, the Rapid Review discussion and conclusion, the immediate learning and how it will be
  shared, whether legal advice was sought (with details if it was), and an answer to each question the
  National Panel asks this partnership (§4.6.6).
Optional (the toolkit asks them where they apply): the police update, long-term impact of injuries,
key themes, national reviews, good practice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cspr.cases.models import Case
from cspr.rapidreview.models import RapidReviewRecord


@dataclass(frozen=True)
class Missing:
    section: str  # key of views.SECTIONS: summary, safeguarding, criteria, discussion
    section_title: str
    part: str  # what is missing, in the toolkit's words


TITLES = {
    "summary": "Section 1: case summary and documentation",
    "safeguarding": "2.1 Immediate safeguarding arrangements",
    "criteria": "2.2 Identifying improvements: the criteria",
    "discussion": "2.3 Rapid Review discussions and learning",
}

_TEXT_PARTS: list[tuple[str, str, str]] = [
    ("summary", "case_summary", "Case summary"),
    ("summary", "documentation_available", "Documentation available to this Rapid Review"),
    ("discussion", "time_period", "Time period"),
    ("discussion", "previous_involvement", "Previous agency involvement with significant family members"),
    ("discussion", "lived_experience", "What was the child's lived experience"),
    ("discussion", "considerations", "Considerations (toolkit §4.6.4)"),
    ("discussion", "discussion", "Rapid Review discussion"),
    ("discussion", "conclusion", "Rapid Review conclusion"),
    ("discussion", "immediate_learning", "Immediate learning"),
    ("discussion", "learning_sharing", "How the learning will be shared and implemented"),
]


def missing_parts(case: Case, record: RapidReviewRecord | None) -> list[Missing]:
    """Every required part of sections 1 and 2 that is still empty, in the order of Document 4."""
    r = record or RapidReviewRecord(case=case)
    found: list[tuple[str, str]] = []

    def blank(name: str) -> bool:
        return not str(getattr(r, name) or "").strip()

    for section, name, label in _TEXT_PARTS[:2]:
        if blank(name):
            found.append((section, label))
    found += _safeguarding(r, blank)
    if not r.criteria:
        found.append(("criteria", "The criteria the case has the potential to meet (or ‘None of the above’)"))
    for section, name, label in _TEXT_PARTS[2:]:
        if blank(name):
            found.append((section, label))
    if r.legal_advice_sought is None:
        found.append(("discussion", "Whether legal advice has been sought"))
    elif r.legal_advice_sought and blank("legal_advice"):
        found.append(("discussion", "Details of the legal advice"))
    answers = r.panel_answers or {}
    for item in case.lead_partnership.panel_considerations.filter(active=True):
        if not str(answers.get(str(item.pk), "")).strip():
            found.append(("discussion", f"The National Panel's question: {item.question}"))
    return [Missing(section, TITLES[section], part) for section, part in found]


def _safeguarding(r: RapidReviewRecord, blank: Callable[[str], bool]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if r.immediate_action_taken is None:
        found.append(("safeguarding", "Whether all appropriate immediate action has been taken"))
    if blank("immediate_actions"):
        found.append(("safeguarding", "Details of the action taken, or the actions that need to be taken"))
    if r.immediate_action_taken is False:
        if blank("immediate_actions_who"):
            found.append(("safeguarding", "By whom the actions will be taken"))
        if blank("immediate_actions_when"):
            found.append(("safeguarding", "When the actions will be taken"))
    return found


def summary(missing: list[Missing]) -> str:
    """One sentence for an error message."""
    sections = sorted({m.section_title for m in missing}, key=list(TITLES.values()).index)
    return (
        "Complete Document 4 before recording the decision: "
        + f"{len(missing)} required part{'s' if len(missing) != 1 else ''} missing in "
        + "; ".join(sections)
        + "."
    )
