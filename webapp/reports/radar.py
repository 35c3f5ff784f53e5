"""Radar chart of competency scores as inline SVG, drawn on the server.

No JavaScript: the same markup shows in the page, in print and in the PDF. Each series is a
polygon over the axes it measured (an axis a series did not measure is skipped, not drawn at
0, so missing data never looks like a low score). Series differ by colour and by dash
pattern, so an overlay stays readable in black and white.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

COLOURS = ("#2457c5", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207", "#475569")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 6")
RINGS = (20, 40, 60, 80, 100)
RING_LABELS = (20, 40, 60, 80)  # the outer ring's 100 would sit on the top axis's value


@dataclass(frozen=True)
class Series:
    name: str
    values: Mapping[str, float | None]  # axis key -> 0-100, None when not measured


def _point(cx: float, cy: float, radius: float, index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * max(0.0, min(100.0, value)) / 100.0
    return round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1)


def _lines(text: str, width: int = 16) -> list[str]:
    """Split a long axis label into at most two lines at a space near its middle."""
    if len(text) <= width or " " not in text:
        return [text]
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return [text[:cut], text[cut + 1:]]


def _anchor(x: float, cx: float) -> str:
    if abs(x - cx) < 4:
        return "middle"
    return "start" if x > cx else "end"


def radar_svg(axes: Sequence[tuple[str, str]], series: Sequence[Series], *, size: int = 360,
              title: str = "", show_values: bool = True, legend: bool = False) -> Markup:
    """`axes` are (key, label) pairs in drawing order; at least three are needed."""
    if len(axes) < 3:
        return Markup("")
    pad_x, pad_y = 110, 44
    legend_h = 20 * len(series) + 8 if legend else 0
    width, height = size + 2 * pad_x, size + 2 * pad_y + legend_h
    cx, cy, radius = width / 2, pad_y + size / 2, size / 2
    n = len(axes)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="DejaVu Sans, Noto Sans, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif">'
    ]
    if title:
        out.append(f"<title>{escape(title)}</title>")
    for ring in RINGS:
        pts = " ".join(f"{x},{y}" for x, y in (_point(cx, cy, radius, i, n, ring) for i in range(n)))
        out.append(f'<polygon points="{pts}" fill="none" stroke="#cfd6e0" stroke-width="1"/>')
        if ring in RING_LABELS:
            x, y = _point(cx, cy, radius, 0, n, ring)
            out.append(f'<text x="{x + 3}" y="{y + 3}" font-size="9" fill="#8190a5">{ring}</text>')
    for i, (key, text) in enumerate(axes):
        x, y = _point(cx, cy, radius, i, n, 100)
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}" stroke="#cfd6e0" stroke-width="1"/>')
        lx, ly = _point(cx, cy, radius + 14, i, n, 100)
        measured = any(s.values.get(key) is not None for s in series)
        colour = "#1c2430" if measured else "#8190a5"
        lines = _lines(text)
        top = ly + 4 - (7 * (len(lines) - 1) if abs(lx - cx) >= 4 else (14 * (len(lines) - 1) if ly < cy else 0))
        anchor = _anchor(lx, cx)
        for k, line in enumerate(lines):
            out.append(f'<text x="{lx}" y="{round(top + 14 * k, 1)}" font-size="13" text-anchor="{anchor}" '
                       f'fill="{colour}">{escape(line)}</text>')
        if show_values and len(series) == 1:
            value = series[0].values.get(key)
            shown = "—" if value is None else f"{value:.0f}"
            out.append(f'<text x="{lx}" y="{round(top + 14 * len(lines), 1)}" font-size="13" font-weight="bold" '
                       f'text-anchor="{anchor}" fill="{colour}">{shown}</text>')
    for k, s in enumerate(series):
        colour, dash = COLOURS[k % len(COLOURS)], DASHES[k % len(DASHES)]
        pts = [_point(cx, cy, radius, i, n, s.values[key]) for i, (key, _) in enumerate(axes)
               if s.values.get(key) is not None]
        if not pts:
            continue
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        fill = "0.18" if len(series) == 1 else "0.06"
        if len(pts) >= 3:
            joined = " ".join(f"{x},{y}" for x, y in pts)
            out.append(f'<polygon points="{joined}" fill="{colour}" fill-opacity="{fill}" stroke="{colour}" '
                       f'stroke-width="2"{dash_attr}/>')
        elif len(pts) == 2:
            (x1, y1), (x2, y2) = pts
            out.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for x, y in pts:
            out.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
    if legend:
        top = pad_y * 2 + size
        for k, s in enumerate(series):
            colour, dash = COLOURS[k % len(COLOURS)], DASHES[k % len(DASHES)]
            y = top + 20 * k
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<line x1="{pad_x}" y1="{y}" x2="{pad_x + 34}" y2="{y}" stroke="{colour}" stroke-width="3"{dash_attr}/>')
            out.append(f'<text x="{pad_x + 42}" y="{y + 4}" font-size="12" fill="#1c2430">{escape(s.name)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
