"""PDF text extraction with pypdf (run in the sandboxed child), and page-layout clean-up.

Each visible fragment keeps where it starts on the page, so that a page drawn line by line
across two columns can be read column by column (:mod:`index.readers.columns`).

Hidden text is best effort: a text-showing operator counts as hidden when the fill colour is
white (``1 g``, ``1 1 1 rg``, ``0 0 0 0 k`` or the same through ``sc``/``scn``), the text
render mode is invisible (``3 Tr``/``7 Tr``), or the rendered font size is 2 pt or less. pypdf
reports text in flushed fragments rather than per operator, so a fragment is hidden only when
every text operator that fed it was hidden; white text interleaved with visible text on the
same line is kept as visible (a gap, not a loss). Text drawn under shapes or off the page,
and white text on a white image background, are not detected.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from matcher.errors import (
    EmptyDocumentError,
    EncryptedDocumentError,
    FileTooLargeError,
    MaliciousDocumentError,
)

from .columns import Fragment, untangle_columns
from .docx import Extraction
from .limits import ReaderLimits

__all__ = ["extract_pdf", "remove_repeated_lines"]

_TINY_POINTS = 2.0
_TEXT_OPERATORS = frozenset({b"Tj", b"TJ", b"'", b'"'})
# A line counts as a running header/footer when it sits in the first or last lines of a page
# and recurs on at least this share of pages (and on at least two).
_EDGE_LINES = 2
_REPEAT_SHARE = 0.6
_DIGITS = re.compile(r"\d+")
# Page-number lines ("Page 2 of 5", "- 3 -", "Página 2 de 4", "2/5") differ only by their
# digits; every other line must repeat exactly, so "2019-2021 Programme Officer" and
# "2015-2017 Programme Officer" are never taken for one footer.
_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|pag|pág|página|pagina|seite|p)\.?\s*)?#"
    r"(?:\s*(?:of|de|sur|von|/)\s*#)?\W*$"
)


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _is_white(operator: bytes, operands: Sequence[Any]) -> bool:
    values = [_number(v) for v in operands]
    numbers = [v for v in values if v is not None]
    if len(numbers) != len(values) or not numbers:
        return False  # a pattern or a named colour: unknown, treat as visible
    if operator == b"k" or len(numbers) == 4:
        return all(v <= 0.01 for v in numbers)
    return all(v >= 0.99 for v in numbers)


def _multiply(m: Sequence[float], n: Sequence[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _origin(cm: Any, tm: Any) -> tuple[float, float, float] | None:
    """(x, y, scale) of the text space origin on the page, None for malformed matrices."""
    try:
        matrix = _multiply([float(v) for v in tm], [float(v) for v in cm])
    except (TypeError, ValueError, IndexError):
        return None
    return matrix[4], matrix[5], math.hypot(matrix[2], matrix[3])


class _HiddenTextVisitor:
    """pypdf visitors that sort text fragments into visible and hidden, with positions.

    pypdf reports text in flushed fragments; a fragment starts where the first text operator
    after the previous flush drew. ``before`` notes each operator's position, ``after`` gives
    it to the fragment being built if it has none yet (a flush can happen while pypdf handles
    the operator that starts the next fragment, so ``before`` alone would be one off).
    """

    def __init__(self) -> None:
        self._white = False
        self._invisible = False
        self._stack: list[tuple[bool, bool]] = []
        self._pending: list[bool] = []
        self._last = False
        self._operator_origin: tuple[float, float, float] | None = None
        self._fragment_origin: tuple[float, float, float] | None = None
        self.visible: list[str] = []
        self.hidden: list[str] = []
        self.fragments: list[Fragment] = []

    def before(self, operator: bytes, operands: list[Any], _cm: Any, _tm: Any) -> None:
        if operator == b"q":
            self._stack.append((self._white, self._invisible))
        elif operator == b"Q":
            if self._stack:
                self._white, self._invisible = self._stack.pop()
        elif operator in (b"g", b"rg", b"k", b"sc", b"scn"):
            self._white = _is_white(operator, operands)
        elif operator == b"cs":
            self._white = False  # a new colour space starts at its initial colour (black)
        elif operator == b"Tr" and operands:
            self._invisible = _number(operands[0]) in (3.0, 7.0)
        elif operator in _TEXT_OPERATORS:
            self._last = self._white or self._invisible
            self._pending.append(self._last)
            self._operator_origin = _origin(_cm, _tm)

    def after(self, operator: bytes, _operands: list[Any], _cm: Any, _tm: Any) -> None:
        if operator in _TEXT_OPERATORS and self._fragment_origin is None:
            self._fragment_origin = self._operator_origin

    def text(self, text: str, cm: Any, tm: Any, _font: Any, font_size: Any) -> None:
        if not text:
            return
        if not text.strip():
            self.visible.append(text)
            return
        origin, self._fragment_origin = self._fragment_origin, None
        states, self._pending = self._pending, []
        hidden = all(states) if states else self._last
        size = _number(font_size)
        try:
            matrix = _multiply([float(v) for v in tm], [float(v) for v in cm])
            scale = math.hypot(matrix[2], matrix[3])
        except (TypeError, ValueError, IndexError):
            scale = 1.0
        if size is not None and 0 < size * scale <= _TINY_POINTS:
            hidden = True
        (self.hidden if hidden else self.visible).append(text)
        if not hidden and origin is not None:
            x, y, origin_scale = origin
            self.fragments.append(Fragment(x, y, (size or 0.0) * origin_scale, text))


def _content_size(page: Any) -> int:
    contents = page.get_contents()
    return 0 if contents is None else len(contents.get_data())


def extract_pdf(data: bytes, limits: ReaderLimits) -> Extraction:
    """Extract text per page (runs in the sandboxed child; imports pypdf lazily).

    Raises:
        EncryptedDocumentError: any encrypted PDF, even one an empty password opens: a
            protected CV is not ours to unlock.
        FileTooLargeError: more than ``max_pages`` pages (reason ``too_many_pages``).
        MaliciousDocumentError: decoded page content over ``pdf_max_content_bytes`` (reason
            ``content_too_large``).
        EmptyDocumentError: a PDF without pages.
        pypdf errors: mapped to ``ParseError``/``MaliciousDocumentError`` by the worker.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise EncryptedDocumentError(
            "the PDF is encrypted; upload an unprotected copy", reason="encrypted"
        )
    count = len(reader.pages)
    if count > limits.max_pages:
        raise FileTooLargeError(
            f"the PDF has {count} pages (limit {limits.max_pages})", reason="too_many_pages"
        )
    if count == 0:
        raise EmptyDocumentError("the PDF has no pages", reason="empty_text")
    budget = limits.pdf_max_content_bytes
    for page in reader.pages:
        budget -= _content_size(page)
        if budget < 0:
            raise MaliciousDocumentError(
                f"the PDF's page content exceeds {limits.pdf_max_content_bytes} decoded bytes",
                reason="content_too_large",
            )
    pages: list[str] = []
    hidden: list[str] = []
    total = 0
    cap = 2 * limits.max_chars
    for page in reader.pages:
        visitor = _HiddenTextVisitor()
        text = page.extract_text(
            visitor_operand_before=visitor.before,
            visitor_operand_after=visitor.after,
            visitor_text=visitor.text,
        )
        if visitor.hidden:
            text = "".join(visitor.visible)
            hidden.append("".join(visitor.hidden))
        untangled = untangle_columns(visitor.fragments)
        if untangled is not None:
            text = untangled
        pages.append(text)
        total += len(text)
        if total > cap:
            return Extraction(pages=pages, hidden=hidden, truncated=True)
    return Extraction(pages=pages, hidden=hidden)


def _line_key(line: str) -> str:
    key = " ".join(line.split()).casefold()
    numbered = _DIGITS.sub("#", key)
    return "<page number>" if _PAGE_NUMBER.match(numbered) else key


def remove_repeated_lines(pages: Sequence[str]) -> list[str]:
    """Drop running headers and footers: edge lines repeated on most pages.

    The first occurrence is kept (a header often carries the candidate's name); later copies
    are removed. Documents of one page are returned unchanged.

    Args:
        pages: Text of each page, in order.

    Returns:
        The pages without the repeated copies.
    """
    if len(pages) < 2:
        return list(pages)
    split = [page.splitlines() for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        content = [i for i, line in enumerate(lines) if line.strip()]
        edges = set(content[:_EDGE_LINES] + content[-_EDGE_LINES:])
        counts.update({_line_key(lines[i]) for i in edges})
    threshold = max(2, math.ceil(_REPEAT_SHARE * len(pages)))
    repeated = {key for key, count in counts.items() if count >= threshold}
    if not repeated:
        return list(pages)
    seen: set[str] = set()
    cleaned: list[str] = []
    for lines in split:
        content = [i for i, line in enumerate(lines) if line.strip()]
        edges = set(content[:_EDGE_LINES] + content[-_EDGE_LINES:])
        kept: list[str] = []
        for i, line in enumerate(lines):
            key = _line_key(line)
            if i in edges and key in repeated:
                if key in seen:
                    continue
                seen.add(key)
            kept.append(line)
        cleaned.append("\n".join(kept))
    return cleaned
