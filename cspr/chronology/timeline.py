"""The timeline picture: each agency's entries as dots along one row per agency, drawn by pygal.

pygal is a kept charting library that draws SVG on the server (``js=[]``: no script). Its SVG
carries its own ``<style>`` element, which the page's strict policy would block inline, so the
chart is served as an image from its own address (an SVG in ``<img>`` cannot run script) with a
policy that lets its own styles apply. The page shows a data table beside it.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

from cspr.cases.models import Case
from cspr.chronology import palette, queries


def render(case: Case) -> str:
    import pygal
    from pygal.style import Style

    rows = queries.involvement(case)
    agencies = queries.agencies_in(case)
    slots = queries.colour_slots(agencies)
    start, end = queries.period_for(case)
    period = (start, end) if start and end else None
    colours = tuple(palette.STRONG[slots.get(r["agency_id"], 0)] for r in rows) + (("#0b0c0c",) if period else ())
    lanes = len(rows) + (1 if period else 0)
    style = Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#505a5f",
        font_family="Arial, 'Liberation Sans', sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=16,
        colors=colours or ("#1d70b8",),
    )
    height = max(260, 60 + 34 * lanes)
    chart = pygal.DateLine(
        js=[],
        style=style,
        width=1000,
        height=height,
        show_legend=False,
        stroke=False,
        dots_size=5,
        x_label_rotation=0,
        x_value_formatter=lambda d: d.strftime("%Y"),
        range=(-0.5, lanes - 0.5) if lanes else (0, 1),
        y_labels=[{"label": str(r["name"])[:40], "value": len(rows) - 1 - i} for i, r in enumerate(rows)]
        + ([{"label": "Review period", "value": len(rows)}] if period else []),
        show_y_guides=True,
        title=f"Agency involvement over time, case {case.reference}",
        margin_left=10,
        truncate_label=-1,
        print_values=False,
    )
    for i, row in enumerate(rows):
        y = len(rows) - 1 - i
        dates: list[dt.date] = list(row["dates"])
        chart.add(str(row["name"]), [(d, y) for d in dates])
    if period:
        # The review period as a line on its own top row, so entries inside it read at a glance.
        chart.add("Review period", [(period[0], len(rows)), (period[1], len(rows))], stroke=True, show_dots=True)
    all_dates = [d for r in rows for d in r["dates"]] + list(period or ())
    if all_dates:
        first, last = min(all_dates).year, max(all_dates).year + 1
        step = max(1, (last - first) // 10)
        chart.x_labels = [dt.date(y, 1, 1) for y in range(first, last + 1, step)]
    with warnings.catch_warnings():
        # pygal 3.1.3 calls datetime.utcfromtimestamp (deprecated in Python 3.12); harmless here.
        warnings.simplefilter("ignore", DeprecationWarning)
        svg: bytes = chart.render()
    # pygal writes its configuration as an inline script even with js=[]: nothing needs it.
    return re.sub(r"<script\b.*?</script>", "", svg.decode("utf-8"), flags=re.DOTALL)
