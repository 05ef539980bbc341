"""``jpo-matcher bench --scale``: how pool retrieval costs grow with the number of CVs.

Generated data, so that sizes beyond the 2,481 real resumes can be built: ``chunks`` sentence
vectors per CV (384-d, clustered by topic as sentence embeddings are, L2-normalised) and
vacancies of ``units`` unit vectors drawn the same way. For each size and engine it measures
the build time, the resident memory the index added, and the latency of one pool ranking's
retrieval stage: the vacancy's units search the chunk index, the hits give a candidate set of
CVs, and those are re-scored exactly (mean over units of the best chunk similarity, the
shape of the matcher's duty sub-score). Recall@10 compares that top 10 with the exact top 10
over every CV. The other direction, ranking vacancies for one CV, is timed exactly over
:data:`VACANCIES` generated vacancies: it grows with the vacancies, not with the roster.

Engines: ``faiss-flat`` (the embedded default: exact scan), ``faiss-ivf`` (``IndexIVFFlat``,
1,024 lists trained on 65,536 sampled vectors, 32 probed: approximate), ``faiss-hnsw``
(``IndexHNSWFlat``, M=32, efSearch=128: approximate, and without ``remove_ids``, so erasure
would need a rebuild)
and ``qdrant-edge`` (Qdrant's own engine in-process, HNSW m=16, ef_construct=100, grouped by
owner in :meth:`index.qdrant_edge.EdgeIndex.search_owners`).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.bench import percentiles, progress, time_calls
from matcher.ports import FloatMatrix

__all__ = ["ENGINES", "Roster", "generated_vectors", "ingest_throughput", "make_roster",
           "plot_scale", "run_scale", "scale_point"]

ENGINES: tuple[str, ...] = ("faiss-flat", "faiss-ivf", "faiss-hnsw", "qdrant-edge")
DIM = 384
#: Hits asked from the index per unit; their owners form the candidate set re-scored exactly.
HITS_PER_UNIT = 20
TOP = 10
_BLOCK = 500_000
#: IVF lists and lists probed: k-means on a sample of ``IVF_TRAIN`` vectors keeps the build
#: bounded at every size (the lists are then long, which the probe count accounts for).
IVF_LISTS = 1024
IVF_PROBE = 32
IVF_TRAIN = 65_536
#: Vacancies ranked for one CV (the other direction): their count, not the roster, sets it.
VACANCIES = 2_000

Search = Callable[[FloatMatrix], np.ndarray]


def generated_vectors(
    rng: np.random.Generator, n: int, centres: FloatMatrix, spread: float = 0.6
) -> FloatMatrix:
    """``n`` unit vectors near random topic centres (sentence embeddings cluster by topic)."""
    out: FloatMatrix = np.empty((n, centres.shape[1]), dtype=np.float32)
    # In blocks, so that 5M vectors (7.3 GB) need no float64 temporaries of the same size.
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        noise = rng.standard_normal((stop - start, centres.shape[1]), dtype=np.float32)
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        x = centres[rng.integers(0, len(centres), stop - start)] + spread * noise
        out[start:stop] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * 4096 / 2**20


def _exact_top(units: FloatMatrix, chunks: FloatMatrix, n_cvs: int, per_cv: int) -> list[int]:
    scores = np.zeros(n_cvs, dtype=np.float32)
    step = max(1, 2_000_000 // per_cv)  # bounded temporary: units x step CVs x chunks
    for start in range(0, n_cvs, step):
        stop = min(n_cvs, start + step)
        sims = units @ chunks[start * per_cv : stop * per_cv].T
        scores[start:stop] = sims.reshape(len(units), stop - start, per_cv).max(2).mean(0)
    return [int(i) for i in np.argsort(-scores, kind="stable")[:TOP]]


def _rescore(units: FloatMatrix, chunks: FloatMatrix, cvs: np.ndarray, per_cv: int) -> list[int]:
    # Exact re-scoring of the candidate set, from the stored vectors (the catalog's cache).
    rows = (cvs[:, None] * per_cv + np.arange(per_cv)[None, :]).reshape(-1)
    sims = units @ chunks[rows].T
    scores = sims.reshape(len(units), len(cvs), per_cv).max(2).mean(0)
    return [int(cvs[i]) for i in np.argsort(-scores, kind="stable")[:TOP]]


def _faiss(kind: str, chunks: FloatMatrix) -> tuple[Search, Callable[[], None]]:
    import faiss

    index: Any
    if kind == "faiss-flat":
        index = faiss.IndexFlatIP(chunks.shape[1])
    elif kind == "faiss-ivf":
        quantizer = faiss.IndexFlatIP(chunks.shape[1])
        # faiss wants >= 39 training points a list; tiny rosters (the tests) get fewer lists.
        lists = max(1, min(IVF_LISTS, len(chunks) // 39))
        index = faiss.IndexIVFFlat(quantizer, chunks.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
        step = max(1, len(chunks) // IVF_TRAIN)
        index.train(np.ascontiguousarray(chunks[::step][:IVF_TRAIN]))
        index.nprobe = IVF_PROBE
    else:
        index = faiss.IndexHNSWFlat(chunks.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
    index.add(chunks)

    def search(units: FloatMatrix) -> np.ndarray:
        _, ids = index.search(units, HITS_PER_UNIT)
        return np.asarray(ids, dtype=np.int64)

    return search, lambda: None


def _edge(chunks: FloatMatrix, per_cv: int, root: Path) -> tuple[Search, Callable[[], None]]:
    from index.qdrant_edge import EdgeIndex

    index = EdgeIndex.create(root / "edge", chunks.shape[1])
    ids = np.arange(1, len(chunks) + 1, dtype=np.int64)
    owners = [str(i // per_cv) for i in range(len(chunks))]
    for start in range(0, len(chunks), 20_000):
        index.add_owned(ids[start : start + 20_000], chunks[start : start + 20_000],
                        owners[start : start + 20_000])
    index.optimize()

    def search(units: FloatMatrix) -> np.ndarray:
        return index.search(units, HITS_PER_UNIT)[1] - 1

    return search, index.close


@dataclass(frozen=True)
class Roster:
    """One size's generated data, shared by every engine measured on it."""

    n_cvs: int
    per_cv: int
    chunks: FloatMatrix
    vacancies: tuple[FloatMatrix, ...]
    exact_tops: tuple[tuple[int, ...], ...]
    exact_scan: dict[str, float]
    vacancy_ranking: dict[str, float]
    generate_s: float


def make_roster(
    n_cvs: int, *, per_cv: int = 50, units: int = 20, queries: int | None = None, seed: int = 0
) -> Roster:
    """``n_cvs`` generated CVs, query vacancies, their exact top 10 and the exact timings.

    ``queries`` defaults to 20 up to 10,000 CVs and 6 above, which bounds a 100,000-CV point
    (one exact pass over 5M vectors takes seconds) to minutes on two shared cores.
    """
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((2_000, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    chunks = generated_vectors(rng, n_cvs * per_cv, centres)
    if queries is None:
        queries = 20 if n_cvs <= 10_000 else 6
    vacancies = tuple(generated_vectors(rng, units, centres) for _ in range(queries))
    catalog = generated_vectors(rng, VACANCIES * units, centres)
    cv = chunks[:per_cv]
    generate_s = time.perf_counter() - started
    tops = tuple(tuple(_exact_top(v, chunks, n_cvs, per_cv)) for v in vacancies)
    exact = percentiles(time_calls(
        lambda: _exact_top(vacancies[0], chunks, n_cvs, per_cv), 3, warmup=0))

    def rank_vacancies() -> None:
        sims = (cv @ catalog.T).reshape(per_cv, VACANCIES, units)
        np.argsort(-sims.max(0).mean(1), kind="stable")

    ranking = percentiles(time_calls(rank_vacancies, 20, warmup=2))
    return Roster(n_cvs, per_cv, chunks, vacancies, tops, exact, ranking, generate_s)


def scale_point(engine: str, roster: Roster) -> dict[str, Any]:
    """Build one engine over the roster and time its pool retrievals."""
    chunks, per_cv, n_cvs = roster.chunks, roster.per_cv, roster.n_cvs
    point_started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="jpo-scale-") as tmp:
        before = _rss_mb()
        started = time.perf_counter()
        if engine == "qdrant-edge":
            search, close = _edge(chunks, per_cv, Path(tmp))
        else:
            search, close = _faiss(engine, chunks)
        build_s = time.perf_counter() - started
        index_mb = _rss_mb() - before
        try:
            recalls, candidates = [], []
            for vac, top in zip(roster.vacancies, roster.exact_tops, strict=True):
                hits = search(vac)
                cvs = np.unique(hits[hits >= 0] // per_cv)
                candidates.append(len(cvs))
                got = _rescore(vac, chunks, cvs, per_cv)
                recalls.append(len(set(got) & set(top)) / TOP)
            cycle = iter(range(10**9))

            def one() -> None:
                vac = roster.vacancies[next(cycle) % len(roster.vacancies)]
                hits = search(vac)
                _rescore(vac, chunks, np.unique(hits[hits >= 0] // per_cv), per_cv)

            latency = percentiles(time_calls(one, len(roster.vacancies), warmup=2))
        finally:
            close()
    return {
        "engine": engine, "cvs": n_cvs, "vectors": n_cvs * per_cv,
        "vectors_mb": round(chunks.nbytes / 2**20, 1), "index_rss_mb": round(index_mb, 1),
        "build_s": round(build_s, 2), "pool_retrieval": latency,
        "exact_all_cvs": roster.exact_scan, "vacancy_ranking": roster.vacancy_ranking,
        "candidates_mean": round(float(np.mean(candidates)), 1),
        "recall_at_10": round(float(np.mean(recalls)), 3), "queries": len(roster.vacancies),
        "point_s": round(time.perf_counter() - point_started + roster.generate_s, 1),
    }


def run_scale(sizes: Sequence[int], engines: Sequence[str] = ENGINES) -> list[dict[str, Any]]:
    """:func:`scale_point` for every size and engine, smallest first (data made once a size)."""
    out = []
    for n in sorted(sizes):
        progress(f"scale: generating {n} CVs")
        roster = make_roster(n)
        for engine in engines:
            progress(f"scale: {engine} at {n} CVs")
            out.append(scale_point(engine, roster))
        del roster
    return out


def ingest_throughput(folder: Path, rounds: int = 1) -> dict[str, Any]:
    """Files per second of ``candidates add DIR`` in-process and with ``--workers ray``.

    Both paths load ``folder`` into a fresh data directory, alternately, ``rounds`` times each,
    in this process; the Ray cluster (one worker per CPU of this machine) is started first
    and its start is timed apart, since a cluster outlives one command.
    """
    import argparse

    import ray

    from api.commands.data import iter_files, run_candidates_add
    from index.ray_ingest import init_ray

    files = iter_files(folder)
    started = time.perf_counter()
    init_ray()
    cluster_s = time.perf_counter() - started
    seconds: dict[str, list[float]] = {"inprocess": [], "ray": []}
    for _ in range(rounds):
        for workers in ("inprocess", "ray"):
            with tempfile.TemporaryDirectory(prefix="jpo-ingest-") as tmp:
                args = argparse.Namespace(data_dir=tmp, path=folder, workers=workers)
                started = time.perf_counter()
                run_candidates_add(args)
                seconds[workers].append(time.perf_counter() - started)
    best = {k: min(v) for k, v in seconds.items()}
    return {
        "files": len(files), "ray_cpus": int(ray.cluster_resources().get("CPU", 0)),  # type: ignore[no-untyped-call]
        "ray_cluster_start_s": round(cluster_s, 2),
        "inprocess_s": [round(s, 2) for s in seconds["inprocess"]],
        "ray_s": [round(s, 2) for s in seconds["ray"]],
        "inprocess_files_per_s": round(len(files) / best["inprocess"], 2),
        "ray_files_per_s": round(len(files) / best["ray"], 2),
        "ray_over_inprocess": round(best["inprocess"] / best["ray"], 3),
    }


def plot_scale(rows: Sequence[dict[str, Any]], path: Path) -> None:
    """Cost against roster size, log-log: retrieval p50, exact scan p50, build time, memory.

    Needs matplotlib (the ``eval`` extra); the numbers are written beside it by the caller.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    engines = sorted({str(r["engine"]) for r in rows})
    for engine in engines:
        mine = sorted((r for r in rows if r["engine"] == engine), key=lambda r: int(r["cvs"]))
        x = [int(r["cvs"]) for r in mine]
        axes[0].plot(x, [r["pool_retrieval"]["p50_ms"] for r in mine], "o-", label=engine)
        # Floors: a tiny build or allocation below the clock's or the allocator's resolution
        # has no logarithm.
        axes[1].plot(x, [max(r["build_s"], 0.01) for r in mine], "o-", label=engine)
        axes[2].plot(x, [max(r["index_rss_mb"], 0.1) for r in mine], "o-", label=engine)
    sizes = sorted({int(r["cvs"]) for r in rows})
    exact = {int(r["cvs"]): r["exact_all_cvs"]["p50_ms"] for r in rows}
    axes[0].plot(sizes, [exact[n] for n in sizes], "k--", label="exact scan (numpy)")
    titles = ("pool retrieval p50 (ms)", "index build (s)", "index memory (MiB)")
    for ax, title in zip(axes, titles, strict=True):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("CVs (50 sentence vectors each, 384-d)")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
