"""A crawler for the Django test client: every same-site link a page offers, followed with GET.

Links are deduplicated by URL pattern and arguments (``cases:person_edit`` for person 3 of DEMO-1 is
followed once, whatever its query string), so the crawl is bounded by the number of distinct
objects a user can reach, not by the number of pages that link to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Served by the web server, not the app; never a page a link can dead-end on inside the app.
SKIP_PREFIXES = ("/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def links(html: str, base: str) -> list[tuple[str, str]]:
    """(same-site path with query, link text) for every <a href> of the page."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href, text in parser.links:
        if href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        url, _ = urldefrag(urljoin(f"http://testserver{base}", href))
        parts = urlsplit(url)
        if parts.netloc != "testserver" or not parts.path or parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append((parts.path + (f"?{parts.query}" if parts.query else ""), text))
    return found


def pattern_key(path: str) -> tuple[str, str, str]:
    """(URL pattern, case reference, all arguments) of a same-site path."""
    route = path.split("?", 1)[0]
    try:
        match = resolve(route)
    except Resolver404:
        return (f"unresolved:{route}", "", "")
    args = ",".join(f"{k}={v}" for k, v in sorted(match.kwargs.items())) or ",".join(map(str, match.args))
    return (match.view_name, str(match.kwargs.get("reference", "")), args)


class _Text(HTMLParser):
    """The words a person reads: no scripts, styles, or what they typed into a text area."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "textarea"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "textarea"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


WORDING_RULES = [
    # GOV.UK style: "29 November 2026", never "2026-11-29".
    ("ISO date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    (
        "singular count with a plural noun",
        re.compile(
            r"(?<![\d.,])\b1 (?:agencies|entries|days|working days|requests|returns|deadlines|documents|reminders|cases)\b"
        ),
    ),
    (
        "plural count with a singular noun",
        re.compile(
            r"(?<![\d.,£])\b(?:0|[2-9]|\d{2,}) (?:agency|entry|day|working day|request|return|deadline|document|reminder|case)\b(?! (?:of|to|by|from|number|reference)\b)"
        ),
    ),
    ("'police has'", re.compile(r"\b[Pp]olice has\b")),
]


def wording_problems(html: str) -> list[str]:
    text = visible_text(html)
    found = []
    for name, rule in WORDING_RULES:
        for match in rule.finditer(text):
            found.append(f"{name}: …{text[max(0, match.start() - 40) : match.end() + 20]}…")
    return found


@dataclass
class DeadEnd:
    link: str
    text: str
    found_on: str
    status: int

    def __str__(self) -> str:
        return f"{self.status} from link {self.text!r} -> {self.link} (offered on {self.found_on})"


@dataclass
class Crawl:
    visited: dict[str, int] = field(default_factory=dict)
    dead_ends: list[DeadEnd] = field(default_factory=list)
    wording: dict[str, list[str]] = field(default_factory=dict)


def crawl(client: Client, start: str = "/", limit: int = 400, per_pattern: int | None = None) -> Crawl:
    """Breadth first from ``start``; every offered link ending in 4xx/5xx is a dead end.

    ``per_pattern`` bounds a rich world: at most that many objects per URL pattern and case (the
    first people of a family, the first requests of a case), not all of them.
    """
    result = Crawl()
    queue: list[tuple[str, str, str]] = [(start, "start", "")]
    seen = {pattern_key(start)}
    objects: dict[tuple[str, str], int] = {}
    while queue and len(result.visited) < limit:
        path, text, found_on = queue.pop(0)
        response = client.get(path, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        result.visited[path] = response.status_code
        if response.status_code >= 400:
            result.dead_ends.append(DeadEnd(path, text, found_on, response.status_code))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        if problems := wording_problems(html):
            result.wording[path] = problems
        for link, link_text in links(html, urlsplit(final).path or "/"):
            key = pattern_key(link)
            if key in seen:
                continue
            if per_pattern is not None:
                if objects.get(key[:2], 0) >= per_pattern:
                    continue
                objects[key[:2]] = objects.get(key[:2], 0) + 1
            seen.add(key)
            queue.append((link, link_text, path))
    return result
