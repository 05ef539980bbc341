"""eval.calibration: the Spearman ceiling and the fit of the calibrated map (no model)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from eval.calibration import fit_calibration, spearman, spearman_ceiling
from matcher.models import MatchResult
from matcher.scoring import DEFAULT_CONFIG, ScoringConfig


def test_spearman_ceiling_is_what_a_perfect_tie_free_score_reaches() -> None:
    grades = [1] * 80 + [0] * 10 + [3] * 5 + [2] * 5
    ceiling = spearman_ceiling(grades)
    rng = np.random.default_rng(0)
    # A continuous score in perfect grade order reaches the ceiling, whatever its values...
    perfect = [g + 0.5 * rng.random() for g in grades]
    assert spearman(perfect, grades) == pytest.approx(ceiling)
    # ...it is well below 1 when most pairs share one grade, and any swap lowers it.
    assert 0.5 < ceiling < 0.8
    swapped = list(perfect)
    swapped[80], swapped[0] = swapped[0], swapped[80]  # a grade 0 above a grade 1
    assert spearman(swapped, grades) < ceiling
    # A score tied within each grade is not bound by it.
    assert spearman([float(g) for g in grades], grades) == pytest.approx(1.0)
    assert spearman_ceiling([0, 1, 2, 3]) == pytest.approx(1.0)


def _result(match: float) -> MatchResult:
    return MatchResult(vacancy_id="v", candidate_id="c", score=100 * match, eligible=True,
                       subscores={"duties": match, "learning": match}, checks=(),
                       evidence=(), coverage={"duties": (1, 2), "learning": (0, 1)})


def test_the_fit_gives_the_french_spanish_term_its_weight_only_when_asked() -> None:
    # Relevant work in French or Spanish shows a lower match value: the same value stands for
    # more. The fit must find a positive weight for that term.
    cvs = [f"cv{i:02d}" for i in range(40)]
    matches: dict[str, dict[str, float]] = {}
    grades: dict[str, dict[str, int]] = {}
    foreign: dict[str, bool] = {}
    for i, cv in enumerate(cvs):
        strength = (i % 10) / 10
        in_french = i % 2 == 1
        matches[cv] = {"v": strength * (0.5 if in_french else 1.0)}
        grades[cv] = {"v": 3 if strength >= 0.5 else 1}
        foreign[cv] = in_french

    def score(config: ScoringConfig) -> dict[str, dict[str, MatchResult]]:
        return {cv: {"v": _result(matches[cv]["v"])} for cv in cvs}

    with_term = fit_calibration(score, grades, cvs, DEFAULT_CONFIG, use_shown=False,
                                non_english=foreign)
    without = fit_calibration(score, grades, cvs, DEFAULT_CONFIG, use_shown=False)
    assert len(with_term.calibration) == 4
    assert with_term.calibration[3] > 0 and with_term.calibration[2] == 0.0
    assert without.calibration[2:] == (0.0, 0.0)
    # The fitted tuple is a valid config.
    config = with_term.config(DEFAULT_CONFIG)
    assert dataclasses.replace(config).calibration == with_term.calibration
