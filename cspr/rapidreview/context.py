"""The Rapid Review's contribution to document generation (Documents 1a, 3, 4 and 5).

Registered with ``cspr.documents.context.register_provider`` from ``AppConfig.ready``. Keys are
listed in ``docs/apps/rapidreview.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Case, Person, PersonRole, Referral
from cspr.deadlines.services import deadlines_for_case
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import quorum
from cspr.rapidreview.models import Criterion, DecisionOption, Meeting, RapidReviewRecord


def _person(p: Person) -> dict[str, Any]:
    return {
        "name": str(p),
        "also_known_as": p.also_known_as,
        "role": p.get_role_display(),
        "relationship": p.relationship_to_child,
        "date_of_birth": p.date_of_birth,
        "address": p.address,
        "ethnicity": p.ethnicity,
        "legal_status": p.legal_status,
        "health": p.health,
        "disability": p.disability,
        "other": "; ".join(x for x in (p.legal_status, p.health, p.disability) if x),
    }


def _referral(case: Case) -> dict[str, Any]:
    referral = Referral.objects.filter(case=case).first()
    data: dict[str, Any] = {}
    if referral is not None:
        for f in Referral._meta.get_fields():
            if getattr(f, "concrete", False) and f.name not in {"id", "case", "version"}:
                data[f.name] = getattr(referral, f.name)
        data["incident_kind_label"] = referral.get_incident_kind_display() if referral.incident_kind else ""
    data["events"] = [{"date": e.occurred_on, "time": e.time, "event": e.event} for e in case.referral_events.all()]
    data["agencies"] = [
        {
            "name": i.agency.name,
            "contact": "; ".join(x for x in (i.agency.address, i.agency.safeguarding_lead_email) if x),
            "reason": i.reason,
            "current": i.current,
        }
        for i in case.agencies_involved.select_related("agency")
    ]
    data["parallel_processes"] = [
        {"kind": p.get_kind_display(), "contact": p.contact, "detail": p.detail} for p in case.parallel_processes.all()
    ]
    return data


# Our criterion codes -> the codes Document 4's checkboxes read (cspr/documents/content/rapid_review_template.txt).
DOC_CRITERIA = {
    "improvements": "improvements",
    "recurrent": "recurrent_themes",
    "two_or_more": "joint_working",
    "panel_local": "panel_referred",
    "single_agency": "single_agency",
    "no_involvement": "no_involvement",
    "cross_border": "cross_border",
    "institutional": "institutional",
    "none": "none",
}


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _lines(*parts: tuple[str, str]) -> str:
    return "\n".join(f"{label}{text}" for label, text in parts if text)


def _referral_keys(case: Case) -> dict[str, Any]:
    """The flat keys Document 1a reads (``referral_form.txt``)."""
    r = Referral.objects.filter(case=case).first()
    processes = {p.kind: p for p in case.parallel_processes.all()}

    def process(kind: str) -> str | None:
        p = processes.get(kind)
        return None if p is None else ", ".join(x for x in ("Yes", p.contact, p.detail) if x)

    keys: dict[str, Any] = {
        "referral_events": [
            {"date": " ".join(x for x in (e.occurred_on.strftime("%-d %B %Y"), e.time) if x), "event": e.event}
            for e in case.referral_events.all()
        ],
        "criminal_investigation": process("criminal"),
        "coroner": process("coroner"),
        "adult_safeguarding": process("adult_safeguarding"),
        "agencies": [
            {
                "name": i.agency.name,
                "contact": "\n".join(
                    x
                    for x in (
                        i.agency.safeguarding_lead_name,
                        i.agency.safeguarding_lead_email,
                        i.agency.safeguarding_lead_phone,
                        i.agency.address,
                    )
                    if x
                ),
                "reason": "; ".join(x for x in (i.reason or i.note, "current" if i.current else "") if x),
            }
            for i in case.agencies_involved.select_related("agency")
        ],
    }
    if r is not None:
        keys.update(
            {
                "referrer_name": r.referrer_name,
                "referrer_agency": r.referrer_agency_role,
                "referrer_contact": "\n".join(x for x in (r.referrer_contact, r.referrer_email) if x),
                "dsl_name": r.dsl_name,
                "dsl_agency": r.dsl_agency_role,
                "dsl_contact": r.dsl_contact,
                "referral_reasons": r.reasons,
                "carer_at_incident": r.carer_at_time,
                "sibling_safeguarding": r.sibling_safeguarding,
                "incident_location": r.incident_location,
                "referral_additional_information": r.additional_information,
            }
        )
    return {k: v for k, v in keys.items() if v not in ("", None)}


def scoping_return_date(case: Case) -> dt.date | None:
    """The scoping return date the case shows (and every first-batch request carries), or None before sending."""
    if case.scoping_sent_date is None:
        return None
    return next((d.due for d in deadlines_for_case(case) if d.key == "scoping_return"), None)


def rapid_review_context(case: Case) -> dict[str, Any]:
    """Keys for the documents engine. Empty values are left out so the template's ``[insert …]`` shows."""
    record = RapidReviewRecord.objects.filter(case=case).first()
    meeting = Meeting.objects.filter(case=case).first()
    attendees = list(meeting.attendees.all()) if meeting else []
    q = quorum.compute(attendees, case.lead_partnership_id)
    r = record or RapidReviewRecord(case=case)
    referral = Referral.objects.filter(case=case).first()
    endorsement = getattr(case, "rr_endorsement", None)
    submission = getattr(case, "rr_submission", None)

    def row(a: Any) -> dict[str, Any]:
        return {
            "name": a.name,
            "role": a.role,
            "agency": a.organisation,
            "organisation": a.organisation,
            "observer": a.observer,
            "present": a.present,
            "represents": PartnerKind(a.represents).label if a.represents else "",
            "delegated_authority": a.delegated_authority,
        }

    absences = list(meeting.absences.all()) if meeting else []
    how_shared = f"How it will be shared: {r.learning_sharing}" if r.learning_sharing else ""
    ctx: dict[str, Any] = {
        **_referral_keys(case),
        "referral": _referral(case),
        "notification_decision": case.notification_decision or None,
        "subject_children": [_person(p) for p in case.people.all() if p.role == PersonRole.SUBJECT_CHILD],
        # Documents 2 and 2a: the return date the case's deadline list shows (C5), once the requests are sent.
        "scoping_return_date": scoping_return_date(case),
        "meeting_date": meeting.date if meeting else case.meeting_date,
        "meeting_time": meeting.time if meeting else None,
        "meeting_venue": meeting.location if meeting else None,
        "meeting_location": meeting.location if meeting else None,
        "participants": [row(a) for a in attendees if a.present and not a.observer],
        "observers": [row(a) for a in attendees if a.observer],
        "invitees": [row(a) for a in attendees],
        "signatories": [{"name": a.name, "agency": a.organisation} for a in attendees if a.confidentiality_agreed],
        "absent_agencies": [{"organisation": x.organisation, "explanation": x.explanation} for x in absences],
        "omissions": "\n".join(f"{x.organisation}: {x.explanation}" for x in absences),
        "quorate": q.quorate,
        "case_summary": r.case_summary or (referral.circumstances if referral else ""),
        "documentation": r.documentation_available,
        "documentation_available": r.documentation_available,
        "immediate_actions_taken": _yes_no(r.immediate_action_taken),
        "immediate_actions": _lines(
            ("", r.immediate_actions), ("By whom: ", r.immediate_actions_who), ("By when: ", r.immediate_actions_when)
        ),
        "immediate_safeguarding": {
            "all_action_taken": r.immediate_action_taken,
            "actions": r.immediate_actions,
            "who": r.immediate_actions_who,
            "when": r.immediate_actions_when,
        },
        "criteria": [DOC_CRITERIA[c] for c in r.criteria] or None,
        "criteria_all": [{"code": c.value, "text": c.label, "ticked": c.value in r.criteria} for c in Criterion],
        "discussion": {
            "time_period": r.time_period,
            "previous_involvement": r.previous_involvement,
            "lived_experience": r.lived_experience,
            "considerations": r.considerations,
            "discussion": r.discussion,
            "police_update": r.police_update,
            "long_term_impact": r.long_term_impact,
            "themes": r.themes,
            "national_reviews": r.national_reviews,
            "good_practice": r.good_practice,
            "conclusion": r.conclusion,
        },
        "panel_considerations": _panel_answers(case, r),
        "immediate_learning": "\n".join(x for x in (r.immediate_learning, how_shared) if x),
        "learning": {"immediate": r.immediate_learning, "how_shared": r.learning_sharing},
        "legal_advice": (
            None if r.legal_advice_sought is None else ("Yes. " + r.legal_advice if r.legal_advice_sought else "No")
        ),
        "decision": list(r.decision) or None,
        "decision_labels": [DecisionOption(c).label for c in r.decision],
        "decision_other": r.other_review,
        "decision_reasons": r.reasons,
        "kloes": [line.strip() for line in r.kloes.splitlines() if line.strip()] or None,
        "decision_date": case.decision_date,
        **_sign_off(case),
        "scrutineer_endorsement": (
            f"{endorsement.name}, {endorsement.role}, {endorsement.date:%-d %B %Y}" if endorsement else None
        ),
        "submission": (
            {"date": submission.date, "sender": submission.sent_by.full_name, "method": submission.get_method_display()}
            if submission
            else None
        ),
    }
    return {k: v for k, v in ctx.items() if v not in ("", None, [])}


def _sign_off(case: Case) -> dict[str, Any]:
    """Document 4's sign-off (rule 37, C7): who took executive responsibility for each partner, and any
    ratification made on a partner's behalf shown as such (who, for whom, why, the delegation)."""
    order = list(PartnerKind.values)  # the toolkit's order: local authority, ICB, police
    rows = sorted(case.ratifications.select_related("recorded_by"), key=lambda x: order.index(x.partner))
    if not rows:
        return {}
    ratifications = []
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
    return {"ratifications": ratifications, "ratification_statement": statement}


def _panel_answers(case: Case, record: RapidReviewRecord) -> list[dict[str, str]]:
    answers = record.panel_answers or {}
    return [
        {"question": c.question, "answer": str(answers.get(str(c.pk), ""))}
        for c in case.lead_partnership.panel_considerations.filter(active=True)
    ]
