"""Building :class:`~matcher.models.MatchResult` values from the formula's per-pair scores."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from matcher.checks import eligibility, evaluate_checks
from matcher.models import Check, Evidence, MatchResult
from matcher.scoring.config import KEYWORD_STUFFING
from matcher.scoring.formula import PairScores, coverage_level
from matcher.scoring.preparation import CandidateProfile, PreparedVacancy

__all__ = ["build_result", "distinct_evidence", "gc_paused"]


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


def distinct_evidence(
    prep: PreparedVacancy, profile: CandidateProfile, best_local: list[int], best_sim: list[float]
) -> tuple[list[int], list[float]]:
    """Per unit, the chunk to show: its best one, or a nearly as good one no other unit shows.

    A generic sentence ("prepared analytical reports") is often the best chunk for many
    duties, and ten identical quotes explain nothing. The unit it matches best keeps it; each
    other unit shows its best chunk not yet shown when that is within
    ``config.distinct_tolerance`` background standard deviations of the shared one, and keeps
    the shared one otherwise. Units are visited from the strongest match down, so the result
    depends only on the pair.
    """
    users: dict[int, int] = {}
    for j in best_local:
        users[j] = users.get(j, 0) + 1
    if all(n == 1 for n in users.values()):
        return best_local, best_sim
    tolerance = prep.config.distinct_tolerance * prep.sigma[profile.language]
    sims = prep.vectors.astype(np.float64) @ profile.vectors.astype(np.float64).T
    order = sorted(range(len(best_local)), key=lambda u: (-best_sim[u], u))
    shown_local, shown_sim = list(best_local), list(best_sim)
    # Every unit's own best chunk is reserved for the unit it matches best.
    taken: set[int] = set(best_local)
    owned: set[int] = set()
    for u in order:
        j = best_local[u]
        if j not in owned:
            owned.add(j)
            continue
        row = sims[u]
        for alt in np.argsort(-row, kind="stable").tolist():
            if alt in taken:
                continue
            if best_sim[u] - float(row[alt]) <= float(tolerance[u]):
                shown_local[u], shown_sim[u] = alt, round(float(row[alt]), 9)
                taken.add(alt)
            break
    return shown_local, shown_sim


def _evidence(
    prep: PreparedVacancy,
    profile: CandidateProfile,
    best_local: list[int],
    best_sim: list[float],
    unit_scores: list[float],
) -> tuple[Evidence, ...]:
    chunks = profile.candidate.chunks
    if not chunks or not prep.texts:
        return ()
    # Every unit has a best chunk when the CV has any.
    shown, sims = distinct_evidence(prep, profile, best_local, best_sim)
    config = prep.config
    levels = [coverage_level(s, config) for s in unit_scores]
    return tuple(
        map(Evidence, prep.texts, [chunks[j] for j in shown], sims, prep.kinds, levels)
    )


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
        evidence=_evidence(prep, profile, *evidence, scores.unit_row(k)),
        flags=tuple(sorted(set(flags))),
        coverage=scores.coverage(k),
        match=round(float(scores.combined[k]), 9),
        logit=round(float(scores.logit[k]), 9),
    )
