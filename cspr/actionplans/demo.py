"""DEMO-9's action plan (the published review): actions owned by the demo agencies in every RAG
state, one overdue, one closed with evidence returned by the school through the portal (an update
with an evidence file, accepted by the business manager, then closed with who accepted it).
Idempotent; everything through the actions, so the audit trail reads as a real one.

The actions answer DEMO-9's endorsed recommendations where the learning demo recorded them, else
the Rapid Review's immediate learning (the plan is kept from the decision onwards).
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.actionplans import actions
from cspr.actionplans.models import Action, Rag
from cspr.actionplans.sources import RAPID_REVIEW_KEY, sources
from cspr.cases.models import Case
from cspr.library.models import themes_for
from cspr.organisations.models import Agency
from cspr.portal import actions as portal
from cspr.portal import uploads
from cspr.portal.models import UploadKind

# (agreed action, responsible person, agency, due in days from today, RAG of the latest update or None)
PLAN: tuple[tuple[str, str, str, int, str | None], ...] = (
    (
        "Add a prompt to record the child's own words at every welfare contact (fictional)",
        "Designated Safeguarding Lead",
        "Demo Primary Academy",
        -30,
        Rag.GREEN,  # closed with evidence
    ),
    (
        "Weekly attendance huddle shares patterns of absence with the school nurse (fictional)",
        "Head of Pastoral Care",
        "Demo Primary Academy",
        45,
        Rag.AMBER,
    ),
    (
        "GP practice flags new adults in the household at registration (fictional)",
        "Practice Safeguarding Lead",
        "Example Street Surgery (GP, demo)",
        -20,  # overdue
        Rag.RED,
    ),
    (
        "Health visiting teams complete training on professional curiosity (fictional)",
        "Named Nurse for Safeguarding",
        "Demo Community Health Services",
        90,
        Rag.GREEN,
    ),
    (
        "Police share domestic abuse notifications with schools by the next school day (fictional)",
        "Detective Inspector, Public Protection",
        "Police Public Protection Unit (Demo)",
        120,
        None,  # not yet rated
    ),
)


UPDATES: dict[str, str] = {
    Rag.AMBER: "Huddle started in two of three year groups; the nurse joins fortnightly (fictional).",
    Rag.RED: "Registration form not yet changed: the practice system supplier has no date (fictional).",
    Rag.GREEN: "Three of four teams trained; the fourth booked for next month (fictional).",
}


def _evidence_file() -> bytes:
    from cspr.documents.ooxml import new_document

    doc = new_document()
    doc.add_heading("Demo audit of recording the child's voice (fictional)", 1)
    doc.add_paragraph("18 of 20 records sampled carry the child's own words. All names are fictional.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _close_with_evidence(action: Action, manager: User, lead: User) -> None:
    """The school returns its update with an evidence file through the portal; the business manager
    accepts it, then closes the action naming who accepted that it is complete."""
    request = actions.request_update(action, due_date=timezone.localdate() + dt.timedelta(days=14), acting_user=manager)
    portal.mark_opened(request, acting_user=lead)
    request.refresh_from_db()
    request = portal.save_draft(
        request,
        {
            "progress": "The prompt is live in every class and checked at supervision (fictional).",
            "rag": Rag.GREEN,
            "actions_taken": "Recording system changed; staff briefed at two INSET days (fictional).",
            "evidence_of_impact": "Audit of 20 records: 18 carry the child's own words, up from 4 (fictional).",
            "_sections": ["progress"],
        },
        None,
        acting_user=lead,
    )
    data = _evidence_file()
    checked = uploads.inspect(data, frozenset(uploads.Kind))
    portal.store_upload(
        request,
        kind=UploadKind.ATTACHMENT,
        data=data,
        original_name="demo-voice-of-the-child-audit.docx",
        content_type=checked.content_type,
        acting_user=lead,
    )
    # A progress update is not asked rule 24's records secured (ActionUpdateKind.asks_records_secured).
    request = portal.submit_return(request, acting_user=lead)
    portal.accept_return(request, acting_user=manager)
    actions.close_action(
        action, accepted_by="Demo CSPR group, at its quarterly audit of action plans", acting_user=manager
    )


def seed() -> None:
    case = Case.objects.filter(reference="DEMO-9", decision_date__isnull=False).first()
    manager = User.objects.filter(email=demo_email("manager")).first()
    lead = User.objects.filter(email=demo_email("school.lead")).first()
    if case is None or manager is None or lead is None or Action.objects.filter(case=case).exists():
        return
    found = sources(case)
    recommendations = [s.key for s in found if s.recommendation is not None]
    fallback = RAPID_REVIEW_KEY if any(s.key == RAPID_REVIEW_KEY for s in found) else None
    if not recommendations and fallback is None:
        return
    today = timezone.localdate()
    themes = list(themes_for(case.lead_partnership)[:3])
    closing: Action | None = None
    for index, (text, person, agency_name, due_in, rag) in enumerate(PLAN):
        agency = Agency.objects.get(partnership=case.lead_partnership, name=agency_name)
        source = recommendations[index % len(recommendations)] if recommendations else fallback
        assert source is not None
        action = actions.create_action(
            case,
            source_key=source,
            agreed_action=text,
            responsible_person=person,
            responsible_organisation="",
            agency=agency,
            due_date=today + dt.timedelta(days=due_in),
            themes=themes[index % len(themes) : index % len(themes) + 1] if themes else [],
            acting_user=manager,
        )
        if rag is None:
            continue
        if index == 0:
            # Closed after the others exist: closing the only action would close the whole plan (and the case).
            closing = action
            continue
        actions.record_progress(
            action,
            on=today - dt.timedelta(days=10 + index),
            rag=rag,
            text=UPDATES[rag],
            actions_taken="Work under way as described (fictional).",
            acting_user=manager,
        )
    if closing is not None:
        _close_with_evidence(closing, manager, lead)
