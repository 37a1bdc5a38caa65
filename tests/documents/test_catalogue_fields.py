"""The test that cannot drift (issue 11): for each catalogue document, a full case is rendered and
every value the record holds for the document's declared fields (``DocumentSpec.fields``) is in
the Word text, and no ``[insert …]`` placeholder stands where the record holds the value.

Declaring a field in ``cspr/documents/record_fields.py`` (or adding a document) is all it takes to
be covered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from cspr.actionplans.models import Action, EvidenceFile, ProgressUpdate
from cspr.cases.models import Case, MembershipRole, PersonRole
from cspr.chronology.models import ChronologyEntry, EntryKind
from cspr.dissemination.models import Briefing
from cspr.documents import catalogue, engine
from cspr.documents.context import default_family_addressee
from cspr.documents.providers import NOT_RECORDED
from cspr.family.models import Invitation
from cspr.lcspr.models import Appointment, TermsVersion
from cspr.lcspr.terms import printed_version
from cspr.learning.models import LearningPoint
from cspr.learning.queries import endorsed_recommendations
from cspr.portal.models import RequestType, Upload
from cspr.rapidreview.models import Meeting, RapidReviewRecord
from cspr.workshops.integration import document_workshop
from cspr.workshops.models import KeyTheme
from tests.documents.full_case import full_case
from tests.documents.helpers import docx_text
from tests.world import World


def _roots(case: Case) -> dict[str, Any]:
    people = list(case.people.all())
    meeting = Meeting.objects.get(case=case)
    attendees = list(meeting.attendees.all())
    record = RapidReviewRecord.objects.get(case=case)
    members = list(case.memberships.select_related("user"))
    questions = {str(q.pk): q.question for q in case.lead_partnership.panel_considerations.all()}
    entries = list(ChronologyEntry.objects.filter(case=case))
    tor = printed_version(list(TermsVersion.objects.filter(case=case)))
    return {
        "case": case,
        "partnership": case.lead_partnership,
        "child": next(p for p in people if p.role == PersonRole.SUBJECT_CHILD),
        "family": [p for p in people if p.role != PersonRole.SUBJECT_CHILD],
        "referral": case.referral,
        "events": list(case.referral_events.all()),
        "processes": list(case.parallel_processes.all()),
        "involvements": list(case.agencies_involved.select_related("agency")),
        "record": record,
        "meeting": meeting,
        "participants": [a for a in attendees if a.present and not a.observer],
        "observers": [a for a in attendees if a.observer],
        "absences": list(meeting.absences.all()),
        "ratifications": list(case.ratifications.all()),
        "endorsement": case.rr_endorsement,
        "lead_reviewer": next(m.user for m in members if m.role == MembershipRole.LEAD_REVIEWER),
        "team": [m.user for m in members],
        "answered_questions": [
            {"question": questions[pk], "answer": answer} for pk, answer in record.panel_answers.items() if answer
        ],
        "chronology": [e for e in entries if e.kind == EntryKind.KEY_EVENT],
        "organisational": [e for e in entries if e.kind == EntryKind.ORGANISATIONAL_CHANGE],
        "tor": tor,
        "appointments": list(Appointment.objects.filter(case=case, ended__isnull=True)),
        "milestones": tor.milestone_rows() if tor else [],
        # Document 8's addressee (a parent first) and the invitation naming who makes contact with them.
        "invitation": Invitation.objects.select_related("person", "coordinator").get(
            person=default_family_addressee(case)
        ),
        "chronology_requests": list(case.information_requests.filter(request_type=RequestType.CHRONOLOGY)),
        "report_requests": list(case.information_requests.filter(request_type=RequestType.INFORMATION_REPORT)),
        "significant_events": [e for e in entries if e.key_learning_event],
        "workshop": document_workshop(case),
        "themes": list(KeyTheme.objects.filter(case=case)),
        "learning_points": list(LearningPoint.objects.filter(case=case)),
        "recommendations": list(endorsed_recommendations(case)),
        "briefing": Briefing.objects.get(case=case),
        "briefing_learning": list(LearningPoint.objects.filter(case=case)),
        "actions": list(Action.objects.filter(case=case)),
        "updates": list(ProgressUpdate.objects.filter(action__case=case)),
        "evidence_files": [
            *Upload.objects.filter(request__case=case, request__request_type=RequestType.ACTION_UPDATE),
            *EvidenceFile.objects.filter(action__case=case),
        ],
    }


def _values(roots: dict[str, Any], field: str) -> list[str]:
    root, *path = field.split(".")
    items = roots[root] if isinstance(roots[root], list) else [roots[root]]
    found: list[str] = []
    for item in items:
        value = item
        for part in path:
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        if isinstance(value, dt.date):
            found.append(f"{value:%-d %B %Y}")
        elif value not in (None, ""):
            found.extend(line.strip() for line in str(value).splitlines() if line.strip())
    return found


@pytest.mark.django_db
@time_machine.travel("2026-11-16 10:00 +0000", tick=False)
@pytest.mark.parametrize("spec", catalogue.DOCUMENTS, ids=lambda s: s.id)
def test_every_value_the_record_holds_is_in_the_document(world: World, spec: catalogue.DocumentSpec) -> None:
    case = full_case(world)
    roots = _roots(case)
    rendered = engine.render_checked(spec, case)
    text = docx_text(rendered.data)
    for field in spec.fields:
        values = _values(roots, field)
        assert values, f"the full case holds no value for {field}: the test would check nothing"
        for value in values:
            assert value in text, f"{spec.id}: {field} = {value!r} is not in the document"
    # A placeholder is left only where the app has no field for the value.
    held = sorted(set(rendered.missing_keys) - NOT_RECORDED)
    assert held == [], f"{spec.id} shows placeholders for {held} although the record can hold them"


def test_every_document_declares_its_fields_or_prints_none() -> None:
    """A document without fields must be one that prints nothing from the record."""
    from cspr.documents import markup

    for spec in catalogue.DOCUMENTS:
        reads = markup.keys_read(markup.load(spec.content_name)).top_level
        record_keys = reads - {"today", "partnership_logo"}
        if not spec.fields:
            assert not record_keys, f"{spec.id} prints {sorted(record_keys)} but declares no record fields"
