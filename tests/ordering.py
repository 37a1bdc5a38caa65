"""The order tests are handed to the two xdist workers in (``--dist worksteal``, ``make test``).

Work stealing gives each worker one contiguous half of the collection, and an idle worker then takes
the tail of the other's queue. Collected alphabetically, the longest tests (the access matrix, the
link crawl, the browser journeys) sat at the end of the second half, and one worker ran them alone
for minutes while the other had finished. Here the long ones lead both halves, shared so that each
half carries about the same seconds, and the short ones follow: what is left at the end can be
stolen.

The seconds are from ``pytest --durations`` on a quiet two-core machine; a test missing from the
table only runs later than it could.
"""

from __future__ import annotations

import pytest

# Node id prefix -> seconds (about). Prefixes match every parameter of a test.
LONG: dict[str, float] = {
    "tests/ui/test_no_dead_ends.py::test_no_offered_link_is_a_dead_end_in_the_demo_world": 57,
    "tests/browser/test_lcspr_journey.py": 45,
    "tests/browser/test_rapid_review_journey.py": 22,
    "tests/operations/test_two_processes.py": 14,
    "tests/test_access_matrix.py::test_access_matrix_has_no_leaks[publication]": 18,
    "tests/test_access_matrix.py::test_access_matrix_has_no_leaks[workshops]": 18,
    "tests/test_access_matrix.py::test_access_matrix_has_no_leaks[portal]": 16,
    "tests/deadlines/test_worker_restart.py": 8,
    "tests/documents/test_pdf.py::test_every_document_converts_to_pdf_with_data_and_wording": 6,
    "tests/security/test_fuzz_urlconf.py::test_no_url_answers_500_to_fuzzed_query_strings_and_forms": 19,
    "tests/portal/test_browser.py::test_agency_lead_invited_enrols_mfa_answers_in_two_sittings_and_is_accepted_after_revision": 26,
    "tests/browser/test_publication_journey.py": 25,
    "tests/browser/test_report_drafts.py": 18,
    "tests/test_access_matrix.py::test_access_matrix_has_no_leaks[rapidreview]": 15,
    "tests/test_access_matrix.py::test_access_matrix_has_no_leaks[dissemination]": 12,
    "tests/foundation/test_production_shape.py": 20,
    "tests/browser/test_learning_endorsement.py": 16,
    "tests/browser/test_oversight_pages.py": 15,
    "tests/browser/test_progress_audit.py": 14,
    "tests/ui/test_case_page_browser.py::test_case_page_leads_with_what_to_do_next": 14,
    "tests/test_access_matrix.py::test_access_matrix_has_no_leaks": 10,
    "tests/ui/test_no_dead_ends.py::test_no_offered_link_is_a_dead_end_in_the_test_world": 12,
    "tests/browser/test_lcspr_setup_journey.py": 12,
    "tests/browser/test_action_plan.py": 11,
    "tests/browser/test_family_log.py": 10,
    "tests/audit/test_reads_logged.py::test_every_case_url_writes_one_access_row_for_its_case": 9,
    "tests/chronology/test_browser.py::test_chronology_and_genogram_pages_in_chromium": 9,
    "tests/security/test_asvs_controls.py::test_every_page_declares_its_type_and_security_headers_and_is_not_cached": 8,
}


def seconds(nodeid: str) -> float:
    """The longest matching prefix's figure (a named parameter before its test's default)."""
    matches = [prefix for prefix in LONG if nodeid.startswith(prefix)]
    return LONG[max(matches, key=len)] if matches else 0.0


def long_first_in_each_half(items: list[pytest.Item]) -> list[pytest.Item]:
    long = sorted((i for i in items if seconds(i.nodeid)), key=lambda i: -seconds(i.nodeid))
    short = [i for i in items if not seconds(i.nodeid)]
    halves: tuple[list[pytest.Item], list[pytest.Item]] = ([], [])
    loads = [0.0, 0.0]
    for item in long:  # longest first, each to the lighter half
        lighter = 0 if loads[0] <= loads[1] else 1
        halves[lighter].append(item)
        loads[lighter] += seconds(item.nodeid)
    # The first worker is sent the first len // 2 items: fill the first half up to exactly that.
    cut = len(items) // 2 - len(halves[0])
    if cut < 0:  # more long tests than half the suite: the split cannot hold, keep the load order
        return long + short
    return halves[0] + short[:cut] + halves[1] + short[cut:]
