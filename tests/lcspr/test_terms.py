"""Terms of reference (Document 7, rules 45–46): a prefilled draft, agreement only when complete,
significant changes as new versions re-approved, every version kept and compared, and nobody
outside the review's writers able to change them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.concurrency import StaleEdit
from cspr.cases.models import Case, Stage
from cspr.lcspr import actions
from cspr.lcspr.context import review_context
from cspr.lcspr.models import AppointmentRole, TermsStatus, TermsVersion
from cspr.rapidreview.models import RapidReviewRecord
from tests.lcspr.helpers import appoint_directly, commission, complete_values
from tests.world import World

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture
def case(world: World) -> Case:
    case = commission(world.cases["own"])
    RapidReviewRecord.objects.create(
        case=case,
        case_summary="Rapid Review summary (fictional).",
        time_period="From birth to the incident",
        kloes="Information sharing\nThe voice of the child",
        considerations="The family's first language is Testish",
    )
    return case


def _post_form(values: dict[str, Any]) -> dict[str, str]:
    data: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, dt.date):
            data |= {f"{name}-day": str(value.day), f"{name}-month": str(value.month), f"{name}-year": str(value.year)}
        elif name != "milestones":
            data[name] = str(value)
    return data


def _complete(world: World, case: Case) -> TermsVersion:
    manager = world.user(Role.BUSINESS_MANAGER)
    version = actions.save_terms(case, expected_version=None, values=complete_values(), acting_user=manager)
    appoint_directly(case, world.user(Role.LEAD_REVIEWER), AppointmentRole.LEAD_REVIEWER)
    return version


@time_machine.travel(NOW, tick=False)
def test_the_first_draft_is_prefilled_from_the_rapid_review(client: Client, world: World, case: Case) -> None:
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page = client.get(f"/lcspr/{case.reference}/terms/edit/").content.decode()
    assert "Rapid Review summary (fictional)." in page
    assert "The voice of the child" in page
    assert "first language is Testish" in page
    # Saving the draft with gaps is fine: drafts may be incomplete.
    response = client.post(f"/lcspr/{case.reference}/terms/edit/", {"case_summary": "Edited summary", "version": ""})
    assert response.status_code == 302
    version = TermsVersion.objects.get(case=case)
    assert (version.number, version.status, version.case_summary) == (1, TermsStatus.DRAFT, "Edited summary")
    assert version.kloes == ""  # what the user cleared stays cleared


@time_machine.travel(NOW, tick=False)
def test_agreeing_with_required_parts_missing_is_refused_and_each_is_listed(
    client: Client, world: World, case: Case
) -> None:
    manager = world.user(Role.BUSINESS_MANAGER)
    values = complete_values() | {"other_considerations": "", "learning_to_partners_date": None}
    version = actions.save_terms(case, expected_version=None, values=values, acting_user=manager)
    client.force_login(manager)
    response = client.post(
        f"/lcspr/{case.reference}/terms/agree/",
        _post_form({"agreed_on": TODAY, "agreed_by": "CSPR group, Test Chair", "version": version.version}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "racial, cultural, linguistic and religious considerations" in page
    assert "target date for presenting the learning" in page
    assert "a lead reviewer, or the organisations that lead the review" in page
    case.refresh_from_db()
    assert case.terms_of_reference_agreed_date is None
    assert TermsVersion.objects.get(pk=version.pk).status == TermsStatus.DRAFT


@time_machine.travel(NOW, tick=False)
def test_agreement_records_who_and_when_and_reaches_the_milestone(world: World, case: Case) -> None:
    version = _complete(world, case)
    agreed = actions.agree_terms(
        case,
        expected_version=None,
        agreed_on=TODAY,
        agreed_by="CSPR group meeting: Test Chair, Test Member",
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    assert agreed.pk == version.pk
    assert agreed.status == TermsStatus.AGREED
    assert agreed.agreed_by == "CSPR group meeting: Test Chair, Test Member"
    assert agreed.agreed_recorded_by == world.user(Role.BUSINESS_MANAGER)
    assert [t["name"] for t in agreed.team_at_agreement] == ["Test Lead reviewer"]
    case.refresh_from_db()
    assert case.terms_of_reference_agreed_date == TODAY
    assert case.stage == Stage.LCSPR
    assert AuditEvent.objects.filter(action="lcspr.agree_terms").count() == 1


@time_machine.travel(NOW, tick=False)
def test_an_agreement_dated_in_the_future_or_without_names_is_refused(world: World, case: Case) -> None:
    _complete(world, case)
    manager = world.user(Role.BUSINESS_MANAGER)
    with pytest.raises(ValidationError):
        actions.agree_terms(case, expected_version=None, agreed_on=TODAY, agreed_by=" ", acting_user=manager)
    with pytest.raises(ValidationError):
        actions.agree_terms(
            case, expected_version=None, agreed_on=TODAY + dt.timedelta(days=1), agreed_by="X", acting_user=manager
        )
    assert Case.objects.get(pk=case.pk).terms_of_reference_agreed_date is None


@time_machine.travel(NOW, tick=False)
def test_a_significant_change_is_a_new_version_re_approved_and_both_are_shown(
    client: Client, world: World, case: Case
) -> None:
    manager = world.user(Role.BUSINESS_MANAGER)
    _complete(world, case)
    actions.agree_terms(case, expected_version=None, agreed_on=TODAY, agreed_by="CSPR group 1", acting_user=manager)
    # An agreed version is never edited.
    with pytest.raises(ValidationError):
        actions.save_terms(case, expected_version=None, values={"kloes": "Sneaked in"}, acting_user=manager)
    with pytest.raises(ValidationError):
        actions.propose_change(case, reason="  ", acting_user=manager)
    second = actions.propose_change(case, reason="A new line of enquiry about housing", acting_user=manager)
    assert (second.number, second.status, second.kloes) == (2, TermsStatus.DRAFT, complete_values()["kloes"])
    # Only one change in draft at a time.
    with pytest.raises(ValidationError):
        actions.propose_change(case, reason="Another", acting_user=manager)
    actions.save_terms(
        case,
        expected_version=second.version,
        values={"kloes": "Information sharing\nHousing (added in version 2)"},
        acting_user=manager,
    )
    # Until it is re-approved the documents print the agreed version 1.
    assert review_context(case)["tor_version"].startswith("Version 1, agreed")  # type: ignore[union-attr]
    with time_machine.travel(NOW + dt.timedelta(days=7), tick=False):
        actions.agree_terms(
            case,
            expected_version=None,
            agreed_on=TODAY + dt.timedelta(days=7),
            agreed_by="CSPR group 2",
            acting_user=manager,
        )
    case.refresh_from_db()
    assert case.terms_of_reference_agreed_date == TODAY  # the first agreement stays the milestone
    assert review_context(case)["tor_kloes"] == ["Information sharing", "Housing (added in version 2)"]
    client.force_login(world.user(Role.AUDITOR))  # read-only users see every version
    page = client.get(f"/lcspr/{case.reference}/terms/versions/").content.decode()
    assert "Version 1" in page
    assert "Version 2" in page
    assert "A new line of enquiry about housing" in page
    assert "Housing (added in version 2)" in page
    assert "The voice of the child" not in page
    assert "CSPR group 1" in page
    assert "CSPR group 2" in page
    assert "2026-11" not in page  # dates in words, never ISO


@time_machine.travel(NOW, tick=False)
def test_a_stale_draft_save_is_refused(world: World, case: Case) -> None:
    manager = world.user(Role.BUSINESS_MANAGER)
    first = actions.save_terms(case, expected_version=None, values={"case_summary": "A"}, acting_user=manager)
    actions.save_terms(
        case, expected_version=first.version, values={"case_summary": "B"}, acting_user=world.user(Role.PARTNER_LEAD)
    )
    with pytest.raises(StaleEdit):
        actions.save_terms(case, expected_version=first.version, values={"case_summary": "C"}, acting_user=manager)
    assert TermsVersion.objects.get(pk=first.pk).case_summary == "B"


@time_machine.travel(NOW, tick=False)
def test_forged_posts_from_read_only_and_other_partnerships_change_nothing(
    client: Client, world: World, case: Case
) -> None:
    _complete(world, case)
    data = _post_form({"agreed_on": TODAY, "agreed_by": "Forged"})
    client.force_login(world.user(Role.AUDITOR))
    assert client.post(f"/lcspr/{case.reference}/terms/agree/", data).status_code == 403
    assert client.post(f"/lcspr/{case.reference}/terms/edit/", {"case_summary": "Forged"}).status_code == 403
    client.force_login(world.away_manager)
    assert client.post(f"/lcspr/{case.reference}/terms/agree/", data).status_code == 404
    assert client.get(f"/lcspr/{case.reference}/terms/").status_code == 404
    # A collaborating partnership reads the other's review but never agrees its terms.
    collab = commission(world.cases["collab"])
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    assert client.get(f"/lcspr/{collab.reference}/terms/").status_code == 200
    assert client.post(f"/lcspr/{collab.reference}/terms/agree/", data).status_code == 403
    assert TermsVersion.objects.get(case=case).status == TermsStatus.DRAFT
    assert not TermsVersion.objects.filter(case=collab).exists()


@time_machine.travel(NOW, tick=False)
def test_the_terms_page_offers_changes_only_to_writers(client: Client, world: World, case: Case) -> None:
    _complete(world, case)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page = client.get(f"/lcspr/{case.reference}/terms/").content.decode()
    assert f"/lcspr/{case.reference}/terms/edit/" in page
    assert f"/lcspr/{case.reference}/terms/agree/" in page
    client.force_login(world.user(Role.SCRUTINEER))
    page = client.get(f"/lcspr/{case.reference}/terms/").content.decode()
    assert f"/lcspr/{case.reference}/terms/edit/" not in page
    assert "/terms/agree/" not in page
