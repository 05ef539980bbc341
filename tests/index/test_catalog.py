"""Catalog: the store and the FAISS index files stay consistent (RELIABILITY 16, 18, 19)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.catalog import Catalog, PendingOwner
from index.fakes import HashEncoder
from index.store import Store
from index.vectors import FaissIndex
from matcher.ports import STATEMENT_KIND

DIM = 16


def _vectors(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(n, DIM)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def _candidate(cid: str, n: int, seed: int) -> PendingOwner:
    def write(store: Store) -> None:
        store.put_candidate(cid, f"{cid}.txt", {"id": cid, "source": cid}, "text", cid, None)

    texts = [f"{cid} sentence {i}" for i in range(n)]
    return PendingOwner("chunk", cid, write, ["chunk"] * n, texts, _vectors(n, seed))


def _open(tmp_path: Path) -> tuple[Store, Catalog]:
    store = Store(tmp_path / "store.sqlite")
    return store, Catalog(tmp_path, store, DIM).open()


def _filled(tmp_path: Path) -> None:
    store, cat = _open(tmp_path)
    cat.add([_candidate("a", 3, 1), _candidate("b", 2, 2)], "m", "r")
    store.close()


def test_add_then_reopen_loads_same_vectors(tmp_path: Path) -> None:
    _filled(tmp_path)
    store, cat = _open(tmp_path)
    assert cat.reconcile_report == {"unit": "loaded", "chunk": "loaded"}
    owned = cat.vectors_of("chunk", "a")
    assert owned is not None and owned.matrix.shape == (3, DIM)
    assert np.allclose(owned.matrix, _vectors(3, 1))
    assert owned.texts[2] == "a sentence 2"
    scores, owners = cat.search("chunk", _vectors(2, 2)[:1], 1)
    assert owners[0][0] == "b" and scores[0][0] > 0.99
    assert cat.check_consistency() == {"unit": True, "chunk": True}
    store.close()


def test_missing_index_file_is_rebuilt(tmp_path: Path) -> None:
    _filled(tmp_path)
    (tmp_path / "chunks.faiss").unlink()
    store, cat = _open(tmp_path)
    assert cat.reconcile_report["chunk"].startswith("rebuilt")
    assert len(cat.indexes["chunk"]) == 5
    assert FaissIndex.load(tmp_path / "chunks.faiss").ids().size == 5
    store.close()


def test_truncated_index_file_is_rebuilt_with_same_results(tmp_path: Path) -> None:
    _filled(tmp_path)
    store, cat = _open(tmp_path)
    before = cat.search("chunk", _vectors(3, 1), 2)
    store.close()
    path = tmp_path / "chunks.faiss"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    store, cat = _open(tmp_path)
    assert "unreadable" in cat.reconcile_report["chunk"]
    after = cat.search("chunk", _vectors(3, 1), 2)
    assert np.allclose(before[0], after[0]) and before[1] == after[1]
    store.close()


def test_id_in_index_but_not_in_store_is_removed(tmp_path: Path) -> None:
    _filled(tmp_path)
    stale = FaissIndex.load(tmp_path / "chunks.faiss")
    ghost = _vectors(1, 99)
    stale.add(np.array([10_000], dtype=np.int64), ghost)
    stale.save(tmp_path / "chunks.faiss")
    store, cat = _open(tmp_path)
    assert "1 extra" in cat.reconcile_report["chunk"]
    assert 10_000 not in cat.indexes["chunk"].ids()  # type: ignore[attr-defined]
    _scores, owners = cat.search("chunk", ghost, 5)
    assert None not in owners[0][:5]
    store.close()


def test_erase_removes_from_store_index_and_memory(tmp_path: Path) -> None:
    _filled(tmp_path)
    store, cat = _open(tmp_path)
    assert cat.erase_candidate("a") == 3
    assert cat.erase_candidate("a") == 0
    assert cat.vectors_of("chunk", "a") is None
    assert store.get_candidate("a") is None and store.count("vectors") == 2
    _scores, owners = cat.search("chunk", _vectors(3, 1), 5)
    assert all(o in ("b", None) for row in owners for o in row)
    store.close()
    store, cat = _open(tmp_path)
    assert cat.reconcile_report["chunk"] == "loaded"
    assert len(cat.indexes["chunk"]) == 2
    store.close()


def test_other_model_in_store_triggers_reembedding(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite")
    enc = HashEncoder(dim=DIM)
    cat = Catalog(tmp_path, store, DIM).open(enc)
    cat.add([_candidate("a", 2, 1)], "old-model", "0")
    store.close()
    store = Store(tmp_path / "store.sqlite")
    cat = Catalog(tmp_path, store, DIM).open(enc)
    assert store.vector_models() == {(enc.model_name, enc.revision)}
    owned = cat.vectors_of("chunk", "a")
    assert owned is not None
    assert np.allclose(owned.matrix, enc.encode(list(owned.texts), kind=STATEMENT_KIND), atol=1e-6)
    assert cat.reconcile_report["chunk"].startswith("rebuilt")
    store.close()
