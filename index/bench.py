"""Benchmark building blocks: data loading, timers, encoder throughput, FAISS versus numpy.

The service-level measurements (ingest, pool ranking, vacancy ranking) live in
``api/commands/bench.py``, which drives :class:`api.service.MatchService` with these helpers
(``index`` must not import ``api``). Data sets are read at run time from the shared evaluation
directory and never copied into the repository; when they are absent, generated text stands in
and the report says so.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matcher.ports import STATEMENT_KIND, Encoder, FloatMatrix

__all__ = [
    "RESUMES_PATH",
    "TextHashEncoder",
    "VACANCIES_PATH",
    "batching_sweep",
    "encoder_throughput",
    "faiss_vs_numpy",
    "generated_texts",
    "load_resumes",
    "load_vacancies",
    "peak_rss_mb",
    "percentiles",
    "progress",
    "time_calls",
]

#: Files of the third-party sets, relative to the evaluation data root (``eval.locations``).
RESUMES_PATH = Path("livecareer-resumes") / "resumes.jsonl.gz"
VACANCIES_PATH = Path("unjobs-io-vacancies") / "vacancies.jsonl.gz"

_WORDS = (
    "policy analysis coordination reporting monitoring evaluation peacekeeping humanitarian "
    "programme budget procurement logistics security governance elections human rights gender "
    "protection civilians mediation drafting research data statistics communication partners "
    "capacity building training field mission headquarters liaison stakeholders finance audit"
).split()


class TextHashEncoder:
    """Deterministic vectors for ranking benchmarks: one pseudo-random unit vector per text.

    Ranking time depends on how many vectors there are and how wide, not on their values, so
    the ranking populations need no model. ``index.fakes.HashEncoder`` (a bag of words, for
    tests) takes ~7 ms a sentence in Python, too slow for 100,000 sentences; this one seeds
    numpy's generator with the text's hash (~20 us a sentence). Identical texts get identical
    vectors, as with a real model.

    Args:
        dim: Vector width.
    """

    def __init__(self, dim: int = 384) -> None:
        self._dim = dim

    @property
    def model_name(self) -> str:
        """``"text-hash"``."""
        return "text-hash"

    @property
    def revision(self) -> str:
        """Always ``"1"``."""
        return "1"

    @property
    def dim(self) -> int:
        """Vector width."""
        return self._dim

    @property
    def kinds_differ(self) -> bool:
        """False: queries and passages are embedded alike."""
        return False

    def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
        """One unit float32 row per text (``kind`` is ignored)."""
        del kind  # queries and passages are embedded alike
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(
                hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                "little",
            )
            vec = np.random.default_rng(seed).standard_normal(self._dim)
            out[row] = vec / np.linalg.norm(vec)
        return out


def progress(message: str) -> None:
    """One progress line on stderr (stdout carries only the report)."""
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def generated_texts(n: int, *, seed: int, lines: int = 12, kind: str = "cv") -> list[str]:
    """Deterministic filler documents, used only when the evaluation data is absent."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        body = [
            "- " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 16))).capitalize()
            + "."
            for _ in range(lines)
        ]
        if kind == "cv":
            head = [f"Person {i}", "EXPERIENCE", f"Officer, Agency {i % 17}, 2015 - 2022"]
            tail = ["EDUCATION", "MA International Relations, 2014", "LANGUAGES",
                    "English (fluent)"]
        else:
            head = [f"Junior Professional Officer {i}", "Duties and Responsibilities"]
            tail = ["Qualifications", "Advanced university degree in a related field.",
                    "Languages: fluency in English is required."]
        out.append("\n".join([*head, *body, *tail]) + "\n")
    return out


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_resumes(n: int, path: Path) -> tuple[list[tuple[str, str]], str]:
    """Up to ``n`` (name, text) resumes from ``path`` and the data source used.

    The source is "livecareer-resumes", or "generated" when ``path`` is absent.
    """
    if not path.is_file():
        texts = generated_texts(n, seed=1, kind="cv")
        return [(f"generated_cv_{i}.txt", t) for i, t in enumerate(texts)], "generated"
    out: list[tuple[str, str]] = []
    for row in _jsonl(path):
        text = str(row.get("text") or "")
        if text.strip():
            out.append((f"resume_{row.get('id', len(out))}.txt", text))
        if len(out) >= n:
            break
    return out, "livecareer-resumes"


def load_vacancies(n: int, path: Path) -> tuple[list[tuple[str, str]], str]:
    """Up to ``n`` (name, text) vacancies from ``path`` and the data source used."""
    if not path.is_file():
        texts = generated_texts(n, seed=2, kind="tor")
        return [(f"generated_tor_{i}.txt", t) for i, t in enumerate(texts)], "generated"
    out: list[tuple[str, str]] = []
    for row in _jsonl(path):
        text = str(row.get("text") or "")
        title = str(row.get("title") or "")
        if text.strip():
            # The title is a line of its own so the ToR parser can pick it up.
            out.append((f"unjobs_{row.get('unjobs_id', len(out))}.txt", f"{title}\n{text}"))
        if len(out) >= n:
            break
    return out, "unjobs-io-vacancies"


def time_calls(fn: Callable[[], object], repeats: int, *, warmup: int = 1) -> list[float]:
    """Wall-clock milliseconds of ``repeats`` calls after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50 and p95 (nearest-rank) of millisecond samples, rounded to 0.1 ms."""
    if not samples_ms:
        return {"p50_ms": 0.0, "p95_ms": 0.0}
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, max(0, int(np.ceil(0.95 * len(ordered))) - 1))]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def encoder_throughput(
    encoder: Encoder, sentences: list[str], *, batch: int = 64
) -> dict[str, float]:
    """Raw sentences per second of ``encoder`` on ``sentences`` (passage kind, after warm-up)."""
    if not sentences:
        return {"sentences": 0, "seconds": 0.0, "sentences_per_s": 0.0}
    encoder.encode(sentences[: min(8, len(sentences))], kind=STATEMENT_KIND)
    start = time.perf_counter()
    for i in range(0, len(sentences), batch):
        encoder.encode(sentences[i:i + batch], kind=STATEMENT_KIND)
    seconds = time.perf_counter() - start
    return {"sentences": len(sentences), "seconds": round(seconds, 3),
            "sentences_per_s": round(len(sentences) / seconds, 2)}


def batching_sweep(
    engine: Any, sentences: list[str], *, batch_sizes: Sequence[int],
    thread_counts: Sequence[int], caller_batch: int = 64,
) -> dict[str, Any]:
    """Throughput of the torch e5 engine by windows per pass and torch threads.

    ``engine`` is an :class:`index.e5_torch.E5TorchEngine`; its ``max_batch`` is set for each
    run and put back afterwards, as are torch's threads. Every run encodes all of
    ``sentences`` in one call (the engine sorts them by length, then batches). One more run
    per thread count cuts the same sentences, in their given order, into calls of
    ``caller_batch`` (each call sorted only within itself): what sorting the whole input
    first saves in padding.

    Returns:
        ``{"sentences", "runs": [{"threads", "max_batch", "sentences_per_s"}],
        "unsorted_calls": [{"threads", "caller_batch", "sentences_per_s"}]}``.
    """
    import torch

    saved_batch, saved_threads = engine.max_batch, torch.get_num_threads()
    runs: list[dict[str, Any]] = []
    unsorted: list[dict[str, Any]] = []
    try:
        engine.encode(sentences[:16], is_query=True)
        for threads in thread_counts:
            torch.set_num_threads(threads)
            for size in batch_sizes:
                engine.max_batch = size
                start = time.perf_counter()
                engine.encode(sentences, is_query=True)
                rate = len(sentences) / (time.perf_counter() - start)
                runs.append({"threads": threads, "max_batch": size,
                             "sentences_per_s": round(rate, 1)})
            engine.max_batch = saved_batch
            start = time.perf_counter()
            for i in range(0, len(sentences), caller_batch):
                engine.encode(sentences[i:i + caller_batch], is_query=True)
            rate = len(sentences) / (time.perf_counter() - start)
            unsorted.append({"threads": threads, "caller_batch": caller_batch,
                             "sentences_per_s": round(rate, 1)})
    finally:
        engine.max_batch = saved_batch
        torch.set_num_threads(saved_threads)
    return {"sentences": len(sentences), "runs": runs, "unsorted_calls": unsorted}


def _unit_rows(n: int, dim: int, rng: np.random.Generator) -> FloatMatrix:
    m = rng.normal(size=(n, dim)).astype(np.float32)
    out: FloatMatrix = m / np.linalg.norm(m, axis=1, keepdims=True)
    return out


def faiss_vs_numpy(
    n_vectors: int, dim: int, *, n_queries: int = 32, k: int = 64, repeats: int = 5,
    vectors: FloatMatrix | None = None, queries: FloatMatrix | None = None,
) -> dict[str, float]:
    """Exact top-``k`` search: FAISS flat inner product versus one numpy product + partition.

    Returns both p50 times and the overlap of their top-k id sets (1.0: same results).
    """
    from index.vectors import FaissIndex

    rng = np.random.default_rng(0)
    base = vectors if vectors is not None else _unit_rows(n_vectors, dim, rng)
    qs = queries if queries is not None else _unit_rows(n_queries, dim, rng)
    k = min(k, len(base))
    index = FaissIndex(dim)
    index.add(np.arange(len(base), dtype=np.int64), base)

    def numpy_search() -> np.ndarray:
        sims = qs @ base.T
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        order = np.take_along_axis(sims, part, axis=1).argsort(axis=1)[:, ::-1]
        return np.take_along_axis(part, order, axis=1)

    faiss_ms = time_calls(lambda: index.search(qs, k), repeats)
    numpy_ms = time_calls(numpy_search, repeats)
    _scores, f_ids = index.search(qs, k)
    n_ids = numpy_search()
    overlap = float(np.mean([
        len(set(a.tolist()) & set(b.tolist())) / k for a, b in zip(f_ids, n_ids, strict=True)
    ]))
    return {
        "n_vectors": len(base), "dim": dim, "n_queries": len(qs), "k": k,
        "faiss_p50_ms": percentiles(faiss_ms)["p50_ms"],
        "numpy_p50_ms": percentiles(numpy_ms)["p50_ms"],
        "topk_overlap": round(overlap, 4),
    }


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)
