"""The ASVS 5.0 Level 2 map (docs/security/asvs.yml) points only at things that exist.

Every Level 1 and 2 requirement of ASVS 5.0.0 is listed once, with tests (pytest node ids, found by
parsing the test files, never by running them), documented operational controls (a file and one
of its headings) or the reason it does not apply. A renamed test or a removed doc section fails
here, so the map cannot quietly go stale.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "docs" / "security" / "asvs.yml"
# ASVS 5.0.0 has 345 requirements, 253 of them at Level 1 or 2 (70 at L1, 183 at L2).
LEVEL_2_COUNT = 253
# Requirements a document alone cannot meet: each must name at least one test.
MUST_BE_TESTED = {
    "V1.2.1": "output encoding",
    "V1.2.4": "SQL injection",
    "V1.5.1": "XXE",
    "V3.3.4": "HttpOnly session cookie",
    "V3.4.3": "content security policy",
    "V5.2.1": "upload size and decompression bombs",
    "V5.2.2": "upload types by content",
    "V6.3.1": "lockout",
    "V6.3.3": "multi-factor authentication",
    "V6.5.1": "one-time codes used once",
    "V7.3.1": "idle timeout",
    "V7.3.2": "absolute timeout",
    "V7.4.2": "sessions ended when an account is disabled",
    "V8.2.1": "function-level access",
    "V8.2.2": "object-level access",
    "V8.4.1": "partnership isolation",
    "V13.4.4": "TRACE",
    "V14.3.2": "no-store",
    "V16.4.2": "audit trail cannot be rewritten",
    "V16.5.1": "generic error page",
}


def _requirements() -> list[dict[str, Any]]:
    data = yaml.safe_load(MAP.read_text(encoding="utf-8"))
    assert data["standard"] == "OWASP ASVS 5.0.0"
    assert data["level"] == 2
    requirements: list[dict[str, Any]] = data["requirements"]
    return requirements


@cache
def _tests_in(path: Path) -> frozenset[str]:
    """``name`` and ``Class::name`` of every test function the file defines (parsed, not imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            found.add(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            found.update(
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test")
            )
    return frozenset(found)


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@cache
def _anchors(path: Path) -> frozenset[str]:
    return frozenset(
        _slug(line.lstrip("#")) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")
    )


def test_node_id_problem() -> None:
    """The checker itself: a real test passes, a misspelt one and a missing file are caught."""
    assert _test_problem("tests/test_access_matrix.py::test_access_matrix_has_no_leaks") is None
    assert _test_problem("tests/test_access_matrix.py") is None
    assert _test_problem("tests/test_access_matrix.py::test_no_such_thing") is not None
    assert _test_problem("tests/no_such_file.py::test_x") is not None
    assert _control_problem("docs/security/operations.md#sessions") is None
    assert _control_problem("docs/security/operations.md#no-such-section") is not None
    assert _control_problem("docs/no-such.md#x") is not None


def _test_problem(node_id: str) -> str | None:
    path_text, _, name = node_id.partition("::")
    path = ROOT / path_text
    if not (path.is_file() and path.name.startswith("test_") and path.suffix == ".py"):
        return f"no test file {path_text}"
    if name and name.split("[", 1)[0] not in _tests_in(path):
        return f"no test {name} in {path_text}"
    return None


def _control_problem(reference: str) -> str | None:
    path_text, _, anchor = reference.partition("#")
    path = ROOT / path_text
    if not path.is_file():
        return f"no document {path_text}"
    if anchor and anchor not in _anchors(path):
        return f"no heading #{anchor} in {path_text}"
    return None


def test_every_level_2_requirement_is_listed_once() -> None:
    requirements = _requirements()
    ids = [r["id"] for r in requirements]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert len(ids) == LEVEL_2_COUNT
    assert all(re.fullmatch(r"V\d+\.\d+\.\d+", i) for i in ids)
    assert all(r["level"] in {1, 2} and r.get("text") for r in requirements)


def test_every_requirement_has_a_test_a_control_or_a_reason() -> None:
    problems = []
    for r in _requirements():
        tests, controls, reason = r.get("tests") or [], r.get("controls") or [], r.get("not_applicable")
        if not (tests or controls or (isinstance(reason, str) and reason.strip())):
            problems.append(f"{r['id']}: neither a test, a control nor a reason it does not apply")
        if reason and (tests or controls):
            problems.append(f"{r['id']}: marked not applicable but also mapped")
    assert problems == [], "\n".join(problems)


def test_every_named_test_and_document_exists() -> None:
    problems = []
    for r in _requirements():
        for node_id in r.get("tests") or []:
            if (problem := _test_problem(node_id)) is not None:
                problems.append(f"{r['id']}: {problem}")
        for reference in r.get("controls") or []:
            if (problem := _control_problem(reference)) is not None:
                problems.append(f"{r['id']}: {problem}")
    assert problems == [], "\n".join(problems)


def test_what_a_document_cannot_show_is_tested() -> None:
    by_id = {r["id"]: r for r in _requirements()}
    untested = [f"{rid} ({what})" for rid, what in MUST_BE_TESTED.items() if not by_id[rid].get("tests")]
    assert untested == [], f"requirements mapped to documents only: {untested}"
