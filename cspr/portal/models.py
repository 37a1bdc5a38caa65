"""Information requests to agencies, their returns, uploads, reminders and escalation.

An ``InformationRequest`` asks one agency one thing about one case (the scoping request of
Documents 2 and 2a first; chronologies, information reports, learning templates and workshop
nominations later). Its life (``RequestState``) is a plain field changed only by the named actions
in ``cspr.portal.actions``, each checking ``cspr.portal.states.TRANSITIONS``::

    draft -> sent -> opened -> no involvement (confirmed in writing)
                            -> submitted -> accepted
                                         -> revision requested (reasons) -> resubmitted -> accepted

Every step is also a ``RequestEvent`` row (shown on the pages) and an audit row (hash-chained).
The answers of a return live in ``answers`` (a JSON document whose shape belongs to the request
type's form, see ``cspr.portal.kinds``); the immediate-learning action tracker of
Document 2 Q5 and proposed corrections of family details are rows of their own because the
coordinator acts on them one by one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from cspr.cases.models import Case, Person
from cspr.organisations.models import Agency
from cspr.outbox.models import Message, Status


class RequestType(models.TextChoices):
    SCOPING = "scoping", "Initial scoping and information sharing (Document 2)"
    CHRONOLOGY = "chronology", "Agency chronology"
    INFORMATION_REPORT = "information_report", "Information report"
    LEARNING_TEMPLATE = "learning_template", "Learning template"
    WORKSHOP_NOMINATIONS = "workshop_nominations", "Workshop nominations"
    ACTION_UPDATE = "action_update", "Action plan progress update (Document 20)"


class RequestState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened"
    NO_INVOLVEMENT = "no_involvement", "No involvement confirmed"
    SUBMITTED = "submitted", "Returned"
    REVISION_REQUESTED = "revision_requested", "Revision requested"
    RESUBMITTED = "resubmitted", "Returned again"
    ACCEPTED = "accepted", "Accepted"


class InformationRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="information_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="information_requests")
    request_type = models.CharField(max_length=30, choices=RequestType.choices, default=RequestType.SCOPING)
    state = models.CharField(max_length=30, choices=RequestState.choices, default=RequestState.DRAFT)
    due_date = models.DateField(null=True, blank=True)
    # What the coordinator tells every agency about the case (Document 2 "Background information").
    case_summary = models.TextField(blank=True)
    time_period = models.TextField(blank=True)

    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revision_reasons = models.TextField(blank=True)

    answers = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency between several leads of one agency editing the same draft.
    version = models.PositiveIntegerField(default=1)

    # Rule 23: no involvement confirmed in writing.
    no_involvement_statement = models.TextField(blank=True)
    no_involvement_confirmed_by = models.CharField(max_length=200, blank=True)
    # Rule 24: records secured (date, by whom) and the submission kept apart from the case files.
    records_secured_on = models.DateField(null=True, blank=True)
    records_secured_by = models.CharField(max_length=200, blank=True)
    kept_separate = models.BooleanField(default=False)

    # What a kind asks about, fixed when the request is created: the learning template's KLOEs and
    # significant events (one section each), so later edits to the terms of reference do not move
    # an agency's answers under another heading.
    topics = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "agency__name", "request_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"],
                condition=models.Q(request_type="scoping"),
                name="one_scoping_request_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_request_type_display()} – {self.agency.name} ({self.case.reference})"

    @property
    def outstanding(self) -> bool:
        """Waiting on the agency."""
        return self.state in OUTSTANDING_STATES

    def is_overdue(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return self.outstanding and self.due_date is not None and self.due_date < today

    @property
    def returned(self) -> bool:
        return self.state in RETURNED_STATES


OUTSTANDING_STATES = frozenset({RequestState.SENT, RequestState.OPENED, RequestState.REVISION_REQUESTED})
RETURNED_STATES = frozenset(
    {RequestState.SUBMITTED, RequestState.RESUBMITTED, RequestState.NO_INVOLVEMENT, RequestState.ACCEPTED}
)


class RequestEvent(models.Model):
    """One step in a request's life, with its actor, time and note (reasons, outcome)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class Rag(models.TextChoices):
    PENDING = "P", "P – not yet rated"
    RED = "R", "Red"
    AMBER = "A", "Amber"
    GREEN = "G", "Green"


class LearningAction(models.Model):
    """A row of Document 2 Q5's immediate-learning action tracker (rule 72)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="learning_actions")
    number = models.PositiveSmallIntegerField()
    learning_point = models.TextField()
    action = models.TextField(blank=True)
    lead = models.CharField(max_length=200, blank=True)
    target_date = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    rag = models.CharField(max_length=1, choices=Rag.choices, default=Rag.PENDING)

    class Meta:
        ordering = ["request", "number"]
        constraints = [models.UniqueConstraint(fields=["request", "number"], name="learning_action_number_once")]


class CorrectionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


CORRECTABLE_FIELDS: dict[str, str] = {
    "ethnicity": "Ethnicity",
    "language": "Language",
    "religion": "Religion or other belief system",
    "employment": "Employment status",
}


class FamilyCorrection(models.Model):
    """An agency's record differs from the family composition: a proposal, never applied silently."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="corrections")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="proposed_corrections")
    field = models.CharField(max_length=30)
    current_value = models.CharField(max_length=200, blank=True)
    proposed_value = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "person", "field"]

    @property
    def field_label(self) -> str:
        return CORRECTABLE_FIELDS.get(self.field, self.field)


class UploadKind(models.TextChoices):
    WORD_RETURN = "word_return", "Completed form (Word)"
    ATTACHMENT = "attachment", "Supporting document"


class Upload(models.Model):
    """A file an agency sent, checked by content; stored under a name derived from its SHA-256."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(max_length=20, choices=UploadKind.choices)
    file = models.FileField(upload_to="portal/", max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", "Due soon"
    DUE_TODAY = "due_today", "Due today"
    OVERDUE = "overdue", "Overdue"


class Reminder(models.Model):
    """A chasing email, queued in the outbox when ``sent_at`` says; unique per (request, kind, day) so a
    sweep can run any number of times. Whether it has gone is the outbox row's (``email``)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    day = models.DateField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "kind", "day"], name="reminder_once_per_day")]

    @property
    def outbox_key(self) -> str:
        return f"agency-reminder:{self.pk}"

    @property
    def email_sent_at(self) -> dt.datetime | None:
        """When the mail server accepted the reminder; None while it waits in the outbox."""
        return Message.objects.filter(key=self.outbox_key, status=Status.SENT).values_list("sent_at", flat=True).first()


class EscalationStep(models.TextChoices):
    """The toolkit's ladder (§2.1.7, rule 57), in order."""

    CSPR_GROUP = "cspr_group", "Referred to the CSPR group"
    STRATEGIC_LEAD = "strategic_lead", "Raised with the agency's strategic safeguarding lead"
    PARTNERS = "partners", "Escalated to the safeguarding partners for formal action"


ESCALATION_LADDER: list[EscalationStep] = [
    EscalationStep.CSPR_GROUP,
    EscalationStep.STRATEGIC_LEAD,
    EscalationStep.PARTNERS,
]


class Escalation(models.Model):
    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="escalations")
    step = models.CharField(max_length=20, choices=EscalationStep.choices)
    escalated_on = models.DateField()
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField()
    recipients = models.JSONField(default=list)
    letter = models.TextField()
    outcome = models.TextField(blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["request", "escalated_on", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "step"], name="escalation_step_once")]


class Invitation(models.Model):
    """An invitation for an agency's safeguarding lead; the emailed link carries only a signed id."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class StaffInterview(models.Model):
    """Rule 55: an interview the information report's author held with a member of staff.

    Written notice before the interview, a summary given afterwards (any disagreement noted), a
    debrief once the report is finished. The record informs the report and is never part of the
    return: only the agency's own pages show it (``cspr.portal.interviews``)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="interviews")
    staff_role = models.CharField(max_length=200)
    notice_given_on = models.DateField()
    interviewed_on = models.DateField()
    summary_given_on = models.DateField(null=True, blank=True)
    disagreement = models.TextField(blank=True)
    debriefed_on = models.DateField(null=True, blank=True)
    record = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["request", "interviewed_on", "id"]


class DisclosureRequester(models.TextChoices):
    POLICE = "police", "Police"
    COURT = "court", "Court"


class DisclosureRequest(models.Model):
    """Rule 56: the police or a court asks for an agency's chronology or report. The partnership
    never hands the documents over: the answer is the agency's contact details, nothing else."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disclosure_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="disclosure_requests")
    requested_by = models.CharField(max_length=10, choices=DisclosureRequester.choices)
    requester_name = models.CharField(max_length=200)
    requester_email = models.EmailField()
    requested_on = models.DateField()
    documents_sought = models.TextField()
    answered_on = models.DateField(null=True, blank=True)
    # What was passed on: the agency's contact details as they stood that day.
    contact_details = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "-requested_on", "id"]
