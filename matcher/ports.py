"""Protocols that the adapters in ``index/`` implement and the core depends on.

The core never imports torch, faiss or pypdf: it talks to these interfaces. Unit tests use
first-class fakes (a deterministic hashing encoder, a numpy exact index) that implement the same
Protocols, instead of monkeypatching.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = [
    "STATEMENT_KIND",
    "CachingEncoder",
    "Document",
    "Encoder",
    "FloatMatrix",
    "IdArray",
    "OwnerIndex",
    "TextReader",
    "VectorIndex",
]

#: The ``kind`` every ToR unit, CV chunk and background sentence is encoded with. They are all
#: short statements compared with one another, a symmetric task, for which e5 asks for the
#: "query: " prefix on both sides. With units as queries and chunks as passages (asymmetric
#: retrieval) a CV ranked its right vacancy worse: jpo cv->vacancies nDCG@5 0.903 against
#: 0.936 with both sides as queries (0.931 with both as passages). Whole documents (the dense
#: baseline of the evaluation) stay query/passage.
STATEMENT_KIND = "query"

FloatMatrix = npt.NDArray[np.float32]
IdArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Document:
    """Text extracted from one file.

    ``media_type`` is decided by magic bytes ("text/plain", "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document").
    ``hidden_text`` holds text a reader could not see (white, tiny or vanished runs), kept apart
    so that it is never embedded and can be flagged for human review.
    """

    text: str
    media_type: str
    pages: int = 1
    hidden_text: str = ""


@runtime_checkable
class TextReader(Protocol):
    """Reads one uploaded file into a :class:`Document` within bounded time and memory.

    Raises a subclass of :class:`matcher.errors.InputError` for anything unreadable. The
    service reads every upload through one (``index.readers.DocumentReader`` by default).
    """

    def read_bytes(self, data: bytes, name: str = "upload") -> Document: ...


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors of shape ``(len(texts), dim)``."""

    @property
    def model_name(self) -> str: ...

    @property
    def revision(self) -> str: ...

    @property
    def dim(self) -> int: ...

    @property
    def kinds_differ(self) -> bool:
        """Whether ``kind="query"`` and ``kind="passage"`` give different vectors (e5: yes)."""
        ...

    def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
        """Encode ``texts``. ``kind`` is "query" or "passage" for models that distinguish them."""
        ...


@runtime_checkable
class CachingEncoder(Encoder, Protocol):
    """An :class:`Encoder` that keeps the vectors it made (in memory or on disk).

    Erasing a CV must erase every copy of its vectors, so such an encoder can forget texts;
    it holds a file or memory until closed.
    """

    def forget(self, texts: Sequence[str]) -> int:
        """Drop the kept vectors of ``texts`` (every kind); return how many were dropped."""
        ...

    def close(self) -> None:
        """Release the cache (close its file, if any)."""
        ...


@runtime_checkable
class VectorIndex(Protocol):
    """Inner-product search over int64 ids. Removing an id really removes its vector."""

    @property
    def dim(self) -> int: ...

    def __len__(self) -> int: ...

    def add(self, ids: IdArray, vectors: FloatMatrix) -> None: ...

    def remove(self, ids: IdArray) -> int:
        """Remove these ids; return how many vectors were removed."""
        ...

    def search(
        self, queries: FloatMatrix, k: int, *, allowed_ids: IdArray | None = None
    ) -> tuple[FloatMatrix, IdArray]:
        """Top-``k`` per query: (scores, ids), both ``(len(queries), k)``; missing ids are -1."""
        ...

    def ids(self) -> IdArray:
        """Every id held (the catalog compares them with the store's on open)."""
        ...

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (the previous file stays on failure)."""
        ...


@runtime_checkable
class OwnerIndex(VectorIndex, Protocol):
    """A :class:`VectorIndex` that also keeps the owner (vacancy or candidate id) of each vector.

    Engines with payloads (Qdrant) store the owner beside each point, filter a search by a set
    of owners (one pool) and group hits by owner inside the engine. Their scores are the
    engine's (approximate with HNSW); rankings re-score the owners they return exactly.
    """

    def add_owned(self, ids: IdArray, vectors: FloatMatrix, owners: Sequence[str]) -> None:
        """:meth:`VectorIndex.add`, with ``owners[i]`` owning ``ids[i]``."""
        ...

    def search_owners(
        self, queries: FloatMatrix, limit: int, *, allowed_owners: Sequence[str] | None = None
    ) -> list[list[tuple[str, float]]]:
        """Per query: up to ``limit`` owners with their best vector's score, best first.

        ``allowed_owners`` restricts the search to those owners' vectors (None: every owner).
        """
        ...
