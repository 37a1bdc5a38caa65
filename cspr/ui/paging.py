"""Paging a long list with GOV.UK pagination: ``?page=N`` (or ``all``, the print view), filters kept."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def paging_for(request: HttpRequest, total: int, page_size: int) -> dict[str, Any]:
    """Which page of entries to show, and the links to the others (the filters kept in each)."""
    params = request.GET.copy()
    asked = params.pop("page", [""])[-1]
    query = params.urlencode()
    pages = max(1, -(-total // page_size))
    number = min(max(int(asked), 1), pages) if asked.isdigit() else 1
    show_all = asked == "all"

    def link(n: int | str) -> str:
        return "?" + "&".join(part for part in (query, f"page={n}") if part)

    return {
        "all": show_all,
        "number": number,
        "pages": pages,
        "offset": (number - 1) * page_size,
        "first": 1 if show_all else min(total, (number - 1) * page_size + 1),
        "last": total if show_all else min(total, number * page_size),
        "query": query,
        "previous": link(number - 1) if number > 1 and not show_all else "",
        "next": link(number + 1) if number < pages and not show_all else "",
        # Numbered links near the current page, with the first and last (GOV.UK pagination).
        "items": [
            {"number": n, "href": link(n), "current": n == number and not show_all}
            for n in sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)})
        ],
        "all_href": link("all"),
        "paged_href": link(1),
    }
