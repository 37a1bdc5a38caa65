"""The publication page and the LCSPR task list's publication section read in a fixed number of
queries, whatever the number of people given the report and agencies told."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.accounts.roles import Role
from cspr.cases.models import AgencyInvolvement, Case, Person, PersonRole
from cspr.organisations.models import Agency, AgencyType
from cspr.publication import actions
from cspr.publication.models import PractitionerBriefing, PreReading
from tests.publication.helpers import PLANNED, D, approve_all, at, plan, ready_for_approval
from tests.world import World


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _add(world: World, case: Case, n: int) -> None:
    manager = world.user(Role.BUSINESS_MANAGER)
    base = Person.objects.filter(case=case).count()
    for i in range(n):
        person = Person.objects.create(case=case, role=PersonRole.FAMILY_MEMBER, first_name=f"Testrelative{base + i}")
        PreReading.objects.create(case=case, person=person, given_on=D(2027, 3, 10), recorded_by=manager)
        agency = Agency.objects.create(
            partnership=case.lead_partnership, name=f"Test Agency {base + i}", agency_type=AgencyType.OTHER
        )
        AgencyInvolvement.objects.create(case=case, agency=agency)
        PractitionerBriefing.objects.create(
            case=case, agency=agency, told_on=D(2027, 3, 10), told_by="X", recorded_by=manager
        )


def test_the_publication_pages_query_count_does_not_grow(world: World) -> None:
    case = plan(world, approve_all(world, ready_for_approval(world)))
    with at(D(2027, 3, 15)):
        actions.send_copies(case, late_reason="", acting_user=world.user(Role.BUSINESS_MANAGER))
    with at(PLANNED):
        actions.record_published(
            case,
            published_on=PLANNED,
            url="https://test.invalid/r.pdf",
            reviewer_names="Test Reviewer",
            reviewer_named=True,
            late_reason="",
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
    with at(D(2027, 4, 2)):
        client = Client()
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        for path in (f"/publication/{case.reference}/", f"/lcspr/{case.reference}/"):
            _add(world, case, 1)
            _count(client, path)  # warm the per-process caches
            small = _count(client, path)
            _add(world, case, 8)
            large = _count(client, path)
            assert large == small, f"{path}: {small} queries, then {large} with 8 more of everything"
        page = client.get(f"/publication/{case.reference}/").content.decode()
    assert "Available until" in page
    assert "1 April 2028" in page
