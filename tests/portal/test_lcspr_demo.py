"""DEMO-7's information from agencies: every state the LCSPR pages show, seeded idempotently."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cspr.chronology.models import ChronologyEntry, EntryOrigin
from cspr.portal.models import DisclosureRequest, InformationRequest, RequestState, RequestType, StaffInterview


@pytest.mark.django_db
def test_demo_7_has_chronologies_imported_reports_returned_incomplete_and_accepted_and_a_template_in_draft(
    demo_world: None,
) -> None:
    found = InformationRequest.objects.filter(case__reference="DEMO-7").exclude(request_type=RequestType.SCOPING)
    counts = (found.count(), ChronologyEntry.objects.filter(case__reference="DEMO-7").count())
    states = {(r.request_type, r.agency.name): r.state for r in found.select_related("agency")}
    assert states == {
        (RequestType.CHRONOLOGY, "Demo Primary Academy"): RequestState.ACCEPTED,
        (RequestType.CHRONOLOGY, "Example Street Surgery (GP, demo)"): RequestState.ACCEPTED,
        (RequestType.INFORMATION_REPORT, "Demo Primary Academy"): RequestState.REVISION_REQUESTED,
        (RequestType.INFORMATION_REPORT, "Example Street Surgery (GP, demo)"): RequestState.ACCEPTED,
        (RequestType.LEARNING_TEMPLATE, "Demo Primary Academy"): RequestState.SENT,
    }
    incomplete = found.get(request_type=RequestType.INFORMATION_REPORT, agency__name="Demo Primary Academy")
    assert "6. Key learning points" in incomplete.revision_reasons
    assert "9. Other relevant information" in incomplete.revision_reasons
    imported = ChronologyEntry.objects.filter(case__reference="DEMO-7", origin=EntryOrigin.IMPORT)
    assert imported.count() == 6  # two key events and one organisational change from each agency
    interview = StaffInterview.objects.get(request=incomplete)
    assert interview.summary_given_on is not None
    assert interview.notice_given_on < interview.interviewed_on < interview.summary_given_on
    assert DisclosureRequest.objects.get(case__reference="DEMO-7").answered_on is not None
    template = found.get(request_type=RequestType.LEARNING_TEMPLATE)
    assert template.draft_saved_at is not None
    assert any(t["kind"] == "kloe" for t in template.topics)
    call_command("seed_demo")
    again = InformationRequest.objects.filter(case__reference="DEMO-7").exclude(request_type=RequestType.SCOPING)
    assert (again.count(), ChronologyEntry.objects.filter(case__reference="DEMO-7").count()) == counts
