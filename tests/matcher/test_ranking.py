"""Ordering of match results: eligibility groups first, then score, then ids."""

from __future__ import annotations

import random

import pytest

import matcher.ranking as ranking_module
from matcher.models import MatchResult
from matcher.ranking import eligibility_group, rank_key, rank_results


def result(cid: str, score: float, eligible: bool | None, vid: str = "v1") -> MatchResult:
    return MatchResult(
        vacancy_id=vid,
        candidate_id=cid,
        score=score,
        eligible=eligible,
        subscores={},
        checks=(),
        evidence=(),
    )


def test_all_is_sorted_public_names() -> None:
    assert ranking_module.__all__ == sorted(ranking_module.__all__)


@pytest.mark.parametrize(("eligible", "group"), [(True, 0), (None, 0), (False, 1)])
def test_eligibility_group(eligible: bool | None, group: int) -> None:
    assert eligibility_group(result("a", 1.0, eligible)) == group


def test_eligible_and_review_above_ineligible_then_by_score() -> None:
    results = [
        result("a", 90.0, False),
        result("b", 40.0, True),
        result("c", 60.0, None),
        result("d", 10.0, False),
        result("e", 50.0, True),
    ]
    assert [r.candidate_id for r in rank_results(results)] == ["c", "e", "b", "a", "d"]


def test_ties_broken_by_candidate_then_vacancy_id() -> None:
    results = [
        result("b", 50.0, True, "v2"),
        result("a", 50.0, True, "v2"),
        result("a", 50.0, None, "v1"),
    ]
    ranked = rank_results(results)
    assert [(r.candidate_id, r.vacancy_id) for r in ranked] == [
        ("a", "v1"),
        ("a", "v2"),
        ("b", "v2"),
    ]


def test_order_independent_of_input_order() -> None:
    results = [result(f"c{i}", float(i % 5), [True, None, False][i % 3]) for i in range(30)]
    expected = rank_results(results)
    shuffled = results[:]
    random.Random(0).shuffle(shuffled)
    assert rank_results(shuffled) == expected
    assert [rank_key(r) for r in expected] == sorted(rank_key(r) for r in results)


def test_rank_results_returns_new_list() -> None:
    results = [result("b", 1.0, True), result("a", 2.0, True)]
    ranked = rank_results(results)
    assert ranked is not results
    assert [r.candidate_id for r in results] == ["b", "a"]
