"""Family engagement in an LCSPR (toolkit §7, rule 51): who is invited, who makes contact, and the log.

The family network is the case's people (``cspr.cases.models.Person``) less the dead: a person has
an ``Invitation`` row once anything about them is recorded; until then they are invited by default
(rule 51: informed and invited unless there is a strong reason not to) and nobody is named to
contact them. Everything below is the *family log*: readable by the review team and the named
coordinators only (``cspr.family.access``).

States of one person (``Invitation.involvement``): not yet known -> taking part, or one of the
reasons for non-involvement (declined, could not be contacted, police asked to delay contact).
Not inviting someone is a separate decision (``invite`` false) that needs its strong reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.cases.models import Case, Person


class Involvement(models.TextChoices):
    NOT_YET_KNOWN = "not_yet_known", "Not yet known"
    TAKING_PART = "taking_part", "Taking part"
    DECLINED = "declined", "Declined to take part"
    NOT_CONTACTABLE = "not_contactable", "Could not be contacted"
    POLICE_DELAY = "police_delay", "Police asked to delay contact"


# The outcomes that are a reason for non-involvement, to be given in the final report (§7.4.2, §9.1.5).
NON_INVOLVEMENT = frozenset({Involvement.DECLINED, Involvement.NOT_CONTACTABLE, Involvement.POLICE_DELAY})


class Invitation(models.Model):
    """One person of the family network: invited or not (and why not), who makes contact, the outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_invitations")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="family_invitation")
    invite = models.BooleanField(default=True)
    reason_not_invited = models.TextField(blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="family_coordination"
    )
    # The number the family is given in the letter (Document 8): "please contact [name] on [number]".
    coordinator_phone = models.CharField(max_length=40, blank=True)
    # §7.3.2: personal contact by the most appropriate professional, who may not be a user of the app.
    via_professional = models.CharField(max_length=300, blank=True)
    involvement = models.CharField(max_length=20, choices=Involvement.choices, default=Involvement.NOT_YET_KNOWN)
    involvement_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "person_id"]


class Method(models.TextChoices):
    LETTER = "letter", "Letter"
    PHONE = "phone", "Telephone"
    VISIT = "visit", "Visit or meeting in person"
    EMAIL = "email", "Email"
    VIA_PROFESSIONAL = "via_professional", "Through another professional"


class ContactKind(models.TextChoices):
    ATTEMPT = "attempt", "Contact attempt"
    MEETING = "meeting", "Meeting"
    LETTER = "letter", "Letter (Document 8) and leaflet (Document 9) sent"


class Outcome(models.TextChoices):
    SENT = "sent", "Sent"
    NO_RESPONSE = "no_response", "No response"
    SPOKE = "spoke", "Spoke with them"
    AGREED = "agreed", "Agreed to take part"
    DECLINED = "declined", "Declined to take part"
    MET = "met", "Met"
    OTHER = "other", "Other (see notes)"


# Outcomes that mean the person was reached (the task list's "contacted").
REACHED = frozenset({Outcome.SPOKE, Outcome.AGREED, Outcome.DECLINED, Outcome.MET})


class Contact(models.Model):
    """A contact attempt, a meeting, or the letter and leaflet going out."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=10, choices=ContactKind.choices, default=ContactKind.ATTEMPT)
    on = models.DateField()
    method = models.CharField(max_length=20, choices=Method.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]


class ViewExpressed(models.Model):
    """What a family member said, in their words as far as possible, to be carried into the report."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="views")
    on = models.DateField()
    summary = models.TextField()
    for_report = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]


class SupportKind(models.TextChoices):
    INTERPRETER = "interpreter", "Interpreter"
    ADVOCACY = "advocacy", "Advocacy"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse specialist"
    OTHER = "other", "Other support"


class TakenUp(models.TextChoices):
    NOT_YET_KNOWN = "not_yet_known", "Not yet known"
    YES = "yes", "Taken up"
    NO = "no", "Not taken up"


class SupportOffer(models.Model):
    """Support offered so a family member can take part (§7.1.3)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="support_offers")
    kind = models.CharField(max_length=20, choices=SupportKind.choices)
    language = models.CharField(max_length=100, blank=True)  # an interpreter's language
    detail = models.CharField(max_length=300, blank=True)
    offered_on = models.DateField()
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_up = models.CharField(max_length=20, choices=TakenUp.choices, default=TakenUp.NOT_YET_KNOWN)

    class Meta:
        ordering = ["offered_on", "id"]

    @property
    def description(self) -> str:
        if self.kind == SupportKind.INTERPRETER and self.language:
            return f"Interpreter ({self.language})"
        if self.detail:
            return f"{self.get_kind_display()}: {self.detail}"
        return self.get_kind_display()


class SharedItem(models.Model):
    """What was shared with the family before publication (§9.2.5, §10.3.2): what, when, by whom."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_shared_items")
    # Empty: shared with the family as a whole.
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="shared_items"
    )
    what = models.TextField()
    shared_on = models.DateField()
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["shared_on", "id"]
