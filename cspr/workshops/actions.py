"""Every change to themes, nominations, workshops, worksheets and practitioners' feedback: named,
run through ``case_action`` and audited in its transaction. Emails (invitations, the Worksheet 1
reminder, the draft findings) are queued in the outbox inside the same transaction and carry the case
reference, dates and a link, never a name."""

from __future__ import annotations

import datetime as dt
import secrets
import string
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.cases.transitions import all_of, case_action, reached, register_action
from cspr.chronology.models import ChronologyEntry
from cspr.deadlines.services import calendar_for_partnership
from cspr.organisations.models import Agency
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.ui.formatting import format_date
from cspr.workshops import worksheets
from cspr.workshops.models import (
    Attendance,
    FindingsComment,
    FindingsConsultation,
    KeyTheme,
    Mode,
    NominatedBy,
    Nomination,
    Participant,
    Worksheet,
    Workshop,
)

# From the LCSPR's commissioning until its report is approved: rule 60's feedback comes "before the
# review report is finalised", and nothing here changes once it is.
_DURING_REVIEW = all_of(reached("lcspr_commissioned_date"), lambda case: case.report_approved_date is None)
_REFUSAL = "This can be done only while the LCSPR is under way (commissioned, report not yet approved)."

for _name in (
    "workshops.save_theme",
    "workshops.remove_theme",
    "workshops.nominate",
    "workshops.save_workshop",
    "workshops.send_invitations",
    "workshops.accept_invitation",
    "workshops.record_attendance",
    "workshops.save_worksheet",
    "workshops.remind_worksheet",
    "workshops.send_findings",
    "workshops.comment_on_findings",
):
    register_action(_name, allowed=_DURING_REVIEW, refusal=_REFUSAL)

INVITATION_SALT = "cspr.workshops.invitation"
INVITATION_VALID_FOR = dt.timedelta(days=21)
# Half a day face to face, another half for a complex case; about three hours online (§8.11.1).
HALF_DAY_HOURS = 3.5


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path


# -- key themes --------------------------------------------------------------------------------------


def kloes_for(case: Case) -> list[str]:
    """The key lines of enquiry: the agreed terms of reference's, else the Rapid Review's."""
    from cspr.lcspr.terms import review_kloes

    return review_kloes(case)


def save_theme(
    case: Case,
    theme: KeyTheme | None,
    *,
    title: str,
    description: str,
    kloes: list[str],
    entry_ids: list[int],
    acting_user: User,
) -> KeyTheme:
    if not title.strip():
        raise ValidationError({"title": "Enter the theme"})
    with case_action(case, "workshops.save_theme", acting_user=acting_user) as ctx:
        known = set(kloes_for(ctx.case))
        if theme is not None:
            theme = KeyTheme.objects.select_for_update().get(pk=theme.pk, case=ctx.case)
            kept = set(theme.kloes)
        else:
            kept = set()
        unknown = [k for k in kloes if k not in known and k not in kept]
        if unknown:
            raise ValidationError({"kloes": "Select key lines of enquiry from the list"})
        entries = list(
            ChronologyEntry.objects.filter(case=ctx.case, pk__in=entry_ids, merged_into__isnull=True).values_list(
                "pk", flat=True
            )
        )
        before = None
        if theme is None:
            theme = KeyTheme(case=ctx.case)
        else:
            before = {"title": theme.title, "kloes": theme.kloes}
        theme.title, theme.description, theme.kloes = title.strip(), description.strip(), list(kloes)
        theme.save()
        theme.entries.set(entries)
        ctx.touch()
        ctx.audit(
            obj=theme,
            before=before,
            after={"title": theme.title, "kloes": len(theme.kloes), "entries": len(entries)},
            detail={"label": theme.title},
        )
    return theme


def remove_theme(case: Case, theme: KeyTheme, *, acting_user: User) -> None:
    with case_action(case, "workshops.remove_theme", acting_user=acting_user) as ctx:
        found = KeyTheme.objects.filter(pk=theme.pk, case=ctx.case).first()
        if found is None:
            return
        ctx.audit(obj=found, before={"title": found.title}, detail={"label": found.title})
        found.delete()
        ctx.touch()


# -- nominations ---------------------------------------------------------------------------------------


def nominate(
    case: Case,
    *,
    agency: Agency | None,
    full_name: str,
    job_title: str,
    email: str,
    direct_involvement: bool,
    involvement: str,
    via: NominatedBy,
    acting_user: User,
) -> Nomination:
    """A practitioner put forward for the workshop, by their agency (portal) or the partnership/team."""
    email = email.strip().lower()
    with case_action(case, "workshops.nominate", acting_user=acting_user) as ctx:
        if Nomination.objects.filter(case=ctx.case, email=email).exists():
            raise ValidationError({"email": "This practitioner has already been nominated for this review"})
        nomination = Nomination.objects.create(
            case=ctx.case,
            agency=agency,
            full_name=full_name.strip(),
            job_title=job_title.strip(),
            email=email,
            direct_involvement=direct_involvement,
            involvement=involvement.strip(),
            via=via,
            nominated_by=acting_user,
        )
        ctx.touch()
        ctx.audit(
            obj=nomination,
            after={"agency": agency.pk if agency else None, "direct_involvement": direct_involvement, "via": via},
            detail={"label": f"a practitioner{' of ' + agency.name if agency else ''}"},
        )
    return nomination


def invitation_list(case: Case) -> list[Nomination]:
    """§8.10.2: only practitioners with direct operational involvement are invited, once each."""
    return list(
        Nomination.objects.filter(case=case, direct_involvement=True, participant__isnull=True).select_related("agency")
    )


# -- the workshop --------------------------------------------------------------------------------------


def length_warnings(*, mode: str, hours: float, complex_case: bool) -> list[str]:
    """Rule 59's usual lengths, as warnings: a partnership may have reasons to differ."""
    if mode == Mode.VIRTUAL:
        if hours < 2.5 or hours > 3.5:
            return ["A virtual workshop usually lasts about 3 hours, with a break (§8.11.1)."]
        return []
    expected = HALF_DAY_HOURS * (2 if complex_case else 1)
    if hours < expected - 1:
        what = "a full day (a half day and another half day)" if complex_case else "half a day"
        return [f"A face-to-face workshop is usually {what} (§8.11.1)."]
    return []


def notice_days(workshop: Workshop, sent_on: dt.date) -> int:
    calendar = calendar_for_partnership(workshop.case.lead_partnership_id)
    return int(calendar.working_days_between(sent_on, workshop.date))


def notice_warning(workshop: Workshop, today: dt.date) -> str:
    """Rule 59: invitations go with "plenty of notice"; short notice is a warning, not a block."""
    sent_on = workshop.invitations_sent_on or today
    if workshop.date <= sent_on:
        return "" if workshop.invitations_sent_on else "The workshop date has passed."
    days = notice_days(workshop, sent_on)
    if days >= workshop.notice_target_working_days:
        return ""
    verb = "were sent" if workshop.invitations_sent_on else "sent today would give"
    return (
        f"Short notice: invitations {verb} {days} working days before the workshop; the target is "
        f"{workshop.notice_target_working_days} working days."
    )


def feedback_session_warning(workshop: Workshop) -> str:
    """Rule 59: a feedback session near the end of the review is diarised, and the invitation asks
    practitioners to hold it."""
    if workshop.feedback_session_date is None:
        return "No feedback session is diarised yet: the invitation asks practitioners to hold its date (rule 59)."
    return ""


def save_workshop(case: Case, workshop: Workshop | None, *, values: dict[str, Any], acting_user: User) -> Workshop:
    start, end = values["start_time"], values["end_time"]
    if end <= start:
        raise ValidationError({"end_time": "The end time must be after the start time"})
    feedback = values.get("feedback_session_date")
    if feedback is not None and feedback <= values["date"]:
        raise ValidationError({"feedback_session_date": "The feedback session must be after the workshop"})
    with case_action(case, "workshops.save_workshop", acting_user=acting_user) as ctx:
        if workshop is None:
            workshop = Workshop(case=ctx.case)
            before = None
        else:
            workshop = Workshop.objects.select_for_update().get(pk=workshop.pk, case=ctx.case)
            before = {"date": workshop.date.isoformat(), "mode": workshop.mode}
        for name, value in values.items():
            setattr(workshop, name, value)
        workshop.save()
        ctx.touch()
        ctx.audit(
            obj=workshop,
            before=before,
            after={"date": workshop.date.isoformat(), "mode": workshop.mode, "complex": workshop.complex_case},
            detail={"label": str(workshop)},
        )
    return workshop


def _label(index: int) -> str:
    letters = string.ascii_uppercase
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = letters[rest] + label
    return f"Practitioner {label}"


def _pseudonyms(case: Case, count: int) -> list[str]:
    """``count`` unused pseudonyms for the case, drawn at random from a pool at least twice the size
    of the list: the letter says nothing of the order in which people were nominated or invited."""
    taken = set(Participant.objects.filter(workshop__case=case).values_list("pseudonym", flat=True))
    pool_size = max(26, 2 * (len(taken) + count))
    free = [label for label in (_label(i) for i in range(pool_size)) if label not in taken]
    return secrets.SystemRandom().sample(free, count)


def invitation_token(participant: Participant) -> str:
    return signing.dumps({"p": participant.pk}, salt=INVITATION_SALT, compress=False)


def participant_from_token(token: str) -> Participant | None:
    """The participant whose invitation this is, if the token is genuine, unexpired and unused."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_VALID_FOR)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int):
        return None
    found = Participant.objects.select_related("workshop__case__lead_partnership", "nomination").filter(pk=payload["p"])
    participant = found.first()
    if participant is None or not participant.invitation_usable:
        return None
    return participant


def _invitation_body(workshop: Workshop, link: str, expires: dt.datetime) -> str:
    where = "online" if workshop.mode == Mode.VIRTUAL else "in person"
    feedback = (
        f"\nA feedback session is planned for {format_date(workshop.feedback_session_date)}: please hold it in your "
        "diary.\n"
        if workshop.feedback_session_date
        else ""
    )
    return (
        f"{workshop.case.lead_partnership.name} invites you to a reflective learning workshop for the child "
        f"safeguarding practice review of case {workshop.case.reference}, on {format_date(workshop.date)} from "
        f"{workshop.start_time:%H:%M} to {workshop.end_time:%H:%M} ({where}).\n{feedback}\n"
        "Set up your account with this link. It works once and expires on "
        f"{expires:%-d %B %Y}:\n{link}\n\n"
        "After you sign in you will find the briefing note, the agenda and your worksheets. Please complete "
        "Worksheet 1 before the workshop.\n\n"
        "If you cannot attend, please tell the partnership: you can talk to the lead reviewer instead.\n"
        "This email does not contain personal information."
    )


def send_invitations(workshop: Workshop, nominations: list[Nomination], *, acting_user: User) -> list[Participant]:
    """Invite nominated practitioners (direct involvement only) to this workshop, each by a one-time link."""
    if not nominations:
        raise ValidationError({"nominations": "Select the practitioners to invite"})
    created: list[Participant] = []
    with case_action(workshop.case_id, "workshops.send_invitations", acting_user=acting_user) as ctx:
        locked = Workshop.objects.select_related("case__lead_partnership").get(pk=workshop.pk, case=ctx.case)
        if locked.date < timezone.localdate():
            raise ValidationError("This workshop has already taken place")
        ids = [n.pk for n in nominations]
        allowed = {n.pk: n for n in invitation_list(ctx.case)}
        if any(pk not in allowed for pk in ids):
            raise ValidationError(
                {"nominations": "Invite only nominated practitioners with direct involvement, not yet invited"}
            )
        taken = set(User.objects.filter(email__in=[allowed[pk].email for pk in ids]).values_list("email", flat=True))
        if taken:
            raise ValidationError({"nominations": "One of these practitioners already has an account"})
        labels = _pseudonyms(ctx.case, len(ids))
        now = timezone.now()
        for pk, pseudonym in zip(ids, labels, strict=True):
            nomination = allowed[pk]
            participant = Participant.objects.create(
                workshop=locked,
                nomination=nomination,
                pseudonym=pseudonym,
                invited_at=now,
                invitation_expires_at=now + INVITATION_VALID_FOR,
            )
            link = _absolute(reverse("workshops:invitation", args=[invitation_token(participant)]))
            assert participant.invitation_expires_at is not None
            outbox.enqueue(
                kind=MailKind.WORKSHOP_INVITATION,
                key=f"workshop-invitation:{participant.pk}",
                case=ctx.case,
                to=[nomination.email],
                subject=f"Invitation to a reflective learning workshop, case {ctx.case.reference}",
                body=_invitation_body(locked, link, participant.invitation_expires_at),
            )
            # No pseudonym in the trail: it is open to every reader of the case, and the names are not.
            ctx.audit(obj=participant, after={"workshop": locked.pk}, detail={"label": "a practitioner"})
            created.append(participant)
        if locked.invitations_sent_on is None:
            locked.invitations_sent_on = timezone.localdate()
            locked.save(update_fields=["invitations_sent_on"])
        ctx.touch()
    return created


def accept_invitation(participant: Participant, *, password: str) -> User:
    """The practitioner's account: one workshop, no partnership page; MFA is enrolled next."""
    with case_action(participant.workshop.case_id, "workshops.accept_invitation", acting_user=None) as ctx:
        locked = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("nomination", "workshop")
            .get(pk=participant.pk)
        )
        if not locked.invitation_usable:
            raise ValidationError("This invitation link has expired or has already been used")
        nomination = locked.nomination
        if User.objects.filter(email=nomination.email).exists():
            raise ValidationError("This email address already has an account")
        user = User.objects.create_user(
            nomination.email,
            password,
            full_name=nomination.full_name,
            job_title=nomination.job_title,
            role=Role.PRACTITIONER,
            partnership=ctx.case.lead_partnership,
        )
        locked.user = user
        locked.invitation_used_at = timezone.now()
        locked.save(update_fields=["user", "invitation_used_at"])
        ctx.acting_user = user
        ctx.audit(obj=locked, after={"user": user.pk}, detail={"label": "workshop practitioner"})
    return user


def record_attendance(
    participant: Participant,
    *,
    attendance: str,
    apologies_reason: str,
    one_to_one_date: dt.date | None,
    one_to_one_notes: str,
    acting_user: User,
) -> Participant:
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": "Select whether they attended"})
    with case_action(participant.workshop.case_id, "workshops.record_attendance", acting_user=acting_user) as ctx:
        locked = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("workshop")
            .get(pk=participant.pk, workshop__case=ctx.case)
        )
        if attendance == Attendance.ATTENDED and locked.workshop.date > timezone.localdate():
            raise ValidationError({"attendance": "The workshop has not taken place yet"})
        before = {"attendance": locked.attendance, "one_to_one_date": format_date(locked.one_to_one_date, "")}
        locked.attendance = attendance
        locked.apologies_reason = apologies_reason.strip() if attendance != Attendance.ATTENDED else ""
        locked.one_to_one_date, locked.one_to_one_notes = one_to_one_date, one_to_one_notes.strip()
        locked.save()
        workshop = locked.workshop
        if attendance == Attendance.ATTENDED and workshop.held_on is None:
            workshop.held_on = workshop.date
            workshop.save(update_fields=["held_on"])
        ctx.touch()
        ctx.audit(
            obj=locked,
            before=before,
            after={"attendance": attendance, "one_to_one_date": format_date(one_to_one_date, "")},
            detail={"label": "a practitioner"},
        )
    return locked


# -- worksheets (the practitioner) ------------------------------------------------------------------


def worksheet_open(participant: Participant, number: int) -> bool:
    """Worksheets 2–4 open when the workshop starts; Worksheet 1 is open from the invitation."""
    return worksheets.opens_before_workshop(number) or participant.workshop.started


def save_worksheet(
    participant: Participant, number: int, *, answers: dict[str, str], submit: bool, acting_user: User
) -> Worksheet:
    sheet = worksheets.SHEETS[number]
    clean = {q.key: str(answers.get(q.key, "")).strip() for q in sheet.questions}
    if number == 1 and answers.get("confidentiality"):
        clean["confidentiality"] = "agreed"
    if submit:
        errors = {q.key: "Answer this question before you submit" for q in sheet.questions if not clean[q.key]}
        if number == 1 and not clean.get("confidentiality"):
            errors["confidentiality"] = "Confirm that you will keep the information confidential"
        if errors:
            raise ValidationError(errors)
    with case_action(participant.workshop.case_id, "workshops.save_worksheet", acting_user=acting_user) as ctx:
        locked = Participant.objects.select_related("workshop").get(pk=participant.pk, workshop__case=ctx.case)
        if locked.user_id != acting_user.pk:
            raise ValidationError("Only the practitioner completes their own worksheets")
        if not worksheet_open(locked, number):
            raise ValidationError("This worksheet opens when the workshop starts")
        worksheet, _ = Worksheet.objects.select_for_update().get_or_create(participant=locked, number=number)
        if worksheet.submitted_at is not None:
            raise ValidationError("This worksheet has been submitted and can no longer be changed")
        worksheet.answers = clean
        worksheet.saved_at = timezone.now()
        if submit:
            worksheet.submitted_at = worksheet.saved_at
            worksheet.after_workshop_started = number == 1 and locked.workshop.started
        worksheet.save()
        ctx.touch()
        # The trail (open to every reader of the case) names the practitioner as actor, so it never
        # carries their pseudonym or their answers: nothing there ties a name to a worksheet's content.
        ctx.audit(
            obj=worksheet,
            action="workshops.worksheet_submitted" if submit else "workshops.worksheet_saved",
            after={"number": number, "submitted": submit},
            detail={"label": f"Worksheet {number}"},
        )
    return worksheet


def _reminder_body(participant: Participant) -> str:
    workshop = participant.workshop
    return (
        f"Case {workshop.case.reference}\n\n"
        f"The reflective learning workshop is on {format_date(workshop.date)} at {workshop.start_time:%H:%M}. "
        "Please complete Worksheet 1 before it starts: it captures your thinking before you hear from others.\n\n"
        f"Sign in to complete it:\n{_absolute(reverse('workshops:mine'))}\n\n"
        "This email does not contain personal information."
    )


def remind_worksheet(participant: Participant, *, today: dt.date, acting_user: User | None = None) -> bool:
    """One reminder before the workshop to a practitioner whose Worksheet 1 is not submitted."""
    with case_action(participant.workshop.case_id, "workshops.remind_worksheet", acting_user=acting_user) as ctx:
        locked = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("workshop", "user")
            .get(pk=participant.pk, workshop__case=ctx.case)
        )
        if (
            locked.user is None
            or locked.worksheet_reminder_sent_on is not None
            or locked.workshop.date <= today
            or locked.worksheets.filter(number=1, submitted_at__isnull=False).exists()
        ):
            return False
        locked.worksheet_reminder_sent_on = today
        locked.save(update_fields=["worksheet_reminder_sent_on"])
        outbox.enqueue(
            kind=MailKind.WORKSHEET_REMINDER,
            key=f"worksheet-reminder:{locked.pk}",
            case=ctx.case,
            to=[locked.user.email],
            subject=f"Reminder: Worksheet 1 before the workshop, case {ctx.case.reference}",
            body=_reminder_body(locked),
        )
        ctx.audit(obj=locked, after={"day": today.isoformat()}, detail={"label": "a practitioner"})
    return True


# -- practitioners' feedback on the draft findings (rule 60) -------------------------------------------


def findings_recipients(case: Case) -> list[Participant]:
    """Practitioners who took part: attended, or talked to the lead reviewer instead, with an account."""
    return list(
        Participant.objects.filter(workshop__case=case, user__isnull=False, user__is_active=True)
        .filter(Q(attendance=Attendance.ATTENDED) | Q(one_to_one_date__isnull=False))
        .select_related("user")
    )


def send_findings(case: Case, *, findings: str, respond_by: dt.date, acting_user: User) -> FindingsConsultation:
    if not findings.strip():
        raise ValidationError({"findings": "Enter the draft findings"})
    if respond_by <= timezone.localdate():
        raise ValidationError({"respond_by": "The date to reply by must be in the future"})
    with case_action(case, "workshops.send_findings", acting_user=acting_user) as ctx:
        recipients = findings_recipients(ctx.case)
        if not recipients:
            raise ValidationError("No practitioner has taken part yet: record attendance first")
        consultation = FindingsConsultation.objects.create(
            case=ctx.case,
            findings=findings.strip(),
            respond_by=respond_by,
            sent_on=timezone.localdate(),
            sent_by=acting_user,
        )
        for participant in recipients:
            assert participant.user is not None
            outbox.enqueue(
                kind=MailKind.FINDINGS_FEEDBACK,
                key=f"findings:{consultation.pk}:{participant.pk}",
                case=ctx.case,
                to=[participant.user.email],
                subject=f"Your comments on the draft findings, case {ctx.case.reference}",
                body=(
                    f"Case {ctx.case.reference}\n\n"
                    "The review team has shared the learning it has identified and would welcome your comments on "
                    f"the accuracy of the analysis by {format_date(respond_by)}, before the report is finalised.\n\n"
                    f"Sign in to read and comment:\n{_absolute(reverse('workshops:mine'))}\n\n"
                    "This email does not contain personal information."
                ),
            )
        ctx.touch()
        ctx.audit(
            obj=consultation,
            after={"respond_by": respond_by.isoformat(), "recipients": len(recipients)},
            detail={"label": "draft findings"},
        )
    return consultation


def comment_on_findings(
    participant: Participant, consultation: FindingsConsultation, *, comment: str, acting_user: User
) -> FindingsComment:
    if not comment.strip():
        raise ValidationError({"comment": "Enter your comments"})
    with case_action(participant.workshop.case_id, "workshops.comment_on_findings", acting_user=acting_user) as ctx:
        if participant.user_id != acting_user.pk or consultation.case_id != ctx.case.pk:
            raise ValidationError("Only the practitioner comments for themselves")
        if FindingsComment.objects.filter(consultation=consultation, participant=participant).exists():
            raise ValidationError("You have already sent your comments")
        found = FindingsComment.objects.create(
            consultation=consultation, participant=participant, comment=comment.strip()
        )
        ctx.touch()
        ctx.audit(obj=found, after={"consultation": consultation.pk}, detail={"label": "draft findings"})
    return found


def feedback_complete(case: Case, today: dt.date | None = None) -> bool:
    """Rule 60, for the report stage: the draft findings went to the practitioners and every one of
    them has commented, or the date to reply by has passed."""
    today = today or timezone.localdate()
    consultation = FindingsConsultation.objects.filter(case=case).first()
    if consultation is None:
        return False
    if consultation.respond_by < today:
        return True
    expected = {p.pk for p in findings_recipients(case)}
    answered = set(consultation.comments.values_list("participant_id", flat=True))
    return expected <= answered
