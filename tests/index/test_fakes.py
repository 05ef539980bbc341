"""Contract tests run on every VectorIndex implementation, and the HashEncoder fake.

``qdrant-local`` is :class:`index.qdrant_index.QdrantIndex` on qdrant-client's local mode (a
Python emulation of Qdrant); the engine itself is tested in ``test_qdrant_edge.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import index.fakes
from index.fakes import ExactIndex, HashEncoder
from index.vectors import FaissIndex
from matcher.errors import ConfigError, IndexNotReadyError, InputError
from matcher.ports import Encoder, FloatMatrix, VectorIndex

IndexFactory = Callable[[int], VectorIndex]


try:
    import qdrant_client  # noqa: F401

    _NO_QDRANT = ""
except ImportError:
    _NO_QDRANT = "qdrant-client is not installed (pip install -e '.[scale]')"
try:
    import qdrant_edge  # noqa: F401

    _NO_EDGE = ""
except ImportError:
    _NO_EDGE = "qdrant-edge-py is not installed (pip install -e '.[scale]')"


@pytest.fixture(
    params=[
        "faiss",
        "exact",
        pytest.param("qdrant-local", marks=pytest.mark.skipif(bool(_NO_QDRANT), reason=_NO_QDRANT)),
        pytest.param("qdrant-edge", marks=pytest.mark.skipif(bool(_NO_EDGE), reason=_NO_EDGE)),
    ]
)
def make_index(request: pytest.FixtureRequest, tmp_path: Path) -> IndexFactory:
    if request.param == "faiss":
        return FaissIndex
    if request.param == "exact":
        return ExactIndex
    if request.param == "qdrant-local":
        # qdrant-client's local mode: a Python emulation of Qdrant, in memory.
        from qdrant_client import QdrantClient

        from index.qdrant_index import QdrantIndex

        return lambda dim: QdrantIndex.create(
            QdrantClient(location=":memory:"), "contract", dim, local=True)
    # Qdrant Edge: the engine's own Rust code, one shard in a directory.
    from index.qdrant_edge import EdgeIndex

    def edge(dim: int) -> VectorIndex:
        shard = EdgeIndex.create(tmp_path / f"shard{dim}", dim)
        request.addfinalizer(shard.close)
        return shard

    return edge


@pytest.fixture(params=[FaissIndex, ExactIndex], ids=["faiss", "exact"])
def make_file_index(request: pytest.FixtureRequest) -> IndexFactory:
    """The indexes that save to and load from a file (an engine persists by itself)."""
    factory: IndexFactory = request.param
    return factory


def _unit(rng: np.random.Generator, n: int, dim: int) -> FloatMatrix:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _ids(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_implements_protocol(make_index: IndexFactory) -> None:
    idx = make_index(8)
    assert isinstance(idx, VectorIndex)
    assert idx.dim == 8
    assert len(idx) == 0


def test_search_returns_exact_top_k_in_order(make_index: IndexFactory) -> None:
    rng = np.random.default_rng(0)
    vectors = _unit(rng, 50, 16)
    ids = np.arange(100, 150, dtype=np.int64)
    idx = make_index(16)
    idx.add(ids, vectors)
    queries = _unit(rng, 3, 16)
    scores, found = idx.search(queries, 5)
    assert scores.shape == found.shape == (3, 5)
    assert scores.dtype == np.float32 and found.dtype == np.int64
    brute = queries @ vectors.T
    for row in range(3):
        expected = ids[np.argsort(-brute[row])[:5]]
        np.testing.assert_array_equal(found[row], expected)
        np.testing.assert_allclose(scores[row], np.sort(brute[row])[::-1][:5], atol=1e-5)


def test_k_larger_than_size_pads_with_minus_one(make_index: IndexFactory) -> None:
    idx = make_index(4)
    idx.add(_ids(7, 8), np.eye(4, dtype=np.float32)[:2])
    scores, found = idx.search(np.eye(4, dtype=np.float32)[:1], 5)
    assert found.tolist() == [[7, 8, -1, -1, -1]]
    assert scores[0, 0] == pytest.approx(1.0)
    assert np.all(np.isneginf(scores[0, 2:]))


def test_search_empty_index_is_all_padding(make_index: IndexFactory) -> None:
    scores, found = make_index(4).search(np.ones((2, 4), dtype=np.float32), 3)
    assert (found == -1).all()
    assert np.isneginf(scores).all()


def test_k_zero_and_no_queries(make_index: IndexFactory) -> None:
    idx = make_index(4)
    idx.add(_ids(1), np.eye(4, dtype=np.float32)[:1])
    assert idx.search(np.ones((2, 4), dtype=np.float32), 0)[1].shape == (2, 0)
    assert idx.search(np.zeros((0, 4), dtype=np.float32), 3)[1].shape == (0, 3)


def test_negative_k_rejected(make_index: IndexFactory) -> None:
    with pytest.raises(InputError):
        make_index(4).search(np.ones((1, 4), dtype=np.float32), -1)


def test_allowed_ids_restricts_results(make_index: IndexFactory) -> None:
    rng = np.random.default_rng(1)
    vectors = _unit(rng, 30, 8)
    idx = make_index(8)
    idx.add(np.arange(30, dtype=np.int64), vectors)
    allowed = _ids(3, 11, 29)
    scores, found = idx.search(vectors[:2], 5, allowed_ids=allowed)
    for row in range(2):
        assert set(found[row, :3].tolist()) == {3, 11, 29}
        assert (found[row, 3:] == -1).all()
        brute = vectors[row] @ vectors[allowed].T
        np.testing.assert_allclose(scores[row, :3], np.sort(brute)[::-1], atol=1e-5)


def test_allowed_ids_empty_or_unknown_gives_padding(make_index: IndexFactory) -> None:
    idx = make_index(4)
    idx.add(_ids(1, 2), np.eye(4, dtype=np.float32)[:2])
    q = np.ones((1, 4), dtype=np.float32)
    assert (idx.search(q, 2, allowed_ids=_ids())[1] == -1).all()
    assert (idx.search(q, 2, allowed_ids=_ids(99))[1] == -1).all()


def test_remove_really_removes(make_index: IndexFactory) -> None:
    idx = make_index(4)
    idx.add(_ids(1, 2, 3), np.eye(4, dtype=np.float32)[:3])
    assert idx.remove(_ids(2, 42)) == 1
    assert len(idx) == 2
    _, found = idx.search(np.eye(4, dtype=np.float32)[1:2], 3)
    assert 2 not in found.tolist()[0]
    assert sorted(idx.ids().tolist()) == [1, 3]  # type: ignore[attr-defined]
    assert idx.remove(_ids(2)) == 0
    assert idx.remove(_ids()) == 0


def test_duplicate_ids_rejected_and_index_unchanged(make_index: IndexFactory) -> None:
    idx = make_index(4)
    idx.add(_ids(1, 2), np.eye(4, dtype=np.float32)[:2])
    with pytest.raises(InputError) as existing:
        idx.add(_ids(3, 2), np.eye(4, dtype=np.float32)[2:4])
    assert existing.value.reason == "duplicate_id"
    with pytest.raises(InputError):
        idx.add(_ids(5, 5), np.eye(4, dtype=np.float32)[:2])
    assert len(idx) == 2


def test_id_can_be_reused_after_remove(make_index: IndexFactory) -> None:
    idx = make_index(4)
    idx.add(_ids(1), np.eye(4, dtype=np.float32)[:1])
    idx.remove(_ids(1))
    idx.add(_ids(1), np.eye(4, dtype=np.float32)[3:4])
    _, found = idx.search(np.eye(4, dtype=np.float32)[3:4], 1)
    assert found.tolist() == [[1]]


def test_wrong_width_is_config_error(make_index: IndexFactory) -> None:
    idx = make_index(4)
    with pytest.raises(ConfigError):
        idx.add(_ids(1), np.ones((1, 5), dtype=np.float32))
    with pytest.raises(ConfigError):
        idx.search(np.ones((1, 3), dtype=np.float32), 1)


@pytest.mark.parametrize(
    ("ids", "vectors"),
    [
        (_ids(1, 2), np.ones((1, 4), dtype=np.float32)),  # lengths disagree
        (_ids(1), np.full((1, 4), np.nan, dtype=np.float32)),  # not finite
        (_ids(1), np.ones(4, dtype=np.float32)),  # 1-D
        (np.array([[1]], dtype=np.int64), np.ones((1, 4), dtype=np.float32)),  # 2-D ids
        (np.array([1.5]), np.ones((1, 4), dtype=np.float32)),  # float ids
    ],
)
def test_bad_input_rejected(make_index: IndexFactory, ids: np.ndarray, vectors: np.ndarray) -> None:
    idx = make_index(4)
    with pytest.raises(InputError):
        idx.add(ids, vectors)
    assert len(idx) == 0


def test_float64_and_non_contiguous_inputs_accepted(make_index: IndexFactory) -> None:
    idx = make_index(4)
    vectors = np.eye(4, dtype=np.float64)[:, ::-1][:2]  # float64, not C-contiguous
    idx.add(np.array([1, 2], dtype=np.int32), vectors)  # type: ignore[arg-type]
    _, found = idx.search(np.eye(4)[3:4], 1)  # type: ignore[arg-type]
    assert found.tolist() == [[1]]


def test_implementations_agree_on_random_data() -> None:
    rng = np.random.default_rng(2)
    vectors = _unit(rng, 200, 32)
    ids = rng.permutation(10_000)[:200].astype(np.int64)
    faiss_idx, exact_idx = FaissIndex(32), ExactIndex(32)
    for idx in (faiss_idx, exact_idx):
        idx.add(ids, vectors)
        idx.remove(ids[:20])
    queries = _unit(rng, 10, 32)
    allowed = ids[::3]
    for kwargs in ({}, {"allowed_ids": allowed}):
        f_scores, f_ids = faiss_idx.search(queries, 12, **kwargs)
        e_scores, e_ids = exact_idx.search(queries, 12, **kwargs)
        np.testing.assert_array_equal(f_ids, e_ids)
        np.testing.assert_allclose(f_scores, e_scores, atol=1e-5)


# --- HashEncoder -------------------------------------------------------------------------


def test_hash_encoder_is_an_encoder() -> None:
    enc = HashEncoder()
    assert isinstance(enc, Encoder)
    assert (enc.model_name, enc.revision, enc.dim) == ("fake-hash", "1", 64)


def test_hash_encoder_shape_norm_dtype() -> None:
    vectors = HashEncoder(dim=32).encode(["one text", "another text", "", "!!!"])
    assert vectors.shape == (4, 32)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_hash_encoder_empty_list() -> None:
    assert HashEncoder().encode([]).shape == (0, 64)


def test_hash_encoder_deterministic_across_instances() -> None:
    texts = ["Coordinate humanitarian assistance", "Prepare budget reports"]
    np.testing.assert_array_equal(HashEncoder().encode(texts), HashEncoder().encode(texts))


def test_hash_encoder_similar_texts_are_closer() -> None:
    enc = HashEncoder()
    a, b, c = enc.encode(
        [
            "Coordinate humanitarian assistance with NGOs",
            "Coordinated the humanitarian assistance of NGOs",
            "Prepare the annual budget and financial statements",
        ]
    )
    assert float(a @ b) > 0.3
    assert float(a @ b) > float(a @ c) + 0.2


def test_hash_encoder_is_case_insensitive_and_ignores_kind() -> None:
    enc = HashEncoder()
    q = enc.encode(["Budget Report"], kind="query")
    p = enc.encode(["budget report"], kind="passage")
    np.testing.assert_allclose(q, p)


def test_hash_encoder_rejects_bare_string_and_bad_kind() -> None:
    enc = HashEncoder()
    with pytest.raises(InputError):
        enc.encode("a single string")
    with pytest.raises(ConfigError):
        enc.encode(["x"], kind="document")


def test_hash_encoder_counts_calls(hash_encoder: HashEncoder) -> None:
    hash_encoder.encode(["a", "b"])
    hash_encoder.encode(["c"])
    assert (hash_encoder.calls, hash_encoder.texts_encoded) == (2, 3)


def test_all_is_sorted_public_names() -> None:
    public = sorted(
        name
        for name in vars(index.fakes)
        if not name.startswith("_")
        and getattr(getattr(index.fakes, name), "__module__", "") == "index.fakes"
    )
    assert sorted(index.fakes.__all__) == public


def test_save_and_load_round_trip(make_file_index: IndexFactory, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    idx = make_file_index(8)
    idx.add(_ids(4, 9, 2), _unit(rng, 3, 8))
    idx.remove(_ids(9))
    idx.save(tmp_path / "index.bin")
    loaded = type(idx).load(tmp_path / "index.bin")  # type: ignore[attr-defined]
    assert loaded.dim == 8 and sorted(loaded.ids().tolist()) == [2, 4]
    q = _unit(rng, 2, 8)
    np.testing.assert_array_equal(loaded.search(q, 2)[1], idx.search(q, 2)[1])


def test_exact_index_load_refuses_missing_or_garbage(tmp_path: Path) -> None:
    with pytest.raises(IndexNotReadyError):
        ExactIndex.load(tmp_path / "absent.npz")
    (tmp_path / "garbage.npz").write_bytes(b"not an index")
    with pytest.raises(IndexNotReadyError):
        ExactIndex.load(tmp_path / "garbage.npz")


def test_a_catalog_runs_on_the_exact_index(tmp_path: Path) -> None:
    from index.catalog import Catalog, PendingOwner
    from index.store import Store

    def write(store: Store) -> None:
        store.put_candidate("a", "a.txt", {"id": "a", "source": "a.txt"}, "text", "a", None)

    def catalog(store: Store) -> Catalog:
        return Catalog(tmp_path, store, 8, index_factory=lambda dim, _path: ExactIndex(dim),
                       index_loader=ExactIndex.load).open()

    store = Store(tmp_path / "store.sqlite")
    vectors = _unit(np.random.default_rng(4), 2, 8)
    catalog(store).add([PendingOwner("chunk", "a", write, ["chunk"] * 2, ["x", "y"], vectors)],
                       "m", "r")
    store.close()
    store = Store(tmp_path / "store.sqlite")
    reopened = catalog(store)
    assert reopened.reconcile_report == {"unit": "loaded", "chunk": "loaded"}
    assert reopened.index_sizes() == {"unit": 0, "chunk": 2}
    assert reopened.check_consistency() == {"unit": True, "chunk": True}
    store.close()
