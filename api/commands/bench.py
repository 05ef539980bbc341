"""``bench``: throughput and latency of the service on real resumes and vacancies.

Measures (JSON with ``--json``):

- ``encoder.sentences_per_s``: the raw encoder on CV sentences (batches of 64);
- ``ingest``: CVs stored per second through ``MatchService.add_candidates`` (read, parse,
  encode, store, index) with the same real encoder, and ``ratio_to_encoder``: chunks embedded
  per second during ingest divided by the raw encoder's sentences per second;
- ``rank_pool``: latency of ranking a pool of ``pool_size`` CVs for one vacancy (warm);
- ``rank_vacancies``: latency of ranking ``n_vacancies`` open vacancies for one CV whose chunks
  are already encoded (the unit index preselects, then the scorer re-scores exactly);
- ``faiss_vs_numpy``: exact top-k over the stored unit vectors, FAISS versus numpy;
- ``peak_rss_mb``.

Embedding 2,000 CVs and 3,500 vacancies with a real model takes far longer than the ranking
it is meant to measure, and ranking time does not depend on vector values. So the ranking
populations are embedded with the deterministic hash encoder at the real encoder's width
(``population_encoder`` in the report) unless ``--population-encoder real`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["register", "run_bench"]

_FULL = {"sentences": 1024, "ingest_cvs": 120, "pool": 2000, "vacancies": 3500, "repeats": 20}
_QUICK = {"sentences": 128, "ingest_cvs": 16, "pool": 200, "vacancies": 400, "repeats": 5}
_BATCH = 64


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
    bench.add_argument("--population-encoder", choices=("hash", "real"), default="hash",
                       help="encoder for the ranking populations (see the module docstring)")
    for name in ("sentences", "ingest-cvs", "pool", "vacancies", "repeats"):
        bench.add_argument(f"--{name}", type=int, default=None, metavar="N")
    bench.set_defaults(func=run_bench)


def _real_encoder(name: str | None) -> Any:
    import os

    from index.encoder import DEFAULT_ENCODER, load_encoder

    chosen = name or os.environ.get("JPO_MATCHER_ENCODER") or DEFAULT_ENCODER
    if chosen == "hash":
        from index.fakes import HashEncoder

        return HashEncoder(dim=384)
    return load_encoder(chosen)


def _docs(items: list[tuple[str, str]]) -> list[tuple[Any, str]]:
    from index.readers import read_bytes

    return [(read_bytes(text.encode("utf-8"), name), name) for name, text in items]


def _fill(service: Any, cv_docs: list[tuple[Any, str]], tor_docs: list[tuple[Any, str]]) -> None:
    from index.bench import progress
    from matcher.errors import MatcherError

    for i in range(0, len(tor_docs), 200):
        batch = tor_docs[i:i + 200]
        try:
            service.add_vacancies(batch)
        except MatcherError:
            # A ToR without units fails its batch: add the others one by one.
            for doc in batch:
                try:
                    service.add_vacancies([doc])
                except MatcherError:
                    continue
        progress(f"vacancies stored: {len(service.list_vacancies())}/{len(tor_docs)}")
    for i in range(0, len(cv_docs), 200):
        batch = cv_docs[i:i + 200]
        try:
            service.add_candidates(batch)
        except MatcherError:
            for doc in batch:
                try:
                    service.add_candidates([doc])
                except MatcherError:
                    continue
        progress(f"candidates stored: {len(service.list_candidates())}/{len(cv_docs)}")


def _first_with_units(service: Any, tor_docs: list[tuple[Any, str]], recruiter: str) -> str:
    """Store the first usable ToR as the recruiter's vacancy; return its id."""
    from matcher.errors import MatcherError

    for doc in tor_docs:
        try:
            return str(service.add_vacancies([doc], owner=recruiter)[0].id)
        except MatcherError:
            continue
    raise MatcherError("no usable vacancy in the benchmark data")


def run_bench(args: argparse.Namespace) -> int:
    """Run the benchmark and print the report."""
    from api.service import MatchService
    from index import bench as b
    from index.fakes import HashEncoder
    from matcher.cv import parse_cv

    sizes = dict(_QUICK if args.quick else _FULL)
    for key, attr in (("sentences", "sentences"), ("ingest_cvs", "ingest_cvs"), ("pool", "pool"),
                      ("vacancies", "vacancies"), ("repeats", "repeats")):
        value = getattr(args, attr, None)
        if value is not None:
            sizes[key] = max(1, int(value))
    report: dict[str, Any] = {"sizes": sizes}
    started = time.perf_counter()

    b.progress("loading data")
    resumes, cv_source = b.load_resumes(max(sizes["pool"], sizes["ingest_cvs"] + 1))
    tors, tor_source = b.load_vacancies(sizes["vacancies"])
    report["data"] = {"cvs": cv_source, "vacancies": tor_source}

    b.progress("loading encoder")
    encoder = _real_encoder(args.encoder)
    report["model"] = f"{encoder.model_name}@{encoder.revision}"

    # 1. Raw encoder throughput on CV sentences.
    sentences: list[str] = []
    for name, text in resumes[sizes["ingest_cvs"]:]:
        sentences.extend(parse_cv(text, name).chunks)
        if len(sentences) >= sizes["sentences"]:
            break
    b.progress(f"encoder: {len(sentences[:sizes['sentences']])} sentences")
    report["encoder"] = b.encoder_throughput(encoder, sentences[:sizes["sentences"]],
                                             batch=_BATCH)

    # 2. Ingest with the same encoder: read + parse + encode + store + index.
    ingest_docs = _docs(resumes[:sizes["ingest_cvs"]])
    with tempfile.TemporaryDirectory(prefix="jpo-bench-") as tmp:
        service = MatchService.open(Path(tmp) / "ingest", encoder=encoder)
        try:
            b.progress(f"ingest: {len(ingest_docs)} CVs")
            t0 = time.perf_counter()
            chunks = 0
            for i in range(0, len(ingest_docs), _BATCH):
                stored = service.add_candidates(ingest_docs[i:i + _BATCH])
                chunks += sum(len(c.chunks) for c in stored)
            seconds = time.perf_counter() - t0
        finally:
            service.close()
        enc_rate = report["encoder"]["sentences_per_s"] or 1.0
        report["ingest"] = {
            "cvs": len(ingest_docs), "chunks": chunks, "seconds": round(seconds, 3),
            "cvs_per_s": round(len(ingest_docs) / seconds, 3),
            "chunks_per_s": round(chunks / seconds, 2),
            "ratio_to_encoder": round(chunks / seconds / enc_rate, 3),
        }

        # 3. Ranking populations.
        population = encoder if args.population_encoder == "real" else HashEncoder(
            dim=encoder.dim)
        report["population_encoder"] = f"{population.model_name}@{population.revision}"
        service = MatchService.open(Path(tmp) / "population", encoder=population)
        try:
            b.progress(f"population: reading {len(tors)} vacancies and {sizes['pool']} CVs")
            tor_docs = _docs(tors)
            recruiter = service.recruiter_for(service.create_recruiter("bench"))
            owned = _first_with_units(service, tor_docs, recruiter)
            _fill(service, _docs(resumes[:sizes["pool"]]), tor_docs)
            pool = [c["id"] for c in service.list_candidates()]
            with service.store.transaction():
                for i, cid in enumerate(pool):
                    service.store.add_application(f"bench-{i}", owned, cid, "not-a-token")
            b.progress(f"rank_pool: {len(pool)} CVs x {sizes['repeats']}")
            # The first ranking scores every pair; later ones reuse the pair results (same
            # vacancy, CV, model and config) and only re-rank and audit.
            cold_ms = b.time_calls(lambda: service.rank_pool(owned, recruiter), 1, warmup=0)
            pool_ms = b.time_calls(lambda: service.rank_pool(owned, recruiter), sizes["repeats"],
                                   warmup=0)
            report["rank_pool"] = {"pool_size": len(pool), "cold_ms": round(cold_ms[0], 1),
                                   **b.percentiles(pool_ms)}

            name, text = resumes[0]
            candidate = parse_cv(text, name)
            chunk_vecs = population.encode(list(candidate.chunks), kind="passage")
            n_vac = len(service.list_vacancies())
            b.progress(f"rank_vacancies: {n_vac} vacancies x {sizes['repeats']}")
            vac_ms = b.time_calls(
                lambda: service.rank_vacancies_for(candidate, chunk_vecs), sizes["repeats"])
            report["rank_vacancies"] = {"n_vacancies": n_vac, **b.percentiles(vac_ms)}

            unit_ids = service.catalog.owner_ids("unit")
            matrices = [service.catalog.vectors_of("unit", v) for v in unit_ids]
            import numpy as np

            stacked = np.concatenate([m.matrix for m in matrices if m is not None], axis=0)
            report["faiss_vs_numpy"] = b.faiss_vs_numpy(
                len(stacked), encoder.dim, vectors=stacked, queries=chunk_vecs,
                repeats=sizes["repeats"],
            )
        finally:
            service.close()
    report["peak_rss_mb"] = b.peak_rss_mb()
    report["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(_render(report))
    return 0


def _render(report: dict[str, Any]) -> str:
    enc, ing = report["encoder"], report["ingest"]
    pool, vac = report["rank_pool"], report["rank_vacancies"]
    fvn = report["faiss_vs_numpy"]
    return (
        f"model            {report['model']} (populations: {report['population_encoder']})\n"
        f"encoder          {enc['sentences_per_s']:.1f} sentences/s\n"
        f"ingest           {ing['cvs_per_s']:.2f} CVs/s, {ing['chunks_per_s']:.1f} chunks/s "
        f"= {ing['ratio_to_encoder']:.0%} of the raw encoder\n"
        f"rank pool        {pool['pool_size']} CVs: first {pool['cold_ms']} ms, warm p50 "
        f"{pool['p50_ms']} ms, p95 {pool['p95_ms']} ms\n"
        f"rank vacancies   {vac['n_vacancies']} vacancies: p50 {vac['p50_ms']} ms, "
        f"p95 {vac['p95_ms']} ms\n"
        f"faiss vs numpy   {fvn['n_vectors']} vectors: faiss {fvn['faiss_p50_ms']} ms, "
        f"numpy {fvn['numpy_p50_ms']} ms, top-k overlap {fvn['topk_overlap']}\n"
        f"peak RSS         {report['peak_rss_mb']} MiB\n"
    )
