"""Charts drawn on the server as inline SVG: readable on a phone and when printed in black and white."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# Fill and a print-safe pattern per series, so the chart reads without colour.
STYLES = {
    "accepted": ("#2e7d32", ""),
    "submitted": ("#1565c0", "url(#dots)"),
    "returned": ("#ef6c00", "url(#hatch)"),
    "draft": ("#9e9e9e", "url(#cross)"),
    "not_held": ("#6d4c41", "url(#hatch)"),
    "missing": ("#c62828", "url(#cross)"),
    "good": ("#2e7d32", ""),
    "fair": ("#1565c0", "url(#dots)"),
    "average": ("#ef6c00", "url(#hatch)"),
    "poor": ("#c62828", "url(#cross)"),
}
PATTERNS = (
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>'
    '<pattern id="dots" width="5" height="5" patternUnits="userSpaceOnUse"><circle cx="2.5" cy="2.5" r="1" fill="#fff"/></pattern>'
    '<pattern id="cross" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1"/></pattern></defs>'
)


def stacked_bars(
    title: str, labels: Sequence[str], series: dict[str, Sequence[int]], names: dict[str, str]
) -> str:
    """Stacked columns, one per label, with a legend naming each series."""
    width, height, left, bottom, top = 640, 260, 36, 40, 24
    count = max(len(labels), 1)
    slot = (width - left - 10) / count
    peak = max((sum(values[i] for values in series.values()) for i in range(len(labels))), default=0) or 1
    scale = (height - bottom - top) / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 24 * ((len(series) + 3) // 4)}" role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        PATTERNS,
    ]
    for i, label in enumerate(labels):
        y: float = height - bottom
        for key, values in series.items():
            value = values[i]
            if not value:
                continue
            bar = value * scale
            y -= bar
            colour, pattern = STYLES.get(key, ("#555", ""))
            x = left + i * slot + slot * 0.15
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar:.1f}" fill="{colour}" stroke="#000" stroke-width="0.5"><title>{escape(names.get(key, key))}: {value}</title></rect>'
            )
            if pattern:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar:.1f}" fill="{pattern}"/>'
                )
        parts.append(
            f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#000"/>'
    )
    parts.append(f'<text x="4" y="{top}" font-size="10">{peak}</text>')
    for n, key in enumerate(series):
        colour, pattern = STYLES.get(key, ("#555", ""))
        x, y = left + (n % 4) * 150, height + (n // 4) * 22
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="14" height="12" fill="{colour}" stroke="#000" stroke-width="0.5"/>'
        )
        if pattern:
            parts.append(f'<rect x="{x}" y="{y - 10}" width="14" height="12" fill="{pattern}"/>')
        parts.append(f'<text x="{x + 18}" y="{y}" font-size="11">{escape(names.get(key, key))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    unit: str = "%",
    bar: float | None = None,
) -> str:
    """A line of values (e.g. an attendance rate per month), with an optional reference bar."""
    width, height, left, bottom, top = 640, 220, 40, 34, 16
    count = max(len(labels) - 1, 1)
    step = (width - left - 16) / count
    scale = (height - bottom - top) / 100

    def point(i: int, value: float) -> tuple[float, float]:
        return left + i * step, height - bottom - value * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for mark in (0, 50, 100):
        y = height - bottom - mark * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#ccc"/><text x="4" y="{y + 4:.1f}" font-size="10">{mark}{unit}</text>'
        )
    if bar is not None:
        y = height - bottom - bar * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#000" stroke-dasharray="6 4"/><text x="{width - 60}" y="{y - 4:.1f}" font-size="10">{bar:g}{unit}</text>'
        )
    points = [point(i, v) for i, v in enumerate(values) if v is not None]
    if points:
        path = " ".join(f"{'M' if n == 0 else 'L'}{x:.1f} {y:.1f}" for n, (x, y) in enumerate(points))
        parts.append(f'<path d="{path}" fill="none" stroke="#a31515" stroke-width="2"/>')
        for (x, y), v in zip(points, [v for v in values if v is not None], strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#a31515"><title>{v:.1f}{unit}</title></circle>'
            )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
