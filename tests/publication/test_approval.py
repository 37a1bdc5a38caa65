"""Rule 63 (each partner approves the final report for itself) and C10 (the LCSPR is completed, and its
six-month clock met, when the three have approved): with attempts to break it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import Case
from cspr.cases.transitions import ActionRefused
from cspr.deadlines import services
from cspr.deadlines.engine import State
from cspr.organisations.models import PartnerKind
from cspr.publication import actions, approval
from cspr.publication.models import Approval, FinalReport
from tests.publication.helpers import APPROVED, D, approve_all, at, date_post, docx_bytes, leads, ready_for_approval
from tests.world import World


def _post(user: object, case: Case, path: str, data: dict[str, str]) -> object:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client.post(f"/publication/{case.reference}/{path}", data)


def test_three_partners_each_approve_and_the_lcspr_is_completed_that_day(world: World) -> None:
    case = ready_for_approval(world)
    who = leads(world, case)
    with at(D(2027, 2, 26)):
        approval.approve(
            case,
            partner="la",
            approver_name="Test LA Director",
            approver_role="Director",
            date=D(2027, 2, 26),
            acting_user=who[PartnerKind.LOCAL_AUTHORITY],
        )
    case.refresh_from_db()
    assert case.report_approved_date is None  # two still to approve
    with at(APPROVED):
        for kind in (PartnerKind.ICB, PartnerKind.POLICE):
            client = Client()
            client.force_login(who[kind])
            response = client.post(
                f"/publication/{case.reference}/approve/",
                {"partner": kind.value, "approver_name": "Test Exec", "approver_role": "Director"}
                | date_post("date", APPROVED),
            )
            assert response.status_code == 302, response.content.decode()[:2000]
        case.refresh_from_db()
        assert case.report_approved_date == APPROVED
        assert case.stage == "publication"
        deadlines = {d.key: d for d in services.deadlines_for_case(case)}
        # C10: the six months (16 May 2027) are met on the approval date; regulation 14 checks stop.
        assert deadlines["lcspr"].state is State.MET
        assert deadlines["lcspr"].met_on == APPROVED
        assert deadlines["regulation_14_check"].due is None
        assert deadlines["regulation_14_check"].state is State.NOT_APPLICABLE
        client = Client()
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        page = client.get(f"/lcspr/{case.reference}/").content.decode()
        assert "Final report approved by the three partners" in page
        assert "Approved 1 March 2027" in page
    assert AuditEvent.objects.filter(action="publication.approve", case_id=case.pk).count() == 3


def test_a_partner_lead_cannot_approve_for_another_partner_by_a_forged_post(world: World) -> None:
    case = ready_for_approval(world)
    la_lead = leads(world, case)[PartnerKind.LOCAL_AUTHORITY]
    with at(APPROVED):
        response = _post(
            la_lead,
            case,
            "approve/",
            {"partner": "police", "approver_name": "Forged", "approver_role": "X"} | date_post("date", APPROVED),
        )
        assert response.status_code == 400  # type: ignore[attr-defined]
        assert "You approve for your own partner only" in response.content.decode()  # type: ignore[attr-defined]
        with pytest.raises(ValidationError, match="Local authority only"):
            approval.approve(
                case, partner="police", approver_name="X", approver_role="X", date=APPROVED, acting_user=la_lead
            )
    assert not Approval.objects.filter(case=case).exists()


def test_the_business_manager_approves_only_on_behalf_with_reason_and_delegation(world: World) -> None:
    case = ready_for_approval(world)
    manager = world.user(Role.BUSINESS_MANAGER)
    with at(APPROVED):
        assert _post(manager, case, "approve/", {"partner": "icb"}).status_code == 403  # type: ignore[attr-defined]
        with pytest.raises(ValidationError, match="Only a statutory partner lead"):
            approval.approve(
                case, partner="icb", approver_name="X", approver_role="X", date=APPROVED, acting_user=manager
            )
        response = _post(
            manager,
            case,
            "approve/on-behalf/",
            {"partner": "icb", "approver_name": "Test ICB Exec", "approver_role": "Director"}
            | date_post("date", APPROVED),
        )
        assert "Enter why you are approving" in response.content.decode()  # type: ignore[attr-defined]
        assert not Approval.objects.filter(case=case).exists()
        response = _post(
            manager,
            case,
            "approve/on-behalf/",
            {
                "partner": "icb",
                "approver_name": "Test ICB Exec",
                "approver_role": "Director",
                "reason": "The ICB's lead approved by email while away (fictional).",
                "delegation": "Written delegation of 1 March 2027 (fictional).",
            }
            | date_post("date", APPROVED),
        )
        assert response.status_code == 302  # type: ignore[attr-defined]
    row = Approval.objects.get(case=case, partner="icb")
    assert row.on_behalf
    assert row.acting_partner == ""
    assert row.delegation
    assert AuditEvent.objects.filter(action="publication.approve_on_behalf", case_id=case.pk).exists()


def test_on_behalf_is_refused_where_the_partnership_forbids_it(world: World) -> None:
    case = ready_for_approval(world)
    case.lead_partnership.allow_ratification_on_behalf = False
    case.lead_partnership.save()
    manager = world.user(Role.BUSINESS_MANAGER)
    with at(APPROVED):
        assert _post(manager, case, "approve/on-behalf/", {}).status_code == 403  # type: ignore[attr-defined]
        with pytest.raises(ValidationError, match="does not allow"):
            approval.approve_on_behalf(
                case,
                partner="icb",
                approver_name="X",
                approver_role="X",
                date=APPROVED,
                reason="r",
                delegation="d",
                acting_user=manager,
            )


def test_a_collaborating_partnerships_lead_cannot_approve(world: World) -> None:
    case = ready_for_approval(world)
    outsider = leads(world, world.cases["collab"])[PartnerKind.POLICE]
    with at(APPROVED), pytest.raises(PermissionDenied):
        approval.approve(
            case, partner="police", approver_name="X", approver_role="X", date=APPROVED, acting_user=outsider
        )


def test_approval_needs_a_report_and_agreed_terms_and_each_partner_approves_once(world: World) -> None:
    case = ready_for_approval(world)
    lead = leads(world, case)[PartnerKind.POLICE]
    FinalReport.objects.filter(case=case).delete()
    with at(APPROVED), pytest.raises(ValidationError, match="no final report"):
        approval.approve(case, partner="police", approver_name="X", approver_role="X", date=APPROVED, acting_user=lead)
    with at(APPROVED):
        actions.upload_report(
            case,
            filename="final.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            content=docx_bytes(),
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
        approval.approve(case, partner="police", approver_name="X", approver_role="X", date=APPROVED, acting_user=lead)
        with pytest.raises(ValidationError, match="already approved"):
            approval.approve(
                case, partner="police", approver_name="X", approver_role="X", date=APPROVED, acting_user=lead
            )
    Case.objects.filter(pk=case.pk).update(terms_of_reference_agreed_date=None)
    case.refresh_from_db()
    icb = leads(world, case)[PartnerKind.ICB]
    with at(APPROVED), pytest.raises(ActionRefused):
        approval.approve(case, partner="icb", approver_name="X", approver_role="X", date=APPROVED, acting_user=icb)


def test_approved_case_refuses_further_approval(world: World) -> None:
    case = approve_all(world, ready_for_approval(world))
    with at(APPROVED), pytest.raises(ActionRefused):
        approval.approve(
            case,
            partner="la",
            approver_name="X",
            approver_role="X",
            date=APPROVED,
            acting_user=leads(world, case)[PartnerKind.LOCAL_AUTHORITY],
        )


def test_regulation_14_reminders_stop_once_the_report_is_approved(world: World) -> None:
    from cspr.deadlines import reminders
    from cspr.outbox.models import Message

    case = ready_for_approval(world)

    def reg14() -> int:
        return sum("regulation 14" in s for s in Message.objects.values_list("subject", flat=True))

    # Ratified 16 November 2026: a monthly check falls due on the 16th while the review runs.
    with at(D(2027, 2, 16)):
        reminders.plan(D(2027, 2, 16))
    assert reg14() >= 1
    before = reg14()
    approve_all(world, case)
    for day in (D(2027, 3, 16), D(2027, 4, 16), D(2027, 5, 17)):
        with at(day):
            reminders.plan(day)
    assert reg14() == before
