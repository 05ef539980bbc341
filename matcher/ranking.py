"""Ordering of match results (docs/architecture.md, ranking contract).

Eligible (``True``) and needs-review (``None``) results rank above ineligible ones (``False``):
missing information never pushes a candidate down. Within a group, by score descending; ties are
broken by the calibrated map's logit (the score before its sigmoid, which saturates near 0 and
100), then by candidate id, then vacancy id, so the order is the same on every run.

The order is defined once, by :func:`_key`: :func:`rank_key` applies it to one result and
:func:`rank_order` to columns of many (the vacancy ranking orders thousands of pairs before
building any result). Both sort stably, so equal keys keep their input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import numpy as np

from matcher.arrays import FloatArray, IntArray
from matcher.models import MatchResult

__all__ = [
    "eligibility_group",
    "eligibility_groups",
    "id_ranks",
    "rank_key",
    "rank_order",
    "rank_results",
]

_G = TypeVar("_G", int, IntArray)
_S = TypeVar("_S", float, FloatArray)
_I = TypeVar("_I", str, IntArray)


def _key(
    group: _G, score: _S, logit: _S, candidate: _I, vacancy: _I
) -> tuple[_G, _S, _S, _I, _I]:
    """The ranking order, most significant column first: the one definition of the rule."""
    return (group, -score, -logit, candidate, vacancy)


def _group(eligible: bool | None) -> int:
    return 1 if eligible is False else 0


def eligibility_group(result: MatchResult) -> int:
    """0 for eligible or needs-review results, 1 for ineligible ones.

    Args:
        result: A scored pair.

    Returns:
        The group index (lower ranks first).
    """
    return _group(result.eligible)


def eligibility_groups(eligible: Iterable[bool | None]) -> IntArray:
    """:func:`eligibility_group` of many eligibility values, as an array."""
    return np.array([_group(e) for e in eligible], dtype=np.int64)


def id_ranks(ids: Sequence[str]) -> IntArray:
    """Rank of each id among the distinct ids in sorted order (equal ids, equal ranks): the id
    columns of :func:`rank_order`, which compare as the ids themselves do."""
    rank = {value: i for i, value in enumerate(sorted(set(ids)))}
    return np.array([rank[value] for value in ids], dtype=np.int64)


def rank_key(result: MatchResult) -> tuple[int, float, float, str, str]:
    """Sort key: eligibility group, score and its logit descending, candidate, vacancy id.

    Args:
        result: A scored pair.

    Returns:
        A key for ``sorted``.
    """
    return _key(eligibility_group(result), result.score, result.logit, result.candidate_id,
                result.vacancy_id)


def rank_order(
    groups: IntArray, scores: FloatArray, logits: FloatArray, candidate_ranks: IntArray,
    vacancy_ranks: IntArray,
) -> IntArray:
    """Positions of many pairs in :func:`rank_key` order, best first, from their columns.

    Args:
        groups: :func:`eligibility_groups` of the pairs.
        scores: Their 0-100 scores.
        logits: Their calibrated logits (:attr:`matcher.models.MatchResult.logit`).
        candidate_ranks: :func:`id_ranks` of their candidate ids (equal ids, equal ranks).
        vacancy_ranks: :func:`id_ranks` of their vacancy ids.

    Returns:
        The permutation that sorts them (stable: equal keys keep their input order).
    """
    columns = _key(groups, scores, logits, candidate_ranks, vacancy_ranks)
    # np.lexsort takes the most significant key last, and sorts stably.
    order: IntArray = np.lexsort(columns[::-1])
    return order


def rank_results(results: Iterable[MatchResult]) -> list[MatchResult]:
    """Rank results per the ranking contract.

    Args:
        results: Scored pairs (candidates for one vacancy, or vacancies for one candidate).

    Returns:
        A new list, best first.
    """
    return sorted(results, key=rank_key)
