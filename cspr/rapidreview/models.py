"""The Rapid Review record: meeting and attendance (Appendix 2, quorum C8), the Document 4 sections,
the decision (C9), ratifications, endorsement, submission to the National Panel and its response.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.cases.models import Case
from cspr.organisations.models import PartnerKind, Partnership


class PanelConsideration(models.Model):
    """An extra question the National Panel asks Rapid Reviews to consider (toolkit §4.6.6)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="panel_considerations")
    question = models.TextField()
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "order", "id"]

    def __str__(self) -> str:
        return self.question[:60]


class Meeting(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rr_meeting")
    date = models.DateField()
    time = models.CharField(max_length=20, blank=True)
    location = models.CharField(max_length=300, blank=True, help_text="Face to face where possible (Document 4)")
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)


class Attendee(models.Model):
    """A participant or observer (Document 4 list of participants; Appendix 2 declarations)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    observer = models.BooleanField(default=False)
    # Which statutory partner this person represents: one person counts for one partner only (C8).
    represents = models.CharField(max_length=10, choices=PartnerKind.choices, blank=True)
    # A participant represents a partner only if they belong to it (C8): employed by that partner's
    # organisation, or linked to a CSPR Manager user of that partner (User.statutory_partner).
    employed_by = models.CharField(
        max_length=10,
        choices=PartnerKind.choices,
        blank=True,
        help_text="The statutory partner whose organisation employs this person; blank for other agencies",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The collaborating partnership that added this person (C12); blank when the lead partnership did.
    contributed_by = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delegated_authority = models.BooleanField(default=False)
    present = models.BooleanField(default=False)
    confidentiality_agreed = models.BooleanField(default=False)
    conflict_of_interest = models.TextField(blank=True, help_text="Blank: no conflict declared")
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "observer", "organisation", "name"]


class Absence(models.Model):
    """An agency that would normally be expected but was not there, with the explanation (rule 29)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="absences")
    organisation = models.CharField(max_length=200)
    explanation = models.TextField()


class Criterion(models.TextChoices):
    """Document 4 §2.2 (Working Together 2023)."""

    IMPROVEMENTS = (
        "improvements",
        (
            "Highlights or may highlight improvements needed to safeguard and promote the welfare of children, "
            "including where those improvements have been previously identified"
        ),
    )
    RECURRENT = (
        "recurrent",
        ("Highlights or may highlight recurrent themes in the safeguarding and promotion of the welfare of children"),
    )
    TWO_OR_MORE = (
        "two_or_more",
        (
            "Highlights or may highlight concerns regarding two or more organisations or agencies working together "
            "effectively to safeguard and promote the welfare of children"
        ),
    )
    PANEL_LOCAL = (
        "panel_local",
        (
            "Is one which the Child Safeguarding Practice Review Panel have considered and concluded a local review "
            "may be more appropriate"
        ),
    )
    SINGLE_AGENCY = "single_agency", "Safeguarding partners have cause for concern about the actions of a single agency"
    NO_INVOLVEMENT = (
        "no_involvement",
        ("There has been no agency involvement and this gives the safeguarding partners cause for concern"),
    )
    CROSS_BORDER = (
        "cross_border",
        (
            "More than one local authority, police area or Integrated Care Board is involved, including in cases where "
            "families have moved around"
        ),
    )
    INSTITUTIONAL = (
        "institutional",
        (
            "The case may raise issues relating to safeguarding or promoting the welfare of children in institutional "
            "settings"
        ),
    )
    NONE = "none", "None of the above"


class DecisionOption(models.TextChoices):
    """Document 4 section 3 (rules.md C9)."""

    NATIONAL = "a", "(a) Meets the criteria for a national Child Safeguarding Practice Review"
    LCSPR = "b", "(b) Meets the criteria for a Local Child Safeguarding Practice Review"
    WARRANTS_LCSPR = "c", "(c) Does not meet the criteria but warrants a Local Child Safeguarding Practice Review"
    OTHER_REVIEW = "d", "(d) Warrants consideration of DHR, SAR, MAPPA or other"
    NO_FURTHER = (
        "e",
        (
            "(e) The Rapid Review has identified learning that has been acted upon, obviating the need for further review"
        ),
    )


class RapidReviewRecord(models.Model):
    """Document 4. Section 1 before the meeting, section 2 during it, section 3 the decision."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rr_record")
    # Section 1
    case_summary = models.TextField(blank=True)
    documentation_available = models.TextField(blank=True)
    # 2.1
    immediate_action_taken = models.BooleanField(null=True, blank=True)
    immediate_actions = models.TextField(blank=True)
    immediate_actions_who = models.CharField(max_length=300, blank=True)
    immediate_actions_when = models.CharField(max_length=200, blank=True)
    # 2.2
    criteria = models.JSONField(default=list, blank=True)
    # 2.3
    time_period = models.TextField(blank=True)
    previous_involvement = models.TextField(blank=True)
    lived_experience = models.TextField(blank=True)
    considerations = models.TextField(blank=True, help_text="Toolkit §4.6.4")
    discussion = models.TextField(blank=True)
    police_update = models.TextField(blank=True)
    long_term_impact = models.TextField(blank=True)
    themes = models.TextField(blank=True)
    national_reviews = models.TextField(blank=True)
    good_practice = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    panel_answers = models.JSONField(default=dict, blank=True)  # {str(PanelConsideration.pk): answer}
    immediate_learning = models.TextField(blank=True)
    learning_sharing = models.TextField(blank=True)
    legal_advice_sought = models.BooleanField(null=True, blank=True)
    legal_advice = models.TextField(blank=True)
    # Section 3
    decision = models.JSONField(default=list, blank=True)  # list of DecisionOption codes
    other_review = models.CharField(max_length=300, blank=True)
    kloes = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    def decision_labels(self) -> list[str]:
        return [DecisionOption(code).label for code in self.decision]

    def criteria_labels(self) -> list[str]:
        return [Criterion(code).label for code in self.criteria]


class Ratification(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ratifications")
    partner = models.CharField(max_length=10, choices=PartnerKind.choices)
    executive_name = models.CharField(max_length=200)
    executive_role = models.CharField(max_length=200)
    date = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Ratifying for another partner is a separate, explicit act (rule 37, C7): who (recorded_by, and
    # the partner they belong to), for whom (partner), why, and the delegation it relies on.
    on_behalf = models.BooleanField(default=False)
    acting_partner = models.CharField(
        max_length=10, choices=PartnerKind.choices, blank=True, help_text="The partner of whoever recorded it"
    )
    on_behalf_reason = models.TextField(blank=True)
    delegation = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "partner"]
        constraints = [models.UniqueConstraint(fields=["case", "partner"], name="ratified_once_per_partner")]

    def on_behalf_statement(self) -> str:
        """One sentence naming who ratified for whom, why and on what delegation (blank if not on behalf)."""
        if not self.on_behalf:
            return ""
        by = self.recorded_by.full_name
        if self.acting_partner:
            by += f" ({PartnerKind(self.acting_partner).label})"
        reason = self.on_behalf_reason.strip().rstrip(".")
        delegation = self.delegation.strip().rstrip(".")
        return (
            f"Ratified on behalf of the {PartnerKind(self.partner).label} by {by}. "
            f"Reason: {reason}. Delegation relied on: {delegation}."
        )


class Endorsement(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rr_endorsement")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    date = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class SubmissionMethod(models.TextChoices):
    EMAIL = "email", "Sent by email from CSPR Manager"
    MANUAL = "manual", "Sent outside CSPR Manager (recorded here)"


class Submission(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rr_submission")
    method = models.CharField(max_length=10, choices=SubmissionMethod.choices)
    date = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    attachments = models.JSONField(default=list)  # [{"name", "content_type", "size", "sha256"}]
    notices = models.JSONField(default=list)  # [{"to": [...], "purpose"}]
    panel_response = models.TextField(blank=True)
    panel_response_date = models.DateField(null=True, blank=True)
