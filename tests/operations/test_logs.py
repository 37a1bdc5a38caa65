"""Structured request logs: JSON lines with ids, the URL pattern, status and duration, and nothing of
the demo family's (or the user's) personal data, even when the path or the form carries it."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from cspr.accounts.middleware import MFA_SESSION_KEY
from cspr.accounts.models import User
from cspr.cases.models import Case, Person, PersonRole
from cspr.operations.logs import JsonFormatter


@pytest.fixture
def log_lines(settings: Any) -> Iterator[io.StringIO]:
    settings.REQUEST_LOG = True
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("cspr.request")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = time.time()
    session.save()
    return client


def _personal_data(case: Case, user: User) -> list[str]:
    values: list[str] = [user.email, user.full_name, case.reference]
    for person in Person.objects.filter(case=case):
        values += [person.first_name, person.last_name, person.address, person.nhs_number]
        if person.date_of_birth:
            values += [person.date_of_birth.isoformat(), person.date_of_birth.strftime("%d/%m/%Y")]
    return sorted({v for v in values if v})


@pytest.mark.django_db
def test_a_requests_log_line_has_ids_and_the_pattern_but_no_personal_data(
    demo_world: None, log_lines: io.StringIO
) -> None:
    case = Case.objects.get(reference="DEMO-8")
    child = Person.objects.get(case=case, role=PersonRole.SUBJECT_CHILD)
    user = User.objects.get(email="manager@demo.cspr.invalid")
    client = _signed_in(user)

    assert client.get(f"/cases/{case.reference}/").status_code == 200
    page = client.get(f"/cases/{case.reference}/people/{child.pk}/")
    assert page.status_code == 200
    assert child.last_name.encode() in page.content  # the page does show the family...
    # ...a form posted with the family's details, a path with a surname in it, a query string:
    client.post(f"/cases/{case.reference}/people/{child.pk}/", {"first_name": child.first_name, "address": "x"})
    client.get(f"/cases/{child.last_name}/?q={child.first_name}")
    client.get(f"/nowhere/{child.last_name}/{child.nhs_number}/")
    Client().get("/healthz", HTTP_X_REQUEST_ID="lb-probe-0001")

    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert len(lines) == 6
    first = lines[0]
    assert first["logger"] == "cspr.request"
    assert first["user_id"] == user.pk
    assert first["route"] == "/cases/<str:reference>/"
    assert first["view"] == "cases:detail"
    assert first["method"] == "GET"
    assert first["status"] == 200
    assert isinstance(first["duration_ms"], float)
    assert len(first["request_id"]) == 32
    assert lines[1]["route"] == "/cases/<str:reference>/people/<int:person_id>/"
    assert lines[2]["method"] == "POST"
    assert lines[4]["route"] == "<unmatched>"
    assert lines[5] == {**lines[5], "request_id": "lb-probe-0001", "user_id": None, "route": "/healthz"}
    # Each request gets its own id, sent back to the caller.
    assert len({line["request_id"] for line in lines}) == 6

    text = log_lines.getvalue()
    leaked = [value for value in _personal_data(case, user) if value in text]
    assert leaked == [], f"personal data in the request log: {leaked}"


def test_a_forged_request_id_is_replaced() -> None:
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="<script>Dummyfamily</script>")
    assert response.status_code == 200
    assert "Dummyfamily" not in response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32


def test_the_json_formatter_writes_one_line_with_extras_and_traceback() -> None:
    import sys

    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed %s", ("task",), exc_info=sys.exc_info(), extra={"task_id": 7}
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed task"
    assert entry["task_id"] == 7
    assert "ValueError: boom" in entry["exception"]


def test_production_logs_json_and_development_plain(settings: Any) -> None:
    import subprocess
    import sys

    code = "import django, os; from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'], settings.REQUEST_LOG)"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cspr.settings"}
    dev = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert dev.stdout.split() == ["plain", "False"]
    prod_env = {
        **env,
        "CSPR_PRODUCTION": "true",
        "CSPR_SECRET_KEY": "k" * 60,
        "CSPR_ALLOWED_HOSTS": "cspr.example.invalid",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
        "CSPR_AUDIT_KEY": "a" * 40,
        "CSPR_SITE_URL": "https://cspr.example.invalid",
    }
    prod = subprocess.run([sys.executable, "-c", code], env=prod_env, capture_output=True, text=True, check=True)
    assert prod.stdout.split() == ["json", "True"]


def test_djangos_error_lines_name_the_pattern_not_the_path() -> None:
    from django.test import RequestFactory

    from cspr.operations.logs import ScrubPathFilter

    request = RequestFactory().get("/cases/DEMO-8/people/12/")
    record = logging.getLogger("django.request").makeRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "%s: %s",
        ("Internal Server Error", request.path),
        None,
        extra={"status_code": 500, "request": request},
    )
    assert ScrubPathFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "DEMO-8" not in line
    entry = json.loads(line)
    assert entry["message"] == "Internal Server Error: /cases/<str:reference>/people/<int:person_id>/"
    assert entry["route"] == "/cases/<str:reference>/people/<int:person_id>/"
    assert entry["status_code"] == 500
    unmatched = RequestFactory().get("/nowhere/Dummyfamily/")
    record.request = unmatched
    record.msg, record.args = "%s: %s", ("Not Found", unmatched.path)
    ScrubPathFilter().filter(record)
    assert "Dummyfamily" not in JsonFormatter().format(record)
