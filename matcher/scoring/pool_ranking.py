"""One vacancy against a pool of CVs: one product over all their chunks, then the formula."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matcher.arrays import FloatArray, IntArray
from matcher.models import MatchResult
from matcher.scoring.formula import (
    BestSimilarities,
    LexicalEvidence,
    PairLayout,
    chance_bars,
    chunk_precision,
    count_copied_units,
    score_pairs,
)
from matcher.scoring.kernels import best_chunks, segment_sums
from matcher.scoring.preparation import (
    CandidatePool,
    CandidateProfile,
    PreparedVacancy,
    non_english,
    stack_profiles,
)
from matcher.scoring.results import build_result, gc_paused

__all__ = ["pool_lexical_evidence", "score_prepared_candidates"]


def score_prepared_candidates(
    prepared: PreparedVacancy, pool: CandidatePool | Sequence[CandidateProfile]
) -> list[MatchResult]:
    """Score many candidates for one prepared vacancy (one product over all their chunks).

    Args:
        prepared: The vacancy, from :func:`~matcher.scoring.prepare_vacancy`.
        pool: A :class:`CandidatePool` (reuse it across calls) or the profiles to stack.

    Returns:
        One result per candidate, in input order; identical to
        :func:`~matcher.scoring.score_pair` per pair.

    Raises:
        MatcherError: If the vector widths differ.
    """
    stacked = pool if isinstance(pool, CandidatePool) else stack_profiles(pool)
    profiles = stacked.profiles
    if not profiles:
        return []
    config = prepared.config
    batch = stacked.chunks
    counts = batch.counts()
    # Semantic: best chunk per (unit, candidate), corrected for each CV's chunk count.
    best_idx, best_sim = best_chunks(prepared.vectors, batch.vectors, batch.offsets,
                                     stacked.max_norm)
    best_local = np.where(best_idx >= 0, best_idx - batch.offsets[:-1][None, :], -1)
    langs = np.array([p.language for p in profiles], dtype=np.int64)
    semantic = BestSimilarities(
        similarity=np.ascontiguousarray(best_sim.T),
        mu=prepared.mu[langs],
        sigma=prepared.sigma[langs],
        bar=chance_bars(counts, config)[:, None],
        has_evidence=(counts > 0)[:, None],
    )
    if config.precision_weight > 0:
        precision = np.array([
            chunk_precision(prepared.vectors, p.vectors, prepared.mu[p.language],
                            prepared.sigma[p.language], config)
            for p in profiles
        ], dtype=np.float64)
    else:
        precision = np.zeros(len(profiles), dtype=np.float64)
    scores = score_pairs(
        semantic, pool_lexical_evidence(prepared, profiles, best_local),
        PairLayout.pool(len(profiles), prepared.n_units, prepared.n_duties), precision,
        non_english(langs), config,
    )
    final = scores.final_scores()
    cols_t = best_local.T.tolist()
    sims_t = best_sim.T.tolist()
    with gc_paused():
        return [
            build_result(prepared, prof, scores, c, final[c], (cols_t[c], sims_t[c]))
            for c, prof in enumerate(profiles)
        ]


def pool_lexical_evidence(
    prepared: PreparedVacancy, profiles: Sequence[CandidateProfile], best_local: IntArray
) -> LexicalEvidence:
    """Each CV's counts of the vacancy's terms, one row per CV, and its stuffing signals."""
    config = prepared.config
    terms = prepared.terms
    term_index = {t: i for i, t in enumerate(terms)}
    tf: FloatArray = np.zeros((len(profiles), len(terms)), dtype=np.float64)
    for c, prof in enumerate(profiles):
        # Set intersection runs in C; only the shared terms are visited in Python.
        for term in prof.counts.keys() & term_index.keys():
            tf[c, term_index[term]] = prof.counts[term]
    term_counts = tf[:, prepared.term_indices]
    row_starts = prepared.term_indptr[:-1]
    present = segment_sums((term_counts > 0).astype(np.float64), row_starts).astype(np.int64)
    unit_tokens = [frozenset(terms[int(i)] for i in prepared.term_indices[lo:hi])
                   for lo, hi in zip(prepared.term_indptr[:-1].tolist(),
                                     prepared.term_indptr[1:].tolist(), strict=True)]
    unit_sizes = np.diff(prepared.term_indptr)
    owner = np.zeros(prepared.n_units, dtype=np.int64)
    per_owner = np.array([prepared.n_units], dtype=np.int64)
    copied = np.array([
        count_copied_units(unit_tokens, unit_sizes, present[c], best_local[:, c],
                           prof.chunk_tokens, prof.chunk_sizes, owner, per_owner, config)[0]
        for c, prof in enumerate(profiles)
    ], dtype=np.int64)
    return LexicalEvidence(
        term_counts=term_counts,
        term_weights=prepared.term_weights,
        term_starts=row_starts,
        doc_length=np.array([float(p.length) for p in profiles], dtype=np.float64),
        max_term_count=tf.max(axis=1) if len(terms) else np.zeros(len(profiles)),
        repeated=np.array([p.repeated for p in profiles], dtype=bool),
        copied_units=copied,
    )
