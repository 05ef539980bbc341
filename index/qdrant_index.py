"""Qdrant adapter for :class:`matcher.ports.OwnerIndex` (``JPO_MATCHER_INDEX=qdrant``).

One collection per owner kind (``jpo_units``, ``jpo_chunks``); one point per vector (a vacancy
unit or a CV sentence), its id the store's ``vid`` and its payload ``{"owner": id}``, a keyword
payload index on a server. Distance is the dot product, the same inner product the FAISS flat
index computes over the normalised vectors, so scores agree up to float error.

- ``search(…, allowed_ids=…)`` filters by point id inside the engine (``HasIdCondition``);
  ``search_owners(…, allowed_owners=…)`` filters by the owner payload (one pool's candidates)
  and groups by owner (``query_points_groups``), best hit per owner.
- ``remove`` deletes the points and waits for the engine to apply it: erasure removes the
  vectors, not only the rows.
- The engine persists every write itself (``wait=True``), so :meth:`QdrantIndex.save` writes no
  file; the catalog compares the collection's ids with the store on open, as for FAISS, and
  rebuilds a collection that lags or leads the store.
- HNSW scores are approximate on a server; rankings re-score the owners they return exactly
  from the store's vectors (``matcher.scoring``), so only which owners are considered can
  differ from an exact scan, never their scores.

``JPO_MATCHER_INDEX_URI`` ``http(s)://…`` connects to a server or cluster; ``edge:/path`` runs
Qdrant Edge, the engine's Rust code in-process (:mod:`index.qdrant_edge`). A plain path uses
qdrant-client's local mode: a Python emulation of the engine (numpy scans, no HNSW, payload
indexes ignored), good for tests and small data, not for a roster of millions.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.backends import IndexBackend
from index.vectors import MISSING_ID, MISSING_SCORE, check_ids, check_k, check_vectors
from matcher.errors import ConfigError, IndexNotReadyError, InputError
from matcher.ports import FloatMatrix, IdArray, VectorIndex

try:
    from qdrant_client import QdrantClient, models
    from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse
except ImportError:  # pragma: no cover - exercised only without the extra installed
    QdrantClient = None  # type: ignore[assignment,misc]

__all__ = ["COLLECTION_PREFIX", "QdrantIndex", "collection_name", "qdrant_backend"]

#: Collections are named ``jpo_<stem of the FAISS file>``: ``jpo_units``, ``jpo_chunks``.
COLLECTION_PREFIX = "jpo_"
OWNER_FIELD = "owner"
# Points per upsert or delete request: small enough for a server's request size limit.
_BATCH = 512
# Points per scroll page when listing every id.
_SCROLL = 10_000


def collection_name(path: Path) -> str:
    """The collection standing for an index file: ``units.faiss`` → ``jpo_units``."""
    return f"{COLLECTION_PREFIX}{Path(path).stem}"


def _engine_errors() -> tuple[type[Exception], ...]:
    return (UnexpectedResponse, ResponseHandlingException, ValueError, RuntimeError)


class QdrantIndex:
    """One Qdrant collection as an :class:`matcher.ports.OwnerIndex`.

    Build it with :meth:`create` (an empty collection, replacing any) or :meth:`open` (an
    existing one). Thread-safe: one lock around every request, as for the FAISS index.
    """

    def __init__(self, client: QdrantClient, collection: str, dim: int, *, local: bool) -> None:
        self._client = client
        self.collection = collection
        self._dim = dim
        self._local = local
        self._lock = threading.RLock()

    @classmethod
    def create(
        cls, client: QdrantClient, collection: str, dim: int, *, local: bool
    ) -> QdrantIndex:
        """Drop ``collection`` if it exists and create it empty (dot product, ``dim`` wide)."""
        try:
            if client.collection_exists(collection):
                client.delete_collection(collection)
            client.create_collection(
                collection,
                vectors_config=models.VectorParams(size=dim, distance=models.Distance.DOT),
            )
            if not local:
                # Filtering a pool by owner must not scan every point; the local mode has no
                # payload indexes (it warns and ignores them).
                client.create_payload_index(
                    collection, field_name=OWNER_FIELD,
                    field_schema=models.PayloadSchemaType.KEYWORD, wait=True,
                )
        except _engine_errors() as exc:
            raise IndexNotReadyError(
                f"cannot create Qdrant collection {collection}: {exc}"
            ) from exc
        return cls(client, collection, dim, local=local)

    @classmethod
    def open(cls, client: QdrantClient, collection: str, *, local: bool) -> QdrantIndex:
        """Open an existing collection.

        Raises:
            IndexNotReadyError: it does not exist, cannot be read, or is not a dot-product
                collection of one unnamed vector.
        """
        try:
            if not client.collection_exists(collection):
                raise IndexNotReadyError(f"no Qdrant collection {collection}")
            info = client.get_collection(collection)
        except _engine_errors() as exc:
            raise IndexNotReadyError(f"cannot read Qdrant collection {collection}: {exc}") from exc
        params = info.config.params.vectors
        if not isinstance(params, models.VectorParams) or params.distance != models.Distance.DOT:
            raise IndexNotReadyError(
                f"Qdrant collection {collection} is not one dot-product vector per point",
                reason="index_corrupt",
            )
        return cls(client, collection, int(params.size), local=local)

    # ------------------------------------------------------------------ VectorIndex

    @property
    def dim(self) -> int:
        """Vector width."""
        return self._dim

    def __len__(self) -> int:
        with self._lock:
            return int(self._call(self._client.count, self.collection, exact=True).count)

    def ids(self) -> IdArray:
        """Every point id, ascending."""
        found: list[int] = []
        offset: Any = None
        with self._lock:
            while True:
                records, offset = self._call(
                    self._client.scroll, self.collection, limit=_SCROLL, offset=offset,
                    with_payload=False, with_vectors=False,
                )
                found.extend(int(r.id) for r in records)
                if offset is None:
                    break
        return np.sort(np.asarray(found, dtype=np.int64))

    def add(self, ids: IdArray, vectors: FloatMatrix) -> None:
        """Add points without an owner (``search_owners`` never returns them)."""
        self._upsert(ids, vectors, None)

    def add_owned(self, ids: IdArray, vectors: FloatMatrix, owners: Sequence[str]) -> None:
        """Add points, each with its owner in the payload.

        Raises:
            InputError: lengths disagree, an id repeats or is present already, a vector is not
                finite, or an id is negative (Qdrant ids are unsigned).
            ConfigError: the vectors' width is not :attr:`dim`.
        """
        if len(owners) != len(np.asarray(ids).reshape(-1)):
            raise InputError(f"{len(owners)} owners for {np.asarray(ids).size} ids",
                             reason="bad_ids")
        self._upsert(ids, vectors, [str(o) for o in owners])

    def remove(self, ids: IdArray) -> int:
        """Delete these points (unknown ids are ignored); return how many existed."""
        arr = np.unique(np.ascontiguousarray(np.asarray(ids).reshape(-1), dtype=np.int64))
        arr = arr[arr >= 0]
        if arr.size == 0:
            return 0
        removed = 0
        with self._lock:
            for start in range(0, arr.size, _BATCH):
                batch = [int(i) for i in arr[start : start + _BATCH]]
                present = self._call(
                    self._client.retrieve, self.collection, ids=batch,
                    with_payload=False, with_vectors=False,
                )
                if not present:
                    continue
                self._call(
                    self._client.delete, self.collection,
                    points_selector=models.PointIdsList(points=[int(p.id) for p in present]),
                    wait=True,
                )
                removed += len(present)
        return removed

    def search(
        self, queries: FloatMatrix, k: int, *, allowed_ids: IdArray | None = None
    ) -> tuple[FloatMatrix, IdArray]:
        """Top-``k`` points per query, padded with id -1 / score -inf (as ``FaissIndex``)."""
        k = check_k(k)
        q = check_vectors(queries, self._dim, what="queries")
        n = q.shape[0]
        scores = np.full((n, k), MISSING_SCORE, dtype=np.float32)
        found = np.full((n, k), MISSING_ID, dtype=np.int64)
        query_filter = None
        if allowed_ids is not None:
            allowed = np.unique(np.asarray(allowed_ids, dtype=np.int64).reshape(-1))
            allowed = allowed[allowed >= 0]
            if allowed.size == 0:
                return scores, found
            query_filter = models.Filter(
                must=[models.HasIdCondition(has_id=[int(i) for i in allowed])]
            )
        if n == 0 or k == 0:
            return scores, found
        requests = [
            models.QueryRequest(query=row.tolist(), limit=k, filter=query_filter,
                                params=_filtered_params(query_filter, self._local))
            for row in q
        ]
        with self._lock:
            responses = self._call(
                self._client.query_batch_points, self.collection, requests=requests
            )
        for row, response in enumerate(responses):
            for col, point in enumerate(response.points[:k]):
                found[row, col] = int(point.id)
                scores[row, col] = float(point.score)
        return scores, found

    def save(self, path: Path) -> None:  # noqa: ARG002 - the engine persists every write
        """Nothing to write: each upsert and delete was applied (``wait=True``) already."""

    # ------------------------------------------------------------------ OwnerIndex

    def search_owners(
        self, queries: FloatMatrix, limit: int, *, allowed_owners: Sequence[str] | None = None
    ) -> list[list[tuple[str, float]]]:
        """Per query: up to ``limit`` owners by their best point, grouped inside the engine."""
        limit = check_k(limit)
        q = check_vectors(queries, self._dim, what="queries")
        if allowed_owners is not None and not allowed_owners:
            return [[] for _ in range(q.shape[0])]
        owner_filter = None
        if allowed_owners is not None:
            owner_filter = models.Filter(must=[models.FieldCondition(
                key=OWNER_FIELD, match=models.MatchAny(any=[str(o) for o in allowed_owners])
            )])
        out: list[list[tuple[str, float]]] = []
        with self._lock:
            for row in q:
                if limit == 0:
                    out.append([])
                    continue
                groups = self._call(
                    self._client.query_points_groups, self.collection, query=row.tolist(),
                    group_by=OWNER_FIELD, limit=limit, group_size=1, query_filter=owner_filter,
                    search_params=_filtered_params(owner_filter, self._local),
                ).groups
                out.append([(str(g.id), float(g.hits[0].score)) for g in groups if g.hits])
        return out

    # ------------------------------------------------------------------ plumbing

    def _upsert(
        self, ids: IdArray, vectors: FloatMatrix, owners: Sequence[str] | None
    ) -> None:
        id_arr, vec_arr = checked_points(ids, vectors, self._dim)
        if id_arr.size == 0:
            return
        with self._lock:
            present = self._present(id_arr)
            if present:
                raise InputError(
                    f"ids already in the index: {sorted(int(p.id) for p in present)[:5]}",
                    reason="duplicate_id",
                )
            for start in range(0, id_arr.size, _BATCH):
                stop = start + _BATCH
                payloads = None
                if owners is not None:
                    payloads = [{OWNER_FIELD: o} for o in owners[start:stop]]
                self._call(
                    self._client.upsert, self.collection,
                    points=models.Batch(
                        ids=[int(i) for i in id_arr[start:stop]],
                        vectors=vec_arr[start:stop].tolist(), payloads=payloads,
                    ),
                    wait=True,
                )

    def _present(self, id_arr: IdArray) -> list[Any]:
        present: list[Any] = []
        for start in range(0, id_arr.size, _SCROLL):
            present.extend(self._call(
                self._client.retrieve, self.collection,
                ids=[int(i) for i in id_arr[start : start + _SCROLL]],
                with_payload=False, with_vectors=False,
            ))
        return present

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except _engine_errors() as exc:
            raise IndexNotReadyError(
                f"Qdrant request on {self.collection} failed: {exc}"
            ) from exc


def _filtered_params(query_filter: Any, local: bool) -> Any:
    # Filtered HNSW loses the matching points once a filter matches more than the engine's
    # full_scan_threshold; ACORN keeps them (measured on Qdrant Edge, see index.qdrant_edge).
    # The local mode scans exactly and warns about any search parameter.
    if query_filter is None or local:
        return None
    return models.SearchParams(acorn=models.AcornSearchParams(enable=True))


def qdrant_backend(uri: str) -> IndexBackend:
    """An :class:`index.backends.IndexBackend` on the Qdrant at ``uri``.

    ``http(s)://host:port`` is a server or cluster; ``edge:/path`` is Qdrant Edge (the engine
    in-process, :mod:`index.qdrant_edge`); ``:memory:`` or a path is qdrant-client's local
    mode (one process at a time per path: the client locks it).

    Raises:
        ConfigError: the client library is not installed, or Qdrant cannot be opened there.
    """
    if uri.startswith("edge:"):
        return _edge_backend(Path(uri.removeprefix("edge:")))
    if QdrantClient is None:
        raise ConfigError(
            "JPO_MATCHER_INDEX=qdrant needs qdrant-client: pip install 'jpo-matcher[scale]'",
            reason="missing_backend",
        )
    local = not uri.startswith(("http://", "https://"))
    try:
        if not local:
            client = QdrantClient(url=uri)
        elif uri == ":memory:":
            client = QdrantClient(location=":memory:")
        else:
            Path(uri).mkdir(parents=True, exist_ok=True)
            client = QdrantClient(path=uri)
    except (RuntimeError, ValueError, OSError) as exc:
        raise ConfigError(f"cannot open Qdrant at {uri}: {exc}", reason="bad_index") from exc

    def factory(dim: int, path: Path) -> VectorIndex:
        return QdrantIndex.create(client, collection_name(path), dim, local=local)

    def loader(path: Path) -> VectorIndex:
        return QdrantIndex.open(client, collection_name(path), local=local)

    return IndexBackend("qdrant", factory, loader, client.close)


def _edge_backend(root: Path) -> IndexBackend:
    try:
        import qdrant_edge  # noqa: F401

        from index.qdrant_edge import EdgeIndex
    except ImportError as exc:
        raise ConfigError(
            "JPO_MATCHER_INDEX_URI=edge:… needs qdrant-edge-py: pip install 'jpo-matcher[scale]'",
            reason="missing_backend",
        ) from exc
    open_shards: dict[Path, EdgeIndex] = {}

    def release(shard_dir: Path) -> None:
        # A shard is rebuilt in place: the loaded one must let go of its files first.
        held = open_shards.pop(shard_dir, None)
        if held is not None:
            held.close()

    def factory(dim: int, path: Path) -> VectorIndex:
        shard_dir = root / collection_name(path)
        release(shard_dir)
        open_shards[shard_dir] = EdgeIndex.create(shard_dir, dim)
        return open_shards[shard_dir]

    def loader(path: Path) -> VectorIndex:
        shard_dir = root / collection_name(path)
        release(shard_dir)
        open_shards[shard_dir] = EdgeIndex.open(shard_dir)
        return open_shards[shard_dir]

    def close() -> None:
        for shard_dir in list(open_shards):
            release(shard_dir)

    return IndexBackend("qdrant", factory, loader, close)


def checked_points(ids: IdArray, vectors: FloatMatrix, dim: int) -> tuple[IdArray, FloatMatrix]:
    """The ids and vectors of an upsert, checked as both Qdrant adapters need them.

    Raises:
        InputError: Bad ids or vectors, counts that differ, or negative ids (Qdrant point ids
            are unsigned).
    """
    id_arr = check_ids(ids)
    vec_arr = check_vectors(vectors, dim)
    if vec_arr.shape[0] != id_arr.size:
        raise InputError(f"{id_arr.size} ids for {vec_arr.shape[0]} vectors", reason="bad_vectors")
    if (id_arr < 0).any():
        raise InputError("Qdrant point ids must not be negative", reason="bad_ids")
    return id_arr, vec_arr
