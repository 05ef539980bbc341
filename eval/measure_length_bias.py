"""Measure the length bias of CV scoring: short ideal-fit CVs hidden in a crowd of long resumes.

For each seed ToR, a short hand-written CV that fits it (paraphrased, not copied) is mixed into a
crowd of long real resumes (livecareer, read at run time from the third-party data; nothing is
copied into the repository). Each system ranks the crowd plus the ideal CV for that ToR; the
report gives the ideal CV's rank (1 = best) per system:

* ``naive``: mean over units of the best chunk cosine (the biased baseline of docs/architecture.md);
* ``bm25``: bm25s over whole documents, query = all units of the ToR;
* ``lexical``: the saturated lexical component of :mod:`matcher.lexical` alone;
* ``corrected``: :func:`matcher.scoring.score_candidates` with a given :class:`ScoringConfig`.

Usage::

    .venv/bin/python -m eval.measure_length_bias --encoder minilm --seed 0 --crowd 400
    .venv/bin/python -m eval.measure_length_bias --encoder e5 --seed 1 --json

Vectors are cached in a SQLite file outside the repository (``--cache``), so reruns with other
configs do not re-encode.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from eval.locations import EXAMPLE_VACANCIES, eval_data_root
from matcher.models import Candidate, Vacancy
from matcher.ports import STATEMENT_KIND, Encoder, FloatMatrix
from matcher.scoring import BACKGROUND_SENTENCES, ScoringConfig, score_candidates
from matcher.statements import chunk_texts, unit_texts
from matcher.text import split_sentences
from matcher.tor import parse_vacancy

__all__ = ["IDEAL_CVS", "main", "measure"]

RESUMES = eval_data_root() / "livecareer-resumes/resumes.jsonl.gz"
SEEDS = EXAMPLE_VACANCIES
#: A resume is "long" from this many characters (the median livecareer resume has ~5,600).
MIN_CHARS = 4000

#: Short ideal-fit CVs, one per seed ToR (keyed by seed file name). Written for this
#: measurement: each paraphrases the ToR's duties the way a strong applicant would.
IDEAL_CVS: dict[str, str] = {
    "000_cd5431b3734e23ae.txt": """\
Policy Officer, peacekeeping policy and strategic planning.
Assessed ongoing policy issues for UN peacekeeping operations and tracked emerging dilemmas.
Gathered views from peacekeeping experts at headquarters and in field missions to inform policy.
Wrote policy papers, analytical notes and proposals on peace operations for senior leadership.
Drafted talking points, speeches and briefing materials for senior management meetings.
Supported strategic planning and follow-up to reviews of UN peace operations.
Planned project budgets and work plans for a policy unit, working with little supervision.
Liaised with field support and partner departments on policy development.
MA International Relations, 2020. Languages: English (fluent), French (working knowledge).""",
    "001_7792897bda67b344.txt": """\
Political Affairs Officer, peacekeeping guidance and lessons learned.
Drafted and revised guidance, lessons-learned reports and best practice material for peacekeeping.
Analysed emerging cross-cutting peacekeeping policy issues and proposed forward-looking options.
Monitored national and regional political developments and advised field missions.
Maintained relations with UN partners, academia and research institutes on peace and security.
Promoted knowledge sharing and organisational learning across the peace and security pillar.
Took part in fact-finding missions and drafted talking points, concept notes and code cables.
MA Political Science, 2019. Languages: English (native), French (intermediate).""",
    "002_43fea7913431b70e.txt": """\
Civil Affairs Officer, conflict analysis and data for peace operations.
Maintained a civil affairs activities database and produced data analytics on field impact.
Rolled out local conflict analysis and planning tools and trained facilitators in missions.
Organised brown-bag forums to share planning practice across UN departments and NGOs.
Aligned field office analysis and planning with community engagement guidance.
Managed a quick impact projects database and issued quarterly reports to stakeholders.
Wrote evidence-based strategic communication on the results of civil affairs work.
MA Conflict Studies, 2020. Languages: English (fluent), French (B2).""",
    "003_7cdb167dd092bd14.txt": """\
Security Sector Reform Associate, knowledge management and guidance.
Supported the development and roll-out of security sector reform guidance modules.
Collected and analysed good practices and lessons learnt on SSR and coordinated expert groups.
Communicated SSR knowledge products to UN counterparts and international partners.
Answered requests for SSR support from peace operations and inter-agency partners.
Organised seminars and workshops, including agendas, invitations and logistics.
Drafted policy notes, briefing notes, cables and talking points on security sector governance.
Liaised with Member States, donors and regional organisations on SSR programmes.
MA Security Studies, 2021. Languages: English (fluent), Spanish (native).""",
    "004_249af54981b55b58.txt": """\
Protection of Civilians Officer, information integrity, MONUSCO North Kivu.
Acted as protection of civilians focal point for a field office and its senior management group.
Set up information repositories and tracking matrices for the protection of civilians unit.
Analysed trends in threats to civilians with the joint operations centre and early warning data.
Monitored the digital environment for misinformation and disinformation that endangers civilians.
Developed guidance and training on information integrity and harmful information risks.
Managed a community of practice on countering mis- and disinformation.
Produced analytical reports, concept notes, talking points and PowerPoint briefings.
MA Human Rights, 2020. Languages: French (C2), English (C1).""",
}


def chunk_text(text: str) -> list[str]:
    """CV chunks: each line, split into sentences; fragments under three words are dropped."""
    chunks: list[str] = []
    for line in text.splitlines():
        for sentence in split_sentences(line):
            if len(sentence.split()) >= 3:
                chunks.append(sentence)
    return chunks


def load_crowd(size: int, seed: int, min_chars: int = MIN_CHARS) -> list[tuple[str, str]]:
    """A random sample of long livecareer resumes: (id, text)."""
    with gzip.open(RESUMES, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    long_rows = sorted(
        ((str(r["id"]), str(r["text"])) for r in rows if len(r["text"]) >= min_chars),
        key=lambda r: r[0],
    )
    return random.Random(seed).sample(long_rows, size)


def make_candidate(cid: str, text: str) -> Candidate:
    return Candidate(
        id=cid,
        source=cid,
        degrees=(),
        experience=(),
        total_years=None,
        languages=(),
        nationalities=(),
        chunks=tuple(chunk_text(text)),
        text=text,
    )


def rank_of(scores: Sequence[float], ids: Sequence[str], target: str) -> int:
    """1-based rank of ``target`` (ties broken by id, as in matcher.ranking)."""
    order = sorted(range(len(ids)), key=lambda i: (-scores[i], ids[i]))
    return 1 + [ids[i] for i in order].index(target)


def bm25_scores(query: str, docs: Sequence[str]) -> list[float]:
    """Plain bm25s (default k1/b, English stop words) over whole documents."""
    import bm25s

    retriever = bm25s.BM25()
    corpus_tokens = bm25s.tokenize(list(docs), stopwords="en", show_progress=False)
    retriever.index(corpus_tokens, show_progress=False)
    query_tokens = bm25s.tokenize([query], stopwords="en", return_ids=False, show_progress=False)
    return [float(s) for s in retriever.get_scores(query_tokens[0])]


def measure(
    encoder: Encoder,
    crowd: list[tuple[str, str]],
    configs: dict[str, ScoringConfig],
) -> dict[str, Any]:
    """Rank each ideal CV inside the crowd for each system; return ranks and timings."""
    crowd_cands = [make_candidate(f"crowd-{rid}", text) for rid, text in crowd]
    started = time.perf_counter()
    crowd_vecs = [encoder.encode(chunk_texts(c), kind=STATEMENT_KIND) for c in crowd_cands]
    background = encoder.encode(list(BACKGROUND_SENTENCES), kind=STATEMENT_KIND)
    encode_s = time.perf_counter() - started
    results: dict[str, Any] = {"per_seed": {}, "encode_seconds": round(encode_s, 1)}
    for seed_name, cv_text in IDEAL_CVS.items():
        vacancy: Vacancy = parse_vacancy((SEEDS / seed_name).read_text(encoding="utf-8"), seed_name)
        units = unit_texts(vacancy)
        unit_vecs: FloatMatrix = encoder.encode(units, kind=STATEMENT_KIND)
        ideal = make_candidate("ideal", cv_text)
        ideal_vecs = encoder.encode(chunk_texts(ideal), kind=STATEMENT_KIND)
        cands = [ideal, *crowd_cands]
        mats = [ideal_vecs, *crowd_vecs]
        ids = [c.id for c in cands]
        ranks: dict[str, int] = {}
        zs: dict[str, float] = {}
        naive = [float((unit_vecs @ m.T).max(axis=1).mean()) if len(m) else 0.0 for m in mats]
        ranks["naive"] = rank_of(naive, ids, "ideal")
        zs["naive"] = ideal_z(naive)
        bm25 = bm25_scores(" ".join(units), [c.text for c in cands])
        ranks["bm25"] = rank_of(bm25, ids, "ideal")
        zs["bm25"] = ideal_z(bm25)
        padding = padding_effect(vacancy, unit_vecs, ideal, ideal_vecs, crowd_cands[:PADDINGS],
                                 crowd_vecs[:PADDINGS], configs, background)
        for name, config in configs.items():
            t0 = time.perf_counter()
            scored = score_candidates(
                vacancy, unit_vecs, cands, mats, config, background=background
            )
            elapsed = time.perf_counter() - t0
            ranks[name] = rank_of([r.score for r in scored], ids, "ideal")
            zs[name] = ideal_z([r.score for r in scored])
            if name == "lexical_only":
                continue
            results.setdefault("score_seconds", {})[name] = round(elapsed, 3)
            results.setdefault("ideal_scores", {}).setdefault(name, {})[seed_name] = scored[0].score
            crowd_scores = sorted((r.score for r in scored[1:]), reverse=True)
            results.setdefault("crowd_top3", {}).setdefault(name, {})[seed_name] = crowd_scores[:3]
        # A harder probe: a terse CV (headline and first three lines) covers only part of the
        # duties, so chance maxima of long resumes come closer to it.
        head = ideal.chunks[:4]
        terse = dataclasses.replace(ideal, chunks=head, text="\n".join(head))
        terse_mats = [ideal_vecs[:4], *crowd_vecs]
        terse_cands = [terse, *crowd_cands]
        naive_terse = [
            float((unit_vecs @ m.T).max(axis=1).mean()) if len(m) else 0.0 for m in terse_mats
        ]
        ranks["naive@terse"] = rank_of(naive_terse, ids, "ideal")
        bm25_terse = bm25_scores(" ".join(units), [c.text for c in terse_cands])
        ranks["bm25@terse"] = rank_of(bm25_terse, ids, "ideal")
        for name, config in configs.items():
            scored = score_candidates(
                vacancy, unit_vecs, terse_cands, terse_mats, config, background=background
            )
            ranks[f"{name}@terse"] = rank_of([r.score for r in scored], ids, "ideal")
        results["per_seed"][seed_name] = {
            "units": len(units),
            "ideal_chunks": len(ideal.chunks),
            "ranks": ranks,
            "ideal_z": zs,
            "padding_delta": padding,
        }
    crowd_lengths = [len(c.chunks) for c in crowd_cands]
    results["crowd"] = {
        "size": len(crowd),
        "median_chunks": float(np.median(crowd_lengths)),
        "min_chunks": int(min(crowd_lengths)),
    }
    return results


#: How many crowd resumes are appended, one at a time, to each ideal CV in the padding probe.
PADDINGS = 5


def ideal_z(scores: Sequence[float]) -> float:
    """How far the ideal CV (index 0) stands above the crowd, in crowd standard deviations."""
    crowd = np.asarray(scores[1:], dtype=np.float64)
    spread = float(crowd.std()) or 1.0
    return round((float(scores[0]) - float(crowd.mean())) / spread, 2)


def padding_effect(
    vacancy: Vacancy,
    unit_vecs: FloatMatrix,
    ideal: Candidate,
    ideal_vecs: FloatMatrix,
    paddings: Sequence[Candidate],
    padding_vecs: Sequence[FloatMatrix],
    configs: dict[str, ScoringConfig],
    background: FloatMatrix,
) -> dict[str, float]:
    """Mean score change (0-100 points) when a whole real resume is appended to the ideal CV.

    A length-robust scorer should not gain from the padding: the appended resume is irrelevant.
    """
    padded = [
        dataclasses.replace(
            ideal, id=f"padded-{p.id}", chunks=ideal.chunks + p.chunks, text=ideal.text + p.text
        )
        for p in paddings
    ]
    mats = [np.concatenate([ideal_vecs, v]) for v in padding_vecs]
    naive_base = 100 * float((unit_vecs @ ideal_vecs.T).max(axis=1).mean())
    naive = [100 * float((unit_vecs @ m.T).max(axis=1).mean()) for m in mats]
    out = {"naive": round(float(np.mean(naive)) - naive_base, 2)}
    for name, config in configs.items():
        base = score_candidates(vacancy, unit_vecs, [ideal], [ideal_vecs], config,
                                background=background)[0].score
        scored = score_candidates(vacancy, unit_vecs, padded, mats, config, background=background)
        out[name] = round(float(np.mean([r.score for r in scored])) - base, 2)
    return out


def default_configs() -> dict[str, ScoringConfig]:
    base = ScoringConfig()
    return {
        "corrected": base,
        "semantic_only": dataclasses.replace(base, lexical_weight=0.0),
        "lexical_only": dataclasses.replace(base, lexical_weight=1.0),
        "q50": dataclasses.replace(base, chance_quantile=0.5),
        "with_precision": dataclasses.replace(base, precision_weight=0.2),
    }


def grid_configs() -> dict[str, ScoringConfig]:
    """The calibration grid searched on the tuning crowd (``--grid``)."""
    configs: dict[str, ScoringConfig] = {}
    for lexical in (0.0, 0.2, 0.3, 0.5):
        for quantile in (0.5, 0.9):
            for z_full in (2.0, 4.0, 6.0):
                for precision in (0.0, 0.2):
                    name = f"lex{lexical}_q{quantile}_z{z_full}_p{precision}"
                    configs[name] = ScoringConfig(
                        lexical_weight=lexical,
                        chance_quantile=quantile,
                        z_full=z_full,
                        precision_weight=precision,
                    )
    return configs


def summarise(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per system: mean rank, worst rank and how many ideal CVs are in the top 3."""
    per_system: dict[str, list[int]] = {}
    for row in report["per_seed"].values():
        for name, rank in row["ranks"].items():
            per_system.setdefault(name, []).append(rank)
    rows = list(report["per_seed"].values())
    return {
        name: {
            "mean_rank": round(float(np.mean(ranks)), 1),
            "worst_rank": float(max(ranks)),
            "top3": float(sum(r <= 3 for r in ranks)),
            "mean_ideal_z": round(
                float(np.mean([r["ideal_z"].get(name, np.nan) for r in rows])), 2
            ),
            "mean_padding_delta": round(
                float(np.mean([r["padding_delta"].get(name, np.nan) for r in rows])), 2
            ),
        }
        for name, ranks in per_system.items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--encoder", default="minilm")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--crowd", type=int, default=400)
    parser.add_argument("--cache", default="/tmp/jpo-length-bias-cache.sqlite")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--grid", action="store_true", help="search the calibration grid")
    parser.add_argument(
        "--part",
        choices=("all", "A", "B"),
        default="all",
        help="A/B: first/second half of the sampled crowd (tune on one, check on the other)",
    )
    parser.add_argument("--limit", type=int, default=0, help="use only the first N of the crowd")
    args = parser.parse_args(argv)

    from index.encoder import CachedEncoder, load_encoder

    encoder = CachedEncoder(load_encoder(args.encoder), args.cache)
    crowd = load_crowd(args.crowd, args.seed)
    if args.limit:
        crowd = crowd[: args.limit]
    half = len(crowd) // 2
    crowd = {"all": crowd, "A": crowd[:half], "B": crowd[half:]}[args.part]
    configs = {**default_configs(), **(grid_configs() if args.grid else {})}
    report = measure(encoder, crowd, configs)
    report["summary"] = summarise(report)
    report["encoder"] = args.encoder
    report["seed"] = args.seed
    report["part"] = args.part
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return 0
    names = list(next(iter(report["per_seed"].values()))["ranks"])
    lines = [f"encoder={args.encoder} seed={args.seed} crowd={args.crowd}",
             "seed".ljust(28) + "".join(n.rjust(15) for n in names)]
    for seed_name, row in report["per_seed"].items():
        lines.append(seed_name.ljust(28) + "".join(str(row["ranks"][n]).rjust(15) for n in names))
    lines.append(json.dumps({k: v for k, v in report.items() if k != "per_seed"}))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
