"""Every kind of email CSPR Manager sends, in one table.

A kind says what the email is for (the failed-email page and the audit trail show its label), whether
it may carry case content (only the statutory submission to the National Panel does: routine emails
give the case reference and a date, never a name), and whether its body holds a single-use link,
which is blanked once the SMTP server has accepted it.
"""

from __future__ import annotations

from django.db import models


class MailKind(models.TextChoices):
    DEADLINE_DUE_SOON = "deadlines.due_soon", "Deadline reminder: due in 2 working days"
    DEADLINE_DUE_TODAY = "deadlines.due_today", "Deadline reminder: due today"
    DEADLINE_OVERDUE = "deadlines.overdue", "Deadline reminder: overdue"
    DEADLINE_DIGEST = "deadlines.digest", "Monday deadline digest"
    AGENCY_REQUEST = "portal.request_sent", "Information request to an agency"
    AGENCY_REVISION = "portal.revision_requested", "Return sent back to an agency for changes"
    AGENCY_REMINDER = "portal.reminder", "Reminder to an agency"
    AGENCY_ESCALATION = "portal.escalation", "Escalation of an information request"
    AGENCY_INCOMPLETE = "portal.returned_incomplete", "Return sent back automatically: questions unanswered"
    DISCLOSURE_ANSWER = "portal.disclosure_answer", "Agency contact details for a police or court disclosure request"
    AGENCY_INVITATION = "portal.invitation", "Invitation to an agency's safeguarding lead"
    MEETING_INVITATION = "rapidreview.meeting_invitation", "Rapid Review meeting invitation"
    PANEL_SUBMISSION = "rapidreview.submission", "Rapid Review submission to the National Panel"
    COMMISSIONING_NOTICE = "rapidreview.commissioning_notice", "Notice of a decision to commission an LCSPR"
    OUTCOME_NOTICE = "rapidreview.outcome_notice", "Rapid Review outcome to agencies and the referrer"
    REVIEWER_INVITATION = "lcspr.invitation", "Invitation to a lead reviewer or review team member"
    REVIEWER_NOTICE = "lcspr.reviewer_notice", "Lead reviewer's name to the National Panel, Ofsted and DfE"
    SET_PASSWORD = "accounts.set_password", "Link to set a password"
    ACCOUNT = "accounts.account", "Account email (password reset and sign-in notices)"
    WORKSHOP_INVITATION = "workshops.invitation", "Invitation to a reflective learning workshop"
    WORKSHEET_REMINDER = "workshops.worksheet_reminder", "Reminder: Worksheet 1 before the workshop"
    FINDINGS_FEEDBACK = "workshops.findings_feedback", "Request for practitioners' comments on the draft findings"
    ACCOUNT_CHANGED = "accounts.changed", "Notice that a password, second factor or recovery codes changed"
    ACCOUNT_THROTTLED = "accounts.throttled", "Notice of repeated failed sign-in attempts"
    SECOND_FACTOR_RESET = "accounts.second_factor_reset", "Notice that an administrator reset a second factor"
    PROGRESS_REVIEW_DUE = "dissemination.review_due", "Reminder: the CSPR group's review of progress is due"
    ACTION_REMINDER = (
        "actionplans.reminder",
        "Action plan reminder: an action due soon, overdue or without a recent update",
    )


# Only these may carry case content (and attachments): the Panel receives Documents 4 and 5.
CASE_CONTENT = frozenset({MailKind.PANEL_SUBMISSION})

# Bodies with a single-use link: blanked once sent, so the outbox table keeps no live link.
SECRET = frozenset(
    {
        MailKind.AGENCY_INVITATION,
        MailKind.REVIEWER_INVITATION,
        MailKind.SET_PASSWORD,
        MailKind.ACCOUNT,
        MailKind.WORKSHOP_INVITATION,
    }
)
