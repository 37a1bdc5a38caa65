"""DEMO-7's analysis and workshop (idempotent): two key themes, nominations from two agencies and the
partnership, a workshop held two weeks ago with the two demo practitioners
(``practitioner1@`` / ``practitioner2@demo.cspr.invalid``, made in ``cspr/accounts/demo.py``), each
of whom submitted Worksheets 1–3. Dated relative to today, like DEMO-7 itself (about four months
into its LCSPR). Everything is fictional."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, CaseMembership, MembershipRole
from cspr.chronology.models import ChronologyEntry
from cspr.lcspr.team import review_team_user_ids
from cspr.organisations.models import Agency
from cspr.workshops.actions import kloes_for
from cspr.workshops.models import (
    Attendance,
    KeyTheme,
    Mode,
    NominatedBy,
    Nomination,
    Participant,
    Worksheet,
    Workshop,
)
from cspr.workshops.worksheets import SHEETS

THEMES = (
    ("Making space and time for the child (demo)", "Whether the child's daily life was seen, not only the adults'."),
    (
        "Professional curiosity about new adults in the home (demo)",
        "How agencies learned of, and asked about, a new partner.",
    ),
)

# (email local part or None for a nominee without an account, name, agency contains, direct?, pseudonym)
NOMINEES = (
    ("practitioner1", "Demo Practitioner One", "Children's Services", True, "Practitioner B"),
    ("practitioner2", "Demo Practitioner Two", "Primary Academy", True, "Practitioner E"),
    (None, "Demo Duty Manager", "Children's Services", False, ""),
)

ANSWERS = {
    1: "Demo answer written before the workshop (fictional).",
    2: "Phase 1: demo note on the timeline (fictional).",
    3: "Proposed lesson 1: demo response (fictional).",
}


def _agency(case: Case, fragment: str) -> Agency | None:
    return Agency.objects.filter(partnership_id=case.lead_partnership_id, name__icontains=fragment).first()


def _team(case: Case) -> None:
    """The demo reviewer and team member read DEMO-7's worksheets; appointments belong to ``lcspr``, so
    only when it has appointed nobody yet."""
    if review_team_user_ids(case):
        return
    for local, role in (("reviewer", MembershipRole.LEAD_REVIEWER), ("team", MembershipRole.REVIEW_TEAM_MEMBER)):
        user = User.objects.filter(email=demo_email(local)).first()
        if user is not None:
            CaseMembership.objects.get_or_create(case=case, user=user, defaults={"role": role})


def seed() -> None:
    case = Case.objects.filter(reference="DEMO-7").first()
    if case is None or case.lcspr_commissioned_date is None:
        return
    _team(case)
    kloes = kloes_for(case)
    entries = list(ChronologyEntry.objects.filter(case=case, key_learning_event=True)[:3])
    for title, description in THEMES:
        theme, created = KeyTheme.objects.get_or_create(
            case=case, title=title, defaults={"description": description, "kloes": kloes}
        )
        if created and entries:
            theme.entries.set(entries)
    today = timezone.localdate()
    held = max(today - dt.timedelta(days=14), case.lcspr_commissioned_date + dt.timedelta(days=1))
    workshop, _ = Workshop.objects.get_or_create(
        case=case,
        defaults={
            "mode": Mode.FACE_TO_FACE,
            "date": held,
            "start_time": dt.time(9, 45),
            "end_time": dt.time(13, 0),
            "venue": "Demo Civic Centre, Room 4, Demo Street, ZZ9 9ZZ",
            "feedback_session_date": held + dt.timedelta(days=42),
            "feedback_session_time": dt.time(14, 0),
            "signatory": "Demo Chair of the CSPR Group",
            "invitations_sent_on": held - dt.timedelta(days=28),
            "held_on": held,
        },
    )
    for local, name, fragment, direct, pseudonym in NOMINEES:
        email = demo_email(local) if local else demo_email("duty.manager.nominee")
        nomination, _ = Nomination.objects.get_or_create(
            case=case,
            email=email,
            defaults={
                "agency": _agency(case, fragment),
                "full_name": name,
                "job_title": "Demo practitioner",
                "direct_involvement": direct,
                "involvement": "Worked with the demo family (fictional)."
                if direct
                else "Managed the team (fictional).",
                "via": NominatedBy.AGENCY,
            },
        )
        user = User.objects.filter(email=email, role=Role.PRACTITIONER).first() if local else None
        if user is None:
            continue
        invited = timezone.make_aware(dt.datetime.combine(workshop.invitations_sent_on or held, dt.time(10)))
        participant, _ = Participant.objects.get_or_create(
            nomination=nomination,
            defaults={
                "workshop": workshop,
                "pseudonym": pseudonym,
                "user": user,
                "invited_at": invited,
                "invitation_expires_at": invited + dt.timedelta(days=21),
                "invitation_used_at": invited + dt.timedelta(days=1),
                "attendance": Attendance.ATTENDED,
            },
        )
        for number, text in ANSWERS.items():
            sheet = SHEETS[number]
            written = timezone.make_aware(
                dt.datetime.combine(held if number > 1 else held - dt.timedelta(days=3), dt.time(12))
            )
            answers = {q.key: text for q in sheet.questions}
            if number == 1:
                answers["confidentiality"] = "agreed"
            Worksheet.objects.get_or_create(
                participant=participant,
                number=number,
                defaults={"answers": answers, "saved_at": written, "submitted_at": written},
            )
