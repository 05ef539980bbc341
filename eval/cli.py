"""``jpo-matcher eval``: run the evaluation harness from the command line.

``jpo-matcher eval [--dataset NAME ...] [--systems NAME ...] [--json] [--out DIR]
[--fairness] [--encoder minilm|e5] [--quick]`` prints a table per task (or the JSON of
:func:`eval.report.results_to_dict` with ``--json``) and writes the report files to ``--out``.
The vectors of vacancies (public postings), of the background sentences and of the labelled CVs
of this repository are cached in ``eval/embeddings.sqlite`` under the cache directory
(``$JPO_MATCHER_CACHE_DIR``, default ``~/.cache/jpo-matcher``: outside the clone), so a second
run encodes none of them again; the vectors of third-party CVs are kept in memory for the run
only, never written.

``--dataset real-tors`` is a parsing evaluation, not a ranking one (:mod:`eval.real_tors`): it
prints the ToR parser's accuracy per fact type for the dev and held-out splits, and loads no
model. ``--split dev --misses`` also prints each fact the parser gets wrong on a dev vacancy;
misses are never printed for the held-out split.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matcher.errors import InputError
from matcher.ports import CachingEncoder

if TYPE_CHECKING:
    from eval.runner import EvalResults

__all__ = ["PARSING_DATASETS", "cache_path", "cached_encoder", "register", "run_eval_command"]

#: Datasets that measure the parser rather than a ranking (no encoder, no systems).
PARSING_DATASETS: tuple[str, ...] = ("real-tors",)


def cache_path() -> Path:
    """The evaluation's embedding cache: keyed by model, revision, kind and text hash."""
    from index.vector_files import cache_root

    return cache_root() / "eval" / "embeddings.sqlite"


def register(subparsers: Any) -> None:
    """Add the ``eval`` sub-command to the ``jpo-matcher`` parser."""
    from eval.datasets import DATASETS
    from eval.systems import SYSTEMS

    parser = subparsers.add_parser(
        "eval",
        help="evaluate ranking quality on labelled datasets against baselines",
        description="Run systems × datasets, compute ranx metrics and significance vs BM25, "
        "write report.md, results.json, metrics.png and TREC runs.",
    )
    parser.add_argument(
        "--dataset",
        "--datasets",
        dest="dataset",
        nargs="+",
        action="extend",
        choices=sorted([*DATASETS, *PARSING_DATASETS]),
        metavar="NAME",
        help=f"datasets to run (default all: {', '.join([*DATASETS, *PARSING_DATASETS])})",
    )
    parser.add_argument(
        "--systems",
        "--system",
        dest="systems",
        nargs="+",
        action="extend",
        choices=list(SYSTEMS),
        metavar="NAME",
        help=f"systems to run (default all: {', '.join(SYSTEMS)})",
    )
    parser.add_argument("--json", action="store_true", help="print results as JSON on stdout")
    parser.add_argument("--out", type=Path, default=None, help="directory for the report files")
    parser.add_argument(
        "--fairness", action="store_true", help="also run the counterfactual fairness audit"
    )
    parser.add_argument(
        "--encoder",
        choices=("minilm", "e5"),
        default=None,
        help="encoder (default: the project default, index.encoder.DEFAULT_ENCODER)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small seeded samples (a smoke run of a minute)"
    )
    parser.add_argument(
        "--split",
        choices=("dev", "heldout", "all"),
        default="all",
        help="real-tors: the split(s) to measure (default all: dev and heldout)",
    )
    parser.add_argument(
        "--misses",
        action="store_true",
        help="real-tors: print each fact the parser gets wrong on a dev vacancy "
        "(dev only; never for heldout)",
    )
    parser.add_argument("--seed", type=int, default=13, help="seed of every sample (default 13)")
    parser.add_argument(
        "--no-cache", action="store_true", help="do not read or write the embedding cache"
    )
    parser.set_defaults(func=run_eval_command)


def _encoders(name: str | None, use_cache: bool) -> tuple[CachingEncoder, CachingEncoder]:
    """(memory-only encoder, encoder of what may be kept on disk); the same one without cache."""
    from index.encoder import DEFAULT_ENCODER, CachedEncoder, load_encoder

    inner = load_encoder(name or DEFAULT_ENCODER)
    memory = CachedEncoder(inner, None)
    if not use_cache:
        return memory, memory
    return memory, CachedEncoder(inner, cache_path())


def cached_encoder(name: str | None) -> CachingEncoder:
    """The named encoder (default: the project's) behind the evaluation's embedding cache.

    For the repository's own texts only (the jpo CVs and vacancies): the cache is on disk.
    """
    return _encoders(name, use_cache=True)[1]


def _real_tors(args: argparse.Namespace, root: Path | None) -> tuple[Any, str | None]:
    """The real-tors result (or None) and the reason it was skipped (or None)."""
    from eval.real_tors import SPLITS, RealTorsUnavailableError, evaluate_real_tors

    splits = SPLITS if args.split == "all" else (args.split,)
    try:
        return evaluate_real_tors(root, splits=splits), None
    except RealTorsUnavailableError as exc:
        return None, str(exc)


def run_eval_command(args: argparse.Namespace) -> int:
    """Entry point of ``jpo-matcher eval``; returns the exit code."""
    from eval.datasets import DATASETS, DEFAULT_DATASETS, LoadOptions
    from eval.report import results_to_dict, write_report
    from eval.runner import EvalResults, run_evaluation
    from eval.systems import DEFAULT_SYSTEMS
    from matcher.scoring import DEFAULT_CONFIG

    if args.seed < 0:
        raise InputError("--seed must be >= 0")
    if args.misses and args.split == "heldout":
        raise InputError("--misses prints dev misses only: held-out misses are never shown")
    names = list(args.dataset or [*DEFAULT_DATASETS, *PARSING_DATASETS])
    ranking = [name for name in names if name in DATASETS]
    options = LoadOptions(seed=args.seed, quick=args.quick)
    encoder: CachingEncoder | None = None
    kept: CachingEncoder | None = None
    if ranking:
        encoder, kept = _encoders(args.encoder, not args.no_cache)
        results = run_evaluation(
            datasets=ranking,
            systems=args.systems or list(DEFAULT_SYSTEMS),
            encoder=encoder,
            kept_encoder=kept,
            options=options,
            show_progress=not args.json or sys.stderr.isatty(),
        )
    else:
        results = EvalResults(
            tasks=[], skipped={}, systems=[], metrics=[], encoder="none",
            config=DEFAULT_CONFIG, options=options,
        )
    if "jpo" in ranking:
        from eval.eligibility import measure_eligibility

        results.eligibility = measure_eligibility()
    if "real-tors" in names:
        results.parsing, reason = _real_tors(args, options.root)
        if reason is not None:
            results.skipped["real-tors"] = reason
    payload = results_to_dict(results)
    fairness_payload: dict[str, Any] | None = None
    if args.fairness and kept is not None:
        from eval.fairness import fairness_to_dict, run_fairness, write_fairness

        # The audit's CVs are the repository's own and copies of them with a word changed.
        audit = run_fairness(encoder=kept, config=results.config)
        fairness_payload = fairness_to_dict(audit)
        payload["fairness"] = fairness_payload
        if args.out is not None:
            write_fairness(audit, args.out)
    if args.out is not None:
        write_report(results, args.out)
    for cache in (encoder, kept):
        if cache is not None:
            cache.close()  # closing twice (the same one without cache) is harmless
    if args.json:
        sys.stdout.write(json.dumps(payload, indent=2, sort_keys=True) + "\n")
        return 0
    lines = _text_lines(results, args, bool(ranking), fairness_payload)
    sys.stdout.write("\n".join(lines).lstrip("\n") + "\n")
    return 0


def _text_lines(results: EvalResults, args: argparse.Namespace, ranked: bool,
                fairness_payload: dict[str, Any] | None) -> list[str]:
    """What ``jpo-matcher eval`` prints without ``--json``."""
    from eval.report import format_table

    lines = [f"encoder {results.encoder}, config {results.config.config_hash()}"] if ranked else []
    for tr in results.tasks:
        lines += ["", f"{tr.task.name} ({tr.task.direction}, {tr.task.size()['queries']} queries)"]
        lines.append(format_table(tr, results.metrics, markdown=False))
        for system, error in tr.errors.items():
            lines.append(f"  {system} failed: {error}")
    if results.eligibility is not None:
        from eval.eligibility import eligibility_lines

        lines += ["", *eligibility_lines(results.eligibility)]
    lines += _parsing_lines(results.parsing, misses=args.misses)
    for name, reason in results.skipped.items():
        lines.append(f"\n{name}: skipped ({reason})")
    if fairness_payload is not None:
        lines.append(
            f"\nfairness: max |Δscore| {fairness_payload['max_abs_delta']:.2f}, "
            f"{len(fairness_payload['over_threshold'])} pairs over "
            f"{fairness_payload['threshold']} point(s)"
        )
    if args.out is not None:
        lines.append(f"\nreport written to {args.out}")
    return lines


def _parsing_lines(parsing: Any, *, misses: bool) -> list[str]:
    """The real-tors table (and, when asked, the dev misses) as printed lines."""
    if parsing is None:
        return []
    from eval.real_tors import format_accuracy_table, format_misses

    lines = ["", "real-tors (ToR parser accuracy per fact)"]
    lines.append(format_accuracy_table(parsing, markdown=False))
    if misses and "dev" in parsing.splits:
        lines += ["", f"dev misses ({len(parsing.dev_misses)})", format_misses(parsing)]
    return lines
