"""One CV against a stack of vacancies: one product over all their units, then the formula.

The product is the one large matrix product of the service (every open vacancy's units by the
CV's chunks). :class:`VacancySemantics` settles most units' semantic credit from it in float32
(where the float64 re-scoring cannot change the credit) and re-scores the rest exactly;
:func:`score_prepared_vacancies` hands those credits to :func:`~matcher.scoring.formula.score_pairs`
and builds evidence only for the results it returns. :func:`estimate_vacancy_scores` runs the
same formula on nearest-neighbour hits, to preselect from a collection too large to score.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np

from matcher.arrays import Float32Matrix, FloatArray, IntArray
from matcher.checks import eligibility, evaluate_checks_many
from matcher.errors import MatcherError
from matcher.models import MatchResult
from matcher.ranking import eligibility_groups, rank_order
from matcher.scoring.formula import (
    BestSimilarities,
    LexicalEvidence,
    SettledCredits,
    chance_bars,
    chunk_precision,
    count_copied_units,
    score_pairs,
    semantic_credit,
)
from matcher.scoring.kernels import TIE_TOLERANCE, resolve_best, segment_sums
from matcher.scoring.preparation import (
    CandidateProfile,
    PreparedVacancies,
    PreparedVacancy,
    non_english,
    stack_vacancies,
)
from matcher.scoring.results import build_result, gc_paused

__all__ = ["VacancySemantics", "estimate_vacancy_scores", "score_prepared_vacancies"]


def score_prepared_vacancies(
    profile: CandidateProfile,
    vacancies: PreparedVacancies | Sequence[PreparedVacancy],
    *,
    top_k: int | None = None,
) -> list[MatchResult]:
    """Score one CV against many prepared vacancies (one product over all their units).

    Args:
        profile: The CV, from :func:`~matcher.scoring.candidate_profile`.
        vacancies: A :class:`PreparedVacancies` (reuse it across calls) or the vacancies to
            stack.
        top_k: If given, only the best ``top_k`` results, ranked by
            :func:`matcher.ranking.rank_key`: every vacancy is scored and checked, but
            evidence is built only for those returned.

    Returns:
        Without ``top_k``, one result per vacancy, in input order; identical to
        :func:`~matcher.scoring.score_pair` per pair. With it, the first ``top_k`` results of
        :func:`matcher.ranking.rank_results` over all of them, each identical in every field.

    Raises:
        MatcherError: If the vector widths differ.
    """
    stacked = vacancies if isinstance(vacancies, PreparedVacancies) else stack_vacancies(
        vacancies)
    if not stacked.prepared:
        return []
    config = stacked.config
    n_vac = len(stacked.prepared)
    sem = VacancySemantics(stacked, profile)
    lexical = _stack_lexical(stacked, profile, sem)
    if config.precision_weight > 0:
        lang = profile.language
        precision = np.array([
            chunk_precision(p.vectors, profile.vectors, p.mu[lang], p.sigma[lang], config)
            for p in stacked.prepared
        ], dtype=np.float64)
    else:
        precision = np.zeros(n_vac, dtype=np.float64)
    scores = score_pairs(SettledCredits(sem.semantic), lexical, stacked.layout, precision,
                         non_english(np.full(n_vac, profile.language)), config)
    final = scores.final_scores()
    # Checks depend only on what check_key keeps of the requirements: one evaluation per group.
    group_checks = evaluate_checks_many(stacked.check_reps, profile.candidate)
    bounds = stacked.unit_offsets.tolist()
    groups = stacked.check_group.tolist()

    def build(k: int) -> MatchResult:
        lo, hi = bounds[k], bounds[k + 1]
        return build_result(stacked.prepared[k], profile, scores, k, final[k],
                            sem.evidence_rows(lo, hi), group_checks[groups[k]])

    with gc_paused():
        if top_k is None:
            sem.resolve(np.arange(len(sem.semantic), dtype=np.int64))
            return [build(k) for k in range(n_vac)]
        # The ranking order without building results (the candidate id is the same for all);
        # evidence is built only for the kept results.
        ineligible = eligibility_groups(eligibility(c) for c in group_checks)
        order = rank_order(ineligible[stacked.check_group], np.array(final, dtype=np.float64),
                           np.array(scores.logits(), dtype=np.float64),
                           np.zeros(n_vac, dtype=np.int64), stacked.id_rank)
        kept = order[:max(top_k, 0)].tolist()
        if kept:
            sem.resolve(np.concatenate([np.arange(bounds[k], bounds[k + 1]) for k in kept]))
        return [build(k) for k in kept]


def _vocabulary_counts(stacked: PreparedVacancies, profile: CandidateProfile) -> FloatArray:
    """The CV's count of each term of the stack's shared vocabulary."""
    vocab = stacked.vocabulary
    counts = np.zeros(len(vocab), dtype=np.float64)
    shared = profile.counts.keys() & vocab.keys()
    if shared:
        counts[[vocab[t] for t in shared]] = [profile.counts[t] for t in shared]
    return counts


def _stack_lexical(
    stacked: PreparedVacancies, profile: CandidateProfile, sem: VacancySemantics
) -> LexicalEvidence:
    """The CV's counts of every stacked unit's terms, and its stuffing signals per vacancy."""
    config = stacked.config
    counts = _vocabulary_counts(stacked, profile)
    vocab_counts = np.append(counts[stacked.vocab_ids], 0.0)
    vocab_starts = stacked.vocab_offsets[:-1]
    max_count = np.maximum.reduceat(vocab_counts, np.minimum(vocab_starts, len(vocab_counts) - 1))
    max_count[np.diff(stacked.vocab_offsets) == 0] = 0.0
    term_counts = counts[stacked.term_indices]
    unit_starts = stacked.term_indptr[:-1]
    present = segment_sums((term_counts > 0).astype(np.float64), unit_starts).astype(np.int64)
    # A near-copy needs at least copy_overlap of the unit's terms in the CV (the bound that
    # count_copied_units applies first): only those units need their exact best chunk here.
    sizes = stacked.unit_sizes
    sem.resolve(np.flatnonzero((sizes > 0) & (present >= config.copy_overlap * sizes)))
    copied = count_copied_units(
        _StackedUnitTokens(stacked), sizes, present, sem.best_or_none(), profile.chunk_tokens,
        profile.chunk_sizes, stacked.unit_owner, np.diff(stacked.unit_offsets), config,
    )
    return LexicalEvidence(
        term_counts=term_counts,
        term_weights=stacked.term_weights,
        term_starts=unit_starts,
        doc_length=np.array([float(profile.length)], dtype=np.float64),
        max_term_count=max_count,
        repeated=profile.repeated,
        copied_units=copied,
    )


class VacancySemantics:
    """Each stacked unit's semantic credit for one CV, resolving exact best chunks lazily.

    One float32 product gives every unit's best similarity to within the tie tolerance. The
    credit ``clip(z / z_full, 0, 1)`` is monotone in the similarity, so where both ends of that
    interval give the same credit (far below the chance bar: 0; far above: 1) the credit is
    exact without the float64 re-scoring; only the units in between, and the units whose
    evidence or copy check is needed, are resolved exactly. The values are those of the full
    re-scoring, element for element, because both come from
    :func:`~matcher.scoring.formula.semantic_credit`.

    Raises:
        MatcherError: If the chunk and unit vectors differ in width.
    """

    def __init__(self, stacked: PreparedVacancies, profile: CandidateProfile) -> None:
        config = stacked.config
        self._chunks = profile.vectors
        self._units = stacked.vectors
        self._offsets = np.array([0, len(profile.vectors)], dtype=np.int64)
        self._max_norm = profile.max_norm
        n_units = len(stacked.vectors)
        self.best = np.full(n_units, -1, dtype=np.int64)
        self.sim = np.zeros(n_units, dtype=np.float64)
        self.semantic = np.zeros(n_units, dtype=np.float64)
        self._resolved = np.zeros(n_units, dtype=bool)
        self._sims: Float32Matrix | None = None
        if not len(profile.vectors) or not n_units:
            return
        if profile.vectors.shape[1] != stacked.vectors.shape[1]:
            raise MatcherError("chunk and unit vectors differ in width", reason="shape_mismatch")
        bar = float(chance_bars(np.array([len(profile.vectors)], dtype=np.int64), config)[0])
        self._sims = stacked.vectors @ profile.vectors.T
        top = self._sims.max(axis=1).astype(np.float64)
        # The exact best lies within the tie tolerance of the float32 best; the 9-decimal
        # rounding of reported similarities moves it by at most 5e-10 more.
        slack = TIE_TOLERANCE * max(1.0, profile.max_norm) + 1e-9
        mu, sigma = stacked.mu[profile.language], stacked.sigma[profile.language]
        low = semantic_credit(top - slack, mu, sigma, bar, config.z_full)
        high = semantic_credit(top + slack, mu, sigma, bar, config.z_full)
        settled = low == high  # False for non-finite values: those go to the exact path
        self.semantic[settled] = low[settled]
        band = np.flatnonzero(~settled)
        self.resolve(band)
        self.semantic[band] = semantic_credit(
            self.sim[band], mu[band], sigma[band], bar, config.z_full)

    def resolve(self, rows: IntArray) -> None:
        """Exact best chunk and similarity for these unit rows (once per row)."""
        if self._sims is None:
            return
        todo = rows[~self._resolved[rows]]
        if todo.size == 0:
            return
        idx, sim = resolve_best(self._sims[todo], self._units[todo], self._chunks,
                                self._offsets, self._max_norm)
        self.best[todo] = idx[:, 0]
        self.sim[todo] = sim[:, 0]
        self._resolved[todo] = True

    def best_or_none(self) -> IntArray:
        """Best chunk per unit where resolved, -1 elsewhere."""
        return np.where(self._resolved, self.best, -1)

    def evidence_rows(self, lo: int, hi: int) -> tuple[list[int], list[float]]:
        """Best chunks and similarities of units ``lo:hi`` (resolved by the caller)."""
        return self.best[lo:hi].tolist(), self.sim[lo:hi].tolist()


def estimate_vacancy_scores(
    profile: CandidateProfile,
    vacancies: PreparedVacancies,
    unit_rows: IntArray,
    similarities: FloatArray,
) -> FloatArray:
    """A cheap estimate of each vacancy's 0-1 recall score, to preselect from a large set.

    The semantic part uses only the given (unit row, similarity) pairs, e.g. the hits of a
    nearest-neighbour search of the CV's chunks among all units: each unit takes its best
    similarity, units without a hit get no semantic credit. The lexical part is computed
    exactly (without the stuffing clip). Preselected vacancies are then scored exactly.

    Args:
        profile: The CV.
        vacancies: The stacked vacancies.
        unit_rows: Row (into the stacked units) of each hit.
        similarities: Cosine of each hit.

    Returns:
        One estimate per vacancy, in stack order.
    """
    config = vacancies.config
    n_vac = len(vacancies.prepared)
    best = np.full(vacancies.mu.shape[1], -np.inf)
    np.maximum.at(best, np.asarray(unit_rows, dtype=np.int64), similarities)
    seen = np.isfinite(best)
    semantic = BestSimilarities(
        similarity=np.where(seen, best, 0.0),
        mu=vacancies.mu[profile.language],
        sigma=vacancies.sigma[profile.language],
        bar=float(chance_bars(np.array([len(profile.vectors)], dtype=np.int64), config)[0]),
        has_evidence=seen,
    )
    counts = _vocabulary_counts(vacancies, profile)
    lexical = LexicalEvidence(
        term_counts=counts[vacancies.term_indices],
        term_weights=vacancies.term_weights,
        term_starts=vacancies.term_indptr[:-1],
        doc_length=np.array([float(profile.length)], dtype=np.float64),
        # No stuffing signals: the estimate leaves the clip to the exact scoring.
        max_term_count=np.zeros(n_vac, dtype=np.float64),
        repeated=False,
        copied_units=np.zeros(n_vac, dtype=np.int64),
    )
    # The calibrated map is increasing in recall for one CV (its non-English term depends on
    # the CV alone), so recall orders the vacancies as the score does.
    return score_pairs(semantic, lexical, vacancies.layout, np.zeros(n_vac), np.zeros(n_vac),
                       config).recall


class _StackedUnitTokens(Sequence[frozenset[str]]):
    """Token sets of the stacked units, built only for the units actually compared."""

    def __init__(self, stacked: PreparedVacancies) -> None:
        self._stacked = stacked

    def __len__(self) -> int:
        return len(self._stacked.unit_owner)

    @overload
    def __getitem__(self, index: int) -> frozenset[str]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[frozenset[str]]: ...

    def __getitem__(self, index: int | slice) -> frozenset[str] | Sequence[frozenset[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        s = self._stacked
        k = int(s.unit_owner[index])
        prep = s.prepared[k]
        u = index - int(s.unit_offsets[k])
        lo, hi = int(prep.term_indptr[u]), int(prep.term_indptr[u + 1])
        return frozenset(prep.terms[int(i)] for i in prep.term_indices[lo:hi])
