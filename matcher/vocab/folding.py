"""Folding for vocabulary lookups: lower case, no accents, one character for one character.

Offsets in folded text equal offsets in the original, which is what lets every ``find_*``
function of :mod:`matcher.vocab` search folded text and still report positions in the caller's
text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["fold", "table_lines", "words_pattern"]


def fold(text: str) -> str:
    """Lower-case and strip accents, one character for one character.

    Offsets in the folded text equal offsets in ``text``, which is what lets the ``find_*``
    functions search folded text and still report positions in the original.

    Args:
        text: Any string.

    Returns:
        The folded string, of the same length as ``text``.
    """
    if text.isascii():
        # Fast path: ASCII lower-casing never changes the length.
        return text.lower().replace("`", "'")
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "\u2019\u2018\u02bc`\u00b4":
        return "'"
    if char in "\u2010\u2011\u2012\u2013":
        return "-"
    lowered = char.lower()
    if len(lowered) != 1:
        # "İ".lower() is two characters: keep offsets stable rather than perfect.
        lowered = char
    decomposed = unicodedata.normalize("NFKD", lowered)
    base = decomposed[0] if decomposed else lowered
    return base if base.isalpha() or base == lowered else lowered


def words_pattern(terms: Iterable[str]) -> str:
    """A regex alternation of folded terms, longest first, spaces matching any whitespace."""
    unique = sorted({fold(t) for t in terms if t.strip()}, key=lambda t: (-len(t), t))
    escaped = [re.escape(t).replace(r"\ ", r"\s+") for t in unique]
    return "|".join(escaped)


def table_lines(table: str) -> list[str]:
    """Logical lines of a table: an indented line continues the one before it."""
    lines: list[str] = []
    for line in table.strip("\n").splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line.strip())
    return lines

