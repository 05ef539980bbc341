"""Coverage per unit (strong / partial / none) and distinct evidence for each duty."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from matcher.errors import ConfigError
from matcher.scoring import DEFAULT_CONFIG, ScoringConfig, score_pair, score_vacancies
from matcher.scoring.formula import coverage_level
from tests.matcher.test_scoring import DIM, World, candidate, unit_rows, vacancy


def _orthogonal(world: World, *basis: np.ndarray) -> np.ndarray:
    w = world.rng.normal(size=DIM)
    for b in basis:
        b64 = b.astype(np.float64)
        w -= (w @ b64) / (b64 @ b64) * b64
    out: np.ndarray = w / np.linalg.norm(w)
    return out


def _at_similarity(world: World, unit: np.ndarray, sim: float, *others: np.ndarray) -> np.ndarray:
    w = _orthogonal(world, unit, *others)
    return sim * unit.astype(np.float64) + np.sqrt(1 - sim * sim) * w


def test_coverage_counts_the_units_whose_evidence_is_shown() -> None:
    world = World(3, n_units=6)
    v = vacancy(4, 2)
    vecs = np.concatenate([world.relevant(0), world.relevant(1), world.relevant(4),
                           world.irrelevant(5)])
    cand = candidate(tuple(f"chunk {i}" for i in range(len(vecs))))
    result = score_pair(v, world.units, cand, vecs, background=world.background)
    shown = {kind: sum(e.coverage != "none" for e in result.evidence if e.kind == kind)
             for kind in ("duty", "learning")}
    assert result.coverage == {"duties": (shown["duty"], 4), "learning": (shown["learning"], 2)}
    levels = {e.coverage for e in result.evidence}
    assert "none" in levels and levels & {"strong", "partial"}


def test_coverage_levels_follow_the_thresholds() -> None:
    config = dataclasses.replace(DEFAULT_CONFIG, coverage_partial=0.2, coverage_strong=0.6)
    assert [coverage_level(s, config) for s in (0.0, 0.19, 0.2, 0.59, 0.6, 1.0)] == [
        "none", "none", "partial", "partial", "strong", "strong"]
    with pytest.raises(ConfigError):
        ScoringConfig(coverage_partial=0.5, coverage_strong=0.4)
    with pytest.raises(ConfigError):
        ScoringConfig(calibration=(0.0, -1.0, 0.0, 0.0))
    with pytest.raises(ConfigError):
        ScoringConfig(calibration=(0.0, 1.0, 0.0, -1.0))
    with pytest.raises(ConfigError):
        ScoringConfig(calibration=(0.0, 1.0, 0.0))  # type: ignore[arg-type]


def _shared_chunk_pair(alt_similarity: float) -> tuple[list[str], list[str]]:
    """Two duties; chunk 0 is the best for both, chunk 1 is ``alt_similarity`` to duty 1."""
    world = World(11, n_units=2)
    u0, u1 = world.units[0], world.units[1]
    shared = 1.1 * u0.astype(np.float64) + u1.astype(np.float64)
    alt = _at_similarity(world, u1, alt_similarity, u0)
    vecs = unit_rows(np.stack([shared, alt, world.rng.normal(size=DIM)]))
    cand = candidate(("shared sentence", "distinct sentence", "other sentence"))
    result = score_pair(vacancy(2, 0), world.units, cand, vecs, background=world.background)
    return [e.unit for e in result.evidence], [e.chunk for e in result.evidence]


def test_a_shared_best_chunk_gives_way_to_a_nearly_as_good_distinct_one() -> None:
    # cos(duty 1, shared) is about 0.67: a distinct chunk at 0.65 is nearly as good.
    _, chunks = _shared_chunk_pair(0.65)
    assert chunks == ["shared sentence", "distinct sentence"]


def test_a_shared_best_chunk_stays_when_the_next_one_is_much_worse() -> None:
    _, chunks = _shared_chunk_pair(0.1)
    assert chunks == ["shared sentence", "shared sentence"]


def test_distinct_evidence_is_the_same_in_both_directions() -> None:
    world = World(5, n_units=6)
    v = vacancy(4, 2)
    vecs = np.concatenate([world.relevant(0), world.relevant(0, 0.9), world.irrelevant(6)])
    cand = candidate(tuple(f"chunk {i}" for i in range(len(vecs))))
    one = score_pair(v, world.units, cand, vecs, background=world.background)
    [stacked] = score_vacancies(cand, vecs, [v], [world.units], background=world.background)
    assert stacked.evidence == one.evidence and stacked.coverage == one.coverage
    assert stacked.score == one.score
