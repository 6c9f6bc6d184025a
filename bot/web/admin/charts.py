"""Charts drawn as inline SVG on the server: no script, no CDN, readable on a phone."""
from __future__ import annotations

from markupsafe import Markup, escape

STATE_COLOURS = {"waiting": "#d97706", "in_progress": "#2563eb", "forwarded": "#7c3aed",
                 "finished": "#16a34a", "rejected": "#6b7280"}
BAR = "#0f766e"


def bars(rows: list[tuple[str, int]], *, title: str, limit: int = 15) -> Markup:
    """A horizontal bar chart of (label, value) rows, largest values kept when there are many."""
    rows = rows[:limit]
    top = max((value for _, value in rows), default=0) or 1
    height, width, label_w = 24 * len(rows) + 8, 640, 190
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(rows):
        y, length = 4 + 24 * i, (width - label_w - 60) * value / top
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="18" fill="{BAR}">'
                     f'<title>{escape(label)}: {value}</title></rect>'
                     f'<text x="{label_w + length + 4:.1f}" y="{y + 15}">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_columns(months: list[tuple[str, dict[str, int]]], *, title: str,
                    labels: dict[str, str]) -> Markup:
    """Columns per month, stacked by state, with a legend."""
    months = months[-24:]
    top = max((sum(counts.values()) for _, counts in months), default=0) or 1
    width, height, base = 640, 260, 220
    step = (width - 50) / max(len(months), 1)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height + 24}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="4" y="14">{top}</text><line x1="40" y1="{base}" x2="{width}" y2="{base}" '
             f'stroke="#999"/>']
    for i, (month, counts) in enumerate(months):
        x, y = 45 + step * i, base
        for state, colour in STATE_COLOURS.items():
            h = (base - 20) * counts.get(state, 0) / top
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"><title>{month} {escape(labels[state])}: '
                         f'{counts.get(state, 0)}</title></rect>')
        parts.append(f'<text x="{x:.1f}" y="{base + 14}" font-size="10">{month[2:]}</text>')
    for i, (state, colour) in enumerate(STATE_COLOURS.items()):
        x = 10 + 125 * i
        parts.append(f'<rect x="{x}" y="{height + 8}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{height + 17}" font-size="11">{escape(labels[state])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
