"""The retention rules, on a pinned clock: due the day after the period ends (not before), legal holds,
no destruction without a recorded decision, destruction with its certificate and an intact audit chain."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.audit.verify import verify_all
from cspr.cases.models import Case
from cspr.changes import fragments
from cspr.chronology.models import ChronologyEntry
from cspr.portal.models import InformationRequest, Upload
from cspr.retention import actions, policy
from cspr.retention.models import DestructionCertificate, LegalHold, Outcome, ReviewDecision
from tests.retention.helpers import client_for, close, fill, manager
from tests.world import World

# Chronology entries: 6 years after closure by default. Closed 15 January 2026: the period ends on
# 15 January 2032 and the entries are due from 16 January 2032.
LAST_DAY = "2032-01-15 23:00 +0000"
DUE_DAY = "2032-01-16 09:00 +0000"


def _due(world: World) -> set[tuple[str, str]]:
    return {(u.record_class.key, u.case_reference) for u in policy.due_units(world.home, dt.date.today())}


@pytest.mark.django_db
def test_records_are_due_the_day_after_the_period_ends_and_not_before(world: World) -> None:
    case = close(world.cases["own"])
    fill(world, case)
    with time_machine.travel(LAST_DAY, tick=False):
        assert ("chronology", case.reference) not in _due(world)
        page = client_for(manager(world)).get(reverse("retention:review"))
        assert page.status_code == 200
        assert case.reference not in page.content.decode()
    with time_machine.travel(DUE_DAY, tick=False):
        due = _due(world)
        assert ("chronology", case.reference) in due
        assert ("agency_returns", case.reference) in due
        assert ("case_record", case.reference) not in due  # 25 years
        page = client_for(manager(world)).get(reverse("retention:review"))
        assert case.reference in page.content.decode()
    # Another partnership's closed case is never on this partnership's list.
    close(world.cases["other"])
    with time_machine.travel(DUE_DAY, tick=False):
        assert all(ref != world.cases["other"].reference for _, ref in _due(world))


@pytest.mark.django_db
def test_a_partnership_period_moves_the_day(world: World) -> None:
    case = close(world.cases["own"])
    fill(world, case)
    with time_machine.travel("2026-02-01 09:00 +0000", tick=False):
        actions.save_schedule(
            world.home, record_class="chronology", years=1, months=6, permanent=False, expected_version=0,
            acting_user=manager(world),
        )  # fmt: skip
    with time_machine.travel("2027-07-15 12:00 +0000", tick=False):
        assert ("chronology", case.reference) not in _due(world)
    with time_machine.travel("2027-07-16 09:00 +0000", tick=False):
        assert ("chronology", case.reference) in _due(world)


def _decide(world: World, case: Case, record_class: str, outcome: str = Outcome.DESTROY) -> ReviewDecision:
    return actions.record_decision(
        world.home, case_id=case.pk, record_class=record_class, outcome=outcome, reason="Past its period; no hold.",
        review_again_on=dt.date(2033, 1, 1) if outcome == Outcome.KEEP else None, acting_user=manager(world),
    )  # fmt: skip


@pytest.mark.django_db
def test_a_legal_hold_hides_the_records_and_destruction_refuses_them(world: World) -> None:
    case = close(world.cases["own"])
    fill(world, case)
    user = manager(world)
    with time_machine.travel(DUE_DAY, tick=False):
        decision = _decide(world, case, "chronology")
        hold = actions.place_hold(world.home, case=case, reason="Coroner's inquest (fictional).", acting_user=user)
        assert not any(ref == case.reference for _, ref in _due(world))
        # Break attempt: the destroy button of the earlier decision, posted while the hold is active.
        response = client_for(user).post(reverse("retention:destroy", args=[decision.pk]))
        assert response.status_code == 400
        assert "legal hold" in response.content.decode()
        with pytest.raises(actions.Refused):
            actions.destroy(world.home, decision.pk, acting_user=user)
        assert ChronologyEntry.objects.filter(case=case).count() == 1
        assert not DestructionCertificate.objects.exists()
        # A decision cannot be recorded on held records either.
        with pytest.raises(actions.Refused):
            _decide(world, case, "agency_returns")
        actions.release_hold(world.home, hold.pk, reason="Inquest concluded.", acting_user=user)
        assert ("chronology", case.reference) in _due(world)


@pytest.mark.django_db
def test_a_hold_on_a_person_covers_their_linked_cases(world: World) -> None:
    case = close(world.cases["own"])
    linked = Case.objects.create(reference="HOME-2020-009", lead_partnership=world.home)
    close(linked)
    case.linked_cases.add(linked)
    fill(world, linked)
    from tests.retention.helpers import people

    mother = people(case)["mother"]
    with time_machine.travel(DUE_DAY, tick=False):
        assert ("chronology", linked.reference) in _due(world)
        client = client_for(manager(world))
        url = reverse("retention:person_hold", args=[case.reference, mother.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"record_class": "", "reason": "Civil claim (fictional)."})
        assert response.status_code == 302
        assert ("chronology", linked.reference) not in _due(world)
        hold = LegalHold.objects.get()
        assert hold.person == mother
        assert hold.case is None
        # Released with its reason, the linked case's records are due again.
        actions.release_hold(world.home, hold.pk, reason="Claim withdrawn.", acting_user=manager(world))
        assert ("chronology", linked.reference) in _due(world)


@pytest.mark.django_db
def test_destruction_without_a_recorded_decision_is_refused(world: World) -> None:
    case = close(world.cases["own"])
    fill(world, case)
    user = manager(world)
    with time_machine.travel(DUE_DAY, tick=False):
        client = client_for(user)
        # Forged POSTs: a decision that does not exist, and a decision to keep.
        assert client.post(reverse("retention:destroy", args=[999999])).status_code == 404
        keep = _decide(world, case, "chronology", Outcome.KEEP)
        assert client.post(reverse("retention:destroy", args=[keep.pk])).status_code == 400
        # A decision form without its reason records nothing.
        url = reverse("retention:unit", args=["agency_returns", case.reference])
        assert client.post(url, {"outcome": "destroy", "reason": ""}).status_code == 400
        assert not ReviewDecision.objects.filter(record_class="agency_returns").exists()
        # Someone else's role cannot carry out a recorded decision, even by calling the action.
        decision = _decide(world, case, "agency_returns")
        with pytest.raises(actions.Refused):
            actions.destroy(world.home, decision.pk, acting_user=world.user(Role.PARTNER_LEAD))
        assert (
            client_for(world.user(Role.PARTNER_LEAD)).post(reverse("retention:destroy", args=[decision.pk])).status_code
            == 404
        )
    assert ChronologyEntry.objects.filter(case=case).count() == 1
    assert InformationRequest.objects.filter(case=case).count() == 1
    assert not DestructionCertificate.objects.exists()
    # Too early is refused as well, whatever decision was recorded.
    with time_machine.travel(LAST_DAY, tick=False), pytest.raises(actions.Refused):
        actions.destroy(world.home, decision.pk, acting_user=user)


def _stored_parts() -> tuple[int, int]:
    """Parts in this process's memory and in the shared store (memory too, in the tests: conftest)."""
    return tuple(len(caches[name]._cache) for name in (fragments.CACHE, fragments.SHARED))  # type: ignore[attr-defined,return-value]


@pytest.mark.django_db(transaction=True)
def test_destruction_removes_rows_and_files_leaves_a_certificate_and_the_audit_chain_intact(world: World) -> None:
    case = close(world.cases["own"])
    made = fill(world, case)
    upload = made["upload"]
    assert isinstance(upload, Upload)
    stored = upload.file.name
    assert default_storage.exists(str(stored))
    user = manager(world)
    with time_machine.travel(DUE_DAY, tick=False):
        client = client_for(user)
        url = reverse("retention:unit", args=["agency_returns", case.reference])
        assert (
            client.post(url, {"outcome": "destroy", "reason": "Past its period, nothing pending."}).status_code == 302
        )
        decision = ReviewDecision.objects.get(record_class="agency_returns")
        # The case page, stored as page parts (decision 0040), shows the records about to go.
        assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
        assert _stored_parts() == (1, 1)
        before = AuditEvent.objects.filter(case_id=case.pk).count()
        response = client.post(reverse("retention:destroy", args=[decision.pk]))
        assert response.status_code == 302
        assert _stored_parts() == (0, 0)  # no copy of the destroyed records is kept
    certificate = DestructionCertificate.objects.get()
    assert certificate.case_reference == case.reference
    assert certificate.rows["portal.InformationRequest"] == 1
    assert certificate.rows["portal.Upload"] == 1
    assert certificate.files[0]["sha256"] == upload.sha256
    assert not InformationRequest.objects.filter(case=case).exists()
    assert not default_storage.exists(str(stored))
    assert ChronologyEntry.objects.filter(case=case).count() == 1  # another class: untouched
    # The audit rows stay, one more names the destruction, and the chain verifies.
    assert AuditEvent.objects.filter(case_id=case.pk).count() == before + 1
    assert AuditEvent.objects.get(action="retention.destroyed").hash == certificate.audit_hash
    assert verify_all().intact
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "Audit chain intact" in out.getvalue()
    # A second press of the button destroys nothing more.
    with time_machine.travel(DUE_DAY, tick=False):
        assert client.post(reverse("retention:destroy", args=[decision.pk])).status_code == 400
    # The certificate is downloadable as Word.
    client = client_for(user)
    word = client.get(reverse("retention:certificate_file", args=[certificate.pk, "docx"]))
    assert word.status_code == 200
    with zipfile.ZipFile(io.BytesIO(word.content)) as docx:
        text = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
    assert certificate.number in text
    assert 'w:lang w:val="en-GB"' in styles  # started from ooxml.new_document
    assert upload.sha256 in text
    assert case.reference in text


@pytest.mark.django_db(transaction=True)
def test_destroying_the_whole_case_keeps_its_audit_rows_and_certificate(world: World) -> None:
    case = close(world.cases["own"])
    made = fill(world, case)
    upload = made["upload"]
    assert isinstance(upload, Upload)
    user = manager(world)
    with time_machine.travel("2051-01-16 09:00 +0000", tick=False):
        decision = _decide(world, case, "case_record")
        trail = AuditEvent.objects.filter(case_id=case.pk).count()
        certificate = actions.destroy(world.home, decision.pk, acting_user=user)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not default_storage.exists(str(upload.file.name))
    assert certificate.rows["cases.Case"] == 1
    assert certificate.rows["chronology.ChronologyEntry"] == 1
    assert AuditEvent.objects.filter(case_id=case.pk).count() == trail + 1
    assert verify_all().intact
    # The decision and the certificate outlive the case.
    decision.refresh_from_db()
    assert decision.case_id is None
    assert decision.carried_out_at is not None
    assert client_for(user).get(reverse("retention:certificate", args=[certificate.pk])).status_code == 200


@pytest.mark.django_db
def test_a_keep_decision_hides_the_records_until_its_review_date_and_withdraws_a_destruction(world: World) -> None:
    case = close(world.cases["own"])
    fill(world, case)
    user = manager(world)
    with time_machine.travel(DUE_DAY, tick=False):
        destroy = _decide(world, case, "chronology")
        keep = actions.record_decision(
            world.home, case_id=case.pk, record_class="chronology", outcome=Outcome.KEEP,
            reason="A fictional inquiry may ask for it.", review_again_on=dt.date(2033, 1, 1), acting_user=user,
        )  # fmt: skip
        assert ("chronology", case.reference) not in _due(world)
        with pytest.raises(actions.Refused):  # the earlier decision is withdrawn
            actions.destroy(world.home, destroy.pk, acting_user=user)
        with pytest.raises(actions.Refused):  # a keep decision needs a date after today
            actions.record_decision(
                world.home, case_id=case.pk, record_class="agency_returns", outcome=Outcome.KEEP, reason="x",
                review_again_on=dt.date(2032, 1, 16), acting_user=user,
            )  # fmt: skip
    with time_machine.travel("2032-12-31 12:00 +0000", tick=False):
        assert ("chronology", case.reference) not in _due(world)
    with time_machine.travel("2033-01-01 09:00 +0000", tick=False):
        assert ("chronology", case.reference) in _due(world)
    assert ChronologyEntry.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(action="retention.decision_recorded", object_id=str(keep.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_destruction_that_fails_leaves_every_row_and_file(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    case = close(world.cases["own"])
    upload = fill(world, case)["upload"]
    assert isinstance(upload, Upload)
    user = manager(world)
    with time_machine.travel(DUE_DAY, tick=False):
        decision = _decide(world, case, "agency_returns")

        def broken(**kwargs: object) -> None:
            raise RuntimeError("audit store unavailable")

        monkeypatch.setattr("cspr.retention.actions.audit.record", broken)
        with pytest.raises(RuntimeError):
            actions.destroy(world.home, decision.pk, acting_user=user)
    assert InformationRequest.objects.filter(case=case).count() == 1
    assert default_storage.exists(str(upload.file.name))
    assert not DestructionCertificate.objects.exists()
    decision.refresh_from_db()
    assert decision.carried_out_at is None


@pytest.mark.django_db
def test_emails_are_kept_from_their_own_date_and_only_those_past_it_are_destroyed(world: World) -> None:
    from cspr.outbox.models import Message, Status

    case = world.cases["own"]  # open: emails count from their own date, not the case's closure
    user = manager(world)

    def email(key: str, on: str) -> Message:
        message = Message.objects.create(
            key=key, kind="deadlines.due_soon", case=case, recipients=["x@test.invalid"], subject="s", body="b",
            status=Status.SENT,
        )  # fmt: skip
        Message.objects.filter(pk=message.pk).update(created_at=dt.datetime.fromisoformat(on))
        return message

    old = email("old", "2026-03-10T10:00:00+00:00")
    new = email("new", "2027-06-01T10:00:00+00:00")
    with time_machine.travel("2028-03-10 20:00 +0000", tick=False):
        assert ("outbox_emails", case.reference) not in _due(world)
    with time_machine.travel("2028-03-11 09:00 +0000", tick=False):
        assert ("outbox_emails", case.reference) in _due(world)
        decision = _decide(world, case, "outbox_emails")
        certificate = actions.destroy(world.home, decision.pk, acting_user=user)
    assert certificate.rows == {"outbox.Message": 1}
    assert not Message.objects.filter(pk=old.pk).exists()
    assert Message.objects.filter(pk=new.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("milestone", ["published_date", "not_published_date"])
def test_working_papers_count_from_publication_or_the_decision_not_to_publish(world: World, milestone: str) -> None:
    """Six years by default from the report's publication; an unpublished review's working papers
    count from the partners' decision not to publish (decision 0026), so they are not kept for ever."""
    from cspr.oversight.models import ClockPause, PauseReason

    case = world.cases["own"]
    Case.objects.filter(pk=case.pk).update(**{milestone: dt.date(2026, 3, 2)})
    ClockPause.objects.create(
        case=case, reason_kind=PauseReason.choices[0][0], reason="Demo criminal trial", agreed_by="Demo Panel",
        started_on=dt.date(2025, 6, 2), recorded_by=manager(world),
    )  # fmt: skip
    with time_machine.travel("2032-03-02 12:00 +0000", tick=False):
        assert ("lcspr_working_papers", case.reference) not in _due(world)
    with time_machine.travel("2032-03-03 09:00 +0000", tick=False):
        units = [
            u for u in policy.due_units(world.home, dt.date.today()) if u.record_class.key == "lcspr_working_papers"
        ]
        assert [(u.case_reference, u.trigger_date, u.period_ends) for u in units] == [
            (case.reference, dt.date(2026, 3, 2), dt.date(2032, 3, 2))
        ]
