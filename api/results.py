"""Ranking JSON of docs/architecture.md ("Ranking contract"), shared by the CLI and the HTTP API."""

from __future__ import annotations

from typing import Any, Literal

from matcher.models import MatchResult

__all__ = ["result_to_dict"]

def result_to_dict(
    result: MatchResult,
    rank: int,
    source: str,
    title: str | None,
    *,
    ranked: Literal["vacancy", "candidate"] = "vacancy",
) -> dict[str, Any]:
    """One ranked item as the DESIGN ranking JSON.

    Keys: ``rank``, ``source``, ``title``, ``score`` (0-100, one decimal), ``eligible``,
    ``subscores``, ``checks``, ``evidence`` (by similarity, highest first: the best-covered
    units lead; ties keep duties before learning elements),
    plus ``flags`` (warnings for a human) and ``id`` (the id of the ranked item: the vacancy
    when ranking vacancies for a CV, the candidate when ranking a pool).

    Args:
        result: the scored pair.
        rank: 1-based position in the ranking.
        source: file name of the ranked item.
        title: display title of the ranked item (vacancy title; None if unknown).
        ranked: what is being ranked; decides whether ``id`` is the vacancy or candidate id.
    """
    evidence = sorted(
        result.evidence, key=lambda e: (-e.similarity, e.kind != "duty", e.unit)
    )
    return {
        "rank": rank,
        "id": result.vacancy_id if ranked == "vacancy" else result.candidate_id,
        "source": source,
        "title": title,
        "score": round(float(result.score), 1),
        "eligible": result.eligible,
        "subscores": {k: round(float(v), 4) for k, v in result.subscores.items()},
        "checks": [c.to_dict() for c in result.checks],
        "evidence": [e.to_dict() for e in evidence],
        "flags": list(result.flags),
    }
