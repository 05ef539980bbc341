"""Building :class:`~matcher.models.MatchResult` values from the formula's per-pair scores."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from matcher.checks import eligibility, evaluate_checks
from matcher.models import Check, Evidence, MatchResult
from matcher.scoring.config import KEYWORD_STUFFING
from matcher.scoring.formula import PairScores
from matcher.scoring.preparation import CandidateProfile, PreparedVacancy

__all__ = ["build_result", "gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while results are built.

    Building thousands of results allocates ~20 acyclic objects each; the generational
    collections they trigger traverse every long-lived object of the process (a service's
    prepared vacancies and profiles) and cost a quarter of a ranking (measured). Reference
    counting still frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _evidence(
    prep: PreparedVacancy, profile: CandidateProfile, best_local: list[int], best_sim: list[float]
) -> tuple[Evidence, ...]:
    chunks = profile.candidate.chunks
    if chunks and prep.texts:
        # Every unit has a best chunk when the CV has any: map() builds the tuple in C.
        return tuple(
            map(Evidence, prep.texts, [chunks[j] for j in best_local], best_sim, prep.kinds)
        )
    return ()


def build_result(
    prep: PreparedVacancy,
    profile: CandidateProfile,
    scores: PairScores,
    k: int,
    score: float,
    evidence: tuple[list[int], list[float]],
    checks: tuple[Check, ...] | None = None,
) -> MatchResult:
    """The result of pair ``k`` of a scored batch.

    Args:
        prep: The pair's vacancy.
        profile: The pair's CV.
        scores: The formula's scores of the batch.
        k: The pair's position in the batch.
        score: Its reported 0-100 score (``scores.final_scores()[k]``).
        evidence: Per unit, the CV's best chunk (local index) and its similarity.
        checks: The pair's checks if already evaluated (vacancies sharing requirements share
            them); evaluated here otherwise.

    Returns:
        The :class:`MatchResult`.
    """
    if checks is None:
        checks = evaluate_checks(prep.vacancy, profile.candidate)
    flags = profile.flags
    if scores.stuffed[k] and KEYWORD_STUFFING not in flags:
        flags = (*flags, KEYWORD_STUFFING)
    return MatchResult(
        vacancy_id=prep.vacancy.id,
        candidate_id=profile.candidate.id,
        score=score,
        eligible=eligibility(checks),
        subscores=scores.subscores(k),
        checks=checks,
        evidence=_evidence(prep, profile, *evidence),
        flags=tuple(sorted(set(flags))),
    )
