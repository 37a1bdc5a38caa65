"""Reads are logged in one place (issue 10 item 6): every case URL writes its access row.

The walk uses the access matrix's own descriptions, so a new page is covered without a new test.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cspr.access import get_case_for_user
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent, EventKind
from tests.matrix import Audience
from tests.test_access_matrix import all_specs, named_patterns
from tests.world import World

CASE_AUDIENCES = {
    Audience.CASE_READ,
    Audience.CASE_WRITE,
    Audience.AUDIT,
    Audience.CASE_ENDORSE,
    Audience.AGENCY,
    Audience.FAMILY_LOG,
    Audience.CASE_REVIEW_TEAM,
    Audience.PRACTITIONER,
    Audience.REPORT_WRITE,
}
# Who requests each page kind (the business manager unless the page is someone else's).
READER = {
    Audience.AGENCY: lambda world: world.agency_users["own"],
    Audience.FAMILY_LOG: lambda world: world.user(Role.REVIEW_TEAM_MEMBER),
    Audience.CASE_REVIEW_TEAM: lambda world: world.user(Role.LEAD_REVIEWER),
    Audience.PRACTITIONER: lambda world: world.user(Role.PRACTITIONER),
}


def _case_reads(case_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=EventKind.ACCESS, action="read.case", case_id=case_id).order_by("id"))


@pytest.mark.django_db
def test_every_case_url_writes_one_access_row_for_its_case(world: World) -> None:
    specs = all_specs()
    case = world.cases["own"]
    walked: list[str] = []
    missing: list[str] = []
    for name in named_patterns():
        spec = specs[name]
        if spec.audience not in CASE_AUDIENCES:
            continue
        reader = READER.get(spec.audience)
        user = reader(world) if reader else world.user(Role.BUSINESS_MANAGER)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        url = reverse(name, kwargs=spec.kwargs(world, "own"))
        before = len(_case_reads(case.pk))
        response = client.post(url, {}) if spec.post_only else client.get(url)
        assert response.status_code < 500, f"{name}: {response.status_code}"
        walked.append(name)
        new = _case_reads(case.pk)[before:]
        if len(new) != 1 or new[0].actor_id != user.pk or new[0].detail.get("page") != name:
            missing.append(f"{name}: {[(e.actor_id, e.detail) for e in new]}")
    print(f"\nreads logged: {len(walked)} case URLs walked, {len(missing)} without exactly one access row")
    assert len(walked) > 50
    assert missing == [], "\n".join(missing)


def test_an_edit_page_showing_the_nhs_number_logs_the_read(world: World) -> None:
    case = world.cases["own"]
    person = case.people.first()
    assert person is not None
    client = Client()
    user = world.user(Role.CSPR_GROUP_MEMBER)
    client.force_login(user)
    response = client.get(reverse("cases:person_edit", kwargs={"reference": case.reference, "person_id": person.pk}))
    assert response.status_code == 200
    row = AuditEvent.objects.get(kind=EventKind.ACCESS, case_id=case.pk)
    assert (row.actor, row.action, row.detail["page"]) == (user, "read.case", "cases:person_edit")


def test_one_request_fetching_a_case_twice_writes_one_row(world: World) -> None:
    from cspr.audit import context

    case = world.cases["own"]
    user = world.user(Role.AUDITOR)
    token = context._current.set(context.RequestReads(page="cases:detail"))
    try:
        get_case_for_user(user, case.reference)
        get_case_for_user(user, case.reference)
        get_case_for_user(user, world.cases["collab"].reference)
    finally:
        context._current.reset(token)
    assert len(_case_reads(case.pk)) == 1
    assert len(_case_reads(world.cases["collab"].pk)) == 1
    # Outside a request (a command, the worker) every fetch is logged.
    get_case_for_user(user, case.reference)
    assert len(_case_reads(case.pk)) == 2


def test_refused_fetches_write_no_access_row(world: World) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.user(Role.AUDITOR))
    own, other = world.cases["own"], world.cases["other"]
    assert client.get(reverse("cases:dates", kwargs={"reference": own.reference})).status_code == 403
    assert client.get(reverse("cases:detail", kwargs={"reference": other.reference})).status_code == 404
    assert AuditEvent.objects.filter(kind=EventKind.ACCESS).count() == 0


def test_linking_a_case_goes_through_the_access_helper(world: World) -> None:
    client = Client()
    user = world.user(Role.BUSINESS_MANAGER)
    client.force_login(user)
    own, other = world.cases["own"], world.cases["other"]
    url = reverse("cases:link_add", kwargs={"reference": own.reference})
    response = client.post(url, {"other_reference": other.reference})
    assert response.status_code == 400
    assert "Enter the reference of a case you can see" in response.content.decode()
    assert _case_reads(other.pk) == []
    collab = world.cases["collab"]
    response = client.post(url, {"other_reference": collab.reference.lower()})
    assert response.status_code == 302
    [row] = _case_reads(collab.pk)
    assert (row.actor, row.detail["page"]) == (user, "cases:link_add")


@pytest.mark.parametrize(
    "role",
    [Role.PARTNER_LEAD, Role.CSPR_GROUP_MEMBER, Role.SCRUTINEER, Role.LEAD_REVIEWER, Role.REVIEW_TEAM_MEMBER],
)
def test_everyone_who_reads_a_case_reads_its_audit_trail(world: World, role: Role) -> None:
    case = world.cases["own"]
    client = Client()
    client.force_login(world.user(role))
    detail = client.get(reverse("cases:detail", kwargs={"reference": case.reference})).content.decode()
    trail_url = reverse("audit:case", kwargs={"reference": case.reference})
    assert f'href="{trail_url}"' in detail
    response = client.get(trail_url)
    assert response.status_code == 200
    # Their own visit to the case page is in the trail they are reading, and so is this read.
    assert "viewed the case: cases detail page" in response.content.decode()
    rows = _case_reads(case.pk)
    assert [r.detail["page"] for r in rows] == ["cases:detail", "audit:case"]
