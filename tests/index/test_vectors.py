"""FaissIndex specifics: persistence (atomic save, checked load) and thread safety.

The search/add/remove contract shared with ExactIndex is in test_fakes.py.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

import index.vectors
from index.vectors import FaissIndex
from matcher.errors import ConfigError, IndexNotReadyError


def _filled(n: int = 20, dim: int = 8, seed: int = 0) -> tuple[FaissIndex, np.ndarray]:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    idx = FaissIndex(dim)
    idx.add(np.arange(1000, 1000 + n, dtype=np.int64), vectors)
    return idx, vectors


def test_save_load_round_trip(tmp_path: Path) -> None:
    idx, vectors = _filled()
    idx.remove(np.array([1003], dtype=np.int64))
    path = tmp_path / "sub" / "units.faiss"
    idx.save(path)
    loaded = FaissIndex.load(path)
    assert loaded.dim == 8
    assert len(loaded) == 19
    assert sorted(loaded.ids().tolist()) == sorted(idx.ids().tolist())
    for a, b in zip(idx.search(vectors, 5), loaded.search(vectors, 5), strict=True):
        np.testing.assert_array_equal(a, b)
    # The loaded index is fully usable: filtered search and further mutation.
    _, found = loaded.search(vectors[:1], 2, allowed_ids=np.array([1005, 1006]))
    assert set(found[0].tolist()) == {1005, 1006}
    loaded.add(np.array([1], dtype=np.int64), vectors[:1])
    assert len(loaded) == 20


def test_save_leaves_no_temp_files(tmp_path: Path) -> None:
    idx, _ = _filled()
    idx.save(tmp_path / "a.faiss")
    idx.save(tmp_path / "a.faiss")
    assert [p.name for p in tmp_path.iterdir()] == ["a.faiss"]


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IndexNotReadyError):
        FaissIndex.load(tmp_path / "absent.faiss")


@pytest.mark.parametrize("keep", [0, 10, 52, -1])
def test_load_truncated_file(tmp_path: Path, keep: int) -> None:
    idx, _ = _filled()
    path = tmp_path / "units.faiss"
    idx.save(path)
    data = path.read_bytes()
    path.write_bytes(data[:keep])
    with pytest.raises(IndexNotReadyError) as info:
        FaissIndex.load(path)
    assert info.value.reason == "index_corrupt"


def test_load_flipped_byte(tmp_path: Path) -> None:
    idx, _ = _filled()
    path = tmp_path / "units.faiss"
    idx.save(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IndexNotReadyError):
        FaissIndex.load(path)


def test_load_rejects_foreign_and_raw_faiss_files(tmp_path: Path) -> None:
    import faiss

    raw = tmp_path / "raw.faiss"
    faiss.write_index(faiss.IndexFlatIP(8), str(raw))
    with pytest.raises(IndexNotReadyError):
        FaissIndex.load(raw)
    text = tmp_path / "notes.txt"
    text.write_text("not an index at all, but longer than the header is..............")
    with pytest.raises(IndexNotReadyError):
        FaissIndex.load(text)


def test_load_valid_header_but_garbage_payload(tmp_path: Path) -> None:
    import hashlib

    payload = b"\x00garbage that faiss cannot decode" * 4
    header = index.vectors._HEADER.pack(
        index.vectors._MAGIC,
        index.vectors._VERSION,
        len(payload),
        hashlib.sha256(payload).digest(),
    )
    path = tmp_path / "garbage.faiss"
    path.write_bytes(header + payload)
    with pytest.raises(IndexNotReadyError):
        FaissIndex.load(path)


def test_failed_save_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, _ = _filled(n=5)
    path = tmp_path / "units.faiss"
    old.save(path)
    before = path.read_bytes()
    new, _ = _filled(n=30, seed=1)

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        new.save(path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert len(FaissIndex.load(path)) == 5
    assert [p.name for p in tmp_path.iterdir()] == ["units.faiss"]  # temp file cleaned up


def test_failed_write_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, _ = _filled(n=5)
    path = tmp_path / "units.faiss"
    old.save(path)

    def broken_fsync(fd: int) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        _filled(n=30)[0].save(path)
    monkeypatch.undo()
    assert len(FaissIndex.load(path)) == 5
    assert len(os.listdir(tmp_path)) == 1


@pytest.mark.parametrize("dim", [0, -3, True])
def test_bad_dim(dim: int) -> None:
    with pytest.raises(ConfigError):
        FaissIndex(dim)


def test_contains() -> None:
    idx, _ = _filled(n=3)
    assert 1001 in idx
    assert 5 not in idx
    assert "1001" not in idx


def test_concurrent_add_search_remove() -> None:
    dim = 16
    idx = FaissIndex(dim)
    rng = np.random.default_rng(3)
    errors: list[BaseException] = []

    def writer(base: int) -> None:
        try:
            for i in range(30):
                ids = np.arange(base + i * 10, base + i * 10 + 10, dtype=np.int64)
                vecs = rng.standard_normal((10, dim)).astype(np.float32)
                idx.add(ids, vecs)
                idx.remove(ids[:5])
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    def reader() -> None:
        try:
            q = np.ones((4, dim), dtype=np.float32)
            for _ in range(60):
                _, found = idx.search(q, 8)
                assert found.shape == (4, 8)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(b,)) for b in (0, 100_000)]
    threads += [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(idx) == 2 * 30 * 5


def test_all_is_sorted_public_names() -> None:
    assert index.vectors.__all__ == sorted(index.vectors.__all__)
    for name in index.vectors.__all__:
        assert hasattr(index.vectors, name)
