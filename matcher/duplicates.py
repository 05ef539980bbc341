"""Duplicate CVs in a pool: the same text, or a near-copy of it.

A portal export often holds the same CV twice (sent again, or as both PDF and Word). Two CVs
are *identical* when their normalised text is the same: folded case and accents, every run of
punctuation and white space one space, so that the PDF and the .docx of one CV agree. They are
a *near copy* when their word 5-gram shingles overlap by at least :data:`NEAR_COPY_JACCARD`
(Jaccard): a CV sent again with one line changed. Measured on the 20-CV pool of the acceptance
test, different people's CVs written from one template overlap by less than 0.35; a CV with one
bullet edited overlaps its original by more than 0.9.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from matcher.vocab import fold

__all__ = [
    "CopyKind",
    "NEAR_COPY_JACCARD",
    "SHINGLE_WORDS",
    "TextPrint",
    "find_copy",
    "jaccard",
    "text_print",
]

#: Shingle overlap from which two CVs are one CV sent twice.
NEAR_COPY_JACCARD = 0.8
#: Words per shingle.
SHINGLE_WORDS = 4

CopyKind = Literal["identical", "near_copy"]
K = TypeVar("K")

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class TextPrint:
    """What duplicate detection keeps of one CV text (no text itself).

    Attributes:
        fingerprint: sha256 of the normalised text (identical CVs share it).
        shingles: crc32 of every run of :data:`SHINGLE_WORDS` words.
    """

    fingerprint: str
    shingles: frozenset[int]


def text_print(text: str) -> TextPrint:
    """The fingerprint and shingles of one CV text."""
    words = _WORD.findall(fold(text))
    normalised = " ".join(words)
    shingles = frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8"))
        for i in range(max(0, len(words) - SHINGLE_WORDS + 1))
    )
    return TextPrint(hashlib.sha256(normalised.encode("utf-8")).hexdigest(), shingles)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def find_copy(
    doc: TextPrint, known: Iterable[tuple[K, TextPrint]], threshold: float = NEAR_COPY_JACCARD
) -> tuple[K, CopyKind] | None:
    """The first known CV that ``doc`` duplicates, and how.

    An identical text wins over a near copy met earlier; among near copies, the first one.

    Args:
        doc: The print of the new CV.
        known: (key, print) of the CVs already in the pool, in the order they came.
        threshold: Shingle overlap from which a CV is a near copy.

    Returns:
        ``(key, "identical")``, ``(key, "near_copy")`` or None.
    """
    near: tuple[K, CopyKind] | None = None
    for key, other in known:
        if other.fingerprint == doc.fingerprint:
            return key, "identical"
        if near is not None or not doc.shingles or not other.shingles:
            continue
        small, large = sorted((len(doc.shingles), len(other.shingles)))
        # Jaccard cannot exceed small / large: skip the set operations when that is too low.
        if small / large >= threshold and jaccard(doc.shingles, other.shingles) >= threshold:
            near = (key, "near_copy")
    return near
