"""Marking the words of a CV sentence that match the duty it is quoted for (web pages).

A word matches when it is a content word (four letters or more, not a stop word of English,
French or Spanish) and shares its first five letters with a content word of the duty, so
"coordinated" matches "coordination" and "reports" matches "reporting". The sentence is
escaped piece by piece, so only the ``<mark>`` tags this adds reach the page as markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from matcher.lexical import STOP_WORDS

__all__ = ["highlight_matches"]

_WORD = re.compile(r"(\w+)")
_MIN_LETTERS = 4
_STEM = 5


def _stems(text: str) -> set[str]:
    words = (w.casefold() for w in _WORD.findall(text))
    return {w[:_STEM] for w in words if len(w) >= _MIN_LETTERS and w not in STOP_WORDS}


def highlight_matches(text: str, reference: str) -> Markup:
    """``text`` as HTML, with the words that match ``reference`` inside ``<mark>``."""
    stems = _stems(reference)
    out: list[str] = []
    for i, piece in enumerate(_WORD.split(text)):
        word = piece.casefold()
        # Odd pieces are the words (re.split with one capturing group).
        if i % 2 and len(word) >= _MIN_LETTERS and word not in STOP_WORDS and (
                word[:_STEM] in stems):
            out.append(f"<mark>{escape(piece)}</mark>")
        else:
            out.append(str(escape(piece)))
    return Markup("".join(out))  # noqa: S704 - every piece was escaped above
