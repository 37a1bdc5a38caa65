"""Fuzz every named URL pattern's query string and forms through Django's test client: never a 500.

Driven by the URLconf and the access-matrix descriptions (``tests/matrix/*.SPECS``): every pattern
with a spec is requested, its path arguments made by the spec's ``kwargs(world, "own")``, as the
first role the hand-written table lets use the page. The page's own forms (parsed from the HTML it
serves, so a new view is covered without an edit here) give the field names; hypothesis draws
values for them (the field's own options and value, numbers, dates, hostile text, lists, files)
plus random extra keys. A new app's URLs are covered once its ``tests/matrix/<app>.py`` exists.

Used by ``tests/security/test_fuzz_urlconf.py`` (a few examples per URL in the normal suite) and by
``make attack`` (``CSPR_FUZZ_EXAMPLES`` examples per URL, random seed).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cspr.accounts.roles import Role
from tests.matrix import Spec
from tests.matrix.expected import hand_written
from tests.test_access_matrix import all_specs, named_patterns
from tests.world import World

# Roles tried first: they can use the most pages (writers of the own partnership's cases).
_PREFERRED = [Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.PARTNERSHIP_ADMIN]

# What an attacker types: SQL and template syntax, markup, path tricks, control characters,
# numbers the forms parse, oversized and odd Unicode.
HOSTILE = [
    "' OR '1'='1",
    "1; DROP TABLE cases_case; --",
    '"><script>alert(1)</script>',
    "{{ 7*7 }}{% debug %}",
    "../../../../etc/passwd",
    "%00",
    "\x00",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "abc",
    "2026-02-30",
    "٣",
    "𝟘",
    "\u202e",
    '=HYPERLINK("http://x.invalid")',
    "a" * 5000,
    "",
    " ",
]
COMMON_KEYS = [
    "page",
    "q",
    "sort",
    "order",
    "next",
    "kind",
    "filter",
    "year",
    "month",
    "day",
    "id",
    "version",
    "format",
]

text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers(-(10**20), 10**20).map(str))


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    fields: dict[str, FormField] = field(default_factory=dict)


class _FormParser(HTMLParser):
    """The forms of a page: method, enctype, each named control with its value or options."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(method=a.get("method", "get").lower()))
            return
        if not self.forms or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._select.options.append(a.get("value", ""))
            return
        fields = self.forms[-1].fields
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            existing = fields.get(name)
            if existing is not None and kind in {"radio", "checkbox"}:
                existing.options.append(a.get("value", "on"))
            else:
                fields[name] = FormField(name, kind, a.get("value", ""), [a.get("value", "on")])
        elif tag == "select":
            self._select = fields[name] = FormField(name, "select")
        elif tag == "textarea":
            fields[name] = FormField(name, "textarea")
        elif tag == "button":
            fields.setdefault(name, FormField(name, "submit", a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def _value_for(f: FormField) -> st.SearchStrategy[Any]:
    """Mostly what the form would send, often something it would never send."""
    own: list[st.SearchStrategy[Any]] = []
    if f.options:
        own.append(st.sampled_from(f.options))
    if f.value:
        own.append(st.just(f.value))
    if f.name.endswith(("-day", "-month", "-year")) or f.kind == "number":
        own.append(st.integers(-5, 3000).map(str))
    if f.kind == "email":
        own.append(st.sampled_from(["someone@example.invalid", "not-an-email", "a@b"]))
    if f.kind == "file":
        return st.binary(max_size=300).map(lambda b: SimpleUploadedFile("fuzz.docx", b))
    wrong = st.one_of(text, st.lists(text, min_size=2, max_size=3))
    return st.one_of(*own, wrong) if own else wrong


def post_bodies(form: Form | None) -> st.SearchStrategy[dict[str, Any]]:
    """A body built from the form's fields (each may be left out), plus random extra keys."""
    fields = {n: f for n, f in (form.fields if form else {}).items() if n != "csrfmiddlewaretoken"}
    known = st.fixed_dictionaries({}, optional={n: _value_for(f) for n, f in fields.items()})
    extra = st.dictionaries(st.one_of(st.sampled_from(COMMON_KEYS), st.text(min_size=1, max_size=12)), text, max_size=3)
    return st.builds(lambda k, e: {**e, **k}, known, extra)


def query_strings(forms: list[Form]) -> st.SearchStrategy[dict[str, Any]]:
    names = sorted({n for form in forms if form.method == "get" for n in form.fields} | set(COMMON_KEYS))
    keys = st.one_of(st.sampled_from(names), st.text(min_size=1, max_size=12))
    return st.dictionaries(keys, st.one_of(text, st.lists(text, min_size=2, max_size=3)), max_size=4)


def user_for(spec: Spec, world: World) -> Any:
    """The first role for which the page works in the own scope (a writer where there is one)."""
    method = "POST" if (spec.post or spec.post_only) else "GET"
    roles: list[Role | None] = [*_PREFERRED, *[r for r in Role if r not in _PREFERRED], None]
    for role in roles:
        allowed = hand_written(spec.audience, spec.ok, role, "own", method)
        works = allowed <= ({200, 302, 400} | set(spec.ok)) and not allowed & {403, 404}
        if works and (role is not None or allowed <= set(spec.ok)):
            if role is None:
                return None
            if spec.audience.value.startswith("agency"):
                return world.agency_users["own"]
            return world.user(role)
    return world.user(Role.BUSINESS_MANAGER)


@dataclass
class Finding:
    url_name: str
    method: str
    path: str
    data: dict[str, Any]
    status: int
    error: str

    def __str__(self) -> str:
        shown = {k: (v if not isinstance(v, str) or len(v) < 60 else v[:57] + "...") for k, v in self.data.items()}
        return f"{self.method} {self.path} ({self.url_name}) {shown!r}: {self.status} {self.error}"


@dataclass
class Report:
    urls: int = 0
    requests: int = 0
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    per_url: dict[str, int] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=True)
    if user is not None:
        client.force_login(user)
    return client


def _send(client: Client, method: str, path: str, data: dict[str, Any]) -> tuple[int, str, str]:
    """Status, error (for an exception the view raised) and the page's text."""
    try:
        response = client.get(path, data) if method == "GET" else client.post(path, data)
    except Exception as error:  # any exception the view raises is the finding
        return 500, f"{type(error).__name__}: {error}"[:300], ""
    body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
    return response.status_code, "", body


def fuzz_urlconf(
    world: World,
    examples: int,
    *,
    derandomize: bool,
    only: Callable[[str], bool] = lambda name: True,
) -> Report:
    """Request every named pattern with drawn query strings (GET) and bodies (POST)."""
    specs = all_specs()
    report = Report()
    started = time.monotonic()
    for name in named_patterns():
        spec = specs.get(name)
        if spec is None or not only(name):
            continue  # the access-matrix test fails on a pattern without a spec
        path = reverse(name, kwargs=spec.kwargs(world, "own") or None)
        user = user_for(spec, world)
        client = _client(user)
        forms: list[Form] = []
        before = report.requests
        if not spec.post_only:
            status, error, page = _send(client, "GET", path, {})
            report.requests += 1
            report.statuses[f"GET {status}"] += 1
            if status >= 500:
                report.findings.append(Finding(name, "GET", path, {}, status, error))
            forms = parse_forms(page)
            _run(report, name, path, client, "GET", query_strings(forms), examples, derandomize)
        post_form = next((f for f in forms if f.method == "post"), None)
        if spec.post or spec.post_only or post_form is not None:
            _run(report, name, path, client, "POST", post_bodies(post_form), examples, derandomize)
        report.urls += 1
        report.per_url[name] = report.requests - before
    report.seconds = time.monotonic() - started
    return report


def _run(
    report: Report,
    name: str,
    path: str,
    client: Client,
    method: str,
    strategy: st.SearchStrategy[dict[str, Any]],
    examples: int,
    derandomize: bool,
) -> None:
    seen: list[Finding] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=derandomize,
        suppress_health_check=list(HealthCheck),
        # Findings are collected, not raised, so there is nothing to shrink.
        phases=[Phase.explicit, Phase.generate],
    )
    @given(strategy)
    def one(data: dict[str, Any]) -> None:
        report.requests += 1
        status, error, _ = _send(client, method, path, data)
        report.statuses[f"{method} {status}"] += 1
        if status >= 500 and len(seen) < 3:
            seen.append(Finding(name, method, path, data, status, error))

    one()
    report.findings.extend(seen)


def examples_per_url(default: int) -> int:
    return int(os.environ.get("CSPR_FUZZ_EXAMPLES", default))
