"""A crawler for the Django test client: every same-site link a page offers, followed with GET.

Links are deduplicated by URL pattern and arguments (``cases:person_edit`` for person 3 of DEMO-1 is
followed once, whatever its query string), so the crawl is bounded by the number of distinct
objects a user can reach, not by the number of pages that link to them.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, get_urlconf, resolve
from lxml import etree
from lxml import html as lxml_html

# Served by the web server, not the app; never a page a link can dead-end on inside the app.
SKIP_PREFIXES = ("/static/", "/media/")


_UNREAD = frozenset({"script", "style", "textarea"})


class _Page:
    """One pass over a page: its links with their text, and the words a person reads (no scripts,
    styles, or what they typed into a text area). libxml2 parses; the walk in Python is short."""

    def __init__(self, source: str) -> None:
        self.links: list[tuple[str, str]] = []
        self.parts: list[str] = []
        skip = 0
        for event, element in etree.iterwalk(lxml_html.document_fromstring(source), events=("start", "end")):
            tag = element.tag
            named = isinstance(tag, str)  # comments are walked too: their tail is read, their text is not
            if event == "start":
                if named and tag in _UNREAD:
                    skip += 1
                elif named and not skip and element.text:
                    self.parts.append(element.text)
                if tag == "a" and (href := element.get("href")) is not None:
                    self.links.append((href, " ".join(element.text_content().split())))
            else:
                if named and tag in _UNREAD:
                    skip -= 1
                if not skip and element.tail:
                    self.parts.append(element.tail)


def _parse(html: str) -> _Page:
    return _Page(html)


@lru_cache(maxsize=4096)
def _same_site(base: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    url, _ = urldefrag(urljoin(f"http://testserver{base}", href))
    parts = urlsplit(url)
    if parts.netloc != "testserver" or not parts.path or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _links_of(page: _Page, base: str) -> list[tuple[str, str]]:
    found = []
    for href, text in page.links:
        if (path := _same_site(base, href)) is not None:
            found.append((path, text))
    return found


def links(html: str, base: str) -> list[tuple[str, str]]:
    """(same-site path with query, link text) for every <a href> of the page."""
    return _links_of(_parse(html), base)


def pattern_key(path: str) -> tuple[str, str, str]:
    """(URL pattern, case reference, all arguments) of a same-site path."""
    # The same navigation links are on every page: each route is resolved once per URL configuration.
    return _route_key(path.split("?", 1)[0], get_urlconf(settings.ROOT_URLCONF))


@lru_cache(maxsize=8192)
def _route_key(route: str, urlconf: str) -> tuple[str, str, str]:
    try:
        match = resolve(route, urlconf)
    except Resolver404:
        return (f"unresolved:{route}", "", "")
    args = ",".join(f"{k}={v}" for k, v in sorted(match.kwargs.items())) or ",".join(map(str, match.args))
    return (match.view_name, str(match.kwargs.get("reference", "")), args)


def visible_text(html: str) -> str:
    return _visible(_parse(html))


def _visible(page: _Page) -> str:
    return " ".join(" ".join(page.parts).split())


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
    return _wording(_parse(html))


def _wording(page: _Page) -> list[str]:
    text = _visible(page)
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
    # False when ``limit`` stopped the crawl with links still to follow.
    complete: bool = True


def crawl(client: Client, start: str = "/", limit: int = 400, per_pattern: int | None = None) -> Crawl:
    """Breadth first from ``start``; every offered link ending in 4xx/5xx is a dead end.

    ``per_pattern`` bounds a rich world: at most that many objects per URL pattern and case (the
    first people of a family, the first requests of a case), not all of them. The objects after
    the first are followed only where the first one's page led somewhere new (a person's page
    offering their support records, say): a second person's edit form, a second document's
    download, offer nothing the first did not, and cost a request each.
    """
    result = Crawl()
    # (path, link text, offered on, the key of a further object's pattern and case, if it is one)
    queue: deque[tuple[str, str, str, tuple[str, str] | None]] = deque([(start, "start", "", None)])
    seen = {pattern_key(start)}
    objects: dict[tuple[str, str], int] = {}
    # Pattern and case -> whether its first object's page offered links the crawl had not seen.
    led_on: dict[tuple[str, str], bool] = {}
    while queue and len(result.visited) < limit:
        path, text, found_on, further = queue.popleft()
        if further is not None and not led_on.get(further, True):
            continue
        response = client.get(path, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        result.visited[path] = response.status_code
        first_of = pattern_key(path)[:2] if per_pattern is not None and further is None else None
        if first_of is not None:
            led_on[first_of] = False
        if response.status_code >= 400:
            result.dead_ends.append(DeadEnd(path, text, found_on, response.status_code))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = _parse(response.content.decode())
        if problems := _wording(page):
            result.wording[path] = problems
        for link, link_text in _links_of(page, urlsplit(final).path or "/"):
            key = pattern_key(link)
            if key in seen:
                continue
            extra = None
            if per_pattern is not None:
                count = objects.get(key[:2], 0)
                if count >= per_pattern:
                    continue
                objects[key[:2]] = count + 1
                extra = key[:2] if count else None
            if first_of is not None:
                led_on[first_of] = True
            seen.add(key)
            queue.append((link, link_text, path, extra))
    result.complete = not queue
    return result
