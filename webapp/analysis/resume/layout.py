"""Reading order for one PDF page, from the positions of its text lines.

Plain extraction interleaves a sidebar with the main column. Here the page's
lines are split at a vertical gutter that no line crosses; lines that do cross
it (a full-width header, a footer) cut the page into horizontal bands, and each
band is read left column first, then right column. Right-aligned dates beside a
job title look like a second column too, so a gutter is only accepted when the
right-hand lines share a left edge and are not just short labels sitting on the
same baselines as the lines to their left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MIN_GUTTER = 8.0  # points of empty space between columns
MIN_COLUMN_LINES = 3  # a band is read as two columns only with this many lines on each side
ALIGN_TOLERANCE = 3.0

_DATEISH = re.compile(r"^[\d\s./\-–—~至今年月presntcuroday]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Box:
    """A text line as positioned on the page (PDF coordinates: y grows upwards)."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float = 0.0
    bold: bool = False

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Row:
    text: str
    column: int
    size: float
    bold: bool


def order_page(boxes: Sequence[Box], page_width: float) -> list[Row]:
    """Rows of the page in reading order."""
    boxes = [b for b in boxes if b.text.strip()]
    gutter = find_gutter(boxes, page_width)
    if gutter is None:
        return merge_rows(boxes, column=0)
    rows: list[Row] = []
    left: list[Box] = []
    right: list[Box] = []
    spanning: list[Box] = []

    def flush_columns() -> None:
        if len(left) >= MIN_COLUMN_LINES and len(right) >= MIN_COLUMN_LINES:
            rows.extend(merge_rows(left, column=0))
            rows.extend(merge_rows(right, column=1))
        else:  # a row or two between full-width lines ("Acme Corp ... London"): read across
            rows.extend(merge_rows(left + right, column=0))
        left.clear()
        right.clear()

    for box in sorted(boxes, key=lambda b: -b.y1):
        if box.x1 <= gutter:
            rows.extend(merge_rows(spanning, column=0))
            spanning.clear()
            left.append(box)
        elif box.x0 >= gutter:
            rows.extend(merge_rows(spanning, column=0))
            spanning.clear()
            right.append(box)
        else:
            flush_columns()
            spanning.append(box)
    rows.extend(merge_rows(spanning, column=0))
    flush_columns()
    return rows


def find_gutter(boxes: Sequence[Box], page_width: float) -> float | None:
    """x of the gap between two columns, or None for a one-column page."""
    n = len(boxes)
    if n < 6 or page_width <= 0:
        return None
    half = MIN_GUTTER / 2
    best_cross = None
    best_xs: list[float] = []
    x = page_width * 0.2
    while x <= page_width * 0.8:
        left = [b for b in boxes if b.x1 <= x - half]
        right = [b for b in boxes if b.x0 >= x + half]
        cross = n - len(left) - len(right)
        if len(left) >= 3 and len(right) >= 3 and cross <= 0.2 * n and _overlap(left, right):
            if best_cross is None or cross < best_cross:
                best_cross, best_xs = cross, [x]
            elif cross == best_cross:
                best_xs.append(x)
        x += 2.0
    if not best_xs:
        return None
    # Of the equally clear gaps, take the one whose right side is most like a column (one left edge):
    # a gap between job titles and their dates is as empty as the gap before a sidebar.
    for run in sorted(_runs(best_xs, step=2.0), key=lambda r: (-_left_edge_share(_right_of(boxes, r)), -len(r))):
        gutter = (run[0] + run[-1]) / 2
        left = [b for b in boxes if b.x1 <= gutter - half]
        right = _right_of(boxes, run)
        if _left_edge_share(right) >= 0.6 and not _labels_beside_rows(left, right):
            return gutter
    return None


def merge_rows(boxes: Sequence[Box], column: int) -> list[Row]:
    """Join boxes on the same baseline (a job title and its right-aligned dates) into one row."""
    rows: list[Row] = []
    group: list[Box] = []
    for box in sorted(boxes, key=lambda b: -b.yc):
        if group and abs(box.yc - group[0].yc) > 0.5 * min(_height(box), _height(group[0])):
            rows.append(_join(group, column))
            group = []
        group.append(box)
    if group:
        rows.append(_join(group, column))
    return rows


def _join(group: list[Box], column: int) -> Row:
    group = sorted(group, key=lambda b: b.x0)
    text = group[0].text.strip()
    for prev, box in zip(group, group[1:]):
        gap = box.x0 - prev.x1
        text += ("  " if gap > max(prev.size, 4.0) else " ") + box.text.strip()
    return Row(
        text=text,
        column=column,
        size=max(b.size for b in group),
        bold=all(b.bold for b in group),
    )


def _height(box: Box) -> float:
    return max(box.y1 - box.y0, 1.0)


def _overlap(left: list[Box], right: list[Box]) -> bool:
    lo = max(min(b.y0 for b in left), min(b.y0 for b in right))
    hi = min(max(b.y1 for b in left), max(b.y1 for b in right))
    shorter = min(
        max(b.y1 for b in left) - min(b.y0 for b in left),
        max(b.y1 for b in right) - min(b.y0 for b in right),
    )
    return hi - lo >= 0.5 * max(shorter, 1.0)


def _runs(xs: list[float], step: float) -> list[list[float]]:
    runs: list[list[float]] = [[xs[0]]]
    for x in xs[1:]:
        if x - runs[-1][-1] <= step + 1e-6:
            runs[-1].append(x)
        else:
            runs.append([x])
    return runs


def _right_of(boxes: Sequence[Box], run: list[float]) -> list[Box]:
    return [b for b in boxes if b.x0 >= (run[0] + run[-1]) / 2 + MIN_GUTTER / 2]


def _left_edge_share(boxes: list[Box]) -> float:
    """Share of the lines starting at the most common x: most lines of a real column do
    (bullets may indent a little)."""
    if not boxes:
        return 0.0
    starts = [b.x0 for b in boxes]
    return max(sum(1 for s in starts if abs(s - x) <= ALIGN_TOLERANCE * 4) for x in starts) / len(starts)


def _labels_beside_rows(left: list[Box], right: list[Box]) -> bool:
    """True when the right-hand lines are dates or right-aligned labels on the rows to their left."""
    aligned = sum(1 for r in right if any(abs(r.yc - b.yc) <= ALIGN_TOLERANCE for b in left))
    if aligned < 0.7 * len(right):
        return False
    dateish = sum(1 for r in right if _DATEISH.match(r.text.strip())) >= 0.5 * len(right)
    return dateish or _spread([r.x1 for r in right]) < _spread([r.x0 for r in right])


def _spread(values: list[float]) -> float:
    """Range of the middle 80 % of the values."""
    values = sorted(values)
    cut = len(values) // 10
    middle = values[cut : len(values) - cut] or values
    return middle[-1] - middle[0]
