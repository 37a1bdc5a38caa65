"""The case: one child safeguarding practice review, from notification to closure.

Milestones, not one line: the case's dated milestones (``cspr.cases.milestones``) say what has
happened; ``stage`` is a headline derived from them for lists and filters, written only by
``cspr.cases.transitions.case_action`` when an action ends.

A case reference carries no personal data: ``<PARTNERSHIP CODE>-<YEAR>-<NNN>`` (``DEMO-n`` in the
demo world).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.organisations.models import Agency, Partnership


class Stage(models.TextChoices):
    REFERRAL = "referral", "New referral"
    SCOPING = "scoping", "Scoping requests out"
    MEETING = "meeting", "Rapid Review meeting"
    RATIFICATION = "ratification", "Awaiting ratification"
    SUBMITTED = "submitted", "Submitted to the National Panel"
    LCSPR = "lcspr", "LCSPR in progress"
    PUBLICATION = "publication", "Publication"
    EMBEDDING = "embedding", "Embedding learning"
    CLOSED = "closed", "Closed"


class Origin(models.TextChoices):
    NOTIFICATION = "notification", "Serious incident notification (local authority)"
    REFERRAL = "referral", "Referral from an agency (Document 1a)"


class Case(models.Model):
    reference = models.CharField(max_length=30, unique=True)
    lead_partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="cases")
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.REFERRAL)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REFERRAL)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every edit states the version it started from (see cspr.cases.concurrency).
    version = models.PositiveIntegerField(default=1)

    # Anchor dates (rules.md C2). Deadlines are derived from these, never stored.
    incident_date = models.DateField(null=True, blank=True)
    aware_date = models.DateField(null=True, blank=True, help_text="The local authority became aware")
    notification_sent_date = models.DateField(null=True, blank=True)
    referral_received_date = models.DateField(null=True, blank=True)
    scoping_sent_date = models.DateField(null=True, blank=True)
    meeting_date = models.DateField(null=True, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    ratified_date = models.DateField(null=True, blank=True)
    submitted_date = models.DateField(null=True, blank=True)
    publication_date = models.DateField(null=True, blank=True)
    # Milestones after the Rapid Review (cspr.cases.milestones lists every milestone and its order).
    lcspr_commissioned_date = models.DateField(null=True, blank=True)
    terms_of_reference_agreed_date = models.DateField(null=True, blank=True)
    report_approved_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    # Rule 67: the partners' decision not to publish ends the publication stage as publishing does.
    not_published_date = models.DateField(null=True, blank=True)
    action_plan_closed_date = models.DateField(null=True, blank=True)

    # The National Panel's serious incident notification (SIN) reference, so the Panel can match
    # Documents 4 and 5 to the notification (shown beside the partnership's own reference).
    sin_reference = models.CharField(max_length=40, blank=True)

    linked_cases = models.ManyToManyField("self", blank=True, symmetrical=True)

    # The "Should we notify?" answers and outcome (cspr.rapidreview.notify), saved when the case is
    # opened from the decision helper: {"answers": {...}, "outcome": {...}, "decided_at": iso}.
    notification_decision = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference


class CaseCollaborator(models.Model):
    """Another partnership working on this case (cross-border or joint review, rules.md C12)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="collaborators")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="collaborations")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "partnership"], name="collaborator_once")]


class MembershipRole(models.TextChoices):
    LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
    REVIEW_TEAM_MEMBER = "review_team_member", "Review team member"


class CaseMembership(models.Model):
    """Grants one person access to one case only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships")
    role = models.CharField(max_length=30, choices=MembershipRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="membership_once")]


class PersonRole(models.TextChoices):
    SUBJECT_CHILD = "subject", "Subject child"
    FAMILY_MEMBER = "family", "Family member"
    SIGNIFICANT_OTHER = "significant_other", "Significant other"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    UNKNOWN = "unknown", "Not known"


class Person(models.Model):
    """A subject child, a family member or a significant other in a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    also_known_as = models.CharField(max_length=200, blank=True)
    relationship_to_child = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    deceased = models.BooleanField(default=False)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(max_length=100, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=100, blank=True)
    religion = models.CharField(max_length=100, blank=True)
    disability = models.CharField(max_length=200, blank=True)
    employment = models.CharField(max_length=200, blank=True)
    legal_status = models.CharField(max_length=200, blank=True)
    health = models.TextField(blank=True)
    address = models.TextField(blank=True)
    looked_after = models.BooleanField(default=False)
    care_leaver = models.BooleanField(default=False)
    child_protection_history = models.TextField(blank=True)
    lead_practitioner = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "role", "date_of_birth", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def age(self) -> int | None:
        """Age in whole years at death, or today."""
        if self.date_of_birth is None:
            return None
        from django.utils import timezone

        on = self.date_of_death or timezone.localdate()
        before_birthday = (on.month, on.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return on.year - self.date_of_birth.year - int(before_birthday)

    @property
    def initials(self) -> str:
        return "".join(part[0].upper() for part in (self.first_name, self.last_name) if part)


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent of"
    PARTNER = "partner", "Partner of"
    FORMER_PARTNER = "former_partner", "Former partner of"
    SIBLING = "sibling", "Sibling of"
    OTHER = "other", "Other relationship"


class Relationship(models.Model):
    """A directed link for the genogram: ``from_person`` is the PARENT of ``to_person`` etc."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="relationships")
    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    separated = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_person", "to_person", "kind"], name="relationship_once"),
        ]


class Household(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="households")
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    members = models.ManyToManyField(Person, related_name="households", blank=True)


class AgencyInvolvement(models.Model):
    """An agency known to have worked with the child or family in this case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agencies_involved")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="involvements")
    note = models.CharField(max_length=300, blank=True)
    # Document 1a section 1.3: reason for involvement, and whether it is current.
    reason = models.CharField(max_length=500, blank=True)
    current = models.BooleanField(default=False)
    # Chosen to receive the Document 2 scoping request (the portal sends it; see rapidreview.actions).
    scoping_requested = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="involvement_once")]


class CaseCounter(models.Model):
    """The last reference number issued per partnership and year; locked while a case is opened."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="case_counter_once")]


class IncidentKind(models.TextChoices):
    DEATH = "death", "Death"
    SERIOUS_HARM = "serious_harm", "Serious incident (serious harm)"


class Referral(models.Model):
    """Document 1a, every field: who referred, whom they consulted, the incident and the background.

    The child's and family's details live on ``Person``; other agencies on ``AgencyInvolvement``;
    parallel processes on ``ParallelProcess``; the short events table on ``ReferralEvent``.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="referral")
    date_of_referral = models.DateField(null=True, blank=True)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_agency_role = models.CharField("Referrer's agency and designation", max_length=300, blank=True)
    referrer_contact = models.TextField("Referrer's contact details", blank=True)
    referrer_email = models.EmailField(blank=True)
    dsl_name = models.CharField("Designated safeguarding lead consulted", max_length=200, blank=True)
    dsl_agency_role = models.CharField("Safeguarding lead's agency and designation", max_length=300, blank=True)
    dsl_contact = models.TextField("Safeguarding lead's contact details", blank=True)
    incident_kind = models.CharField(max_length=20, choices=IncidentKind.choices, blank=True)
    incident_location = models.TextField("Address of location of incident", blank=True)
    carer_at_time = models.CharField("Carer at time of incident", max_length=300, blank=True)
    open_to_social_care = models.CharField(
        "Open to children's social care (lead practitioner)", max_length=300, blank=True
    )
    sibling_safeguarding = models.TextField("Action taken to safeguard siblings", blank=True)
    circumstances = models.TextField("Child and family circumstances and the incident", blank=True)
    reasons = models.TextField("Why the referral is made, practice concerns, immediate learning", blank=True)
    additional_information = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)


class ReferralEvent(models.Model):
    """A row of Document 1a's short events table (key events around the incident only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referral_events")
    occurred_on = models.DateField()
    time = models.CharField(max_length=20, blank=True)
    event = models.TextField()

    class Meta:
        ordering = ["occurred_on", "time", "id"]


class ProcessKind(models.TextChoices):
    CRIMINAL = "criminal", "Criminal investigation"
    CORONER = "coroner", "Coroner's inquest"
    ADULT_SAFEGUARDING = "adult_safeguarding", "Adult safeguarding concerns"
    DHR = "dhr", "Domestic Homicide Review"
    SAR = "sar", "Safeguarding Adult Review"
    MAPPA = "mappa", "MAPPA serious case review"
    CHILD_DEATH_REVIEW = "cdr", "Child death review"
    DISCIPLINARY = "disciplinary", "Disciplinary process"
    OTHER = "other", "Other"


# Overlapping statutory reviews whose experts should be invited to the Rapid Review (toolkit §4.6.2).
OVERLAPPING_REVIEWS = frozenset({ProcessKind.DHR, ProcessKind.SAR, ProcessKind.MAPPA})


class ParallelProcess(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parallel_processes")
    kind = models.CharField(max_length=20, choices=ProcessKind.choices)
    contact = models.CharField("Lead investigator or key contact", max_length=300, blank=True)
    detail = models.TextField(blank=True)
    experts_invited = models.BooleanField(default=False)

    class Meta:
        ordering = ["case", "kind", "id"]

    @property
    def overlaps_review(self) -> bool:
        return self.kind in OVERLAPPING_REVIEWS
