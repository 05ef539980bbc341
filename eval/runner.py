"""Run datasets × systems, compute ranx metrics and paired significance against BM25.

:func:`run_evaluation` is the one entry point (the CLI and tests call it); it returns an
:class:`EvalResults` that :mod:`eval.report` writes as Markdown, JSON, a plot and TREC runs.
Progress goes to stderr through tqdm; nothing from a CV is ever logged.
"""

from __future__ import annotations

import logging
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eval.datasets import DEFAULT_DATASETS, EvalTask, LoadOptions, load_datasets
from eval.eligibility import EligibilityAgreement
from eval.metrics import Run, Significance, compare_to_baseline, evaluate, ranx_evaluate
from eval.real_tors import RealTorsResult
from eval.systems import DEFAULT_SYSTEMS, SystemContext, run_system
from matcher.ports import Encoder
from matcher.scoring import DEFAULT_CONFIG, ScoringConfig

__all__ = [
    "BASELINE",
    "EvalResults",
    "METRICS",
    "STAT_TEST",
    "TaskResult",
    "run_evaluation",
    "run_task",
]

log = logging.getLogger(__name__)

#: The published metrics (ranx names; nDCG with Järvelin–Kekäläinen linear gain).
METRICS: tuple[str, ...] = ("ndcg@3", "ndcg@5", "ndcg@10", "map", "mrr", "recall@10")
#: Significance tests compare every system with this one.
BASELINE = "bm25"
#: ranx's paired Student t-test. ranx 0.3.21's Fisher randomization test draws its
#: permutations in numba threads and gave different p-values for the same runs and seed
#: (0.657 then 0.627), which would break the reproducibility of the report.
STAT_TEST = "student"


@dataclass(slots=True)
class TaskResult:
    """Everything measured on one task."""

    task: EvalTask
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    runs: dict[str, Run] = field(default_factory=dict)
    significance: list[Significance] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: Rank (1-based) of the best relevant document per query, per system (unjobs).
    first_relevant_rank: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(slots=True)
class EvalResults:
    """The results of one evaluation run (what the report shows)."""

    tasks: list[TaskResult]
    skipped: dict[str, str]
    systems: list[str]
    metrics: list[str]
    encoder: str
    config: ScoringConfig
    options: LoadOptions
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    #: The ToR parser measured on the real-tors labels (None when not run or skipped).
    parsing: RealTorsResult | None = None
    #: The checks against the jpo eligibility labels, per CV format (None when jpo is not run).
    eligibility: EligibilityAgreement | None = None


def _quiet_ranx(fn: Any, *args: Any, **kwargs: Any) -> Any:
    # numba emits NumbaTypeSafetyWarning inside ranx; harmless, but tests run with warnings
    # as errors.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _first_relevant(task: EvalTask, run: Run) -> dict[str, int]:
    from eval.metrics import ranked_ids

    out: dict[str, int] = {}
    for query_id, gains in task.qrels.items():
        order = ranked_ids(run.get(query_id, {}))
        ranks = [i + 1 for i, d in enumerate(order) if gains.get(d, 0) >= 1]
        out[query_id] = ranks[0] if ranks else len(order) + 1
    return out


def run_task(
    task: EvalTask,
    systems: Sequence[str],
    ctx: SystemContext,
    metrics: Sequence[str] = METRICS,
    *,
    progress: Any | None = None,
    engine: str = "ranx",
) -> TaskResult:
    """Run ``systems`` on ``task`` and measure them.

    ``engine="ranx"`` publishes ranx's numbers (cross-checked against :mod:`eval.metrics`) and
    runs ranx's paired tests; ``"own"`` uses :mod:`eval.metrics` only (no numba start-up: unit
    tests) and skips significance.
    """
    result = TaskResult(task=task)
    for name in systems:
        if progress is not None:
            progress.set_postfix_str(f"{task.name} / {name}")
        start = time.perf_counter()
        try:
            run = run_system(name, task, ctx)
        except Exception as exc:  # noqa: BLE001 - one broken system must not sink the report
            log.warning("system %s failed on %s: %s", name, task.name, type(exc).__name__)
            result.errors[name] = f"{type(exc).__name__}: {exc}"
            if progress is not None:
                progress.update(1)
            continue
        result.seconds[name] = time.perf_counter() - start
        result.runs[name] = run
        if progress is not None:
            progress.update(1)
    for name, run in [*result.runs.items(), *task.reference_runs.items()]:
        full = {q: dict(run.get(q, {})) for q in task.qrels}
        own = evaluate(task.qrels, full, list(metrics))
        if engine == "own":
            result.metrics[name] = own
            result.first_relevant_rank[name] = _first_relevant(task, full)
            continue
        values = _quiet_ranx(ranx_evaluate, task.qrels, full, list(metrics))
        for metric, value in values.items():
            if abs(own[metric] - value) > 1e-6:
                log.warning(
                    "%s %s %s: ranx %.6f vs own %.6f", task.name, name, metric, value, own[metric]
                )
        result.metrics[name] = values
        result.first_relevant_rank[name] = _first_relevant(task, full)
    if (
        engine == "ranx"
        and BASELINE in result.runs
        and len(result.runs) > 1
        and len(task.qrels) > 1
    ):
        result.significance = _quiet_ranx(
            compare_to_baseline,
            task.qrels,
            result.runs,
            BASELINE,
            list(metrics),
            stat_test=STAT_TEST,
        )
    return result


def run_evaluation(
    *,
    datasets: Sequence[str] = DEFAULT_DATASETS,
    systems: Sequence[str] = DEFAULT_SYSTEMS,
    encoder: Encoder,
    config: ScoringConfig = DEFAULT_CONFIG,
    options: LoadOptions | None = None,
    metrics: Sequence[str] = METRICS,
    show_progress: bool = True,
    tasks: Sequence[EvalTask] | None = None,
    engine: str = "ranx",
    kept_encoder: Encoder | None = None,
) -> EvalResults:
    """Load the datasets (or take ``tasks``), run every system on every task, measure.

    Args:
        datasets: dataset names (see :data:`eval.datasets.DATASETS`).
        systems: system names (see :data:`eval.systems.SYSTEMS`).
        encoder: the encoder of the embedding systems.
        config: the matcher's scoring configuration (written into the report).
        options: dataset bounds (seeded samples, ``quick``).
        metrics: ranx metric names.
        show_progress: a tqdm bar on stderr.
        tasks: already loaded tasks (tests); ``datasets`` is then ignored.
        engine: "ranx" (published numbers, significance) or "own" (see :func:`run_task`).
        kept_encoder: the encoder of what may be cached on disk (see
            :class:`eval.systems.SystemContext`); None: ``encoder`` for everything.
    """
    if engine not in ("ranx", "own"):
        raise ValueError(f"engine must be 'ranx' or 'own', got {engine!r}")
    from tqdm import tqdm

    opts = options if options is not None else LoadOptions()
    started = time.perf_counter()
    skipped: dict[str, str] = {}
    if tasks is None:
        loaded, skipped = load_datasets(list(datasets), opts)
    else:
        loaded = list(tasks)
    ctx = SystemContext(encoder=encoder, config=config, seed=opts.seed, kept_encoder=kept_encoder)
    total = len(loaded) * len(systems)
    results: list[TaskResult] = []
    with tqdm(
        total=total, file=sys.stderr, disable=not show_progress, desc="eval", unit="run"
    ) as bar:
        for task in loaded:
            results.append(run_task(task, systems, ctx, metrics, progress=bar, engine=engine))
    extra: dict[str, Any] = {"parse_failures": dict(ctx.parse_errors)}
    calibration = _calibration_section(loaded, ctx, config, systems)
    if calibration is not None:
        extra["calibration"] = calibration
    return EvalResults(
        tasks=results,
        skipped=skipped,
        systems=list(systems),
        metrics=list(metrics),
        encoder=f"{encoder.model_name}@{encoder.revision}",
        config=config,
        options=opts,
        seconds=time.perf_counter() - started,
        extra=extra,
    )


def _calibration_section(
    tasks: Sequence[EvalTask], ctx: SystemContext, config: ScoringConfig,
    systems: Sequence[str],
) -> dict[str, Any] | None:
    """The held-out calibration check on the jpo pairs (eval.calibration), when they ran."""
    task = next((t for t in tasks if t.name == "jpo:vacancy->cvs"), None)
    if task is None or "matcher" not in systems:
        return None
    from eval.calibration import calibration_check
    from eval.datasets_jpo import load_jpo
    from eval.systems import score_task

    by_cv: dict[str, dict[str, Any]] = {}
    for vacancy_id, row in score_task(task, ctx, config).items():
        for cv_id, result in row.items():
            by_cv.setdefault(cv_id, {})[vacancy_id] = result
    grades = {cv: dict(g) for cv, g in load_jpo().relevance.items() if cv in by_cv}
    return calibration_check(by_cv, grades, config)
