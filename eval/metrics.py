"""Ranking metrics over TREC-style dict qrels and runs, with ranx as the reference.

Qrels are ``{query_id: {doc_id: gain}}`` (integer graded gains; ``gain >= 1`` is relevant) and
runs are ``{query_id: {doc_id: score}}`` (higher is better). The definitions follow ranx 0.3
exactly, so that our own numbers and ranx's agree (``tests/eval/test_metrics.py`` checks both
hand-computed cases and random runs against ranx):

- ``ndcg@k``: Järvelin & Kekäläinen (2002) *linear* gain, ``DCG@k = sum_i rel_i / log2(i + 1)``
  (ranx's ``ndcg``; the exponential ``2**rel - 1`` gain of Burges et al. is ranx's
  ``ndcg_burges`` and is not used here). Only gains ``>= 1`` count, the ideal DCG ranks the
  qrels by gain, and a query with no relevant document scores 0.
- ``map`` / ``map@k``: average precision with the number of *all* relevant documents of the
  query as denominator (not ``min(k, R)``).
- ``mrr``: reciprocal rank of the first relevant document (ranx ignores ``@k`` for it).
- ``recall@k`` and ``precision@k`` (precision divides by ``k`` even if fewer were retrieved,
  except that ``k`` larger than the run is clipped as in ranx).

Ties: ranx's order between equal scores is an implementation detail, so every run goes
through :func:`rank_scores` first, which breaks ties by document id and replaces scores with
``n - rank``. Both implementations then see one unambiguous order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "Qrels",
    "Run",
    "Significance",
    "average_precision",
    "compare_to_baseline",
    "evaluate",
    "ndcg",
    "parse_metric",
    "precision",
    "rank_scores",
    "ranked_ids",
    "ranx_evaluate",
    "recall",
    "reciprocal_rank",
]

Qrels = dict[str, dict[str, int]]
Run = dict[str, dict[str, float]]


def ranked_ids(scores: Mapping[str, float]) -> list[str]:
    """Document ids by decreasing score; equal scores are ordered by id (deterministic)."""
    return sorted(scores, key=lambda doc_id: (-scores[doc_id], doc_id))


def rank_scores(run: Mapping[str, Mapping[str, float]]) -> Run:
    """Replace scores with ``n - rank`` after a deterministic tie-break (see module docstring)."""
    out: Run = {}
    for query_id, scores in run.items():
        order = ranked_ids(scores)
        n = len(order)
        out[query_id] = {doc_id: float(n - i) for i, doc_id in enumerate(order)}
    return out


def _relevant(gains: Mapping[str, int], rel_lvl: int) -> dict[str, int]:
    return {doc_id: g for doc_id, g in gains.items() if g >= rel_lvl}


def _cut(order: list[str], k: int) -> list[str]:
    return order if k <= 0 else order[:k]


def _dcg(gains: Sequence[float]) -> float:
    return float(sum(g / math.log2(i + 2) for i, g in enumerate(gains)))


def ndcg(
    gains: Mapping[str, int], scores: Mapping[str, float], k: int = 0, rel_lvl: int = 1
) -> float:
    """nDCG@k of one query with Järvelin–Kekäläinen linear gain (ranx ``ndcg``)."""
    relevant = _relevant(gains, rel_lvl)
    if not relevant:
        return 0.0
    top = _cut(ranked_ids(scores), k)
    dcg = _dcg([float(relevant.get(doc_id, 0)) for doc_id in top])
    ideal = sorted((float(g) for g in relevant.values()), reverse=True)
    idcg = _dcg(ideal if k <= 0 else ideal[:k])
    return dcg / idcg if idcg > 0 else 0.0


def average_precision(
    gains: Mapping[str, int], scores: Mapping[str, float], k: int = 0, rel_lvl: int = 1
) -> float:
    """Average precision (at k) of one query; the denominator is all relevant documents."""
    relevant = _relevant(gains, rel_lvl)
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for i, doc_id in enumerate(_cut(ranked_ids(scores), k)):
        if doc_id in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant)


def reciprocal_rank(
    gains: Mapping[str, int], scores: Mapping[str, float], k: int = 0, rel_lvl: int = 1
) -> float:
    """1 / rank of the first relevant document (0 if none is retrieved within k)."""
    relevant = _relevant(gains, rel_lvl)
    if not relevant:
        return 0.0
    for i, doc_id in enumerate(_cut(ranked_ids(scores), k)):
        if doc_id in relevant:
            return 1.0 / (i + 1)
    return 0.0


def recall(
    gains: Mapping[str, int], scores: Mapping[str, float], k: int = 0, rel_lvl: int = 1
) -> float:
    """Share of the relevant documents retrieved in the top k."""
    relevant = _relevant(gains, rel_lvl)
    if not relevant:
        return 0.0
    top = _cut(ranked_ids(scores), k)
    return sum(doc_id in relevant for doc_id in top) / len(relevant)


def precision(
    gains: Mapping[str, int], scores: Mapping[str, float], k: int = 0, rel_lvl: int = 1
) -> float:
    """Share of the top k that is relevant (k clipped to the run length, as in ranx)."""
    relevant = _relevant(gains, rel_lvl)
    order = ranked_ids(scores)
    depth = len(order) if k <= 0 or k > len(order) else k
    if depth == 0:
        return 0.0
    return sum(doc_id in relevant for doc_id in order[:depth]) / depth


_METRICS = {
    "ndcg": ndcg,
    "map": average_precision,
    "mrr": reciprocal_rank,
    "recall": recall,
    "precision": precision,
}


def parse_metric(name: str) -> tuple[str, int, int]:
    """Split a ranx-style metric name: ``"ndcg@10"`` → ``("ndcg", 10, 1)``; ``"map-l2"`` → rel 2."""
    rel_lvl = 1
    base = name
    if "-l" in base:
        base, level = base.split("-l", 1)
        rel_lvl = int(level)
    metric, _, k_text = base.partition("@")
    if metric not in _METRICS:
        raise ValueError(f"unknown metric {name!r}; known: {sorted(_METRICS)}")
    return metric, int(k_text) if k_text else 0, rel_lvl


def evaluate(
    qrels: Mapping[str, Mapping[str, int]],
    run: Mapping[str, Mapping[str, float]],
    metrics: Sequence[str],
    *,
    per_query: bool = False,
) -> dict[str, Any]:
    """Our own implementation: the mean of each metric over the queries of ``qrels``.

    A query missing from the run scores 0. With ``per_query`` the values are
    ``{metric: {query_id: value}}`` instead of means.
    """
    out: dict[str, Any] = {}
    for name in metrics:
        metric, k, rel_lvl = parse_metric(name)
        fn = _METRICS[metric]
        values = {
            query_id: fn(gains, run.get(query_id, {}), k, rel_lvl)
            for query_id, gains in qrels.items()
        }
        out[name] = (
            values if per_query else (float(np.mean(list(values.values()))) if values else 0.0)
        )
    return out


def _ranx_objects(
    qrels: Mapping[str, Mapping[str, int]], run: Mapping[str, Mapping[str, float]], name: str
) -> tuple[Any, Any]:
    from ranx import Qrels as RanxQrels
    from ranx import Run as RanxRun

    # ranx refuses mismatched query sets; an absent query is an empty ranking (scores 0).
    fixed = rank_scores({q: dict(run.get(q, {})) for q in qrels})
    ranx_qrels = RanxQrels({q: {d: int(g) for d, g in gains.items()} for q, gains in qrels.items()})
    ranx_run = RanxRun(fixed, name=name)
    return ranx_qrels, ranx_run


def ranx_evaluate(
    qrels: Mapping[str, Mapping[str, int]],
    run: Mapping[str, Mapping[str, float]],
    metrics: Sequence[str],
) -> dict[str, float]:
    """The same means computed by ranx (the numbers the report publishes)."""
    from ranx import evaluate as ranx_eval

    ranx_qrels, ranx_run = _ranx_objects(qrels, run, "run")
    result = ranx_eval(ranx_qrels, ranx_run, list(metrics), make_comparable=True)
    if isinstance(result, dict):
        return {m: float(v) for m, v in result.items()}
    return {metrics[0]: float(result)}


@dataclass(frozen=True, slots=True)
class Significance:
    """A paired test of one system against the baseline on one metric."""

    system: str
    baseline: str
    metric: str
    delta: float
    p_value: float
    significant: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline,
            "delta": round(self.delta, 4),
            "p_value": round(self.p_value, 4),
            "significant": self.significant,
        }


def compare_to_baseline(
    qrels: Mapping[str, Mapping[str, int]],
    runs: Mapping[str, Mapping[str, Mapping[str, float]]],
    baseline: str,
    metrics: Sequence[str],
    *,
    stat_test: str = "fisher",
    max_p: float = 0.05,
    n_permutations: int = 1000,
    random_seed: int = 42,
) -> list[Significance]:
    """Paired significance of every run against ``baseline`` with ``ranx.compare``.

    ``stat_test`` is ranx's name: ``"fisher"`` (Fisher's randomization test, the default,
    no normality assumption on a few dozen queries) or ``"student"`` (paired t-test).
    """
    from ranx import compare

    if baseline not in runs:
        raise ValueError(f"baseline {baseline!r} is not among the runs")
    names = [baseline, *(n for n in runs if n != baseline)]
    if len(names) < 2 or not qrels:
        return []
    ranx_qrels = None
    ranx_runs = []
    for name in names:
        ranx_qrels, ranx_run = _ranx_objects(qrels, runs[name], name)
        ranx_runs.append(ranx_run)
    report = compare(
        ranx_qrels,
        ranx_runs,
        list(metrics),
        stat_test=stat_test,
        n_permutations=n_permutations,
        max_p=max_p,
        random_seed=random_seed,
        make_comparable=True,
    )
    out: list[Significance] = []
    for name in names[1:]:
        for metric in metrics:
            cmp = report.comparisons[frozenset({name, baseline})][metric]
            p_value = float(cmp["p_value"])
            # Identical per-query scores give NaN in scipy's t-test: no evidence of a difference.
            if math.isnan(p_value):
                p_value = 1.0
            delta = float(report.results[name][metric]) - float(report.results[baseline][metric])
            out.append(
                Significance(
                    system=name,
                    baseline=baseline,
                    metric=metric,
                    delta=delta,
                    p_value=p_value,
                    significant=bool(cmp["significant"]) and p_value <= max_p,
                )
            )
    return out
