"""``candidates add DIR --workers ray`` stores what the in-process path stores.

A local Ray cluster (2 CPUs, started here) reads, parses and encodes labelled CVs in the three
formats with the real model; the facts, flags and vectors in the store must equal those of the
default path on the same folder, and a file that cannot be read is skipped by both.
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from api.commands.data import run_candidates_add
from index.ray_ingest import ray_available
from index.store import Store

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not ray_available(), reason="ray is not installed (pip install -e "
                       "'.[scale]')"),
]

CVS = Path(__file__).resolve().parents[2] / "eval" / "data" / "cvs"
FILES = ("cv01_al_mutairi.txt", "cv05_solberg.pdf", "cv11_rios.docx", "cv14_kowalczyk.docx",
         "cv20_kasongo.pdf", "cv06_diallo.txt", "cv07_mensah.txt")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "cvs"
    out.mkdir()
    for name in FILES:
        shutil.copy(CVS / name, out / name)
    (out / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    return out


def _add(data_dir: Path, folder: Path, workers: str) -> int:
    args = argparse.Namespace(data_dir=str(data_dir), path=folder, workers=workers)
    return run_candidates_add(args)


def _stored(data_dir: Path) -> tuple[dict[str, object], dict[str, list[tuple[str, bytes]]]]:
    store = Store(data_dir / "store.sqlite")
    try:
        facts = {row.id: (row.source, row.data, row.text) for row in store.list_candidates()}
        vectors: dict[str, list[tuple[str, bytes]]] = {}
        for owner, text, blob in store.read(
            "SELECT owner_id, text, vector FROM vectors WHERE owner_kind = 'chunk' "
            "ORDER BY owner_id, position"
        ):
            vectors.setdefault(str(owner), []).append((str(text), bytes(blob)))
    finally:
        store.close()
    return facts, vectors


def test_ray_workers_store_the_same_facts_and_vectors(
    ray_cluster: None, folder: Path, tmp_path: Path
) -> None:
    assert _add(tmp_path / "inprocess", folder, "inprocess") == 1  # broken.pdf skipped
    assert _add(tmp_path / "ray", folder, "ray") == 1
    facts_a, vectors_a = _stored(tmp_path / "inprocess")
    facts_b, vectors_b = _stored(tmp_path / "ray")
    assert len(facts_a) == len(FILES)
    assert facts_b == facts_a
    assert vectors_b.keys() == vectors_a.keys()
    for owner, rows in vectors_a.items():
        assert [t for t, _ in vectors_b[owner]] == [t for t, _ in rows]
        a = np.stack([np.frombuffer(b, dtype=np.float32) for _, b in rows])
        b = np.stack([np.frombuffer(v, dtype=np.float32) for _, v in vectors_b[owner]])
        # Another batch composition on the workers: equal up to rounding. Where the CPU has
        # bf16 instructions the default precision is bf16, whose rounding moves with the batch
        # shape by up to ~1e-3 per coordinate (tests/index/test_e5_precision.py), so the
        # contract is the direction: a cosine of 0.9999 holds in both precisions.
        np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
        cosines = np.sum(a.astype(np.float64) * b, axis=1)
        assert cosines.min() >= 0.9999, (owner, cosines.round(6))


def test_ray_path_stores_nothing_twice(ray_cluster: None, folder: Path, tmp_path: Path) -> None:
    assert _add(tmp_path / "ray", folder, "ray") == 1
    assert _add(tmp_path / "ray", folder, "ray") == 1
    facts, _ = _stored(tmp_path / "ray")
    assert len(facts) == len(FILES)
