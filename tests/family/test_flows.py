"""The family log as the review team uses it: GOV.UK errors, what each form records, the letters."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent, EventKind
from cspr.cases.models import Case, Person
from cspr.family import report
from cspr.family.models import (
    Contact,
    ContactKind,
    Invitation,
    Involvement,
    Method,
    Outcome,
    SharedItem,
    SupportOffer,
    TakenUp,
    ViewExpressed,
)
from tests.family.helpers import Family, client_for, lcspr_family
from tests.world import World

pytestmark = pytest.mark.django_db


def _url(name: str, f: Family, person: Person | None = None, **kw: int) -> str:
    args: list[object] = [f.case.reference]
    if person is not None:
        args.append(person.pk)
    return reverse(f"family:{name}", args=[*args, *kw.values()])


def _date(prefix: str, day: int, month: int = 11, year: int = 2026) -> dict[str, str]:
    return {f"{prefix}-day": str(day), f"{prefix}-month": str(month), f"{prefix}-year": str(year)}


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


def test_not_inviting_needs_a_strong_reason_shown_in_the_error_summary(world: World) -> None:
    f = lcspr_family(world)
    client = client_for(world.user(Role.REVIEW_TEAM_MEMBER))
    response = client.post(_url("invitation", f, f.father), {"invite": "no", "via_professional": "Probation (demo)"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "Give the strong reason for not inviting this person" in page
    assert "<title>Error:" in page
    assert 'value="Probation (demo)"' in page  # what was typed is kept
    assert not Invitation.objects.exists()
    response = client.post(
        _url("invitation", f, f.father), {"invite": "no", "reason_not_invited": "Subject of a fictional bail condition"}
    )
    assert response.status_code == 302
    assert [(r.person, r.reason, r.detail) for r in report.non_involvement_reasons(f.case)] == [
        (str(f.father), "Not invited (a strong reason not to)", "Subject of a fictional bail condition")
    ]


def test_a_contact_is_logged_with_date_method_by_whom_and_outcome(world: World) -> None:
    f = lcspr_family(world)
    team = world.user(Role.REVIEW_TEAM_MEMBER)
    client = client_for(team)
    empty = client.post(_url("contact_add", f, f.mother), {})
    page = empty.content.decode()
    assert empty.status_code == 400
    for message in ("Select whether this was a contact attempt or a meeting", "Enter the date of the contact",
                    "Select how contact was made", "Select the outcome"):  # fmt: skip
        assert message in page
    future = client.post(
        _url("contact_add", f, f.mother),
        {"kind": "attempt", **_date("on", 2, 12), "method": "phone", "by": team.pk, "outcome": "spoke"},
    )
    assert future.status_code == 400
    assert "must be today or in the past" in future.content.decode()
    response = client.post(
        _url("contact_add", f, f.mother),
        {"kind": "meeting", **_date("on", 30), "method": "visit", "by": team.pk, "outcome": "met", "notes": "At home"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.kind, contact.on.isoformat(), contact.method, contact.by, contact.outcome) == (
        ContactKind.MEETING, "2026-11-30", Method.VISIT, team, Outcome.MET,
    )  # fmt: skip
    person_page = client.get(_url("person", f, f.mother)).content.decode()
    assert "30 November 2026" in person_page
    assert "2026-11-30" not in person_page
    # The audit row (open to every reader of the case) carries no note.
    row = AuditEvent.objects.get(kind=EventKind.ACTION, action="family.record_contact")
    assert "At home" not in str(row.after) + str(row.detail)


def test_the_letter_is_written_from_the_record_and_sending_it_is_logged(world: World) -> None:
    f = lcspr_family(world)
    team = world.user(Role.REVIEW_TEAM_MEMBER)
    coordinator = world.user(Role.CSPR_GROUP_MEMBER)
    client = client_for(team)
    client.post(
        _url("invitation", f, f.father),
        {"invite": "yes", "coordinator": coordinator.pk, "coordinator_phone": "0121 496 0555"},
    )
    response = client.get(_url("letter_docx", f, f.father))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'_person-{f.father.pk}.docx"')
    assert "Fred" not in response["Content-Disposition"]
    text = _text(response.content)
    for value in ("Dear Fred Fictionfamily", "your child", "Testchild", world.user(Role.LEAD_REVIEWER).full_name,
                  coordinator.full_name, "0121 496 0555"):  # fmt: skip
        assert value in text, value
    assert "[insert name]" not in text
    assert AuditEvent.objects.filter(kind=EventKind.ACCESS, action="read.family_letter").count() == 1
    # Without a coordinator the letter gives the partnership's contact.
    world.home.signature_name, world.home.contact_phone = "Pat Partnership", "0121 496 0100"
    world.home.save()
    mother_text = _text(client.get(_url("letter_docx", f, f.mother)).content)
    assert "Dear Mira Fictionfamily" in mother_text
    assert "Pat Partnership on 0121 496 0100" in mother_text
    leaflet = client.get(_url("leaflet_docx", f))
    assert world.user(Role.LEAD_REVIEWER).full_name in _text(leaflet.content)
    # Recording the letter as sent puts it in the contact log.
    response = client.post(_url("letter", f, f.father), {**_date("on", 20), "method": "letter", "by": coordinator.pk})
    assert response.status_code == 302
    sent = Contact.objects.get()
    assert (sent.kind, sent.on.isoformat(), sent.method, sent.by, sent.outcome) == (
        ContactKind.LETTER, "2026-11-20", Method.LETTER, coordinator, Outcome.SENT,
    )  # fmt: skip
    assert report.counts(f.case).letters_sent == 1
    assert (
        "Sent 20 November 2026 (letter) by Test CSPR group member"
        in client.get(_url("person", f, f.father)).content.decode()
    )


def test_views_support_and_involvement_flow_into_the_report_functions(world: World) -> None:
    f = lcspr_family(world)
    team = world.user(Role.REVIEW_TEAM_MEMBER)
    client = client_for(team)
    assert client.post(_url("view_add", f, f.mother), {**_date("on", 25), "for_report": "yes"}).status_code == 400
    client.post(
        _url("view_add", f, f.mother), {**_date("on", 25), "summary": "Nobody told us why", "for_report": "yes"}
    )
    client.post(_url("view_add", f, f.mother), {**_date("on", 26), "summary": "Private remark", "for_report": "no"})
    assert ViewExpressed.objects.count() == 2
    assert [(v.person, v.summary) for v in report.views_expressed(f.case)] == [(str(f.mother), "Nobody told us why")]

    no_language = client.post(
        _url("support_add", f, f.mother), {"kind": "interpreter", **_date("offered_on", 25), "offered_by": team.pk}
    )
    assert no_language.status_code == 400
    assert "Enter the language the interpreter speaks" in no_language.content.decode()
    client.post(
        _url("support_add", f, f.mother),
        {"kind": "interpreter", "language": "Welsh", **_date("offered_on", 25), "offered_by": team.pk,
         "taken_up": "not_yet_known"},
    )  # fmt: skip
    offer = SupportOffer.objects.get()
    assert offer.description == "Interpreter (Welsh)"
    assert client.post(_url("support_edit", f, f.mother, pk=offer.pk), {"taken_up": "yes"}).status_code == 302
    offer.refresh_from_db()
    assert offer.taken_up == TakenUp.YES

    no_reason = client.post(_url("involvement", f, f.sibling), {"involvement": "police_delay"})
    assert no_reason.status_code == 400
    assert "Give the reason, for the report" in no_reason.content.decode()
    client.post(_url("involvement", f, f.sibling), {"involvement": "police_delay", "reason": "Police request (demo)"})
    client.post(_url("involvement", f, f.mother), {"involvement": "taking_part"})
    assert Invitation.objects.get(person=f.mother).involvement == Involvement.TAKING_PART
    assert [(r.reason, r.detail) for r in report.non_involvement_reasons(f.case)] == [
        ("Police asked to delay contact", "Police request (demo)")
    ]
    summary = report.engagement_summary(f.case)
    assert (summary.counts.taking_part, summary.counts.not_involved) == (1, 1)
    for name in ("Mira", "Fred", "Sid", "Testchild"):
        assert name not in summary.text


def test_what_is_shared_before_publication_is_recorded(world: World) -> None:
    f = lcspr_family(world)
    team = world.user(Role.LEAD_REVIEWER)
    client = client_for(team)
    assert "Enter what was shared" in client.post(_url("shared_add", f), {}).content.decode()
    response = client.post(
        _url("shared_add", f),
        {"what": "The draft findings", **_date("shared_on", 28), "person": str(f.mother.pk), "shared_by": team.pk},
    )
    assert response.status_code == 302
    item = SharedItem.objects.get()
    assert (item.what, item.shared_on.isoformat(), item.shared_by, item.invitation.person) == (  # type: ignore[union-attr]
        "The draft findings", "2026-11-28", team, f.mother,
    )  # fmt: skip
    assert "The draft findings" in client.get(_url("index", f)).content.decode()


def test_a_closed_case_refuses_with_a_message_not_a_500(world: World) -> None:
    f = lcspr_family(world)
    Case.objects.filter(pk=f.case.pk).update(action_plan_closed_date=f.case.lcspr_commissioned_date)
    team = world.user(Role.REVIEW_TEAM_MEMBER)
    response = client_for(team).post(
        _url("contact_add", f, f.mother),
        {"kind": "attempt", **_date("on", 30), "method": "phone", "by": team.pk, "outcome": "spoke"},
    )
    assert response.status_code == 400
    assert "Family engagement is recorded once an LCSPR has been commissioned" in response.content.decode()
    assert not Contact.objects.exists()


def test_two_people_changing_one_invitation_do_not_overwrite_each_other(world: World) -> None:
    f = lcspr_family(world)
    client = client_for(world.user(Role.REVIEW_TEAM_MEMBER))
    client.post(_url("invitation", f, f.mother), {"invite": "yes", "coordinator_phone": "0121 496 0001"})
    stale = Invitation.objects.get().version
    client.post(
        _url("invitation", f, f.mother), {"invite": "yes", "coordinator_phone": "0121 496 0002", "version": stale}
    )
    response = client.post(
        _url("invitation", f, f.mother), {"invite": "yes", "coordinator_phone": "0121 496 0003", "version": stale}
    )
    assert response.status_code == 400
    assert "changed this record after you opened it" in response.content.decode()
    assert Invitation.objects.get().coordinator_phone == "0121 496 0002"
