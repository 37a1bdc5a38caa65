"""The Rapid Review's typed contexts for documents (Documents 3, 4, 5, 7, 13 and Appendix 2).

Two providers, registered with ``cspr.documents.context.register`` from ``AppConfig.ready``:
``meeting`` (who met, when and where) and ``rapid_review`` (the record, decision and sign-off).
Values are ``None`` where the record holds nothing, so the template shows its placeholder there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from cspr.cases.models import Case, Referral
from cspr.documents.context import join, register
from cspr.organisations.models import PartnerKind
from cspr.rapidreview.models import Criterion, DecisionOption, Meeting, RapidReviewRecord

DECISION_PHRASES = {
    "a": "meets the criteria for a national Child Safeguarding Practice Review",
    "b": "meets the criteria for a local Child Safeguarding Practice Review",
    "c": "does not meet the criteria for a Child Safeguarding Practice Review but warrants a local Child Safeguarding Practice Review",
    "d": "warrants consideration of {other}",
    "e": "does not meet the criteria for a Child Safeguarding Practice Review: the Rapid Review has identified learning that has been acted upon, obviating the need for further review",
}


class AttendeeRow(TypedDict):
    name: str
    role: str
    agency: str


class SignatoryRow(TypedDict):
    number: str
    name: str
    agency: str


class MeetingContext(TypedDict):
    meeting_date: dt.date | None
    meeting_time: str | None
    meeting_venue: str | None
    chair_name: str | None
    business_support: str | None
    participants: list[AttendeeRow]
    observers: list[AttendeeRow]
    omissions: str | None
    signatories: list[SignatoryRow]


def meeting_context(case: Case) -> MeetingContext:
    meeting = Meeting.objects.filter(case=case).first()
    attendees = list(meeting.attendees.all()) if meeting else []
    absences = list(meeting.absences.all()) if meeting else []

    def row(a: Any) -> AttendeeRow:
        return {"name": a.name, "role": a.role, "agency": a.organisation}

    agreed = [a for a in attendees if a.confidentiality_agreed]
    signatories: list[SignatoryRow] = [
        {"number": f"{i}.", "name": a.name, "agency": a.organisation} for i, a in enumerate(agreed, start=1)
    ]
    # Appendix 2 keeps eight numbered lines to sign by hand when nobody has agreed on screen yet.
    signatories += [{"number": f"{i}.", "name": "", "agency": ""} for i in range(len(agreed) + 1, 9)]
    return {
        "meeting_date": meeting.date if meeting else case.meeting_date,
        "meeting_time": (meeting.time or None) if meeting else None,
        "meeting_venue": (meeting.location or None) if meeting else None,
        "chair_name": None,
        "business_support": None,
        "participants": [row(a) for a in attendees if a.present and not a.observer],
        "observers": [row(a) for a in attendees if a.observer],
        "omissions": join(*(f"{x.organisation}: {x.explanation}" for x in absences)),
        "signatories": signatories,
    }


class RatificationRow(TypedDict):
    partner: str
    name: str
    role: str
    date: dt.date
    on_behalf: str


class QuestionRow(TypedDict):
    question: str
    answer: str


class KloeSection(TypedDict):
    heading: str
    answer: str


class RapidReviewContext(TypedDict):
    case_summary: str | None
    documentation: str | None
    immediate_actions_taken: str | None
    immediate_actions: str | None
    criteria: list[str]
    discussion: dict[str, str | None]
    panel_questions: list[QuestionRow]
    immediate_learning: str | None
    legal_advice: str | None
    decision: list[str]
    decision_other: str | None
    decision_reasons: str | None
    decision_sentence: str | None
    kloes: list[str] | None
    kloe_sections: list[KloeSection]
    review_period: str | None
    ratifications: list[RatificationRow]
    ratification_statement: str | None
    endorsement_sentence: str | None
    scrutineer_endorsement: str | None


DISCUSSION_FIELDS = (
    "time_period",
    "previous_involvement",
    "lived_experience",
    "considerations",
    "discussion",
    "police_update",
    "long_term_impact",
    "themes",
    "national_reviews",
    "good_practice",
    "conclusion",
)


def _decision_sentence(codes: list[str], other: str) -> str | None:
    phrases = [
        DECISION_PHRASES[c].format(other=other or "a DHR, SAR, MAPPA or other review")
        for c in sorted(codes)
        if c in DECISION_PHRASES
    ]
    return " and ".join(phrases) + "." if phrases else None


def _kloe_sections(kloes: list[str]) -> list[KloeSection]:
    sections: list[KloeSection] = []
    for number in range(1, max(7, len(kloes)) + 1):
        text = kloes[number - 1] if number <= len(kloes) else ""
        sections.extend(
            [
                {"heading": f"SIGNIFICANT PRACTICE EVENT / ISSUE / KEY LINE OF ENQUIRY {number}:", "answer": text},
                {"heading": "ANALYSIS:", "answer": ""},
                {"heading": "RECOMMENDATION:", "answer": ""},
                {"heading": "HIGHLIGHT GOOD PRACTICE:", "answer": ""},
            ]
        )
    return sections


def rapid_review_context(case: Case) -> RapidReviewContext:
    r = RapidReviewRecord.objects.filter(case=case).first() or RapidReviewRecord(case=case)
    referral = Referral.objects.filter(case=case).only("circumstances").first()
    endorsement = getattr(case, "rr_endorsement", None)
    ratifications, statement = _sign_off(case)
    names = [
        f"{x.executive_name}, {x.executive_role}, {PartnerKind(x.partner).label}" for x in case.ratifications.all()
    ]
    kloes = [line.strip() for line in r.kloes.splitlines() if line.strip()]
    answers = r.panel_answers if isinstance(r.panel_answers, dict) else {}
    questions: list[QuestionRow] = [
        {"question": c.question, "answer": str(answers.get(str(c.pk), "")).strip()}
        for c in case.lead_partnership.panel_considerations.all()
        if str(answers.get(str(c.pk), "")).strip()
    ]
    return {
        "case_summary": r.case_summary or (referral.circumstances if referral else "") or None,
        "documentation": r.documentation_available or None,
        "immediate_actions_taken": None
        if r.immediate_action_taken is None
        else ("yes" if r.immediate_action_taken else "no"),
        "immediate_actions": join(
            r.immediate_actions,
            f"By whom: {r.immediate_actions_who}" if r.immediate_actions_who else "",
            f"By when: {r.immediate_actions_when}" if r.immediate_actions_when else "",
        ),
        # The model's codes are the check box names Document 4 reads (one vocabulary, no mapping).
        "criteria": [c for c in r.criteria if c in Criterion.values],
        "discussion": {name: getattr(r, name) or None for name in DISCUSSION_FIELDS},
        "panel_questions": questions,
        "immediate_learning": join(
            r.immediate_learning, f"How it will be shared: {r.learning_sharing}" if r.learning_sharing else ""
        ),
        "legal_advice": (
            None
            if r.legal_advice_sought is None
            else (("Yes. " + r.legal_advice).strip() if r.legal_advice_sought else "No")
        ),
        "decision": [c for c in r.decision if c in DecisionOption.values],
        "decision_other": r.other_review or None,
        "decision_reasons": r.reasons or None,
        "decision_sentence": _decision_sentence(list(r.decision), r.other_review),
        "kloes": kloes or None,
        "kloe_sections": _kloe_sections(kloes),
        "review_period": r.time_period or None,
        "ratifications": ratifications,
        "ratification_statement": statement,
        "endorsement_sentence": "The decision has been endorsed by " + "; ".join(names) + "." if names else None,
        "scrutineer_endorsement": (
            f"{endorsement.name}, {endorsement.role}, {endorsement.date:%-d %B %Y}" if endorsement else None
        ),
    }


def _sign_off(case: Case) -> tuple[list[RatificationRow], str | None]:
    """Document 4's sign-off (rule 37, C7): who took executive responsibility for each partner, and any
    ratification made on a partner's behalf shown as such (who, for whom, why, the delegation)."""
    order = list(PartnerKind.values)  # the toolkit's order: local authority, ICB, police
    rows = sorted(case.ratifications.select_related("recorded_by"), key=lambda x: order.index(x.partner))
    if not rows:
        return [], None
    ratifications: list[RatificationRow] = []
    names = []
    for x in rows:
        partner = PartnerKind(x.partner).label
        name = x.executive_name
        if x.on_behalf:
            name += f" (ratified on behalf by {x.recorded_by.full_name})"
        ratifications.append(
            {
                "partner": partner,
                "name": name,
                "role": x.executive_role,
                "date": x.date,
                "on_behalf": x.on_behalf_statement(),
            }
        )
        names.append(f"{x.executive_name}, {x.executive_role} ({partner})")
    statement = "The Rapid Review was ratified by the Safeguarding Partners: " + "; ".join(names) + "."
    if len(rows) < len(PartnerKind):
        statement = "The Rapid Review has been ratified so far by: " + "; ".join(names) + "."
    behalf = [x.on_behalf_statement() for x in rows if x.on_behalf]
    if behalf:
        statement += " " + " ".join(behalf)
    return ratifications, statement


def register_contexts() -> None:
    register("meeting", MeetingContext, meeting_context)
    register("rapid_review", RapidReviewContext, rapid_review_context)
