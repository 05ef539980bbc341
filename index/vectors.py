"""FAISS adapter for :class:`matcher.ports.VectorIndex`: exact inner-product search over ids.

``IndexIDMap2(IndexFlatIP)`` is exact (no training, no recall loss) and supports real removal
by id; at the scale of one recruiting office (a few hundred thousand chunks) a flat scan takes
milliseconds. Files are written atomically with a checksummed header so that a crash during
``save`` leaves the previous file intact and a truncated file is refused on ``load``.

Semantics shared with :class:`index.fakes.ExactIndex` (and tested against both):

- ``add`` rejects ids already present, or repeated within the batch (``InputError``);
- ``search`` pads missing results with id ``-1`` and score ``-inf``; ties keep no fixed order;
- a dimension mismatch raises ``ConfigError`` (an index built with another encoder).
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import threading
from pathlib import Path

import faiss
import numpy as np

from matcher.errors import ConfigError, IndexNotReadyError, InputError
from matcher.ports import FloatMatrix, IdArray

__all__ = ["FaissIndex", "MISSING_ID", "MISSING_SCORE", "check_ids", "check_k", "check_vectors"]

#: Id returned in padding slots of :meth:`FaissIndex.search` results.
MISSING_ID = -1
#: Score returned in padding slots (FAISS itself uses ``-FLT_MAX``; we normalise to ``-inf``).
MISSING_SCORE = float("-inf")

# File layout: magic, format version, payload length, sha256(payload), payload (faiss bytes).
_MAGIC = b"JPOFAISS"
_VERSION = 1
_HEADER = struct.Struct("<8sIQ32s")


def check_ids(ids: IdArray) -> IdArray:
    """Return ``ids`` as a 1-D C-contiguous int64 array without repeats.

    Raises:
        InputError: not 1-D, not integers, or an id repeated.
    """
    arr = np.asarray(ids)
    if arr.ndim != 1:
        raise InputError(f"ids must be 1-D, got shape {arr.shape}", reason="bad_ids")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise InputError(f"ids must be integers, got {arr.dtype}", reason="bad_ids")
    out = np.ascontiguousarray(arr, dtype=np.int64)
    if np.unique(out).size != out.size:
        raise InputError("ids repeat within one call", reason="duplicate_id")
    return out


def check_vectors(vectors: FloatMatrix, dim: int, *, what: str = "vectors") -> FloatMatrix:
    """Return ``vectors`` as a C-contiguous float32 ``(n, dim)`` array of finite values.

    Raises:
        ConfigError: the width is not ``dim`` (vectors from another encoder).
        InputError: not 2-D, or NaN/inf values.
    """
    arr = np.asarray(vectors)
    if arr.ndim != 2:
        raise InputError(f"{what} must be 2-D, got shape {arr.shape}", reason="bad_vectors")
    if arr.shape[1] != dim:
        raise ConfigError(
            f"{what} have width {arr.shape[1]}, the index has {dim}", reason="dimension_mismatch"
        )
    out = np.ascontiguousarray(arr, dtype=np.float32)
    if not np.isfinite(out).all():
        raise InputError(f"{what} contain NaN or infinite values", reason="bad_vectors")
    return out


def check_k(k: int) -> int:
    """Return ``k`` as an int; raise ``InputError`` unless it is a non-negative integer."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0:
        raise InputError(f"k must be a non-negative integer, got {k!r}", reason="bad_k")
    return int(k)


def _padding(n: int, k: int) -> tuple[FloatMatrix, IdArray]:
    return (
        np.full((n, k), MISSING_SCORE, dtype=np.float32),
        np.full((n, k), MISSING_ID, dtype=np.int64),
    )


class FaissIndex:
    """Exact inner-product index over int64 ids (FAISS ``IndexIDMap2`` of ``IndexFlatIP``).

    Thread-safe: one lock guards every read and write of the FAISS structure.

    Args:
        dim: vector width; must match the encoder's ``dim``.
    """

    def __init__(self, dim: int) -> None:
        if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
            raise ConfigError(f"dim must be a positive integer, got {dim!r}")
        self._dim = dim
        self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self._lock = threading.RLock()

    @property
    def dim(self) -> int:
        """Vector width."""
        return self._dim

    def __len__(self) -> int:
        with self._lock:
            return int(self._index.ntotal)

    def ids(self) -> IdArray:
        """All stored ids, in insertion order (after removals, FAISS may reorder)."""
        with self._lock:
            return faiss.vector_to_array(self._index.id_map).astype(np.int64, copy=False)

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, int | np.integer):
            return False
        return bool(np.any(self.ids() == int(item)))

    def add(self, ids: IdArray, vectors: FloatMatrix) -> None:
        """Add ``vectors`` under ``ids``.

        Raises:
            InputError: ids and vectors disagree in length, an id repeats or is already present,
                or a vector is not finite.
            ConfigError: the vectors' width is not :attr:`dim`.
        """
        id_arr = check_ids(ids)
        vec_arr = check_vectors(vectors, self._dim)
        if vec_arr.shape[0] != id_arr.size:
            raise InputError(
                f"{id_arr.size} ids for {vec_arr.shape[0]} vectors", reason="bad_vectors"
            )
        if id_arr.size == 0:
            return
        with self._lock:
            present = np.isin(id_arr, self.ids())
            if present.any():
                raise InputError(
                    f"ids already in the index: {id_arr[present][:5].tolist()}",
                    reason="duplicate_id",
                )
            self._index.add_with_ids(vec_arr, id_arr)

    def remove(self, ids: IdArray) -> int:
        """Remove ``ids`` (unknown ids are ignored); return how many vectors were removed."""
        arr = np.unique(np.ascontiguousarray(np.asarray(ids).reshape(-1), dtype=np.int64))
        if arr.size == 0:
            return 0
        with self._lock:
            return int(self._index.remove_ids(faiss.IDSelectorBatch(arr)))

    def search(
        self, queries: FloatMatrix, k: int, *, allowed_ids: IdArray | None = None
    ) -> tuple[FloatMatrix, IdArray]:
        """Top-``k`` ids by inner product for each query row.

        Args:
            queries: ``(n, dim)`` float32.
            k: results per query; rows are padded with id -1 / score -inf when fewer exist.
            allowed_ids: restrict results to these ids (e.g. one vacancy's units); None means
                every id. An empty array gives only padding.

        Returns:
            ``(scores, ids)``, both ``(n, k)``, best first.
        """
        k = check_k(k)
        q = check_vectors(queries, self._dim, what="queries")
        n = q.shape[0]
        scores, found = _padding(n, k)
        if n == 0 or k == 0:
            return scores, found
        params = None
        selector = None
        if allowed_ids is not None:
            allowed = np.unique(
                np.ascontiguousarray(np.asarray(allowed_ids).reshape(-1), dtype=np.int64)
            )
            if allowed.size == 0:
                return scores, found
            # IndexIDMap applies the selector to external ids (faiss >= 1.7.3), so the
            # filter runs inside the scan: no over-fetching, no post-filter recall loss.
            # ``selector`` stays referenced until the search returns: FAISS keeps a raw pointer.
            selector = faiss.IDSelectorBatch(allowed)
            params = faiss.SearchParameters()
            params.sel = selector
        with self._lock:
            total = int(self._index.ntotal)
            if total == 0:
                return scores, found
            k_eff = min(k, total)
            if params is None:
                dist, labels = self._index.search(q, k_eff)
            else:
                dist, labels = self._index.search(q, k_eff, params=params)
        labels = np.asarray(labels, dtype=np.int64)
        dist = np.asarray(dist, dtype=np.float32)
        valid = labels != MISSING_ID
        scores[:, :k_eff] = np.where(valid, dist, np.float32(MISSING_SCORE))
        found[:, :k_eff] = labels
        return scores, found

    def save(self, path: Path | str) -> None:
        """Write the index to ``path`` atomically (temp file, fsync, rename, fsync directory).

        Raises:
            OSError: the file cannot be written; the previous file, if any, is left intact.
        """
        target = Path(path)
        with self._lock:
            payload = bytes(faiss.serialize_index(self._index))
        header = _HEADER.pack(_MAGIC, _VERSION, len(payload), hashlib.sha256(payload).digest())
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header)
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(target.parent)

    @classmethod
    def load(cls, path: Path | str) -> FaissIndex:
        """Read an index written by :meth:`save`.

        Raises:
            IndexNotReadyError: the file is missing, truncated, corrupt or not an id-mapped
                flat inner-product index.
        """
        source = Path(path)
        try:
            data = source.read_bytes()
        except FileNotFoundError as exc:
            raise IndexNotReadyError(f"no vector index at {source}") from exc
        except OSError as exc:
            raise IndexNotReadyError(f"cannot read vector index {source}: {exc}") from exc
        if len(data) < _HEADER.size:
            raise IndexNotReadyError(f"vector index {source} is truncated", reason="index_corrupt")
        magic, version, length, digest = _HEADER.unpack_from(data)
        payload = data[_HEADER.size :]
        if magic != _MAGIC or version != _VERSION:
            raise IndexNotReadyError(
                f"{source} is not a jpo-matcher vector index (v{_VERSION})",
                reason="index_corrupt",
            )
        if len(payload) != length or hashlib.sha256(payload).digest() != digest:
            raise IndexNotReadyError(
                f"vector index {source} is truncated or corrupt", reason="index_corrupt"
            )
        try:
            inner = faiss.deserialize_index(np.frombuffer(payload, dtype=np.uint8))
        except RuntimeError as exc:
            raise IndexNotReadyError(
                f"vector index {source} cannot be decoded: {exc}", reason="index_corrupt"
            ) from exc
        is_ip = getattr(inner, "metric_type", None) == faiss.METRIC_INNER_PRODUCT
        if not isinstance(inner, faiss.IndexIDMap2) or not is_ip:
            raise IndexNotReadyError(
                f"vector index {source} holds {type(inner).__name__}, not IndexIDMap2(FlatIP)",
                reason="index_corrupt",
            )
        index = cls(int(inner.d))
        index._index = inner
        return index


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry itself reaches the disk.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
