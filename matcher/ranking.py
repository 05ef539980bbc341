"""Ordering of match results (docs/architecture.md, ranking contract).

Eligible (``True``) and needs-review (``None``) results rank above ineligible ones (``False``):
missing information never pushes a candidate down. Within a group, by score descending; ties are
broken by candidate id, then vacancy id, so the order is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterable

from matcher.models import MatchResult

__all__ = ["eligibility_group", "rank_key", "rank_results"]


def eligibility_group(result: MatchResult) -> int:
    """0 for eligible or needs-review results, 1 for ineligible ones.

    Args:
        result: A scored pair.

    Returns:
        The group index (lower ranks first).
    """
    return 1 if result.eligible is False else 0


def rank_key(result: MatchResult) -> tuple[int, float, str, str]:
    """Sort key: eligibility group, score descending, candidate id, vacancy id.

    Args:
        result: A scored pair.

    Returns:
        A key for ``sorted``.
    """
    return (eligibility_group(result), -result.score, result.candidate_id, result.vacancy_id)


def rank_results(results: Iterable[MatchResult]) -> list[MatchResult]:
    """Rank results per the ranking contract.

    Args:
        results: Scored pairs (candidates for one vacancy, or vacancies for one candidate).

    Returns:
        A new list, best first.
    """
    return sorted(results, key=rank_key)
