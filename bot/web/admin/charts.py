"""Charts drawn on the server: no script, no CDN, readable on a phone.

Bars are HTML (their text stays at the page's size on any screen); the monthly columns are an
SVG drawn at one pixel per unit, wider than a phone when there are many months, so it scrolls
inside its card instead of shrinking its text.
"""
from __future__ import annotations

from markupsafe import Markup, escape

STATE_COLOURS = {"waiting": "#d97706", "in_progress": "#2563eb", "forwarded": "#7c3aed",
                 "finished": "#16a34a", "rejected": "#6b7280", "duplicate": "#9ca3af"}
COLUMN = 16  # px per month
TEXT = 12  # px, the axis labels' size


def bars(rows: list[tuple[str, int]], *, title: str, more: str = "", limit: int = 15) -> Markup:
    """A horizontal bar chart of (label, value) rows, the largest `limit` kept; `more` says how
    many rows were left out (e.g. "and 12 more")."""
    shown = rows[:limit]
    top = max((value for _, value in shown), default=0) or 1
    items = "".join(
        f'<li><span class="bar-label">{escape(label)}</span><span class="bar-track">'
        f'<span class="bar" style="width:{100 * value / top:.1f}%"></span></span>'
        f'<span class="bar-value">{value:,}</span></li>' for label, value in shown)
    left = f'<p class="muted bars-more">{escape(more)}</p>' if more and len(rows) > limit else ""
    return Markup(f'<ol class="chart bars" aria-label="{escape(title)}">{items}</ol>{left}')


def stacked_columns(months: list[tuple[str, dict[str, int]]], *, title: str,
                    labels: dict[str, str]) -> Markup:
    """A column per month (every month, empty ones drawn empty), stacked by state, with a year
    under each January and a legend."""
    top = max((sum(counts.values()) for _, counts in months), default=0) or 1
    base, width = 200, 44 + COLUMN * max(len(months), 12)
    # The scrolling box takes keyboard focus, so its hidden months can be reached without a mouse.
    parts = [f'<div class="chart-scroll" tabindex="0" aria-label="{escape(title)}"><svg class="chart columns" id="month-chart" '
             f'width="{width}" height="{base + 34}" style="min-width:{width}px" '
             f'viewBox="0 0 {width} {base + 34}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg" font-size="{TEXT}">',
             f'<text x="2" y="{TEXT + 2}">{top:,}</text><text x="2" y="{base}">0</text>'
             f'<line x1="40" y1="{base}" x2="{width}" y2="{base}" stroke="#999"/>']
    for i, (month, counts) in enumerate(months):
        parts.append(_column(44 + COLUMN * i, month, counts, top, base, labels))
    parts.append("</svg></div>")
    legend = "".join(f'<li><span class="swatch" style="background:{colour}"></span>'
                     f'{escape(labels[state])}</li>' for state, colour in STATE_COLOURS.items()
                     if state in labels)
    return Markup("".join(parts) + f'<ul class="legend-list">{legend}</ul>')


def _column(x: float, month: str, counts: dict[str, int], top: int, base: int,
            labels: dict[str, str]) -> str:
    """One month's stacked column, its tooltip and, under January or the first month, its year."""
    y, out = base, [f'<g class="month" data-month="{month}">']
    for state, colour in STATE_COLOURS.items():
        n = counts.get(state, 0)
        if n:
            h = (base - 20) * n / top
            y -= h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{COLUMN - 4}" height="{h:.1f}" '
                       f'fill="{colour}"><title>{month} {escape(labels.get(state, state))}: '
                       f'{n:,}</title></rect>')
    out.append(f'<line x1="{x + 6:.1f}" y1="{base}" x2="{x + 6:.1f}" y2="{base + 4}" stroke="#999"/>')
    if month.endswith("-01") or x == 44:
        out.append(f'<text x="{x:.1f}" y="{base + 18}">{month[:4]}</text>')
    elif month[5:7] in ("04", "07", "10"):
        out.append(f'<text x="{x:.1f}" y="{base + 18}" fill="#6b7280">{month[5:7]}</text>')
    return "".join(out) + "</g>"
