"""The one scoring formula over (unit, candidate) pairs; every scoring path calls it.

:func:`score_pairs` turns the evidence of a batch of (vacancy, candidate) pairs into their
scores: the semantic credit of each unit (its best chunk's background z-score above the chance
bar, :func:`semantic_credit`), the saturated lexical credit of its terms
(:func:`lexical_credit`), the stuffing rule (:func:`stuffing_flags`, which clips a flagged
CV's term counts to presence), the mix of the two credits per unit, and the duty/learning
combination of the unit scores (:func:`combined_scores`). The pool ranking, the vacancy
ranking, the single pair and the preselection estimate all call it; the vacancy ranking's fast
path passes credits it settled with :func:`semantic_credit` itself (:class:`SettledCredits`),
never a formula of its own.

A batch is laid out in one of two ways (:class:`PairLayout`): a pool puts its pairs on the rows
of 2-D arrays, a stack puts them one after another along a 1-D axis. Every operation is
elementwise or a segment sum from the segment's own start, so each pair gets the same floats in
either layout and whatever else shares the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

import numpy as np

from matcher.arrays import BoolArray, FloatArray, IntArray, Matrix
from matcher.lexical import jaccard, saturate
from matcher.models import CoverageLevel
from matcher.scoring.config import ScoringConfig
from matcher.scoring.kernels import segment_sums

__all__ = [
    "BestSimilarities",
    "LexicalEvidence",
    "PairLayout",
    "PairScores",
    "SettledCredits",
    "calibrated_chance",
    "calibration_logit",
    "chance_bars",
    "chance_threshold",
    "chunk_precision",
    "combined_scores",
    "copied_enough",
    "count_copied_units",
    "coverage_level",
    "final_score",
    "lexical_credit",
    "score_pairs",
    "semantic_credit",
    "stuffing_flags",
]

# --------------------------------------------------------------------------- chance bar


@lru_cache(maxsize=8192)
def _threshold(n: int, quantile: float) -> float:
    # q ** (1/n) tends to 1 for huge n; keep it inside the open interval inv_cdf accepts.
    p = min(quantile ** (1.0 / max(n, 1)), 1.0 - 1e-12)
    return NormalDist().inv_cdf(p)


def chance_threshold(n: int, quantile: float) -> float:
    """The ``quantile`` of the maximum of ``n`` standard normal draws.

    ``P(max of n draws <= t) = Phi(t) ** n``, so ``t = Phi^-1(quantile ** (1 / n))``.

    Args:
        n: Number of draws (chunks); values below 1 count as 1.
        quantile: In (0, 1); 0.5 gives the median of the maximum.

    Returns:
        The threshold in standard deviations: for ``quantile = 0.9``, 1.28 for one draw,
        2.31 for 10, 3.07 for 100.
    """
    return _threshold(int(n), float(quantile))


def chance_bars(chunk_counts: IntArray, config: ScoringConfig) -> FloatArray:
    """The chance bar of CVs with these chunk counts (floored at ``min_chance_draws``)."""
    draws = np.maximum(chunk_counts, config.min_chance_draws)
    return np.array([_threshold(int(n), config.chance_quantile) for n in draws], dtype=np.float64)


# --------------------------------------------------------------------------- semantic credit


def semantic_credit(
    similarity: FloatArray, mu: FloatArray, sigma: FloatArray, bar: FloatArray | float,
    z_full: float,
) -> FloatArray:
    """Per unit, ``clip(z / z_full, 0, 1)`` with ``z`` the similarity's background z-score above
    the chance bar (elementwise, so any subset of units gives the same values)."""
    z = (similarity - mu) / sigma
    z -= bar
    credit: FloatArray = np.clip(z / z_full, 0.0, 1.0)
    return credit


@dataclass(frozen=True, slots=True, eq=False)
class BestSimilarities:
    """The semantic evidence of a batch: each unit's best-chunk cosine and its background.

    Attributes:
        similarity: Best-chunk cosine per (pair, unit), on the layout's unit axis.
        mu: Background mean of each unit (in the CV's language), same shape.
        sigma: Background spread of each unit, same shape.
        bar: Chance bar of each pair's CV, broadcast against ``similarity``.
        has_evidence: Where a unit has a best chunk at all (None: everywhere); elsewhere the
            credit is 0 (a CV without chunks, a unit without a retrieval hit).
    """

    similarity: FloatArray
    mu: FloatArray
    sigma: FloatArray
    bar: FloatArray | float
    has_evidence: BoolArray | None = None

    def credit(self, z_full: float) -> FloatArray:
        """The semantic credit of every unit (see :func:`semantic_credit`)."""
        credit = semantic_credit(self.similarity, self.mu, self.sigma, self.bar, z_full)
        if self.has_evidence is None:
            return credit
        out: FloatArray = np.where(self.has_evidence, credit, 0.0)
        return out


@dataclass(frozen=True, slots=True, eq=False)
class SettledCredits:
    """Semantic credits a fast path already settled with :func:`semantic_credit`."""

    credits: FloatArray

    def credit(self, z_full: float) -> FloatArray:
        """The credits as given (``z_full`` was applied when they were settled)."""
        del z_full
        return self.credits


# --------------------------------------------------------------------------- lexical credit


@dataclass(frozen=True, slots=True, eq=False)
class LexicalEvidence:
    """The lexical evidence of a batch: the CV's counts of the units' terms, stuffing signals.

    Attributes:
        term_counts: The CV's count of each (pair, unit term) entry, in CSR order on the last
            axis.
        term_weights: The idf weight of each entry (each unit's weights sum to 1).
        term_starts: First entry of each unit.
        doc_length: Content tokens of each pair's CV: ``(n_pairs,)`` for a pool, ``(1,)`` for a
            stack (one CV).
        max_term_count: Per pair, the CV's count of the vacancy term it repeats most.
        repeated: Per pair, whether the CV repeats its own long chunks abnormally.
        copied_units: Per pair, how many units have a near-copy of themselves as evidence.
    """

    term_counts: FloatArray
    term_weights: FloatArray
    term_starts: IntArray
    doc_length: FloatArray
    max_term_count: FloatArray
    repeated: BoolArray | bool
    copied_units: IntArray


def _saturated(tf: FloatArray, lengths: FloatArray, config: ScoringConfig) -> FloatArray:
    """BM25 saturation with the config's constants (identical floats per element)."""
    return saturate(
        tf, np.maximum(lengths, 1.0), k1=config.bm25_k1, b=config.bm25_b,
        avg_length=config.bm25_avg_length,
    )


def lexical_credit(
    lexical: LexicalEvidence, layout: PairLayout, stuffed: BoolArray, config: ScoringConfig
) -> FloatArray:
    """Per unit, the idf-weighted mean of its terms' saturated counts, in [0, 1).

    A stuffed CV's counts are clipped to presence first, so repetition earns nothing.
    """
    counts = lexical.term_counts
    if stuffed.any():
        if layout.unit_pairs is None:
            clip: BoolArray = stuffed[:, None]
        else:
            sizes = np.diff(np.append(lexical.term_starts, counts.shape[-1]))
            clip = np.repeat(stuffed[layout.unit_pairs], sizes)
        counts = np.where(clip, np.minimum(counts, 1.0), counts)
    lengths = lexical.doc_length[:, None] if layout.unit_pairs is None else lexical.doc_length
    sat = _saturated(counts, lengths, config)
    credit: FloatArray = np.round(
        segment_sums(sat * lexical.term_weights, lexical.term_starts), 9)
    return credit


# --------------------------------------------------------------------------- stuffing rule


def copied_enough(copied: IntArray, n_units: IntArray, config: ScoringConfig) -> BoolArray:
    """Whether that many copied units flag a CV: at least 3 and ``copy_fraction`` of them."""
    enough: BoolArray = (copied >= 3) & (copied >= config.copy_fraction * n_units)
    return enough


def stuffing_flags(
    lexical: LexicalEvidence, n_units: IntArray, config: ScoringConfig
) -> BoolArray:
    """The stuffing rule: per pair, whether the CV looks keyword-stuffed.

    Any of: one vacancy term repeated ``stuffing_min_count`` times that is also more than
    ``stuffing_max_share`` of the CV's tokens; the CV repeating its own long chunks; enough
    units with a near-copy of themselves as evidence (:func:`copied_enough`).
    """
    max_count = lexical.max_term_count
    term_outlier = (max_count >= config.stuffing_min_count) & (
        max_count > config.stuffing_max_share * np.maximum(lexical.doc_length, 1.0)
    )
    flags: BoolArray = (
        term_outlier | copied_enough(lexical.copied_units, n_units, config) | lexical.repeated
    )
    return flags


def count_copied_units(
    unit_tokens: Sequence[frozenset[str]],
    unit_sizes: IntArray,
    present: IntArray,
    best_local: IntArray,
    chunk_tokens: Sequence[frozenset[str]],
    chunk_sizes: IntArray,
    owner: IntArray,
    units_per_owner: IntArray,
    config: ScoringConfig,
) -> IntArray:
    """Per owner (vacancy or candidate), how many units have a near-copy as evidence.

    A near-copy has token Jaccard >= ``copy_overlap`` with its unit, which needs both
    size(min)/size(max) >= t and (unit terms present in the CV) >= t * size(max). Only the pairs
    passing these exact bounds, in owners whose count could still flag the CV
    (:func:`copied_enough` of the bound), are compared token by token; the others cannot
    change the rule's outcome.
    """
    n_owners = len(units_per_owner)
    copied = np.zeros(n_owners, dtype=np.int64)
    ok = best_local >= 0
    if not ok.any():
        return copied
    evidence_sizes = np.where(ok, chunk_sizes[np.where(ok, best_local, 0)], 0)
    big = np.maximum(unit_sizes, evidence_sizes)
    small = np.minimum(unit_sizes, evidence_sizes)
    t = config.copy_overlap
    maybe = ok & (small > 0) & (small >= t * big) & (present >= t * big)
    if not maybe.any():
        return copied
    possible = np.bincount(owner[maybe], minlength=n_owners)
    reachable = copied_enough(possible, units_per_owner, config)
    for u in np.flatnonzero(maybe & reachable[owner]).tolist():
        if jaccard(unit_tokens[u], chunk_tokens[int(best_local[u])]) >= t:
            copied[owner[u]] += 1
    return copied


# --------------------------------------------------------------------------- combination


def combined_scores(
    config: ScoringConfig,
    n_units: IntArray,
    n_duties: IntArray,
    duty_sums: FloatArray,
    learning_sums: FloatArray,
    precision: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """(recall, combined) 0-1 values of many pairs from their per-kind unit-score sums.

    Recall is the weighted mean of the duty and learning means (a kind a vacancy lacks drops
    out of the weights); combined mixes in precision with ``precision_weight``.
    """
    n_learning = n_units - n_duties
    has_duties = n_duties > 0
    has_learning = n_learning > 0
    duties = duty_sums / np.maximum(n_duties, 1)
    learning = learning_sums / np.maximum(n_learning, 1)
    weighted = np.where(has_duties, 0.0 + config.duties_weight * duties, 0.0)
    total = np.where(has_duties, 0.0 + config.duties_weight, 0.0)
    weighted = np.where(has_learning, weighted + config.learning_weight * learning, weighted)
    total = np.where(has_learning, total + config.learning_weight, total)
    recall: FloatArray = np.divide(weighted, total, out=np.zeros_like(weighted), where=total > 0)
    combined: FloatArray = (1.0 - config.precision_weight) * recall + (
        config.precision_weight * precision)
    return recall, combined


def final_score(combined: float) -> float:
    """The reported 0-100 score of a 0-1 value (rounded to one decimal)."""
    return round(100.0 * min(max(combined, 0.0), 1.0), 1)


def calibration_logit(
    combined: FloatArray, shown_share: FloatArray, non_english: FloatArray,
    config: ScoringConfig,
) -> FloatArray:
    """The logit of :func:`calibrated_chance` (increasing in it; ranks without saturating)."""
    intercept, w_match, w_shown, w_non_english = config.calibration
    logit: FloatArray = (intercept + w_match * combined + w_shown * shown_share
                         + w_non_english * non_english * combined)
    return logit


def calibrated_chance(
    combined: FloatArray, shown_share: FloatArray, non_english: FloatArray,
    config: ScoringConfig,
) -> FloatArray:
    """The estimated chance (0-1) that a recruiter grades the pair a fit (grade 2 or 3 of 3).

    A logistic map of the match value, the weighted share of units shown, and the match value
    again for a CV read as French, Spanish or Portuguese (``non_english`` 1, else 0), with the
    coefficients ``config.calibration`` fitted on labelled pairs (eval/calibration.py). Why
    the last term: on the labelled pairs, relevant work not written in English shows a
    lower match value than the same grade of work in English (a multilingual encoder rates it
    lower against the mostly English ToRs), so for such a CV the same match value stands for
    more. It depends on the CV alone, so one candidate's vacancies keep their order. All
    weights are non-negative, so more evidence never lowers the score. A pair with no credit at
    all (an empty CV, a vacancy without units, nothing matching) scores 0: there is no evidence
    to estimate from, and "no evidence" should read as 0, not as the base rate.
    """
    return _chance(combined, calibration_logit(combined, shown_share, non_english, config))


def _chance(combined: FloatArray, logit: FloatArray) -> FloatArray:
    chance: FloatArray = np.where(combined > 0, 1.0 / (1.0 + np.exp(-logit)), 0.0)
    return chance


def coverage_level(unit_score: float, config: ScoringConfig) -> CoverageLevel:
    """How well a unit is shown: "strong", "partial" or "none" (thresholds of the config)."""
    if unit_score >= config.coverage_strong:
        return "strong"
    if unit_score >= config.coverage_partial:
        return "partial"
    return "none"


def chunk_precision(
    unit_vectors: Matrix, chunk_vectors: Matrix, mu: FloatArray, sigma: FloatArray,
    config: ScoringConfig,
) -> float:
    """Mean over the CV's chunks of each chunk's best semantic credit against any unit.

    Computed per pair with the same small product in every code path (precision is opt-in).
    """
    if len(unit_vectors) == 0 or len(chunk_vectors) == 0:
        return 0.0
    sims = unit_vectors.astype(np.float64) @ chunk_vectors.astype(np.float64).T
    # Each chunk picks its best of n_units units, so the chance bar uses n_units draws.
    bar = _threshold(len(unit_vectors), config.chance_quantile)
    credit = semantic_credit(sims, mu[:, None], sigma[:, None], bar, config.z_full)
    per_chunk = np.round(credit.max(axis=0), 6)
    return float(segment_sums(per_chunk, np.zeros(1, dtype=np.int64))[0]) / len(chunk_vectors)


# --------------------------------------------------------------------------- the formula


@dataclass(frozen=True, slots=True, eq=False)
class PairLayout:
    """Where the units of each pair of a batch sit along the last axis of the unit arrays.

    A pool (one vacancy, many CVs) puts the pairs on the rows of 2-D ``(n_pairs, n_units)``
    arrays; a stack (one CV, many vacancies) puts them one after another on a 1-D axis.

    Attributes:
        unit_starts: First unit of each pair on the last axis (``[0]`` for a pool).
        kind_starts: First duty and first learning unit of each pair, interleaved.
        n_units: Units of each pair.
        n_duties: Duties of each pair (they come first).
        unit_pairs: For a stack, the pair of each unit; None for a pool.
    """

    unit_starts: IntArray
    kind_starts: IntArray
    n_units: IntArray
    n_duties: IntArray
    unit_pairs: IntArray | None = None

    @staticmethod
    def pool(n_pairs: int, n_units: int, n_duties: int) -> PairLayout:
        """The layout of ``n_pairs`` pairs of one vacancy, one pair per row."""
        return PairLayout(
            unit_starts=np.zeros(1, dtype=np.int64),
            kind_starts=np.array([0, n_duties], dtype=np.int64),
            n_units=np.full(n_pairs, n_units, dtype=np.int64),
            n_duties=np.full(n_pairs, n_duties, dtype=np.int64),
        )


@dataclass(frozen=True, slots=True, eq=False)
class PairScores:
    """What the formula gives per pair of a batch (lists, for building results quickly).

    Attributes:
        recall: The weighted duty/learning mean, 0-1.
        combined: Recall with precision mixed in, 0-1 (the match value).
        chance: The calibrated chance of a fit grade (the reported score is 100 times it).
        logit: Its logit (:func:`calibration_logit`), which orders pairs where the chance
            saturates.
        shown: Per pair, (duties shown, learning elements shown): units scoring at least
            ``coverage_partial``.
        unit_scores: Every unit's score, on the layout's unit axis.
        unit_starts: For a stack, the first unit of each pair; None for a pool (one row each).
        duty_sums: Sum of the duty unit scores.
        learning_sums: Sum of the learning unit scores.
        lexical_sums: Sum of the lexical credits of all units.
        precision: The precision component (0 unless ``precision_weight`` > 0).
        stuffed: Whether the stuffing rule flagged the CV.
        n_units: Units of the pair's vacancy.
        n_duties: Duties among them.
        precision_weight: The config's precision weight (decides the sub-score keys).
    """

    recall: FloatArray
    combined: FloatArray
    chance: FloatArray
    logit: FloatArray
    shown: list[list[int]]
    unit_scores: FloatArray
    unit_starts: list[int] | None
    duty_sums: list[float]
    learning_sums: list[float]
    lexical_sums: list[float]
    precision: list[float]
    stuffed: list[bool]
    n_units: list[int]
    n_duties: list[int]
    precision_weight: float

    def final_scores(self) -> list[float]:
        """The reported 0-100 score of every pair: 100 times its calibrated chance."""
        return [final_score(c) for c in self.chance.tolist()]

    def logits(self) -> list[float]:
        """The calibrated logit of every pair, rounded to 9 decimals (the ranking's tie-break)."""
        return [round(c, 9) for c in self.logit.tolist()]

    def unit_row(self, k: int) -> list[float]:
        """The unit scores of pair ``k``, in unit order."""
        if self.unit_starts is None:
            row: list[float] = self.unit_scores[k].tolist()
            return row
        lo = self.unit_starts[k]
        out: list[float] = self.unit_scores[lo:lo + self.n_units[k]].tolist()
        return out

    def coverage(self, k: int) -> dict[str, tuple[int, int]]:
        """Pair ``k``'s ``{"duties": (shown, total), "learning": (shown, total)}``."""
        n_duties = self.n_duties[k]
        duties, learning = self.shown[k]
        return {"duties": (duties, n_duties), "learning": (learning, self.n_units[k] - n_duties)}

    def subscores(self, k: int) -> dict[str, float]:
        """The sub-scores of pair ``k``: the duty, learning and lexical means, and precision."""
        n_units, n_duties = self.n_units[k], self.n_duties[k]
        n_learning = n_units - n_duties
        out: dict[str, float] = {}
        if n_duties:
            out["duties"] = round(self.duty_sums[k] / n_duties, 4)
        if n_learning:
            out["learning"] = round(self.learning_sums[k] / n_learning, 4)
        if n_units:
            out["lexical"] = round(self.lexical_sums[k] / n_units, 4)
        if self.precision_weight > 0:
            out["precision"] = round(self.precision[k], 4)
        return out


def score_pairs(
    semantic: BestSimilarities | SettledCredits,
    lexical: LexicalEvidence,
    layout: PairLayout,
    precision: FloatArray,
    non_english: FloatArray,
    config: ScoringConfig,
) -> PairScores:
    """Score a batch of pairs: the one formula every scoring path calls.

    Per unit, ``(1 - lexical_weight) * semantic credit + lexical_weight * lexical credit``;
    per pair, the duty and learning means of those unit scores, combined by their weights
    (:func:`combined_scores`), with the lexical credit taken after the stuffing rule.

    Args:
        semantic: Best-chunk similarities, or credits a fast path settled.
        lexical: The CV's counts of the units' terms and the stuffing signals.
        layout: Where each pair's units sit.
        precision: Per pair, the precision component (zeros when it is off).
        non_english: Per pair, 1.0 when its CV is read as French, Spanish or Portuguese
            (:func:`matcher.scoring.preparation.non_english`), else 0.0.
        config: Scoring configuration.

    Returns:
        The :class:`PairScores`, one entry per pair.
    """
    credit = semantic.credit(config.z_full)
    stuffed = stuffing_flags(lexical, layout.n_units, config)
    lexical_units = lexical_credit(lexical, layout, stuffed, config)
    unit_scores = (1.0 - config.lexical_weight) * credit
    unit_scores += config.lexical_weight * lexical_units
    kind_sums = segment_sums(unit_scores, layout.kind_starts).reshape(-1, 2)
    lexical_sums = segment_sums(lexical_units, layout.unit_starts).reshape(-1)
    recall, combined = combined_scores(
        config, layout.n_units, layout.n_duties, kind_sums[:, 0], kind_sums[:, 1], precision)
    # Coverage: a unit is shown when its score reaches the calibrated partial threshold.
    shown = segment_sums((unit_scores >= config.coverage_partial).astype(np.float64),
                         layout.kind_starts).reshape(-1, 2)
    shown_share, _ = combined_scores(
        config, layout.n_units, layout.n_duties, shown[:, 0], shown[:, 1], precision)
    logit = calibration_logit(combined, shown_share, non_english, config)
    return PairScores(
        recall=recall,
        combined=combined,
        chance=_chance(combined, logit),
        logit=logit,
        shown=np.rint(shown).astype(np.int64).tolist(),
        unit_scores=unit_scores,
        unit_starts=None if layout.unit_pairs is None else layout.unit_starts.tolist(),
        duty_sums=kind_sums[:, 0].tolist(),
        learning_sums=kind_sums[:, 1].tolist(),
        lexical_sums=lexical_sums.tolist(),
        precision=precision.tolist(),
        stuffed=np.broadcast_to(stuffed, combined.shape).tolist(),
        n_units=layout.n_units.tolist(),
        n_duties=layout.n_duties.tolist(),
        precision_weight=config.precision_weight,
    )
