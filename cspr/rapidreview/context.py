"""The Rapid Review's contribution to document generation (Documents 1a, 3, 4 and 5).

Registered with ``cspr.documents.context.CONTEXT_PROVIDERS`` from ``AppConfig.ready`` when the
documents app is present. Keys are listed in ``docs/apps/rapidreview.md``.
"""

from __future__ import annotations

from typing import Any

from cspr.cases.models import Case, Person, PersonRole, Referral
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


def rapid_review_context(case: Case) -> dict[str, Any]:
    record = RapidReviewRecord.objects.filter(case=case).first()
    meeting = Meeting.objects.filter(case=case).first()
    attendees = list(meeting.attendees.all()) if meeting else []
    q = quorum.compute(attendees)
    people = list(case.people.all())
    children = [_person(p) for p in people if p.role == PersonRole.SUBJECT_CHILD]
    family = [_person(p) for p in people if p.role != PersonRole.SUBJECT_CHILD]
    ratifications = [
        {
            "partner": PartnerKind(r.partner).label,
            "name": r.executive_name,
            "role": r.executive_role,
            "date": r.date,
        }
        for r in case.ratifications.all()
    ]
    endorsement = getattr(case, "rr_endorsement", None)
    submission = getattr(case, "rr_submission", None)
    decision_codes = list(record.decision) if record else []
    r = record or RapidReviewRecord(case=case)
    return {
        "notification_decision": case.notification_decision,
        "referral": _referral(case),
        "subject_children": children,
        "family": family,
        "meeting_date": meeting.date if meeting else case.meeting_date,
        "meeting_time": meeting.time if meeting else "",
        "meeting_location": meeting.location if meeting else "",
        "participants": [
            {
                "name": a.name,
                "role": a.role,
                "organisation": a.organisation,
                "observer": a.observer,
                "present": a.present,
                "represents": PartnerKind(a.represents).label if a.represents else "",
                "delegated_authority": a.delegated_authority,
            }
            for a in attendees
        ],
        "absent_agencies": [
            {"organisation": x.organisation, "explanation": x.explanation}
            for x in (meeting.absences.all() if meeting else [])
        ],
        "quorate": q.quorate,
        "case_summary": r.case_summary,
        "documentation_available": r.documentation_available,
        "immediate_safeguarding": {
            "all_action_taken": r.immediate_action_taken,
            "actions": r.immediate_actions,
            "who": r.immediate_actions_who,
            "when": r.immediate_actions_when,
        },
        "criteria": [{"code": c, "text": Criterion(c).label} for c in r.criteria],
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
        "learning": {"immediate": r.immediate_learning, "how_shared": r.learning_sharing},
        "legal_advice": {"sought": r.legal_advice_sought, "details": r.legal_advice},
        "decision": [{"code": c, "text": DecisionOption(c).label} for c in decision_codes],
        "decision_other_review": r.other_review,
        "decision_reasons": r.reasons,
        "kloes": r.kloes,
        "decision_date": case.decision_date,
        "ratifications": ratifications,
        "scrutineer_endorsement": (
            {"name": endorsement.name, "role": endorsement.role, "date": endorsement.date} if endorsement else None
        ),
        "submission": (
            {"date": submission.date, "sender": submission.sent_by.full_name, "method": submission.get_method_display()}
            if submission
            else None
        ),
    }


def _panel_answers(case: Case, record: RapidReviewRecord) -> list[dict[str, str]]:
    answers = record.panel_answers or {}
    return [
        {"question": c.question, "answer": str(answers.get(str(c.pk), ""))}
        for c in case.lead_partnership.panel_considerations.filter(active=True)
    ]
