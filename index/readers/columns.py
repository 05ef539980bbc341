"""Keep each column of a two-column PDF page together (pure Python, runs in the parsing child).

pypdf returns a page's text in the order the file draws it. Most generators draw a column at a
time (reportlab frames, Word text boxes, LinkedIn's "Save to PDF"), and that order is already
right. Some draw the page line by line from the top, alternating between a sidebar and the main
column; read in that order, a sidebar's "Languages" heading would swallow the main column's
jobs. :func:`untangle_columns` detects that case from the positions of the text fragments and
returns the page column by column (left column first); in every other case it returns None and
the caller keeps pypdf's text.

A page counts as two interleaved columns when all of these hold:

* a vertical edge ``e`` at least :data:`_MIN_COLUMN_POINTS` right of the leftmost text is the
  left edge of at least half of the fragments that start right of it (a left-aligned column,
  not right-aligned dates, whose start positions vary with their width), and those fragments
  differ in length (not one repeated date format);
* at most two, or :data:`_MAX_CROSSING_SHARE`, of the fragments left of ``e`` extend past it (an
  estimate: 0.45 em per character, an underestimate for Helvetica text, so a full-width line
  is still seen crossing);
* fewer than :data:`_MAX_PAIRED_SHARE` of the left fragments share their baseline with a right
  fragment: a label column beside its content (the Europass layout, a table) pairs its lines
  and is read row by row, which pypdf already does;
* the drawing order switches between the columns more than twice.

Pages with more than :data:`_MAX_FRAGMENTS` fragments are left as they are (bounded work).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Fragment", "untangle_columns"]

_MIN_COLUMN_POINTS = 72.0
_EDGE_TOLERANCE = 3.0
_MIN_ALIGNED_SHARE = 0.5
_MAX_CROSSING_SHARE = 0.1
_MAX_PAIRED_SHARE = 0.7
_MAX_FRAGMENTS = 20_000
_EDGE_CANDIDATES = 8
_EM_PER_CHARACTER = 0.45
_PAIR_TOLERANCE = 0.25


@dataclass(frozen=True, slots=True)
class Fragment:
    """One piece of visible text as pypdf flushed it, where it starts on the page.

    Attributes:
        x: Horizontal start, in points from the left of the page.
        y: Baseline, in points from the bottom of the page.
        size: Rendered font size in points.
        text: The text, possibly ending with a line break.
    """

    x: float
    y: float
    size: float
    text: str

    def width(self) -> float:
        """An estimate of how wide the text runs on the page."""
        return len(self.text.strip()) * self.size * _EM_PER_CHARACTER


def _same_line(a: Fragment, b: Fragment) -> bool:
    return abs(a.y - b.y) <= 0.5 * max(min(a.size, b.size), 1.0)


def _aligned_right_side(right: Sequence[Fragment], edge: float) -> bool:
    aligned = sum(1 for f in right if abs(f.x - edge) <= _EDGE_TOLERANCE)
    lengths = {len(f.text.strip()) for f in right}
    return aligned >= _MIN_ALIGNED_SHARE * len(right) and len(lengths) >= 3


def _paired_share(left: Sequence[Fragment], right: Sequence[Fragment]) -> float:
    baselines = sorted(f.y for f in right)
    paired = 0
    for fragment in left:
        # Cells of one table row share their baseline within a fraction of a point, or two
        # when their font sizes differ; independent columns drift apart line by line.
        tolerance = _PAIR_TOLERANCE * max(fragment.size, 1.0)
        # Binary search for the nearest right baseline.
        lo, hi = 0, len(baselines)
        while lo < hi:
            mid = (lo + hi) // 2
            if baselines[mid] < fragment.y - tolerance:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(baselines) and baselines[lo] <= fragment.y + tolerance:
            paired += 1
    return paired / max(len(left), 1)


def _switches(sides: Sequence[bool]) -> int:
    return sum(1 for a, b in zip(sides, sides[1:], strict=False) if a != b)


def _split_at(fragments: Sequence[Fragment], edge: float) -> tuple[list[int], list[int]] | None:
    """Indices of the left and right column at ``edge``, or None if it is no column edge."""
    left = [i for i, f in enumerate(fragments) if f.x < edge - _EDGE_TOLERANCE]
    right = [i for i, f in enumerate(fragments) if f.x >= edge - _EDGE_TOLERANCE]
    if len(left) < 3 or len(right) < 3:
        return None
    crossing = [i for i in left if fragments[i].x + fragments[i].width() > edge + _EDGE_TOLERANCE]
    # A name or a footer may run across the page: two such lines are always allowed.
    if len(crossing) > max(2.0, _MAX_CROSSING_SHARE * len(left)):
        return None
    if not _aligned_right_side([fragments[i] for i in right], edge):
        return None
    return left, right


def _column_edge(fragments: Sequence[Fragment]) -> tuple[list[int], list[int]] | None:
    leftmost = min(f.x for f in fragments)
    starts = Counter(round(f.x) for f in fragments if f.x >= leftmost + _MIN_COLUMN_POINTS)
    best: tuple[int, tuple[list[int], list[int]]] | None = None
    for edge, count in starts.most_common(_EDGE_CANDIDATES):
        if count < 3:
            break
        split = _split_at(fragments, float(edge))
        if split is not None and (best is None or count > best[0]):
            best = (count, split)
    return best[1] if best is not None else None


def _lines(fragments: Sequence[Fragment]) -> list[str]:
    lines: list[str] = []
    previous: Fragment | None = None
    for fragment in fragments:
        piece = fragment.text.strip()
        if previous is not None and _same_line(previous, fragment) and lines:
            lines[-1] = f"{lines[-1]} {piece}"
        else:
            lines.append(piece)
        previous = fragment
    return lines


def untangle_columns(fragments: Sequence[Fragment]) -> str | None:
    """The page's text column by column, or None when the drawing order should be kept.

    Args:
        fragments: The page's visible text fragments in drawing order.

    Returns:
        The text of full-width lines above the columns, then the left column, then the right
        column, then full-width lines below, one line per baseline; None when the page is not
        two columns drawn line by line (see the module docstring).
    """
    pieces = [f for f in fragments if f.text.strip()]
    if len(pieces) < 6 or len(pieces) > _MAX_FRAGMENTS:
        return None
    split = _column_edge(pieces)
    if split is None:
        return None
    left_idx, right_idx = split
    edge = min(pieces[i].x for i in right_idx)
    crossing = {
        i for i in left_idx if pieces[i].x + pieces[i].width() > edge + _EDGE_TOLERANCE
    }
    left = [pieces[i] for i in left_idx if i not in crossing]
    right = [pieces[i] for i in right_idx]
    if _paired_share(left, right) >= _MAX_PAIRED_SHARE:
        return None
    right_set = set(right_idx)
    sides = [i in right_set for i in range(len(pieces)) if i not in crossing]
    if _switches(sides) <= 2:
        return None
    top = max(f.y for f in (*left, *right))
    above = [pieces[i] for i in sorted(crossing) if pieces[i].y > top]
    below = [pieces[i] for i in sorted(crossing) if pieces[i].y <= top]
    # Top to bottom in 2-point bands; the sort is stable, so fragments of one line (which
    # differ in height by a fraction of a point at most) keep their drawing order.
    left.sort(key=lambda f: -round(f.y / 2))
    right.sort(key=lambda f: -round(f.y / 2))
    lines = [*_lines(above), *_lines(left), *_lines(right), *_lines(below)]
    return "\n".join(lines) + "\n"
