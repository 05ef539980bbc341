"""Scoring over unprepared inputs: each call prepares the vacancies and CVs it is given.

A service that ranks repeatedly keeps the prepared forms (:mod:`matcher.scoring.preparation`)
and calls :func:`~matcher.scoring.score_prepared_candidates` or
:func:`~matcher.scoring.score_prepared_vacancies` directly; these functions are the same paths
with the preparation done on the spot, so their numbers are the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.arrays import Matrix
from matcher.errors import MatcherError
from matcher.models import Candidate, MatchResult, Vacancy
from matcher.scoring.config import DEFAULT_CONFIG, ScoringConfig
from matcher.scoring.pool_ranking import score_prepared_candidates
from matcher.scoring.preparation import (
    ChunkBatch,
    candidate_profile,
    prepare_vacancies,
    prepare_vacancy,
)
from matcher.scoring.vacancy_ranking import score_prepared_vacancies

__all__ = ["score_candidates", "score_pair", "score_vacancies"]


def score_pair(
    vacancy: Vacancy,
    unit_vecs: Matrix,
    candidate: Candidate,
    chunk_vecs: Matrix,
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    background: Matrix | None = None,
    flags: Sequence[str] = (),
) -> MatchResult:
    """Score one candidate against one vacancy.

    Args:
        vacancy: The parsed ToR.
        unit_vecs: ``(n_units, d)`` vectors of ``vacancy.units()``, same order.
        candidate: The parsed CV.
        chunk_vecs: ``(n_chunks, d)`` L2-normalised vectors of ``candidate.chunks``.
        config: Scoring configuration.
        background: :data:`BACKGROUND_SENTENCES` encoded by the same encoder (encode once per
            encoder and reuse); None falls back to the config's MiniLM constants.
        flags: Flags to pass through (e.g. ``"hidden_text"`` from the reader).

    Returns:
        The :class:`MatchResult`; identical to the batch functions' result for the same pair.

    Raises:
        MatcherError: If vector shapes do not match the units or chunks.
    """
    prepared = prepare_vacancy(vacancy, unit_vecs, config, background=background)
    profile = candidate_profile(candidate, chunk_vecs, flags=flags)
    return score_prepared_candidates(prepared, [profile])[0]


def score_candidates(
    vacancy: Vacancy,
    unit_vecs: Matrix,
    candidates: Sequence[Candidate],
    chunk_vecs: Sequence[Matrix] | ChunkBatch,
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    background: Matrix | None = None,
    flags: Sequence[Sequence[str]] | None = None,
) -> list[MatchResult]:
    """Score many candidates for one vacancy with one matrix product.

    Prepares the vacancy and the profiles on every call; a service that ranks repeatedly
    keeps them (:func:`prepare_vacancy`, :func:`candidate_profile`) and calls
    :func:`score_prepared_candidates`.

    Args:
        vacancy: The parsed ToR.
        unit_vecs: ``(n_units, d)`` vectors of ``vacancy.units()``.
        candidates: The parsed CVs.
        chunk_vecs: One chunk matrix per candidate, or a :class:`ChunkBatch` of them.
        config: Scoring configuration.
        background: Encoded :data:`BACKGROUND_SENTENCES` (see :func:`score_pair`).
        flags: Per candidate, flags to pass through.

    Returns:
        One result per candidate, in input order (rank them with
        :func:`matcher.ranking.rank_results`).

    Raises:
        MatcherError: If vector shapes do not match the units or chunks.
    """
    if isinstance(chunk_vecs, ChunkBatch):
        matrices: list[Matrix] = [
            chunk_vecs.vectors[int(a):int(b)]
            for a, b in zip(chunk_vecs.offsets[:-1], chunk_vecs.offsets[1:], strict=True)
        ]
    else:
        matrices = list(chunk_vecs)
    if len(matrices) != len(candidates):
        raise MatcherError(
            f"{len(candidates)} candidates but {len(matrices)} chunk matrices",
            reason="shape_mismatch",
        )
    per_flags: Sequence[Sequence[str]] = flags if flags is not None else [()] * len(candidates)
    if len(per_flags) != len(candidates):
        raise MatcherError("flags must have one entry per candidate", reason="shape_mismatch")
    prepared = prepare_vacancy(vacancy, unit_vecs, config, background=background)
    if not candidates:
        return []
    profiles = [
        candidate_profile(c, m, flags=f)
        for c, m, f in zip(candidates, matrices, per_flags, strict=True)
    ]
    return score_prepared_candidates(prepared, profiles)


def score_vacancies(
    candidate: Candidate,
    chunk_vecs: Matrix,
    vacancies: Sequence[Vacancy],
    unit_vecs: Sequence[Matrix],
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    background: Matrix | None = None,
    flags: Sequence[str] = (),
) -> list[MatchResult]:
    """Score one candidate against many vacancies with one matrix product.

    Prepares every vacancy on each call; a service keeps them (:func:`prepare_vacancies`,
    :func:`stack_vacancies`) and calls :func:`score_prepared_vacancies`.

    Args:
        candidate: The parsed CV.
        chunk_vecs: ``(n_chunks, d)`` vectors of ``candidate.chunks``.
        vacancies: The parsed ToRs.
        unit_vecs: Per vacancy, its ``(n_units, d)`` unit vectors.
        config: Scoring configuration.
        background: Encoded :data:`BACKGROUND_SENTENCES` (see :func:`score_pair`).
        flags: Flags to pass through to every result.

    Returns:
        One result per vacancy, in input order; equal to :func:`score_pair` for each pair.

    Raises:
        MatcherError: If vector shapes do not match.
    """
    prepared = prepare_vacancies(vacancies, unit_vecs, config, background=background)
    profile = candidate_profile(candidate, chunk_vecs, flags=flags)
    if not prepared:
        return []
    return score_prepared_vacancies(profile, prepared)
