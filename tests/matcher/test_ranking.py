"""Ordering of match results: eligibility groups first, then score, then ids."""

from __future__ import annotations

import random

import numpy as np
import pytest

import matcher.ranking as ranking_module
from matcher.models import MatchResult
from matcher.ranking import (
    eligibility_group,
    eligibility_groups,
    id_ranks,
    rank_key,
    rank_order,
    rank_results,
)


def result(cid: str, score: float, eligible: bool | None, vid: str = "v1",
           logit: float = 0.0) -> MatchResult:
    return MatchResult(
        vacancy_id=vid,
        candidate_id=cid,
        score=score,
        eligible=eligible,
        subscores={},
        checks=(),
        evidence=(),
        logit=logit,
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


def test_equal_scores_are_ordered_by_the_logit() -> None:
    # The calibrated map saturates: two strong CVs may both show 100.0.
    ranked = rank_results([result("a", 100.0, True, logit=9.5),
                           result("b", 100.0, True, logit=11.7)])
    assert [r.candidate_id for r in ranked] == ["b", "a"]


def test_rank_results_returns_new_list() -> None:
    results = [result("b", 1.0, True), result("a", 2.0, True)]
    ranked = rank_results(results)
    assert ranked is not results
    assert [r.candidate_id for r in results] == ["b", "a"]


@pytest.mark.parametrize("seed", range(5))
def test_rank_order_on_columns_is_the_rank_key_order(seed: int) -> None:
    # The vectorised order (the vacancy ranking's top-k) and sorted(key=rank_key) agree,
    # ties included: equal keys keep their input order in both.
    rng = random.Random(seed)
    results = [
        result(rng.choice("abc"), float(rng.choice([10.0, 12.5, 40.0])),
               rng.choice([True, None, False]), rng.choice(["v1", "v2", "v3"]),
               rng.choice([0.1, 0.2]))
        for _ in range(40)
    ]
    order = rank_order(
        eligibility_groups(r.eligible for r in results),
        np.array([r.score for r in results]),
        np.array([r.logit for r in results]),
        id_ranks([r.candidate_id for r in results]),
        id_ranks([r.vacancy_id for r in results]),
    )
    expected = sorted(range(len(results)), key=lambda i: rank_key(results[i]))
    assert order.tolist() == expected


def test_id_ranks_give_equal_ids_equal_order() -> None:
    ranks = id_ranks(["b", "a", "c", "a"])
    assert ranks[1] == ranks[3] < ranks[0] < ranks[2]
