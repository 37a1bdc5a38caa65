"""Accepting an agency's family correction changes the family record through ``cspr.cases`` only:
the person and the case get new versions from their locked rows, so an edit page opened before the
correction is refused as stale instead of saving over it (issue 10, item 1)."""

from __future__ import annotations

import pytest

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases import actions as case_actions
from cspr.cases.concurrency import StaleEdit
from cspr.cases.models import Case, Person, PersonRole
from cspr.portal import actions
from cspr.portal.models import FamilyCorrection, InformationRequest, RequestState, RequestType
from tests.world import World

pytestmark = pytest.mark.django_db


def test_an_accepted_correction_bumps_the_person_and_the_case_from_their_locked_rows(world: World) -> None:
    case = world.cases["own"]
    manager = world.user(Role.BUSINESS_MANAGER)
    mother = Person.objects.create(
        case=case, role=PersonRole.FAMILY_MEMBER, first_name="Testmother", relationship_to_child="Mother"
    )
    request = InformationRequest.objects.create(
        case=case, agency=world.agencies["own"], request_type=RequestType.SCOPING, state=RequestState.SUBMITTED
    )
    correction = FamilyCorrection.objects.create(
        request=request, person=mother, field="ethnicity", current_value="", proposed_value="White British"
    )
    stale_case = Case.objects.get(pk=case.pk)
    # Someone else changed the case meanwhile: the correction must not count from the stale version.
    case_actions.update_dates(case, expected_version=case.version, values={}, acting_user=manager)
    before = Case.objects.get(pk=case.pk).version
    assert before == stale_case.version + 1

    actions.decide_correction(correction, accept=True, acting_user=manager)

    mother_now = Person.objects.get(pk=mother.pk)
    assert (mother_now.ethnicity, mother_now.version) == ("White British", mother.version + 1)
    assert Case.objects.get(pk=case.pk).version == before + 1
    event = AuditEvent.objects.filter(action="cases.update_person").latest("id")
    assert event.after == {"ethnicity": "White British", "version": mother.version + 1}
    # The edit page opened before the correction is refused, naming what changed.
    with pytest.raises(StaleEdit) as stale:
        case_actions.save_person(
            case, mother, expected_version=mother.version, values={"religion": "None"}, acting_user=manager
        )
    assert "ethnicity" in str(stale.value)
