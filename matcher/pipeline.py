"""From documents to vectors: parse, the texts the encoder sees, one encoder call, split back.

Every path that embeds ToRs or CVs goes through here: the service (adding vacancies, storing
CVs, anonymous matches), the CLI's directory rankings and the evaluation. The parsers give
units and chunks (:mod:`matcher.tor`, :mod:`matcher.cv`), :mod:`matcher.statements` gives the
text the encoder sees for each, and :func:`encode_groups` embeds the texts of many documents in
one encoder call (models are fastest on large batches) and splits the rows back per document.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matcher.background import BACKGROUND_SENTENCES
from matcher.cancellation import check_cancelled, current_cancellation
from matcher.cv import parse_cv
from matcher.errors import EmptyDocumentError, ParseError
from matcher.models import Candidate, Vacancy
from matcher.names import clean_file_name
from matcher.ports import STATEMENT_KIND, Document, Encoder, FloatMatrix
from matcher.scoring.config import HIDDEN_TEXT
from matcher.statements import chunk_texts, unit_texts
from matcher.tor import parse_vacancy as parse_tor

__all__ = [
    "CANCELLABLE_BATCH",
    "document_flags",
    "encode_background",
    "encode_chunks",
    "encode_groups",
    "encode_units",
    "parse_candidate",
    "parse_vacancy",
]

def parse_vacancy(doc: Document, name: str, *, require_units: bool = True) -> Vacancy:
    """Parse a read ToR.

    Args:
        doc: The document, as a reader gave it.
        name: Its file name (the vacancy's ``source``, stored as :func:`clean_file_name` of it).
        require_units: Refuse a ToR without duties or learning elements: stored, it would
            rank last for everyone, silently.

    Raises:
        EmptyDocumentError: The document holds no text.
        ParseError: ``require_units`` and the ToR has no units (``no_units``).
    """
    name = clean_file_name(name)
    if not doc.text.strip():
        raise EmptyDocumentError(f"{name}: no extractable text")
    vacancy = parse_tor(doc.text, name)
    if require_units and not vacancy.units():
        raise ParseError(f"{name}: no duties or learning elements found", reason="no_units")
    return vacancy


def parse_candidate(doc: Document, name: str) -> Candidate:
    """Parse a read CV; its ``source`` is :func:`clean_file_name` of ``name``.

    Raises:
        EmptyDocumentError: The document holds no text, or no sentence to match.
    """
    name = clean_file_name(name)
    if not doc.text.strip():
        raise EmptyDocumentError(f"{name}: no extractable text")
    candidate = parse_cv(doc.text, name)
    if not candidate.chunks:
        raise EmptyDocumentError(f"{name}: no sentences to match")
    return candidate


def document_flags(doc: Document) -> tuple[str, ...]:
    """Flags a document carries into every result: hidden text, if its reader found any."""
    return (HIDDEN_TEXT,) if doc.hidden_text.strip() else ()


#: Texts per encoder call while the work can be cancelled (an HTTP request): the client's
#: disconnect is noticed between calls, and other requests get the encoder in between.
CANCELLABLE_BATCH = 64


def encode_groups(encoder: Encoder, groups: Sequence[Sequence[str]]) -> list[FloatMatrix]:
    """Encode the texts of many documents in one call; one ``(len(group), dim)`` matrix each.

    Identical texts (a bullet repeated within a CV, a sentence every CV of a template shares,
    a duty two ToRs word alike) go to the encoder once and their vector is copied to each
    place. No call is made when there is no text at all. Under a cancellation (work for an
    HTTP client, :mod:`matcher.cancellation`) the texts go in calls of
    :data:`CANCELLABLE_BATCH`, checked before each.

    Raises:
        CancelledWorkError: The work was cancelled.
    """
    flat = [text for group in groups for text in group]
    first: dict[str, int] = {}
    where = np.array([first.setdefault(text, len(first)) for text in flat], dtype=np.int64)
    distinct = list(first)
    if not distinct:
        vectors = np.zeros((0, encoder.dim), dtype=np.float32)
    elif current_cancellation() is None:
        vectors = encoder.encode(distinct, kind=STATEMENT_KIND)
    else:
        parts = []
        for start in range(0, len(distinct), CANCELLABLE_BATCH):
            check_cancelled()
            parts.append(encoder.encode(distinct[start:start + CANCELLABLE_BATCH],
                                        kind=STATEMENT_KIND))
        vectors = np.concatenate(parts, axis=0)
    if len(distinct) != len(flat):
        vectors = vectors[where]
    bounds = np.cumsum([0, *(len(group) for group in groups)]).tolist()
    return [vectors[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]


def encode_units(encoder: Encoder, vacancies: Sequence[Vacancy]) -> list[FloatMatrix]:
    """Per vacancy, the vectors of ``vacancy.units()`` (the texts of :func:`unit_texts`)."""
    return encode_groups(encoder, [unit_texts(v) for v in vacancies])


def encode_chunks(encoder: Encoder, candidates: Sequence[Candidate]) -> list[FloatMatrix]:
    """Per candidate, the vectors of ``candidate.chunks`` (the texts of :func:`chunk_texts`)."""
    return encode_groups(encoder, [chunk_texts(c) for c in candidates])


def encode_background(encoder: Encoder) -> FloatMatrix:
    """The scorer's generic CV sentences encoded once per encoder (see :mod:`matcher.scoring`)."""
    return encoder.encode(list(BACKGROUND_SENTENCES), kind=STATEMENT_KIND)
