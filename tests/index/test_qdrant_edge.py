"""What only the engine decides, on Qdrant Edge (Qdrant's Rust engine in-process, not a mock).

HNSW recall against exact search once the graph is built, payload filters on an indexed owner
field, and deletions that survive a crash (the process exits without closing the shard).
The owner grouping of both Qdrant adapters is checked against a brute-force answer; for
qdrant-client the tests run on its local mode, a Python emulation, and say so.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index.qdrant_edge import OWNER_FIELD, EdgeIndex, HnswSettings
from matcher.errors import IndexNotReadyError
from matcher.ports import FloatMatrix, OwnerIndex

pytest.importorskip(
    "qdrant_edge", reason="qdrant-edge-py is not installed (pip install -e '.[scale]')"
)

DIM = 32


def _unit(rng: np.random.Generator, n: int, dim: int = DIM) -> FloatMatrix:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _clustered(rng: np.random.Generator, n: int, centres: int = 200) -> FloatMatrix:
    # Sentence embeddings cluster by topic; uniform random vectors in 32-d would make every
    # neighbour nearly equidistant, which is no test of a graph index.
    c = _unit(rng, centres)
    x = c[rng.integers(0, centres, n)] + 0.35 * _unit(rng, n)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def big_shard(tmp_path: Path) -> tuple[EdgeIndex, FloatMatrix, np.ndarray, list[str]]:
    rng = np.random.default_rng(7)
    n = 12_000
    vectors = _clustered(rng, n)
    ids = np.arange(1, n + 1, dtype=np.int64)
    owners = [f"cv{i // 60}" for i in range(n)]  # 60 sentences per CV, 200 CVs
    # Thresholds in KB: a segment over 64 KB gets a graph; searches use it above 16 KB.
    shard = EdgeIndex.create(tmp_path / "shard", DIM, HnswSettings(
        m=16, ef_construct=100, full_scan_threshold=16, indexing_threshold=64))
    shard.add_owned(ids, vectors, owners)
    shard.optimize()
    yield shard, vectors, ids, owners
    shard.close()


def test_the_graph_is_built_and_hnsw_recall_against_exact_is_high(
    big_shard: tuple[EdgeIndex, FloatMatrix, np.ndarray, list[str]],
) -> None:
    shard, vectors, ids, _ = big_shard
    assert isinstance(shard, OwnerIndex)
    assert len(shard) == len(ids)
    # Every vector sits in an HNSW segment: the searches below go through the graph.
    assert shard.indexed_vectors() == len(ids)
    queries = _clustered(np.random.default_rng(8), 200)
    k = 10
    _, found = shard.search(queries, k)
    exact = ids[np.argsort(-(queries @ vectors.T), axis=1)[:, :k]]
    recall = np.mean([len(set(f) & set(e)) / k for f, e in zip(found, exact, strict=True)])
    assert recall >= 0.9, recall
    # The engine's scores are the exact inner products of the points it returns.
    scores, found = shard.search(queries[:5], 3)
    rows = np.searchsorted(ids, found)
    np.testing.assert_allclose(scores, np.einsum("qd,qkd->qk", queries[:5], vectors[rows]),
                               atol=1e-5)


def test_payload_filter_on_owner_finds_every_owner_of_the_pool(
    big_shard: tuple[EdgeIndex, FloatMatrix, np.ndarray, list[str]],
) -> None:
    # The pool (180 points, 23 KB) is above full_scan_threshold (16 KB), so the engine
    # filters inside the HNSW graph; the adapter turns ACORN on for that (index.qdrant_edge).
    shard, vectors, _, owners = big_shard
    pool = ["cv3", "cv77", "cv150"]
    queries = _clustered(np.random.default_rng(9), 20)
    got = shard.search_owners(queries, 3, allowed_owners=pool)
    owner_arr = np.asarray(owners)
    exact_best = 0
    for q, row in zip(queries, got, strict=True):
        best = {o: float(np.max(vectors[owner_arr == o] @ q)) for o in pool}
        assert sorted(o for o, _ in row) == sorted(pool)
        for owner, score in row:
            # A real inner product of one of the owner's points: never above its best.
            assert score <= best[owner] + 1e-5
            exact_best += abs(score - best[owner]) <= 1e-5
    # HNSW is approximate: most owners come with their best point (rankings re-score exactly).
    assert exact_best >= 0.8 * len(queries) * len(pool), exact_best
    assert shard.search_owners(queries[:1], 3, allowed_owners=[]) == [[]]
    assert shard.search_owners(queries[:1], 3, allowed_owners=["nobody"]) == [[]]


def test_filter_by_point_ids_inside_the_graph(
    big_shard: tuple[EdgeIndex, FloatMatrix, np.ndarray, list[str]],
) -> None:
    shard, vectors, ids, _ = big_shard
    allowed = ids[::97]
    queries = _clustered(np.random.default_rng(10), 10)
    _, found = shard.search(queries, 5, allowed_ids=allowed)
    sub = vectors[np.searchsorted(ids, allowed)]
    expected = allowed[np.argsort(-(queries @ sub.T), axis=1)[:, :5]]
    assert np.isin(found, allowed).all()
    np.testing.assert_array_equal(np.sort(found, axis=1), np.sort(expected, axis=1))


def test_deletions_survive_a_crash(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    vectors = _unit(rng, 3000)
    ids = np.arange(10, 3010, dtype=np.int64)
    path = tmp_path / "shard"
    shard = EdgeIndex.create(path, DIM, HnswSettings(full_scan_threshold=16,
                                                     indexing_threshold=64))
    shard.add_owned(ids, vectors, [f"o{i % 30}" for i in range(len(ids))])
    shard.optimize()
    shard.close()
    erased = ids[100:160]
    script = textwrap.dedent(f"""
        import os
        import numpy as np
        from index.qdrant_edge import EdgeIndex
        shard = EdgeIndex.open({str(path)!r})
        assert shard.remove(np.arange({int(erased[0])}, {int(erased[-1]) + 1})) == {len(erased)}
        os._exit(0)  # no close, no flush: only the write-ahead log holds the deletion
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120,
                   cwd=Path(__file__).resolve().parents[2])
    reopened = EdgeIndex.open(path)
    try:
        assert len(reopened) == len(ids) - len(erased)
        assert not np.isin(erased, reopened.ids()).any()
        _, found = reopened.search(vectors[100:160], 3)
        assert not np.isin(erased, found).any()
        # The owner payloads and their index came back too.
        assert [o for o, _ in reopened.search_owners(vectors[:1], 1)[0]] == ["o0"]
    finally:
        reopened.close()


def test_open_refuses_a_missing_or_broken_shard(tmp_path: Path) -> None:
    with pytest.raises(IndexNotReadyError):
        EdgeIndex.open(tmp_path / "absent")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "jpo-index.json").write_text("{}", encoding="utf-8")
    with pytest.raises(IndexNotReadyError):
        EdgeIndex.open(tmp_path / "broken")


def test_qdrant_client_groups_by_owner_like_brute_force(tmp_path: Path) -> None:
    """qdrant-client local mode (a Python emulation): ``query_points_groups`` and filters."""
    pytest.importorskip("qdrant_client", reason="qdrant-client is not installed")
    from qdrant_client import QdrantClient

    from index.qdrant_index import QdrantIndex

    rng = np.random.default_rng(12)
    vectors = _unit(rng, 400)
    owners = [f"cv{i // 20}" for i in range(400)]
    client = QdrantClient(path=str(tmp_path / "local"))
    index = QdrantIndex.create(client, "jpo_chunks", DIM, local=True)
    index.add_owned(np.arange(1, 401, dtype=np.int64), vectors, owners)
    queries = _unit(rng, 5)
    owner_arr = np.asarray(owners)
    names = sorted(set(owners))
    for q, row in zip(queries, index.search_owners(queries, 4), strict=True):
        best = {o: float(np.max(vectors[owner_arr == o] @ q)) for o in names}
        assert [o for o, _ in row] == sorted(names, key=lambda o: -best[o])[:4]
    pool = ["cv2", "cv9"]
    assert {o for o, _ in index.search_owners(queries[:1], 5, allowed_owners=pool)[0]} == set(pool)
    index.add(np.array([999], dtype=np.int64), vectors[:1])  # no owner: never grouped
    assert all(o != "None" for o, _ in index.search_owners(vectors[:1], 30)[0])
    client.close()
    # Local mode persists to its path: a new client sees the same points.
    client = QdrantClient(path=str(tmp_path / "local"))
    assert len(QdrantIndex.open(client, "jpo_chunks", local=True)) == 401
    with pytest.raises(IndexNotReadyError):
        QdrantIndex.open(client, "jpo_units", local=True)
    client.close()


def test_a_pool_owner_the_graph_misses_is_found_by_an_exact_search(
    big_shard: tuple[EdgeIndex, FloatMatrix, np.ndarray, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Filtered HNSW is approximate even with ACORN: simulate the graph returning one owner
    # only, and check that the adapter searches those queries again exactly.
    shard, vectors, _, owners = big_shard
    pool = ["cv3", "cv77", "cv150"]
    queries = _clustered(np.random.default_rng(10), 5)
    real_query = shard._query
    exact_calls: list[int] = []

    def query(q: FloatMatrix, limit: int, query_filter: object, *,
              with_payload: bool = False, exact: bool = False) -> list[list[Any]]:
        rows = real_query(q, limit, query_filter, with_payload=with_payload, exact=exact)
        if exact:
            exact_calls.append(len(q))
        else:
            rows = [[p for p in row if p.payload[OWNER_FIELD] == row[0].payload[OWNER_FIELD]]
                    for row in rows]
        return rows

    monkeypatch.setattr(shard, "_query", query)
    got = shard.search_owners(queries, 3, allowed_owners=pool)
    assert exact_calls == [len(queries)]
    owner_arr = np.asarray(owners)
    for q, row in zip(queries, got, strict=True):
        assert sorted(o for o, _ in row) == sorted(pool)
        for owner, score in row:
            best = float(np.max(vectors[owner_arr == owner] @ q))
            assert score == pytest.approx(best, abs=1e-5)
    # A query that found as many owners as it asked for is not searched again (one owner
    # asked, one found, even with the simulated miss).
    exact_calls.clear()
    assert all(len(row) == 1 for row in shard.search_owners(queries, 1, allowed_owners=pool))
    assert exact_calls == []
