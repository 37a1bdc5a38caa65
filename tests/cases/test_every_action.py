"""Every registered case action refuses when the case's milestones do not allow it, and nothing
outside ``cspr.cases`` writes a Case or Person field (issue 10, "one way to change a case").

The walk calls each app's real action function (not the registry) on a case whose milestones make
it not allowed, and checks it raises ``ActionRefused`` and leaves no trace: no audit row, no new case
version. A newly registered action without a call here fails the first test.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases import actions as cases
from cspr.cases import milestones
from cspr.cases.models import Case, Person, PersonRole
from cspr.cases.transitions import ActionRefused, is_allowed, registered
from cspr.chronology import actions as chronology
from cspr.chronology.models import ChronologyEntry, ChronologyImport
from cspr.deadlines import actions as deadlines
from cspr.dissemination import actions as dissemination
from cspr.dissemination.models import Activity
from cspr.documents import actions as documents
from cspr.family import actions as family
from cspr.family.models import Invitation, SupportKind, SupportOffer
from cspr.lcspr import actions as lcspr
from cspr.lcspr.models import Appointment, AppointmentRole, Conflict, ReviewerInvitation
from cspr.oversight import actions as oversight
from cspr.oversight.models import ClockPause
from cspr.portal import actions as portal
from cspr.portal import chasing, disclosure, escalation, interviews, lcspr_requests
from cspr.portal.kinds.registry import REGISTRY
from cspr.portal.models import (
    DisclosureRequest,
    Escalation,
    FamilyCorrection,
    InformationRequest,
    Reminder,
    RequestState,
    RequestType,
    UploadKind,
)
from cspr.rapidreview import actions as rapidreview
from cspr.report import actions as report
from cspr.reviewmeetings import actions as reviewmeetings
from cspr.reviewmeetings.models import AgendaItem, ItemKind, ReviewMeeting
from cspr.workshops import actions as workshops
from cspr.workshops.models import KeyTheme, NominatedBy
from tests.chronology.test_import import _xlsx
from tests.learning.every_action import learning_calls
from tests.publication.calls import publication_calls
from tests.report.helpers import stored_draft
from tests.workshops.helpers import workshop_fixture
from tests.world import World, make_case

D = dt.date
TODAY = D(2026, 11, 16)
ROOT = Path(__file__).resolve().parents[2]

# Milestone sets to try, in order; each action is tried on the first one its rule refuses.
STATES: dict[str, dict[str, dt.date | None]] = {
    "referral": {},
    "decided": {"scoping_sent_date": D(2026, 11, 3), "meeting_date": D(2026, 11, 13), "decision_date": D(2026, 11, 13)},
    "submitted": {
        "scoping_sent_date": D(2026, 11, 3),
        "meeting_date": D(2026, 11, 13),
        "decision_date": D(2026, 11, 13),
        "ratified_date": D(2026, 11, 16),
        "submitted_date": D(2026, 11, 16),
    },
    "lcspr": {"decision_date": D(2026, 11, 13), "terms_of_reference_agreed_date": D(2026, 11, 16)},
    "closed": {"decision_date": D(2026, 11, 13), "action_plan_closed_date": D(2026, 11, 16)},
}


class Fixtures:
    def __init__(self, world: World) -> None:
        self.world = world
        self.case = world.cases["own"]
        self.user = world.user(Role.BUSINESS_MANAGER)
        self.lead = world.user(Role.PARTNER_LEAD)
        self.agency = world.agencies["own"]
        self.child = Person.objects.get(case=self.case, role=PersonRole.SUBJECT_CHILD)
        self.mother = Person.objects.create(
            case=self.case, role=PersonRole.FAMILY_MEMBER, first_name="Testmother", relationship_to_child="Mother"
        )
        self.request = InformationRequest.objects.create(
            case=self.case,
            agency=self.agency,
            request_type=RequestType.SCOPING,
            state=RequestState.SENT,
            due_date=TODAY,
        )
        self.submitted = InformationRequest.objects.create(
            case=self.case,
            agency=world.agencies["other"],
            request_type=RequestType.SCOPING,
            state=RequestState.SUBMITTED,
            due_date=TODAY,
        )
        self.correction = FamilyCorrection.objects.create(
            request=self.submitted, person=self.mother, field="first_name", proposed_value="Testmum"
        )
        self.escalation = Escalation.objects.create(
            request=self.request, step="strategic_lead", escalated_on=TODAY, reason="x", letter="x"
        )
        self.entry = ChronologyEntry.objects.create(
            case=self.case,
            agency=self.agency,
            date_text="20/06/2019",
            date_from=D(2019, 6, 20),
            date_to=D(2019, 6, 20),
            source="GP record",
            key_event="A fictional event",
        )
        self.duplicate = ChronologyEntry.objects.create(
            case=self.case,
            agency=world.agencies["other"],
            date_text="20/06/2019",
            date_from=D(2019, 6, 20),
            date_to=D(2019, 6, 20),
            source="School log",
            key_event="A fictional event",
            possible_duplicate_of=self.entry,
        )
        self.appointment = Appointment.objects.create(
            case=self.case,
            name="Test Expert",
            email="expert@test.invalid",
            organisation="Test Org",
            role=AppointmentRole.EXPERT,
            conflict=Conflict.NONE,
            started=D(2026, 11, 16),
        )
        self.invitation = ReviewerInvitation.objects.create(
            appointment=self.appointment, email="expert@test.invalid", expires_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
        )
        self.pending = ChronologyImport.objects.create(
            case=self.case, agency=self.agency, file_kind="xlsx", created_by=self.user
        )
        self.support = SupportOffer.objects.create(
            invitation=Invitation.objects.create(case=self.case, person=self.mother),
            kind=SupportKind.ADVOCACY,
            offered_on=TODAY,
            offered_by=self.user,
        )
        self.pause = ClockPause.objects.create(
            case=self.case, reason_kind="police", reason="x", agreed_by="x", started_on=TODAY, recorded_by=self.user
        )
        self.review_meeting = ReviewMeeting.objects.create(case=self.case, date=TODAY)
        self.agenda_item = AgendaItem.objects.create(meeting=self.review_meeting, kind=ItemKind.FAMILY, title="F")
        self.workshops = workshop_fixture(world, self.case)


def _calls(f: Fixtures) -> dict[str, Callable[[], Any]]:
    c, u, a = f.case, f.user, f.agency
    return {
        "cases.update_dates": lambda: cases.update_dates(c, expected_version=None, values={}, acting_user=u),
        "cases.update_referral": lambda: cases.update_referral(c, expected_version=None, values={}, acting_user=u),
        "cases.save_person": lambda: cases.save_person(
            c, None, expected_version=None, values={"first_name": "X", "role": PersonRole.FAMILY_MEMBER}, acting_user=u
        ),
        "cases.correct_person": lambda: cases.correct_person(
            c, person_id=f.mother.pk, field="first_name", value="Y", acting_user=u
        ),
        "cases.save_relationship": lambda: cases.save_relationship(
            c, from_person=f.mother, to_person=f.child, kind="parent", separated=False, note="", acting_user=u
        ),
        "cases.save_household": lambda: cases.save_household(c, name="H", address="", members=[], acting_user=u),
        "cases.save_agency_involvement": lambda: cases.save_agency_involvement(
            c, agency=a, reason="", current=False, acting_user=u
        ),
        "cases.save_parallel_process": lambda: cases.save_parallel_process(
            c, kind="criminal", contact="", detail="", experts_invited=False, acting_user=u
        ),
        "cases.add_referral_event": lambda: cases.add_referral_event(
            c, occurred_on=TODAY, time="", event="x", acting_user=u
        ),
        "cases.add_collaborator": lambda: cases.add_collaborator(c, partnership=f.world.away, reason="", acting_user=u),
        "cases.link_case": lambda: cases.link_case(c, f.world.cases["collab"], acting_user=u),
        "rapidreview.set_meeting": lambda: rapidreview.set_meeting(c, date=TODAY, time="", location="", acting_user=u),
        "rapidreview.send_invitations": lambda: rapidreview.send_invitations(c, acting_user=u),
        "rapidreview.save_attendee": lambda: rapidreview.save_attendee(c, None, values={"name": "X"}, acting_user=u),
        "rapidreview.save_absence": lambda: rapidreview.save_absence(
            c, organisation="X", explanation="Y", acting_user=u
        ),
        "rapidreview.save_record": lambda: rapidreview.save_record(c, expected_version=None, values={}, acting_user=u),
        "rapidreview.record_decision": lambda: rapidreview.record_decision(
            c,
            expected_version=None,
            decision=["b"],
            other_review="",
            kloes="K",
            reasons="R",
            decision_date=TODAY,
            acting_user=u,
        ),
        "rapidreview.ratify": lambda: rapidreview.ratify(
            c, partner="la", executive_name="X", executive_role="Y", date=TODAY, acting_user=f.lead
        ),
        "rapidreview.endorse": lambda: rapidreview.endorse(c, name="X", role="Y", date=TODAY, acting_user=u),
        "rapidreview.submit": lambda: rapidreview.submit(c, method="manual", date=TODAY, acting_user=u),
        "rapidreview.record_panel_response": lambda: rapidreview.record_panel_response(
            c, response="X", date=TODAY, acting_user=u
        ),
        "portal.send_scoping_requests": lambda: portal.send_scoping_requests(c, [a], acting_user=u),
        "portal.create_request": lambda: portal.create_request(c, a, RequestType.CHRONOLOGY, acting_user=u),
        "portal.send_request": lambda: portal.send_request(f.request, acting_user=u),
        "portal.mark_opened": lambda: portal.mark_opened(f.request, acting_user=u),
        "portal.save_draft": lambda: portal.save_draft(f.request, {}, [], acting_user=u),
        "portal.confirm_no_involvement": lambda: portal.confirm_no_involvement(
            f.request, statement="Not known", confirmed_by="X", acting_user=u
        ),
        "portal.submit_return": lambda: portal.submit_return(
            f.request, records_secured_on=TODAY, records_secured_by="X", kept_separate=True, acting_user=u
        ),
        "portal.request_revision": lambda: portal.request_revision(f.submitted, reasons="X", acting_user=u),
        "portal.accept_return": lambda: portal.accept_return(f.submitted, acting_user=u),
        "portal.decide_correction": lambda: portal.decide_correction(f.correction, accept=True, acting_user=u),
        "portal.store_upload": lambda: portal.store_upload(
            f.request,
            kind=UploadKind.ATTACHMENT,
            data=b"%PDF-1.4 fictional",
            original_name="x.pdf",
            content_type="application/pdf",
            acting_user=u,
        ),
        "portal.escalate": lambda: escalation.escalate(f.request, reason="X", acting_user=u),
        "portal.escalation_outcome": lambda: escalation.record_outcome(
            f.escalation, outcome="X", resolved=True, acting_user=u
        ),
        "portal.send_lcspr_requests": lambda: lcspr_requests.send_lcspr_requests(
            c, REGISTRY[RequestType.CHRONOLOGY], [a], due_date=D(2027, 1, 15), acting_user=u
        ),
        "portal.record_interview": lambda: interviews.save_interview(
            _report(f), staff_role="X", notice_given_on=TODAY, interviewed_on=TODAY, acting_user=u
        ),
        "portal.record_disclosure_request": lambda: disclosure.record_disclosure_request(
            c,
            agency=a,
            requested_by="police",
            requester_name="X",
            requester_email="x@test.invalid",
            requested_on=TODAY,
            documents_sought="X",
            acting_user=u,
        ),
        "portal.answer_disclosure_request": lambda: disclosure.answer_disclosure_request(
            DisclosureRequest.objects.get_or_create(
                case=c,
                agency=a,
                defaults={"requested_by": "court", "requester_name": "X", "requested_on": TODAY},
            )[0],
            acting_user=u,
        ),
        "chronology.add_entry": lambda: chronology.add_entry(
            case=c,
            acting_user=u,
            agency=a,
            date_text="1/1/2020",
            date_from=D(2020, 1, 1),
            date_to=D(2020, 1, 1),
            source="X",
            key_event="X",
        ),
        "chronology.update_entry": lambda: chronology.update_entry(entry=f.entry, acting_user=u, comment="X"),
        "chronology.set_key_learning_event": lambda: chronology.set_key_learning_event(
            entry=f.entry, flagged=True, acting_user=u
        ),
        "chronology.merge_duplicate": lambda: chronology.merge_duplicate(entry=f.duplicate, acting_user=u),
        "chronology.dismiss_duplicate": lambda: chronology.dismiss_duplicate(entry=f.duplicate, acting_user=u),
        "chronology.set_review_period": lambda: chronology.set_review_period(
            case=c, start=None, end=None, acting_user=u
        ),
        "chronology.check_import": lambda: chronology.check_import(case=c, agency=a, file=_xlsx(), acting_user=u),
        "chronology.commit_import": lambda: chronology.commit_import(pending=f.pending, acting_user=u),
        "chronology.discard_import": lambda: chronology.discard_import(pending=f.pending, acting_user=u),
        "deadlines.record_adjustment": lambda: deadlines.record_adjustment(
            case=c,
            deadline_key="rapid_review_from_aware",
            kind="extension",
            reason="X",
            agreed_by="National Panel",
            new_due=D(2026, 12, 31),
            acting_user=u,
        ),
        "lcspr.save_terms": lambda: lcspr.save_terms(c, expected_version=None, values={}, acting_user=u),
        "lcspr.agree_terms": lambda: lcspr.agree_terms(
            c, expected_version=None, agreed_on=TODAY, agreed_by="CSPR group", acting_user=u
        ),
        "lcspr.propose_change": lambda: lcspr.propose_change(c, reason="Wider KLOEs", acting_user=u),
        "lcspr.appoint": lambda: lcspr.appoint(
            c,
            values={
                "email": "new.expert@test.invalid",
                "name": "X",
                "organisation": "Y",
                "role": AppointmentRole.EXPERT,
                "conflict": Conflict.NONE,
                "started": TODAY,
            },
            acting_user=u,
        ),
        "lcspr.update_appointment": lambda: lcspr.update_appointment(
            f.appointment, expected_version=None, values={}, acting_user=u
        ),
        "lcspr.end_appointment": lambda: lcspr.end_appointment(f.appointment, ended=TODAY, reason="X", acting_user=u),
        "lcspr.resend_invitation": lambda: lcspr.resend_invitation(f.appointment, acting_user=u),
        "lcspr.accept_invitation": lambda: lcspr.accept_invitation(f.invitation, password="a-long-test-password-9"),
        "documents.generate": lambda: documents.generate_document(
            case=c, document_id="NOTIFICATION_DECISION", fmt="docx", acting_user=u
        ),
        "family.save_invitation": lambda: family.save_invitation(case=c, person=f.mother, invite=True, acting_user=u),
        "family.record_contact": lambda: family.record_contact(
            case=c,
            person=f.mother,
            kind="attempt",
            on=D(2026, 11, 13),
            method="phone",
            by=u,
            outcome="spoke",
            acting_user=u,
        ),
        "family.send_letter": lambda: family.send_letter(
            case=c, person=f.mother, on=D(2026, 11, 13), method="letter", by=u, acting_user=u
        ),
        "family.record_view": lambda: family.record_view(
            case=c, person=f.mother, on=D(2026, 11, 13), summary="X", acting_user=u
        ),
        "family.offer_support": lambda: family.offer_support(
            case=c, person=f.mother, kind="advocacy", offered_on=D(2026, 11, 13), offered_by=u, acting_user=u
        ),
        "family.update_support": lambda: family.update_support(offer=f.support, taken_up="yes", acting_user=u),
        "family.record_involvement": lambda: family.record_involvement(
            case=c, person=f.mother, involvement="taking_part", acting_user=u
        ),
        "family.record_shared": lambda: family.record_shared(
            case=c, person=None, what="X", shared_on=D(2026, 11, 13), shared_by=u, acting_user=u
        ),
        "oversight.record_check": lambda: oversight.record_check(
            c,
            checked_on=TODAY,
            checked_by="X",
            timeliness="on_track",
            time_taken="X",
            quality="good",
            quality_notes="X",
            conclusion="X",
            forecast_completion=TODAY,
            acting_user=u,
        ),
        "oversight.record_pause": lambda: oversight.record_pause(
            c, reason_kind="police", reason="X", agreed_by="X", started_on=TODAY, acting_user=u
        ),
        "oversight.end_pause": lambda: oversight.end_pause(f.pause, ended_on=TODAY, acting_user=u),
        "oversight.record_panel_discussion": lambda: oversight.record_panel_discussion(
            c, discussed_on=TODAY, who="X", outcome="X", forecast_discussed=TODAY, acting_user=u
        ),
        "reviewmeetings.schedule_meeting": lambda: reviewmeetings.schedule_meeting(c, date=TODAY, acting_user=u),
        "reviewmeetings.save_attendee": lambda: reviewmeetings.save_attendee(
            c, f.review_meeting, values={"name": "X"}, acting_user=u
        ),
        "reviewmeetings.invite_review_team": lambda: reviewmeetings.invite_review_team(
            c, f.review_meeting, acting_user=u
        ),
        "reviewmeetings.add_item": lambda: reviewmeetings.add_item(c, f.review_meeting, title="X", acting_user=u),
        "reviewmeetings.minute_item": lambda: reviewmeetings.minute_item(c, f.agenda_item, minutes="X", acting_user=u),
        "reviewmeetings.save_action": lambda: reviewmeetings.save_action(
            c, f.review_meeting, description="X", owner="X", due_on=TODAY, acting_user=u
        ),
        "reviewmeetings.record_held": lambda: reviewmeetings.record_held(
            c, f.review_meeting, held_on=TODAY, acting_user=u
        ),
        **_workshop_calls(f),
        **learning_calls(f),
        **_actionplan_calls(f),
        **publication_calls(f.world, f.case),
        **_dissemination_calls(f),
    }


def _plan_action(f: Fixtures) -> Any:
    from cspr.actionplans.models import Action

    return Action.objects.get_or_create(
        case=f.case,
        number=1,
        defaults={
            "source": "immediate_learning",
            "source_text": "X",
            "agreed_action": "X",
            "responsible_person": "X",
            "responsible_organisation": "X",
            "agency": f.agency,
            "due_date": D(2027, 1, 5),
            "evidence_of_impact": "X",
            "created_by": f.user,
        },
    )[0]


def _actionplan_calls(f: Fixtures) -> dict[str, Callable[[], Any]]:
    from cspr.actionplans import actions as plans
    from cspr.actionplans import reminders as plan_reminders

    c, u = f.case, f.user

    def update_request() -> InformationRequest:
        action = _plan_action(f)
        return InformationRequest.objects.get_or_create(
            case=c,
            agency=f.agency,
            request_type=RequestType.ACTION_UPDATE,
            defaults={
                "state": RequestState.SUBMITTED,
                "topics": [{"action": action.pk}],
                "answers": {"rag": "G", "progress": "X"},
            },
        )[0]

    return {
        "actionplans.create_action": lambda: plans.create_action(
            c,
            source_key="rapid-review",
            agreed_action="X",
            responsible_person="X",
            responsible_organisation="X",
            due_date=D(2027, 1, 5),
            acting_user=u,
        ),
        "actionplans.record_progress": lambda: plans.record_progress(
            _plan_action(f), on=TODAY, rag="G", text="X", acting_user=u
        ),
        "actionplans.request_update": lambda: plans.request_update(
            _plan_action(f), due_date=D(2027, 1, 5), acting_user=u
        ),
        "actionplans.apply_agency_update": lambda: plans.apply_agency_update(update_request(), acting_user=u),
        "actionplans.close_action": lambda: plans.close_action(_plan_action(f), accepted_by="X", acting_user=u),
        "actionplans.carry_action": lambda: plans.carry_action(_plan_action(f), into="X", reason="X", acting_user=u),
        "actionplans.add_evidence_file": lambda: plans.add_evidence_file(
            _plan_action(f), data=b"%PDF-1.4", original_name="x.pdf", content_type="application/pdf", acting_user=u
        ),
        "actionplans.remind": lambda: plan_reminders.send_reminder(_plan_action(f), kind="overdue", about=TODAY),
    }


def _dissemination_calls(f: Fixtures) -> dict[str, Callable[[], Any]]:
    c, u = f.case, f.user
    values = {"kind": "briefing", "title": "T", "audience": "A", "planned_on": TODAY, "held_on": None}
    return {
        "dissemination.save_activity": lambda: dissemination.save_activity(
            c, None, values=values, expected_version=None, acting_user=u
        ),
        "dissemination.record_attendance": lambda: dissemination.record_attendance(
            Activity.objects.create(case=c, recorded_by=u, **(values | {"held_on": TODAY})),
            organisation="O",
            role="R",
            number=3,
            acting_user=u,
        ),
        "dissemination.save_briefing": lambda: dissemination.save_briefing(
            c,
            values=dict.fromkeys(("title", "background", "why_it_matters", "questions", "what_to_do"), "X"),
            expected_version=None,
            acting_user=u,
        ),
    }


def _workshop_calls(f: Fixtures) -> dict[str, Callable[[], Any]]:
    c, u, w = f.case, f.user, f.workshops
    practitioner = f.world.user(Role.PRACTITIONER)
    return {
        "workshops.save_theme": lambda: workshops.save_theme(
            c, None, title="T", description="", kloes=[], entry_ids=[], acting_user=u
        ),
        "workshops.remove_theme": lambda: workshops.remove_theme(
            c, KeyTheme.objects.create(case=c, title="T"), acting_user=u
        ),
        "workshops.nominate": lambda: workshops.nominate(
            c,
            agency=f.agency,
            full_name="X",
            job_title="",
            email="x@test.invalid",
            direct_involvement=True,
            involvement="",
            via=NominatedBy.AGENCY,
            acting_user=f.world.agency_users["own"],
        ),
        "workshops.save_workshop": lambda: workshops.save_workshop(
            c,
            None,
            values={
                "mode": "virtual",
                "date": D(2026, 12, 20),
                "start_time": dt.time(9),
                "end_time": dt.time(12),
                "venue": "X",
            },
            acting_user=u,
        ),
        "workshops.send_invitations": lambda: workshops.send_invitations(w.workshop, [w.nomination], acting_user=u),
        "workshops.accept_invitation": lambda: workshops.accept_invitation(w.participant, password="x-long-pass-1"),
        "workshops.record_attendance": lambda: workshops.record_attendance(
            w.other,
            attendance="apologies",
            apologies_reason="",
            one_to_one_date=None,
            one_to_one_notes="",
            acting_user=u,
        ),
        "workshops.save_worksheet": lambda: workshops.save_worksheet(
            w.participant, 1, answers={}, submit=False, acting_user=practitioner
        ),
        "workshops.remind_worksheet": lambda: workshops.remind_worksheet(w.participant, today=TODAY),
        "workshops.send_findings": lambda: workshops.send_findings(
            c, findings="F", respond_by=D(2027, 1, 5), acting_user=u
        ),
        "workshops.comment_on_findings": lambda: workshops.comment_on_findings(
            w.participant, w.consultation, comment="C", acting_user=practitioner
        ),
        "report.upload_draft": lambda: report.upload_draft(c, data=b"x", original_name="d.docx", acting_user=u),
        "report.accept_finding": lambda: report.accept_finding(
            stored_draft(c), index=0, reason="place_name", detail="", acting_user=u
        ),
        "report.save_glossary": lambda: report.save_glossary(c, replacements={}, state="", acting_user=u),
        "report.make_publishable": lambda: report.make_publishable(stored_draft(c), acting_user=u),
        "report.save_quality_markers": lambda: report.save_quality_markers(
            stored_draft(c), answers={}, state="", acting_user=u
        ),
    }


def _report(f: Fixtures) -> InformationRequest:
    """An information report waiting on the agency (interviews are recorded for one, rule 55)."""
    return InformationRequest.objects.get_or_create(
        case=f.case,
        agency=f.agency,
        request_type=RequestType.INFORMATION_REPORT,
        defaults={"state": RequestState.SENT, "due_date": TODAY},
    )[0]


def _refusing_state(case: Case, name: str) -> str:
    for state, values in STATES.items():
        probe = Case(**(milestones.dates(case) | dict.fromkeys(milestones.FIELDS) | values))
        if not is_allowed(probe, name):
            return state
    raise AssertionError(f"{name} is allowed whatever the milestones: give its rule a refusal")


def _put(case: Case, state: str) -> None:
    values = dict.fromkeys(set(milestones.FIELDS) - {"incident_date", "aware_date", "referral_received_date"})
    values["notification_sent_date"] = case.notification_sent_date
    Case.objects.filter(pk=case.pk).update(**(values | STATES[state]))
    case.refresh_from_db()


def test_every_registered_action_is_walked(world: World) -> None:
    names = {n for n in registered() if not n.startswith("tests.")}
    assert names == set(_calls(Fixtures(world))) | {"portal.chase"}


def test_every_registered_action_refuses_when_its_milestones_do_not_allow_it(world: World) -> None:
    f = Fixtures(world)
    walked = []
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, tzinfo=dt.UTC), tick=False):
        for name, call in sorted(_calls(f).items()):
            state = _refusing_state(f.case, name)
            _put(f.case, state)
            version, audit_rows = f.case.version, AuditEvent.objects.filter(kind="action").count()
            with pytest.raises(ActionRefused):
                call()
            assert Case.objects.get(pk=f.case.pk).version == version, name
            assert AuditEvent.objects.filter(kind="action").count() == audit_rows, name
            walked.append((name, state))
    assert len(walked) == len(_calls(f))
    assert ("rapidreview.submit", "referral") in walked
    assert ("portal.send_scoping_requests", "decided") in walked


def test_the_chasing_sweep_skips_a_closed_case(world: World) -> None:
    case = world.cases["own"]
    InformationRequest.objects.create(
        case=case,
        agency=world.agencies["own"],
        request_type=RequestType.SCOPING,
        state=RequestState.SENT,
        due_date=TODAY,
    )
    _put(case, "closed")
    with time_machine.travel(dt.datetime(2026, 11, 16, 7, tzinfo=dt.UTC), tick=False):
        assert chasing.chase_requests(TODAY) == 0
    assert not Reminder.objects.exists()


def test_a_case_in_one_partnership_is_not_closed_by_another_cases_state(world: World) -> None:
    # The refusal reads the locked row of the case acted on, not another case's milestones.
    other = make_case("HOME-2026-060", world.home)
    _put(other, "closed")
    cases.save_parallel_process(
        world.cases["own"],
        kind="criminal",
        contact="",
        detail="",
        experts_invited=False,
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )


# --- The grep: only cspr.cases writes Case or Person fields ----------------------------------

CASE_FIELDS = {
    f.name for model in (Case, Person) for f in model._meta.get_fields() if getattr(f, "concrete", False)
} - {"id", "case"}
# A name that holds a case or a person: case, locked_case, case_locked, person, child...
CASEISH = re.compile(r"(^|_)(case|person|child|mother|father)(_|$)")


def _caseish(expression: ast.expr, typed: set[str]) -> bool:
    name = ast.unparse(expression)
    return name in typed or bool(CASEISH.search(name.split(".")[-1].lower()))


def _typed_as_case(tree: ast.AST) -> set[str]:
    """Names annotated as a Case or a Person (``locked: Case = ...``, ``def f(x: Person)``)."""
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.AnnAssign | ast.arg)
            and node.annotation is not None
            and ast.unparse(node.annotation).strip("'\"") in {"Case", "Person", "Case | None", "Person | None"}
        ):
            found.add(ast.unparse(node.target) if isinstance(node, ast.AnnAssign) else node.arg)
    return found


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    typed = _typed_as_case(tree)
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value)
            if node.func.attr == "save" and _caseish(node.func.value, typed):
                found.append(f"{where} {receiver}.save(")
            if node.func.attr in {"update", "bulk_update", "update_or_create"} and receiver.startswith(
                ("Case.objects", "Person.objects")
            ):
                found.append(f"{where} {receiver}.{node.func.attr}(")
        if (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) == "setattr"
            and node.args
            and _caseish(node.args[0], typed)
        ):
            found.append(f"{where} setattr({ast.unparse(node.args[0])}, ...)")
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if isinstance(t, ast.Attribute) and t.attr in CASE_FIELDS and _caseish(t.value, typed):
                        found.append(f"{where} {ast.unparse(t)} =")
    return found


def test_no_module_outside_cases_writes_a_case_or_person_field() -> None:
    found = []
    for path in sorted((ROOT / "cspr").rglob("*.py")):
        if path.is_relative_to(ROOT / "cspr" / "cases") or "migrations" in path.parts:
            continue
        found += [f"{path.relative_to(ROOT)}: {v}" for v in _violations(path)]
    assert found == []


def test_the_grep_finds_what_it_looks_for(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def f(case, locked_case, person, row: Case):\n"
        "    locked: Case = g()\n"
        "    locked.save()\n"
        "    row.stage = 'x'\n"
        "    case.save(update_fields=['stage'])\n"
        "    Case.objects.filter(pk=1).update(version=2)\n"
        "    setattr(person, 'first_name', 'x')\n"
        "    locked_case.scoping_sent_date = None\n"
        "    person.version += 1\n"
    )
    assert len(_violations(probe)) == 7
