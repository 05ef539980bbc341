"""The store and the two vector indexes (vacancy units, CV chunks), kept consistent.

The store is the source of truth; an index file is a cache of the store's ``vectors`` table.

- Write order: one store transaction (rows + vectors) commits first, then the vectors go into
  the in-memory index, then the index file is saved atomically (temp file, fsync, rename).
  A crash after the commit leaves an index file that lags the store: the next open sees the
  difference and rebuilds the index from the stored vectors (no re-encoding).
- Erase order: the store rows go first (commit, then a WAL checkpoint so the text leaves the
  file), then the index ids are removed and the file saved. A crash in between leaves ids in
  the index file that the store no longer has: the next open rebuilds without them, so an
  erased CV never comes back.
- Fault injection: ``JPO_MATCHER_CRASH_AT=<point>`` makes the process ``os._exit(137)`` at that
  point (see :data:`CRASH_POINTS`); the crash-consistency tests use it from a subprocess.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.backends import StoreBackend
from index.store import VectorMeta, VectorRow
from matcher.errors import IndexNotReadyError, StoreError
from matcher.ports import (
    STATEMENT_KIND,
    Encoder,
    FloatMatrix,
    IdArray,
    OwnerIndex,
    VectorIndex,
)

__all__ = [
    "CRASH_POINTS",
    "Catalog",
    "OwnerVectors",
    "PendingOwner",
    "crash_point",
]

log = logging.getLogger(__name__)

#: Points where ``JPO_MATCHER_CRASH_AT`` can kill the process.
CRASH_POINTS: tuple[str, ...] = (
    "after_store_commit",
    "after_index_add",
    "after_index_save",
    "after_erase_commit",
    "after_erase_index",
)

OWNER_KINDS: tuple[str, ...] = ("unit", "chunk")
_INDEX_FILES = {"unit": "units.faiss", "chunk": "chunks.faiss"}


def crash_point(name: str) -> None:
    """Exit at once (no cleanup, like a power cut) when ``JPO_MATCHER_CRASH_AT`` names ``name``."""
    if os.environ.get("JPO_MATCHER_CRASH_AT") == name:
        os._exit(137)


@dataclass(frozen=True, slots=True)
class OwnerVectors:
    """The vectors of one vacancy (its units) or one candidate (its chunks), in position order."""

    vids: IdArray
    kinds: tuple[str, ...]
    texts: tuple[str, ...]
    matrix: FloatMatrix


@dataclass(slots=True)
class PendingOwner:
    """A vacancy or candidate to write: ``write_row`` inserts its row in the open transaction."""

    owner_kind: str
    owner_id: str
    write_row: Callable[[StoreBackend], None]
    kinds: Sequence[str]
    texts: Sequence[str]
    vectors: FloatMatrix
    extra: dict[str, object] = field(default_factory=dict)


#: ``factory(dim, path)``: an empty index for the file (or engine collection) ``path`` names.
IndexFactory = Callable[[int, Path], VectorIndex]
IndexLoader = Callable[[Path], VectorIndex]


def _default_factory(dim: int, path: Path) -> VectorIndex:  # noqa: ARG001 - one file per path
    from index.vectors import FaissIndex

    return FaissIndex(dim)


def _default_loader(path: Path) -> VectorIndex:
    from index.vectors import FaissIndex

    return FaissIndex.load(path)


class Catalog:
    """Store + unit index + chunk index + in-memory vectors, consistent across crashes.

    Args:
        data_dir: directory of ``units.faiss`` and ``chunks.faiss``.
        store: the open store (source of truth).
        dim: vector width of the current encoder.
        index_factory: builds an empty index for a path (default: ``index.vectors.FaissIndex``;
            an engine adapter names its collection after the file's stem).
        index_loader: loads an index file, raising ``IndexNotReadyError`` when it is missing or
            corrupt (default: ``FaissIndex.load``).
    """

    def __init__(
        self,
        data_dir: Path,
        store: StoreBackend,
        dim: int,
        *,
        index_factory: IndexFactory | None = None,
        index_loader: IndexLoader | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.store = store
        self.dim = dim
        self._factory = index_factory or _default_factory
        self._loader = index_loader or _default_loader
        self._lock = threading.RLock()
        self.indexes: dict[str, VectorIndex] = {}
        self._owners: dict[str, dict[str, OwnerVectors]] = {k: {} for k in OWNER_KINDS}
        self._vid_owner: dict[str, dict[int, str]] = {k: {} for k in OWNER_KINDS}
        #: What the last open did per kind: "loaded" or "rebuilt: <why>".
        self.reconcile_report: dict[str, str] = {}
        # Kinds whose stored vectors were re-embedded: an engine keeps the same ids with the
        # old vectors, so equal id sets do not mean an up-to-date index.
        self._stale: set[str] = set()

    # ------------------------------------------------------------------ opening

    def index_path(self, owner_kind: str) -> Path:
        """The index file of one owner kind."""
        return self.data_dir / _INDEX_FILES[owner_kind]

    def open(self, encoder: Encoder | None = None) -> Catalog:
        """Re-embed if the stored model differs from ``encoder``, load vectors, reconcile."""
        with self._lock:
            if encoder is not None:
                self._reembed_if_needed(encoder)
            for kind in OWNER_KINDS:
                self._load_kind(kind)
        return self

    def _reembed_if_needed(self, encoder: Encoder) -> None:
        current = (encoder.model_name, encoder.revision)
        models = self.store.vector_models()
        if not models or models == {current}:
            return
        log.warning("stored vectors come from %s; re-embedding with %s", sorted(models), current)
        for kind in ("unit", "chunk"):
            rows = self.store.texts_of_vectors(kind)
            if not rows:
                continue
            vids = np.asarray([vid for vid, _ in rows], dtype=np.int64)
            vectors = encoder.encode([text for _, text in rows], kind=STATEMENT_KIND)
            self.store.replace_vectors(vids, vectors, *current)
        # The indexes hold the old space: drop the files and rebuild every kind below.
        for kind in OWNER_KINDS:
            self.index_path(kind).unlink(missing_ok=True)
            self._stale.add(kind)

    def _load_kind(self, kind: str) -> None:
        vids, meta, matrix = self.store.load_vectors(kind, self.dim)
        self._set_memory(kind, vids, meta, matrix)
        path = self.index_path(kind)
        reason = ""
        index: VectorIndex | None = None
        if not path.exists() and not len(vids):
            # A new data directory: nothing to rebuild, nothing to warn about. (An engine
            # writes no file: its factory empties the collection, so nothing erased survives.)
            index = self._factory(self.dim, path)
            index.save(path)
            self.indexes[kind] = index
            self.reconcile_report[kind] = "created"
            return
        try:
            index = self._loader(path)
        except IndexNotReadyError as exc:
            reason = f"unreadable index file ({exc})"
        if index is not None:
            held = index.ids()
            if kind in self._stale:
                reason = "stored vectors were re-embedded"
            elif index.dim != self.dim:
                reason = f"index dim {index.dim} != {self.dim}"
            elif not np.array_equal(np.sort(held), vids):
                extra = np.setdiff1d(held, vids).size
                missing = np.setdiff1d(vids, held).size
                reason = f"index differs from store ({extra} extra, {missing} missing ids)"
        if reason:
            log.warning("rebuilding %s index from the store: %s", kind, reason)
            index = self._factory(self.dim, path)
            if len(vids):
                _add_to_index(index, vids, matrix, [entry.owner_id for entry in meta])
            index.save(path)
            self._stale.discard(kind)
            self.reconcile_report[kind] = f"rebuilt: {reason}"
        else:
            self.reconcile_report[kind] = "loaded"
        if index is None:  # pragma: no cover - set in both branches above
            raise IndexNotReadyError(f"{kind} index not available")
        self.indexes[kind] = index

    def _set_memory(
        self, kind: str, vids: IdArray, meta: list[VectorMeta], matrix: FloatMatrix
    ) -> None:
        grouped: dict[str, list[int]] = {}
        for row, entry in enumerate(meta):
            grouped.setdefault(entry.owner_id, []).append(row)
        owners: dict[str, OwnerVectors] = {}
        vid_owner: dict[int, str] = {}
        for owner_id, rows in grouped.items():
            rows.sort(key=lambda r: meta[r].position)
            idx = np.asarray(rows, dtype=np.int64)
            owners[owner_id] = OwnerVectors(
                vids=vids[idx],
                kinds=tuple(meta[r].kind for r in rows),
                texts=tuple(meta[r].text for r in rows),
                matrix=np.ascontiguousarray(matrix[idx]),
            )
            for r in rows:
                vid_owner[int(vids[r])] = owner_id
        self._owners[kind] = owners
        self._vid_owner[kind] = vid_owner

    # ------------------------------------------------------------------ reading

    def vectors_of(self, owner_kind: str, owner_id: str) -> OwnerVectors | None:
        """The cached vectors of one owner, or None."""
        return self._owners[owner_kind].get(owner_id)

    def owner_ids(self, owner_kind: str) -> list[str]:
        """Ids of every owner (vacancy or candidate) with cached vectors."""
        return list(self._owners[owner_kind])

    def owner_of(self, owner_kind: str, vid: int) -> str | None:
        """The owner id of one vector id, or None."""
        return self._vid_owner[owner_kind].get(int(vid))

    def index_size(self, owner_kind: str) -> int:
        """How many vectors the index of one owner kind holds."""
        return len(self._index(owner_kind))

    def index_sizes(self) -> dict[str, int]:
        """Vectors held per owner kind, e.g. ``{"unit": 55000, "chunk": 90000}``."""
        return {kind: len(index) for kind, index in self.indexes.items()}

    def search_vectors(
        self, owner_kind: str, queries: FloatMatrix, k: int
    ) -> tuple[FloatMatrix, IdArray]:
        """Top-``k`` vectors per query: (scores, vector ids; -1 for empty slots).

        Raises:
            IndexNotReadyError: The index of that kind is not open.
        """
        index = self._index(owner_kind)
        with self._lock:
            return index.search(queries, k)

    def search(
        self, owner_kind: str, queries: FloatMatrix, k: int
    ) -> tuple[FloatMatrix, list[list[str | None]]]:
        """Top-``k`` vectors per query: (scores, owner id per hit; None for empty slots).

        Raises:
            IndexNotReadyError: The index of that kind is not open.
        """
        scores, ids = self.search_vectors(owner_kind, queries, k)
        owners = self._vid_owner[owner_kind]
        return scores, [[owners.get(int(v)) if v >= 0 else None for v in row] for row in ids]

    def nearest_owners(
        self, owner_kind: str, queries: FloatMatrix, limit: int,
        *, allowed_owners: Sequence[str] | None = None,
    ) -> list[tuple[str, float]]:
        """Owners whose vectors come nearest to any query, by their best score, best first.

        An :class:`~matcher.ports.OwnerIndex` groups by owner (and filters by
        ``allowed_owners``) inside the engine; a plain index is searched per vector
        (``8 × limit`` hits per query, at most 256) restricted to the allowed owners' ids.
        Scores are the index's: callers that rank re-score the owners exactly.
        """
        index = self._index(owner_kind)
        best: dict[str, float] = {}
        with self._lock:
            if isinstance(index, OwnerIndex):
                for row in index.search_owners(queries, limit, allowed_owners=allowed_owners):
                    for owner, score in row:
                        best[owner] = max(best.get(owner, float("-inf")), score)
            else:
                allowed = None
                if allowed_owners is not None:
                    found = [self._owners[owner_kind].get(o) for o in allowed_owners]
                    allowed = np.concatenate(
                        [f.vids for f in found if f is not None] + [np.zeros(0, np.int64)]
                    )
                scores, ids = index.search(queries, min(limit * 8, 256), allowed_ids=allowed)
                owners = self._vid_owner[owner_kind]
                for score, vid in zip(scores.ravel().tolist(), ids.ravel().tolist(), strict=True):
                    hit = owners.get(int(vid)) if vid >= 0 else None
                    if hit is not None:
                        best[hit] = max(best.get(hit, float("-inf")), float(score))
        ranked = sorted(best, key=lambda o: (-best[o], o))[:limit]
        return [(owner, best[owner]) for owner in ranked]

    def _index(self, owner_kind: str) -> VectorIndex:
        index = self.indexes.get(owner_kind)
        if index is None:
            raise IndexNotReadyError(f"{owner_kind} index is not open")
        return index

    # ------------------------------------------------------------------ writing

    def add(
        self, pending: Sequence[PendingOwner], model: str, revision: str, *,
        replace: bool = False,
    ) -> None:
        """Write owners: one store commit, then index add, then atomic index save.

        With ``replace`` the owners' earlier vectors are deleted in the same commit and
        removed from the index before the new ones are added.
        """
        if not pending:
            return
        with self._lock:
            added: list[tuple[PendingOwner, IdArray]] = []
            dropped: dict[str, list[int]] = {}
            with self.store.transaction():
                for item in pending:
                    if replace:
                        dropped.setdefault(item.owner_kind, []).extend(
                            self.store.delete_vectors(item.owner_kind, item.owner_id)
                        )
                    item.write_row(self.store)
                    rows = [
                        VectorRow(item.owner_kind, item.owner_id, pos, kind, text, vec)
                        for pos, (kind, text, vec) in enumerate(
                            zip(item.kinds, item.texts, item.vectors, strict=True)
                        )
                    ]
                    added.append((item, self.store.add_vectors(rows, model, revision)))
            crash_point("after_store_commit")
            touched: set[str] = set()
            for kind, old_vids in dropped.items():
                if old_vids:
                    self.indexes[kind].remove(np.asarray(old_vids, dtype=np.int64))
                    for vid in old_vids:
                        self._vid_owner[kind].pop(vid, None)
                    touched.add(kind)
            for item, vids in added:
                kind = item.owner_kind
                matrix = np.ascontiguousarray(item.vectors, dtype=np.float32).reshape(
                    len(vids), self.dim
                )
                self._owners[kind][item.owner_id] = OwnerVectors(
                    vids=vids, kinds=tuple(item.kinds), texts=tuple(item.texts), matrix=matrix
                )
                for vid in vids.tolist():
                    self._vid_owner[kind][int(vid)] = item.owner_id
                if len(vids):
                    _add_to_index(self.indexes[kind], vids, matrix, [item.owner_id] * len(vids))
                touched.add(kind)
            crash_point("after_index_add")
            for kind in sorted(touched):
                self.indexes[kind].save(self.index_path(kind))
            crash_point("after_index_save")

    def erase_candidate(self, candidate_id: str) -> int:
        """Erase a candidate from the store (commit + checkpoint), then from the chunk index.

        Returns:
            The number of vectors removed from the index.
        """
        with self._lock:
            if self.store.get_candidate(candidate_id) is None:
                return 0
            vids = self.store.delete_candidate(candidate_id)
            self.store.checkpoint()
            crash_point("after_erase_commit")
            removed = 0
            if vids:
                removed = self.indexes["chunk"].remove(np.asarray(vids, dtype=np.int64))
            self._owners["chunk"].pop(candidate_id, None)
            for vid in vids:
                self._vid_owner["chunk"].pop(vid, None)
            crash_point("after_erase_index")
            self.indexes["chunk"].save(self.index_path("chunk"))
            return removed

    def check_consistency(self) -> dict[str, bool]:
        """Per kind: do the index ids equal the store's vector ids?"""
        out: dict[str, bool] = {}
        for kind in OWNER_KINDS:
            index = self.indexes.get(kind)
            if index is None:
                out[kind] = False
                continue
            held = index.ids()
            try:
                stored = self.store.vector_ids(kind)
            except StoreError:
                out[kind] = False
                continue
            out[kind] = bool(np.array_equal(np.sort(held), stored))
        return out


def _add_to_index(
    index: VectorIndex, vids: IdArray, matrix: FloatMatrix, owners: Sequence[str]
) -> None:
    # An engine with payloads keeps each vector's owner, for filters and grouping by owner.
    if isinstance(index, OwnerIndex):
        index.add_owned(vids, matrix, owners)
    else:
        index.add(vids, matrix)
