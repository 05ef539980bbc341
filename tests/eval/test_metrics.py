"""Metrics: hand-computed tiny cases, and equality with ranx on random runs."""

from __future__ import annotations

import math
import random
import warnings

import pytest

from eval import metrics
from eval.metrics import (
    average_precision,
    evaluate,
    ndcg,
    parse_metric,
    precision,
    rank_scores,
    ranked_ids,
    recall,
    reciprocal_rank,
)


def test_all_is_sorted_public_names() -> None:
    assert metrics.__all__ == sorted(metrics.__all__)


def test_ndcg_hand_computed_linear_gain() -> None:
    gains = {"d1": 3, "d2": 2, "d3": 0}
    scores = {"d3": 3.0, "d1": 2.0, "d2": 1.0}
    dcg = 0 / math.log2(2) + 3 / math.log2(3) + 2 / math.log2(4)
    idcg = 3 / math.log2(2) + 2 / math.log2(3)
    assert ndcg(gains, scores, 3) == pytest.approx(dcg / idcg)
    assert ndcg(gains, scores, 3) == pytest.approx(0.678762, abs=1e-6)
    # At k = 1 the top document is irrelevant.
    assert ndcg(gains, scores, 1) == 0.0
    # Perfect order.
    assert ndcg(gains, {"d1": 3.0, "d2": 2.0, "d3": 1.0}, 3) == pytest.approx(1.0)


def test_ndcg_is_linear_not_exponential_gain() -> None:
    # With exponential gain (2**g - 1) this would be (7 / log2(3)) / (7 + 1 / log2(3)).
    gains = {"a": 1, "b": 3}
    scores = {"a": 2.0, "b": 1.0}
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert ndcg(gains, scores) == pytest.approx(expected)


def test_map_mrr_recall_precision_hand_computed() -> None:
    gains = {"a": 1, "b": 1}
    scores = {"x": 4.0, "a": 3.0, "y": 2.0, "b": 1.0}
    assert average_precision(gains, scores) == pytest.approx((1 / 2 + 2 / 4) / 2)
    assert average_precision(gains, scores, 2) == pytest.approx((1 / 2) / 2)
    assert reciprocal_rank(gains, scores) == pytest.approx(0.5)
    assert recall(gains, scores, 2) == pytest.approx(0.5)
    assert recall(gains, scores, 10) == pytest.approx(1.0)
    assert precision(gains, scores, 2) == pytest.approx(0.5)


def test_no_relevant_document_scores_zero() -> None:
    gains = {"a": 0}
    scores = {"a": 1.0}
    for fn in (ndcg, average_precision, reciprocal_rank, recall):
        assert fn(gains, scores) == 0.0


def test_ties_break_by_doc_id_and_rank_scores_keeps_order() -> None:
    scores = {"b": 1.0, "a": 1.0, "c": 2.0}
    assert ranked_ids(scores) == ["c", "a", "b"]
    fixed = rank_scores({"q": scores})["q"]
    assert ranked_ids(fixed) == ["c", "a", "b"]
    assert len(set(fixed.values())) == 3


def test_evaluate_means_over_qrels_queries_missing_query_is_zero() -> None:
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}}
    run = {"q1": {"a": 1.0, "b": 0.5}}
    assert evaluate(qrels, run, ["mrr"]) == {"mrr": pytest.approx(0.5)}
    per_query = evaluate(qrels, run, ["mrr"], per_query=True)
    assert per_query["mrr"] == {"q1": 1.0, "q2": 0.0}


def test_parse_metric() -> None:
    assert parse_metric("ndcg@10") == ("ndcg", 10, 1)
    assert parse_metric("map") == ("map", 0, 1)
    assert parse_metric("recall@5-l2") == ("recall", 5, 2)
    with pytest.raises(ValueError, match="unknown metric"):
        parse_metric("bpref")


def _random_case(seed: int) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, float]]]:
    rng = random.Random(seed)
    qrels = {
        f"q{i}": {f"d{j}": rng.randint(0, 4) for j in rng.sample(range(30), rng.randint(1, 8))}
        for i in range(15)
    }
    run = {
        q: {f"d{j}": round(rng.random(), 2) for j in rng.sample(range(30), rng.randint(3, 20))}
        for q in qrels
    }
    return qrels, run


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_equal_to_ranx_on_random_runs(seed: int) -> None:
    qrels, run = _random_case(seed)
    names = [
        "ndcg@3",
        "ndcg@5",
        "ndcg@10",
        "ndcg",
        "map",
        "map@5",
        "mrr",
        "recall@10",
        "precision@5",
        "ndcg@5-l2",
    ]
    ours = evaluate(qrels, rank_scores(run), names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = metrics.ranx_evaluate(qrels, run, names)
    for name in names:
        assert ours[name] == pytest.approx(theirs[name], abs=1e-9), name


@pytest.mark.slow
def test_compare_to_baseline_reports_every_system_and_metric() -> None:
    qrels, run = _random_case(5)
    perfect = {
        q: {d: float(g) + 0.01 * len(d) for d, g in gains.items()} for q, gains in qrels.items()
    }
    runs = {"bm25": run, "oracle": perfect}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sig = metrics.compare_to_baseline(qrels, runs, "bm25", ["ndcg@5"], stat_test="student")
    assert [(s.system, s.metric) for s in sig] == [("oracle", "ndcg@5")]
    assert sig[0].delta > 0
    assert sig[0].significant
    assert 0.0 <= sig[0].p_value < 0.05
