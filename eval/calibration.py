"""Calibrating the reported score on the labelled ``jpo`` pairs, and checking it held out.

The reported score (scoring v6) is
``100 * sigmoid(a + b * match + c * shown_share + d * match * non_english)``: the estimated
chance that a recruiter grades the CV's work 2 or 3 of 3 for the post, the *thematic* grade of
eval/data/LABELS.md (before the hard requirements, which stay checks beside the score).
``match`` is the 0-1 weighted mean of the unit scores, ``shown_share`` the weighted share of
units whose score reaches ``coverage_partial``, and ``non_english`` 1 when the CV is written
in French, Spanish or Portuguese. This module fits the coverage thresholds and the
four coefficients on the thematic grades of one half of the CVs
(:func:`cv_halves`, half A) and measures the result on the other half (half B) against the
final grades (``relevance``, requirements included): median score per grade,
Spearman(score, grade) and nDCG@5 in both directions, before (the v4 score, 100 times the
match value) and after.

``python -m eval.calibration`` runs the fit and prints the JSON that
:data:`matcher.scoring.DEFAULT_CONFIG` carries; :func:`calibration_check` is the held-out check
that :mod:`eval.runner` adds to every report that includes the ``jpo`` set.

Everything is deterministic: the halves come from sorted file names, the fit is Newton's method
from zero with a fixed number of steps, and the threshold grid is fixed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from eval.metrics import evaluate
from matcher.arrays import FloatArray
from matcher.models import MatchResult
from matcher.ranking import rank_results
from matcher.scoring import ScoringConfig

__all__ = [
    "COVERAGE_GRID",
    "CalibrationFit",
    "HeldOut",
    "auc",
    "calibration_check",
    "cv_halves",
    "fit_calibration",
    "fit_logistic",
    "held_out",
    "label_structure",
    "main",
    "spearman",
    "spearman_ceiling",
]

#: Unit-score thresholds tried for ``coverage_partial`` and ``coverage_strong``.
COVERAGE_GRID: tuple[float, ...] = tuple(round(0.05 * i, 2) for i in range(1, 17))
#: The acceptance figures of issue 15 (held-out half).
TARGETS: dict[str, float] = {"median_grade3_min": 70.0, "median_grade0_max": 15.0,
                             "spearman_min": 0.6}

#: ``{cv_id: {vacancy_id: result}}`` of every labelled pair.
PairResults = Mapping[str, Mapping[str, MatchResult]]
Grades = Mapping[str, Mapping[str, int]]
#: ``{cv_id: whether the CV is read as French, Spanish or Portuguese}``.
NonEnglish = Mapping[str, bool]


def cv_halves(cv_ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """Half A (fit) and half B (held out): alternate CVs in file-name order.

    Alternating keeps both halves spread over the rounds in which the CVs were written (the
    first 48, cv49-cv72 for other agencies, cv73-cv90 in candidate formats).
    """
    ordered = sorted(cv_ids)
    return ordered[0::2], ordered[1::2]


def _ranks(values: FloatArray) -> FloatArray:
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.arange(len(values), dtype=np.float64)
    # Ties share their mean rank.
    for value in np.unique(values):
        mask = values == value
        if mask.sum() > 1:
            ranks[mask] = ranks[mask].mean()
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation with mid-ranks for ties (0.0 when either side is constant)."""
    rx, ry = _ranks(np.asarray(x, dtype=np.float64)), _ranks(np.asarray(y, dtype=np.float64))
    sx, sy = rx.std(), ry.std()
    if sx == 0 or sy == 0:
        return 0.0
    return float(((rx - rx.mean()) * (ry - ry.mean())).mean() / (sx * sy))


def spearman_ceiling(grades: Sequence[int]) -> float:
    """The highest Spearman(score, grade) a score without ties can reach on these grades.

    A score that puts every pair of a lower grade below every pair of a higher one, with
    distinct values (as a continuous score has), reaches this and no more: within a grade its
    ranks still spread while the grade's are tied. With most pairs in one grade it is far
    below 1 (0.65 on either half of the jpo pairs, 83 % of them grade 1).
    """
    g = np.asarray(grades, dtype=np.float64)
    ordered = np.lexsort((np.arange(len(g)), g))
    perfect = np.empty(len(g), dtype=np.float64)
    perfect[ordered] = np.arange(len(g), dtype=np.float64)
    return spearman(perfect.tolist(), g.tolist())


def auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Area under the ROC curve (the Mann-Whitney statistic, ties counted half)."""
    s = np.asarray(scores, dtype=np.float64)
    pos = np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        return 0.5
    ranks = _ranks(s) + 1.0
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def fit_logistic(
    features: FloatArray, target: FloatArray, *, ridge: float = 1e-3, steps: int = 50
) -> FloatArray:
    """Logistic regression by Newton's method from zero: ``[intercept, w_1, ..., w_k]``.

    A feature whose weight comes out negative is dropped (weight 0) and the rest refitted, so
    the fitted map never lowers the score for more evidence. ``ridge`` (not applied to the
    intercept) keeps the steps finite on separable data.
    """
    n, k = features.shape
    active = list(range(k))
    while True:
        x = np.hstack([np.ones((n, 1)), features[:, active]])
        w = np.zeros(x.shape[1])
        penalty = np.full(x.shape[1], ridge)
        penalty[0] = 0.0
        for _ in range(steps):
            p = 1.0 / (1.0 + np.exp(-(x @ w)))
            grad = x.T @ (p - target) + penalty * w
            hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
            w = w - np.linalg.solve(hess, grad)
        negative = [active[i - 1] for i in range(1, len(w)) if w[i] < 0]
        if not negative:
            out = np.zeros(k + 1)
            out[0] = w[0]
            for i, col in enumerate(active):
                out[col + 1] = w[i + 1]
            return out
        active = [c for c in active if c not in negative]


def _shown_share(result: MatchResult, config: ScoringConfig) -> float:
    """The weighted share of units shown, as :func:`matcher.scoring.formula.score_pairs` has it."""
    weights = {"duties": config.duties_weight, "learning": config.learning_weight}
    num = den = 0.0
    for kind, (shown, total) in result.coverage.items():
        if total:
            num += weights[kind] * shown / total
            den += weights[kind]
    return num / den if den else 0.0


def _match(result: MatchResult, config: ScoringConfig) -> float:
    """The 0-1 match value of a result (the weighted mean of its sub-scores)."""
    weights = {"duties": config.duties_weight, "learning": config.learning_weight}
    num = den = 0.0
    for kind, weight in weights.items():
        if kind in result.subscores:
            num += weight * result.subscores[kind]
            den += weight
    return num / den if den else 0.0


@dataclass(frozen=True, slots=True)
class CalibrationFit:
    """The fitted parameters and what chose them (on half A)."""

    coverage_partial: float
    coverage_strong: float
    calibration: tuple[float, float, float, float]
    auc_partial: float
    auc_strong: float
    fit_cvs: int

    def config(self, base: ScoringConfig) -> ScoringConfig:
        """``base`` with these parameters."""
        return dataclasses.replace(
            base, coverage_partial=self.coverage_partial, coverage_strong=self.coverage_strong,
            calibration=self.calibration)


def fit_calibration(
    score: Any, grades: Grades, cv_ids: Sequence[str], base: ScoringConfig,
    *, use_shown: bool = True, non_english: NonEnglish | None = None,
) -> CalibrationFit:
    """Fit thresholds and coefficients on the pairs of ``cv_ids``.

    Args:
        score: ``config -> PairResults``: scores every labelled pair with a config.
        grades: ``{cv_id: {vacancy_id: thematic grade}}``.
        cv_ids: The CVs to fit on (half A).
        base: The config whose other knobs stay as they are.
        use_shown: Whether the share of units shown enters the map.
        non_english: Which CVs are not read as English; None leaves that term out.

    Returns:
        ``coverage_partial`` where the share of units shown best separates relevant work
        (grade >= 2) from the rest (AUC), ``coverage_strong`` (above partial) where it best
        separates grade 3, and the logistic coefficients of grade >= 2 on (match value, share
        shown, match value of a CV not in English); a term left out gets weight 0. With the
        match value alone the score is a monotone map of it and every ranking keeps its order.
    """
    pairs = [(cv, vac) for cv in sorted(cv_ids) for vac in sorted(grades[cv])]
    g = np.array([grades[cv][vac] for cv, vac in pairs], dtype=np.float64)
    shares: dict[float, list[float]] = {}
    matches: list[float] = []
    for t in COVERAGE_GRID:
        config = dataclasses.replace(base, coverage_partial=t, coverage_strong=t)
        results = score(config)
        shares[t] = [_shown_share(results[cv][vac], config) for cv, vac in pairs]
        if not matches:
            matches = [_match(results[cv][vac], config) for cv, vac in pairs]
    auc_partial = {t: auc(v, (g >= 2).tolist()) for t, v in shares.items()}
    partial = max(COVERAGE_GRID, key=lambda t: (auc_partial[t], -t))
    # Strictly above partial: "partial" must stay a level a unit can have (three levels).
    auc_strong = {t: auc(v, (g >= 3).tolist()) for t, v in shares.items() if t > partial}
    strong = max(auc_strong, key=lambda t: (auc_strong[t], -t))
    foreign = np.array([float(non_english[cv]) if non_english is not None else 0.0
                        for cv, _ in pairs])
    columns = [np.array(matches), np.array(shares[partial]), foreign * np.array(matches)]
    used = [True, use_shown, non_english is not None]
    fitted = iter(fit_logistic(np.column_stack([c for c, u in zip(columns, used, strict=True)
                                                if u]),
                               (g >= 2).astype(np.float64)).tolist())
    intercept = next(fitted)
    weights = [next(fitted) if u else 0.0 for u in used]
    return CalibrationFit(
        coverage_partial=partial, coverage_strong=strong,
        calibration=(round(intercept, 4), round(weights[0], 4), round(weights[1], 4),
                     round(weights[2], 4)),
        auc_partial=round(auc_partial[partial], 4), auc_strong=round(auc_strong[strong], 4),
        fit_cvs=len(set(cv_ids)),
    )


@dataclass(frozen=True, slots=True)
class HeldOut:
    """The figures of one scoring on the held-out pairs."""

    median_by_grade: dict[int, float]
    pairs_by_grade: dict[int, int]
    spearman: float
    ndcg5_cv_to_vacancies: float
    ndcg5_vacancy_to_cvs: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "median_by_grade": {str(k): v for k, v in self.median_by_grade.items()},
            "pairs_by_grade": {str(k): v for k, v in self.pairs_by_grade.items()},
            "spearman": self.spearman,
            "ndcg@5 cv->vacancies": self.ndcg5_cv_to_vacancies,
            "ndcg@5 vacancy->cvs": self.ndcg5_vacancy_to_cvs,
        }


def _ndcg5(qrels: dict[str, dict[str, int]], pools: dict[str, list[MatchResult]],
           doc_of: Any) -> float:
    run: dict[str, dict[str, float]] = {}
    for query, results in pools.items():
        ranked = rank_results(results)
        run[query] = {doc_of(r): float(len(ranked) - i) for i, r in enumerate(ranked)}
    judged = {q: g for q, g in qrels.items() if g}
    return round(float(evaluate(judged, {q: run[q] for q in judged}, ["ndcg@5"])["ndcg@5"]), 4)


def held_out(
    results: PairResults, grades: Grades, cv_ids: Sequence[str],
    score_of: Any = None,
) -> HeldOut:
    """Median score per grade, Spearman and nDCG@5 (both directions) on the pairs of ``cv_ids``.

    ``score_of`` maps a result to the score under test (default: its reported ``score``); the
    rankings use it too, with the eligibility groups of :func:`matcher.ranking.rank_results`.
    """
    def value(r: MatchResult) -> float:
        return float(r.score) if score_of is None else float(score_of(r))

    cvs = sorted(cv_ids)
    scores: dict[int, list[float]] = {}
    xs: list[float] = []
    ys: list[float] = []
    by_cv: dict[str, list[MatchResult]] = {}
    by_vac: dict[str, list[MatchResult]] = {}
    source: dict[int, tuple[str, str]] = {}
    for cv in cvs:
        for vac, grade in sorted(grades[cv].items()):
            r = results[cv][vac]
            rescored = dataclasses.replace(r, score=value(r))
            source[id(rescored)] = (cv, vac)
            by_cv.setdefault(cv, []).append(rescored)
            by_vac.setdefault(vac, []).append(rescored)
            scores.setdefault(grade, []).append(rescored.score)
            xs.append(rescored.score)
            ys.append(grade)
    cv_qrels = {cv: {v: g for v, g in grades[cv].items() if g >= 1} for cv in cvs}
    vac_qrels: dict[str, dict[str, int]] = {}
    for cv in cvs:
        for vac, g in grades[cv].items():
            if g >= 1:
                vac_qrels.setdefault(vac, {})[cv] = g
    return HeldOut(
        median_by_grade={k: round(float(np.median(v)), 1) for k, v in sorted(scores.items())},
        pairs_by_grade={k: len(v) for k, v in sorted(scores.items())},
        spearman=round(spearman(xs, ys), 4),
        ndcg5_cv_to_vacancies=_ndcg5(cv_qrels, by_cv, lambda r: source[id(r)][1]),
        ndcg5_vacancy_to_cvs=_ndcg5(
            vac_qrels, {v: by_vac[v] for v in vac_qrels}, lambda r: source[id(r)][0]),
    )


def label_structure(
    results: PairResults, data: Any, cv_ids: Sequence[str], config: ScoringConfig
) -> dict[str, Any]:
    """What the final grades reward, on the pairs of ``cv_ids`` (``data``: a ``JpoDataset``).

    The final grade is ``min(thematic, cap)`` with the cap set by the labelled eligibility
    (eval/data/LABELS.md). These figures split the Spearman gap into its two parts: how often
    the matcher's eligibility agrees with the label, and how well the match value orders the
    *thematic* grade. ``oracle_*`` use the labels themselves, so they are ceilings, not scores.
    """
    pairs = [(cv, vac) for cv in sorted(cv_ids) for vac in sorted(data.relevance[cv])]
    grade = [data.relevance[cv][vac] for cv, vac in pairs]
    thematic = [data.thematic[cv][vac] for cv, vac in pairs]
    match = [_match(results[cv][vac], config) for cv, vac in pairs]
    cap_of = {True: 3, None: 2, False: 1}
    caps = [cap_of[results[cv][vac].eligible] for cv, vac in pairs]
    agree = sum(results[cv][vac].eligible is data.eligible[cv][vac] for cv, vac in pairs)
    low = [i for i, g in enumerate(grade) if g <= 1]
    chance = [float(results[cv][vac].score) for cv, vac in pairs]
    return {
        "pairs": len(pairs),
        "eligibility_agrees_with_label": agree,
        "spearman_match_thematic": round(spearman(match, thematic), 4),
        "spearman_match_grade": round(spearman(match, grade), 4),
        "auc_match_grade0_vs_grade1": round(
            auc([match[i] for i in low], [grade[i] == 1 for i in low]), 4),
        "spearman_score_times_cap_grade": round(
            spearman([s * c / 3 for s, c in zip(chance, caps, strict=True)], grade), 4),
        "oracle_spearman_thematic_grade": round(spearman(thematic, grade), 4),
        "oracle_spearman_thematic_capped_grade": round(
            spearman([min(t, c) for t, c in zip(thematic, caps, strict=True)], grade), 4),
    }


def calibration_check(results: PairResults, grades: Grades, config: ScoringConfig
                      ) -> dict[str, Any]:
    """The report's calibration section: held-out half B, before (v4 score) and after."""
    _, half_b = cv_halves(list(grades))
    before = held_out(results, grades, half_b, lambda r: round(100.0 * _match(r, config), 1))
    after = held_out(results, grades, half_b)
    held_grades = [g for cv in sorted(half_b) for _, g in sorted(grades[cv].items())]
    return {
        "spearman_ceiling": round(spearman_ceiling(held_grades), 4),
        "held_out_cvs": len(half_b),
        "held_out_pairs": sum(after.pairs_by_grade.values()),
        "coverage_partial": config.coverage_partial,
        "coverage_strong": config.coverage_strong,
        "calibration": list(config.calibration),
        "targets": TARGETS,
        "before": before.to_dict(),
        "after": after.to_dict(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Fit on half A, print the fitted parameters and the held-out check as JSON."""
    parser = argparse.ArgumentParser(prog="python -m eval.calibration", description=__doc__)
    parser.add_argument("--encoder", choices=("minilm", "e5"), default=None)
    parser.add_argument("--swap", action="store_true",
                        help="fit on half B and check on half A (the other fold)")
    parser.add_argument("--match-only", action="store_true",
                        help="leave the share of units shown out of the logistic map")
    parser.add_argument("--same-language", action="store_true",
                        help="leave the non-English CV term out (the scoring v5 form)")
    parser.add_argument("--labels", action="store_true",
                        help="also print what the final grades reward (label_structure)")
    args = parser.parse_args(argv)
    from eval.cli import cached_encoder
    from eval.datasets import LoadOptions, load_jpo_tasks
    from eval.datasets_jpo import load_jpo
    from eval.systems import SystemContext, score_task
    from matcher.scoring import DEFAULT_CONFIG
    from matcher.scoring.preparation import language_index, non_english

    encoder = cached_encoder(args.encoder)
    data = load_jpo()
    grades = data.relevance
    half_a, half_b = cv_halves(list(grades))
    if args.swap:
        half_a, half_b = half_b, half_a
    task = next(t for t in load_jpo_tasks(LoadOptions()) if t.direction == "vacancy->cvs")
    ctx = SystemContext(encoder=encoder)

    def score(config: ScoringConfig) -> PairResults:
        by_vacancy = score_task(task, ctx, config)
        out: dict[str, dict[str, MatchResult]] = {}
        for vac, row in by_vacancy.items():
            for cv, result in row.items():
                out.setdefault(cv, {})[vac] = result
        return out

    cvs = sorted(task.docs)
    rows = np.array([language_index(ctx.candidate(task.docs[cv]).text_language) for cv in cvs],
                    dtype=np.int64)
    foreign = {cv: flag > 0 for cv, flag in zip(cvs, non_english(rows).tolist(), strict=True)}
    fit = fit_calibration(score, data.thematic, half_a, DEFAULT_CONFIG,
                          use_shown=not args.match_only,
                          non_english=None if args.same_language else foreign)
    config = fit.config(DEFAULT_CONFIG)
    results = score(config)
    v4 = held_out(results, grades, half_b, lambda r: round(100.0 * _match(r, config), 1))
    after = held_out(results, grades, half_b)
    out = {"fit": dataclasses.asdict(fit), "held_out_before": v4.to_dict(),
           "held_out_after": after.to_dict()}
    if args.labels:
        out["label_structure"] = label_structure(results, data, half_b, config)
    sys.stdout.write(json.dumps(out, indent=2) + "\n")
    encoder.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
