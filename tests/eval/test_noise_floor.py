"""The noise-floor instrument: perturbed vectors at an exact cosine, and the cell comparison."""

from __future__ import annotations

import numpy as np
import pytest

from eval.noise_floor import NoisyEncoder, cell_deltas
from index.fakes import HashEncoder


def test_each_vector_moves_to_the_set_cosine_the_same_way_wherever_it_occurs() -> None:
    inner = HashEncoder()
    noisy = NoisyEncoder(inner, seed=3, gap=7e-5)
    texts = ["Coordinated the cluster meeting.", "Drafted donor reports.", "Drafted donor reports."]
    clean = inner.encode(texts, kind="query")
    moved = noisy.encode(texts, kind="query")
    cosines = np.sum(clean.astype(np.float64) * moved, axis=1)
    assert np.allclose(cosines, 1 - 7e-5, atol=2e-6)
    assert np.allclose(np.linalg.norm(moved, axis=1), 1.0, atol=1e-6)
    assert np.array_equal(moved[1], moved[2])  # the same text, the same perturbation
    assert np.array_equal(noisy.encode(texts[:1], kind="query")[0], moved[0])
    assert not np.array_equal(NoisyEncoder(inner, seed=4).encode(texts[:1])[0],
                              noisy.encode(texts[:1])[0])
    assert noisy.revision != inner.revision and noisy.dim == inner.dim


def test_the_gap_must_be_a_cosine_change() -> None:
    with pytest.raises(ValueError, match="gap"):
        NoisyEncoder(HashEncoder(), seed=1, gap=0.0)


def test_cell_deltas_compare_every_ndcg_cut_of_every_system() -> None:
    base = {"d": {"systems": {"matcher": {"ndcg@3": 0.5, "ndcg@5": 0.6, "ndcg@10": 0.7}}}}
    other = {"d": {"systems": {"matcher": {"ndcg@3": 0.51, "ndcg@5": 0.6, "ndcg@10": 0.69}}}}
    rows = cell_deltas(base, other)
    assert [(r["cell"], r["delta"]) for r in rows] == [
        ("ndcg@3", 0.01), ("ndcg@5", 0.0), ("ndcg@10", -0.01)]
