"""The text chunks of a CV that get embedded."""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.cv.dates import find_spans
from matcher.cv.lines import (
    SENTENCE_END,
    is_bullet,
    is_contact,
    is_date_only,
    strip_bullet,
    word_count,
)
from matcher.cv.sections import Line
from matcher.text import split_sentences
from matcher.vocab import find_languages, fold

__all__ = ["MAX_CHUNKS", "STATEMENT_SECTIONS", "join_wrapped", "text_chunks"]

#: At most this many chunks are kept per CV, after duplicates and chunks of fewer than three
#: words are dropped: every chunk is encoded, so this bounds the work one document can cost
#: (docs/reliability.md item 26). Real CVs stay well below it: 2,483 livecareer resumes have a
#: median of 52 chunks and a maximum of 228 (a 35 KB text); the 90 CVs of eval/data/cvs (long
#: academic ones among them) at most 66. A 200 KB text would give about 1,600.
MAX_CHUNKS = 256

# Sections where "I am a German citizen" describes the candidate rather than their work.
STATEMENT_SECTIONS = frozenset(
    {"header", "personal", "profile", "nationality", "other", "languages", "skills", "interests"}
)
_SKIP_CHUNK_SECTIONS = frozenset({"personal", "references", "nationality"})


_ENDS_WITH_LEVEL_RE = re.compile(r"\b[ABC][12]\W*$")
_BULLET_END = re.compile(r"[.!?:]$")


def _starts_new_item(previous: str, text: str) -> bool:
    """A lower-case line that starts an item: a date, a language ("anglais", "inglês C1")."""
    if _ENDS_WITH_LEVEL_RE.search(previous):
        return True
    spans = find_spans(text)
    if spans and spans[0].begin == 0:
        # "agosto de 2018 - febrero de 2021": month names are lower case in most languages.
        return True
    mentions = find_languages(text[:40])
    return bool(mentions) and mentions[0][1] == 0


def _closes_bracket(previous: str, text: str) -> bool:
    """A short line that closes the bracket the previous one left open, as a narrow sidebar
    wraps "Inglés (Competencia profesional" / "completa)"."""
    return (
        previous.count("(") > previous.count(")")
        and ")" in text
        and "(" not in text.split(")", 1)[0]
        and len(text.split()) <= 6
    )


def _continues(prev: Line, text: str) -> bool:
    """Whether ``text`` is the rest of ``prev`` that a PDF wrapped onto the next line."""
    if _closes_bracket(prev.text, text):
        return True
    if prev.section == "languages" and text.startswith("(") and not SENTENCE_END.search(prev.text):
        # "Português (nativo), Inglês" / "(fluente), ...": in a list of languages a bracket
        # holds the level of the language before it.
        return True
    # Inside a bullet a semicolon separates clauses of one item ("...volunteers;" /
    # "participatory assessments ..."): only a full stop ends the item.
    ends = _BULLET_END.search(prev.text) if is_bullet(prev.text) else SENTENCE_END.search(prev.text)
    return (
        text[:1].islower()
        and not is_bullet(text)
        and not _starts_new_item(prev.text, text)
        and not ends
        and word_count(prev.text) >= 4
    )


def join_wrapped(lines: Sequence[Line]) -> list[Line]:
    """Re-join lines that a PDF wrapped mid-sentence (the next one starts in lower case).

    The previous line is the previous one *of the same section*, so a wrapped line in the left
    column of a two-column layout joins its sentence across the right column's cells.
    """
    joined: list[Line] = []
    last_of: dict[str, int] = {}
    for line in lines:
        idx = last_of.get(line.section)
        prev = joined[idx] if idx is not None else None
        text = line.text.strip()
        if idx is not None and prev is not None and not prev.heading and not line.heading:
            if _continues(prev, text):
                joined[idx] = Line(f"{prev.text} {text}", prev.section, prev.row)
                continue
        last_of[line.section] = len(joined)
        joined.append(Line(text, line.section, line.row, line.heading))
    return joined


def text_chunks(lines: Sequence[Line]) -> tuple[str, ...]:
    chunks: list[str] = []
    seen: set[str] = set()
    for line in lines:
        if line.heading or line.section in _SKIP_CHUNK_SECTIONS:
            continue
        text = strip_bullet(line.text)
        if not text or is_contact(text) or is_date_only(text):
            continue
        if line.section == "header" and len(text.split()) < 6:
            # Name, address and job-title lines above the first heading are not content.
            continue
        pieces = split_sentences(text) if len(text.split()) >= 12 else [text]
        for piece in pieces:
            piece = piece.strip(" |\u2022")
            key = " ".join(fold(piece).split()).rstrip(".")
            if word_count(piece) < 3 or key in seen:
                continue
            seen.add(key)
            chunks.append(piece)
            if len(chunks) == MAX_CHUNKS:
                # The rest is not read: document order keeps the profile and recent jobs.
                return tuple(chunks)
    return tuple(chunks)
