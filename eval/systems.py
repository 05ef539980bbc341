"""Ranking systems under evaluation: baselines, the full matcher and its ablations.

Every system turns an :class:`~eval.datasets.EvalTask` into a run ``{query_id: {doc_id: score}}``
over each query's pool. The matcher systems share one :class:`SystemContext`, which parses every
text once and encodes every unit and chunk once (through the encoder's own cache), so adding a
system costs scoring time only.

Systems (:data:`SYSTEMS`):

- ``random``: seeded uniform scores (a floor).
- ``bm25``: Okapi BM25 (``bm25s``, Lucene variant, English stop words) of the query text against
  each document; the reference for significance tests.
- ``tfidf``: cosine of sublinear TF-IDF vectors (own implementation).
- ``dense``: cosine of one embedding per whole document (the encoder truncates long texts).
- ``maxsim``: mean over vacancy units of the best CV-chunk cosine, no checks, no correction.
- ``matcher``: the full scorer (:func:`matcher.scoring.score_candidates`) with checks, ranked by
  :func:`matcher.ranking.rank_results` (eligible and needs-review above ineligible). The rank
  order becomes the run's scores (``n - rank``) so that ranx sees exactly that order.
- ``matcher-no-learning``: the same with ``learning_weight = 0``.
- ``matcher-no-checks``: the full score, ranked by score only (eligibility ignored).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eval.datasets import EvalItem, EvalTask
from eval.metrics import Run
from matcher.errors import MatcherError
from matcher.models import Candidate, MatchResult, Vacancy
from matcher.pipeline import encode_background, encode_chunks, encode_units
from matcher.ports import Encoder, FloatMatrix
from matcher.scoring import DEFAULT_CONFIG, ScoringConfig, score_candidates
from matcher.text import content_id, split_sentences

__all__ = [
    "DEFAULT_SYSTEMS",
    "SYSTEMS",
    "SystemContext",
    "bm25_run",
    "dense_run",
    "describe",
    "matcher_run",
    "maxsim_run",
    "random_run",
    "run_system",
    "score_task",
    "tfidf_run",
]

#: Units or chunks taken from raw sentences when the parser finds none (a query that is not a
#: ToR, a CV without structure); bounded so one odd document cannot dominate encoding time.
MAX_FALLBACK_SENTENCES = 60


@dataclass(slots=True)
class SystemContext:
    """Parsed documents and vectors shared by the systems of one evaluation.

    Args:
        encoder: the encoder of texts whose vectors must not outlive the run (third-party
            CVs): an ``index.encoder.CachedEncoder`` in memory.
        config: the matcher's scoring configuration.
        seed: seed of the ``random`` system.
        kept_encoder: the encoder of the texts whose vectors may be kept on disk between runs
            (a ``CachedEncoder`` on a file): vacancies (public postings), the background
            sentences and the CVs of this repository (``EvalItem.in_repository``). None:
            ``encoder`` encodes everything.
    """

    encoder: Encoder
    config: ScoringConfig = DEFAULT_CONFIG
    seed: int = 13
    kept_encoder: Encoder | None = None
    _vacancies: dict[str, Vacancy] = field(default_factory=dict)
    _candidates: dict[str, Candidate] = field(default_factory=dict)
    _unit_vecs: dict[str, FloatMatrix] = field(default_factory=dict)
    _chunk_vecs: dict[str, FloatMatrix] = field(default_factory=dict)
    _doc_vecs: dict[tuple[str, str], FloatMatrix] = field(default_factory=dict)
    _background: FloatMatrix | None = None
    #: Ids of the parsed CVs whose item is in the repository (their vectors may be kept).
    _kept_cvs: set[str] = field(default_factory=set)
    #: Matcher results per (task name, config hash), shared by the matcher systems.
    results_cache: dict[tuple[str, str], dict[str, dict[str, MatchResult]]] = field(
        default_factory=dict
    )
    #: Parser failures by exception type (the text falls back to plain sentences).
    parse_errors: Counter[str] = field(default_factory=Counter)

    @property
    def parse_failures(self) -> int:
        """How many texts the parsers could not read (they were split into sentences)."""
        return sum(self.parse_errors.values())

    def _failed(self, exc: Exception) -> None:
        # A parser bug must not sink the evaluation, but it must show in the report: only the
        # exception type is kept (messages may quote CV text).
        kind = "MatcherError" if isinstance(exc, MatcherError) else type(exc).__name__
        self.parse_errors[kind] += 1

    @staticmethod
    def _key(item: EvalItem) -> str:
        base = content_id(item.text) if item.text.strip() else f"empty:{item.id}"
        return f"{base}@{item.as_of}" if item.as_of else base

    def vacancy(self, item: EvalItem) -> Vacancy:
        """The parsed vacancy of ``item`` (sentences as duties when the parser finds no units)."""
        key = self._key(item)
        if key not in self._vacancies:
            self._vacancies[key] = self._parse_vacancy(item)
        return self._vacancies[key]

    def candidate(self, item: EvalItem) -> Candidate:
        """The parsed CV of ``item`` (sentences as chunks when the parser finds none)."""
        key = self._key(item)
        if key not in self._candidates:
            self._candidates[key] = self._parse_cv(item)
        candidate = self._candidates[key]
        if item.in_repository:
            self._kept_cvs.add(candidate.id)
        return candidate

    @property
    def _kept(self) -> Encoder:
        return self.kept_encoder if self.kept_encoder is not None else self.encoder

    def _parse_vacancy(self, item: EvalItem) -> Vacancy:
        from matcher.tor import parse_vacancy

        try:
            vacancy = parse_vacancy(item.text, item.id)
        except Exception as exc:  # noqa: BLE001 - counted and reported, never fatal
            self._failed(exc)
            vacancy = Vacancy(
                id=content_id(item.text),
                source=item.id,
                title=item.title or None,
                reference=None,
                organization=None,
                duty_stations=(),
                duration_months=None,
                duties=(),
                learning_elements=(),
            )
        if not vacancy.units():
            duties = tuple(split_sentences(item.text)[:MAX_FALLBACK_SENTENCES]) or (item.text,)
            vacancy = dataclasses.replace(vacancy, duties=duties)
        return vacancy

    def _parse_cv(self, item: EvalItem) -> Candidate:
        from matcher.cv import parse_cv

        try:
            as_of = datetime.date.fromisoformat(item.as_of) if item.as_of else None
            candidate = parse_cv(item.text, item.id, as_of=as_of)
        except Exception as exc:  # noqa: BLE001 - counted and reported, never fatal
            self._failed(exc)
            candidate = Candidate(
                id=content_id(item.text),
                source=item.id,
                degrees=(),
                experience=(),
                total_years=None,
                languages=(),
                nationalities=(),
                chunks=(),
                text=item.text,
            )
        if not candidate.chunks:
            chunks = tuple(split_sentences(item.text)[:MAX_FALLBACK_SENTENCES]) or (item.text,)
            candidate = dataclasses.replace(candidate, chunks=chunks)
        return candidate

    def prepare(self, items: Iterable[EvalItem]) -> None:
        """Parse every item and encode all units and chunks in two batched calls."""
        vacancies: list[Vacancy] = []
        candidates: list[Candidate] = []
        for item in items:
            if item.kind == "vacancy":
                vacancies.append(self.vacancy(item))
            else:
                candidates.append(self.candidate(item))
        self.prepare_parsed(vacancies, candidates)

    def prepare_parsed(self, vacancies: Sequence[Vacancy], candidates: Sequence[Candidate]) -> None:
        """Encode the units and chunks not encoded yet, in one batched call per side."""
        todo_v = [v for v in vacancies if v.id not in self._unit_vecs]
        todo_c = [c for c in candidates if c.id not in self._chunk_vecs]
        if todo_v:
            self._unit_vecs.update(
                zip((v.id for v in todo_v), encode_units(self._kept, todo_v), strict=True))
        for encoder, part in (
            (self._kept, [c for c in todo_c if c.id in self._kept_cvs]),
            (self.encoder, [c for c in todo_c if c.id not in self._kept_cvs]),
        ):
            if part:
                self._chunk_vecs.update(
                    zip((c.id for c in part), encode_chunks(encoder, part), strict=True))

    def unit_vectors(self, vacancy: Vacancy) -> FloatMatrix:
        """Vectors of ``vacancy.units()``, in order."""
        if vacancy.id not in self._unit_vecs:
            self.prepare_parsed([vacancy], [])
        return self._unit_vecs[vacancy.id]

    def chunk_vectors(self, candidate: Candidate) -> FloatMatrix:
        """Vectors of ``candidate.chunks``, in order."""
        if candidate.id not in self._chunk_vecs:
            self.prepare_parsed([], [candidate])
        return self._chunk_vecs[candidate.id]

    def background(self) -> FloatMatrix:
        """The scorer's background sentences, encoded once."""
        if self._background is None:
            self._background = encode_background(self._kept)
        return self._background

    def document_vectors(self, items: Sequence[EvalItem], kind: str) -> FloatMatrix:
        """One vector per whole text (``kind`` "query" or "passage")."""
        missing = [it for it in items if (kind, self._key(it)) not in self._doc_vecs]
        for encoder, part in (
            (self._kept, [it for it in missing if it.kind == "vacancy" or it.in_repository]),
            (self.encoder, [it for it in missing
                            if not (it.kind == "vacancy" or it.in_repository)]),
        ):
            if part:
                vecs = encoder.encode([it.text for it in part], kind=kind)
                for it, vec in zip(part, vecs, strict=True):
                    self._doc_vecs[(kind, self._key(it))] = vec
        if not items:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        return np.stack([self._doc_vecs[(kind, self._key(it))] for it in items])


# --------------------------------------------------------------------------- lexical baselines

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_STOP = frozenset(
    "the and for with from that this are was were have has had not but all any can will our "
    "you your their his her its into out per via over under who whom which what when where how "
    "les des une pour dans avec sur par que qui los las del para con por una".split()
)


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP]


def random_run(task: EvalTask, seed: int = 13) -> Run:
    """Seeded uniform scores; the same seed, task and query give the same ranking."""
    run: Run = {}
    for query_id in task.qrels:
        digest = hashlib.sha256(f"{seed}:{task.name}:{query_id}".encode()).hexdigest()
        rng = random.Random(int(digest[:16], 16))
        run[query_id] = {doc_id: rng.random() for doc_id in sorted(task.pool(query_id))}
    return run


def bm25_run(task: EvalTask) -> Run:
    """BM25 (bm25s, Lucene variant, English stop words) over the task's documents."""
    import bm25s

    # bm25s logs every index build at DEBUG through its own handler: keep stderr for the bar.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    doc_ids = list(task.docs)
    if not doc_ids:
        return {q: {} for q in task.qrels}
    corpus = bm25s.tokenize(
        [task.docs[d].text for d in doc_ids], stopwords="en", show_progress=False
    )
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    position = {d: i for i, d in enumerate(doc_ids)}
    run: Run = {}
    for query_id in task.qrels:
        tokens = bm25s.tokenize(
            [task.queries[query_id].text], stopwords="en", return_ids=False, show_progress=False
        )[0]
        scores = retriever.get_scores(list(tokens)) if tokens else np.zeros(len(doc_ids))
        run[query_id] = {d: float(scores[position[d]]) for d in task.pool(query_id)}
    return run


def tfidf_run(task: EvalTask) -> Run:
    """Cosine of sublinear TF-IDF vectors; IDF from the task's documents (smoothed)."""
    doc_tf = {d: Counter(_tokens(item.text)) for d, item in task.docs.items()}
    df: Counter[str] = Counter()
    for counts in doc_tf.values():
        df.update(counts.keys())
    n_docs = len(doc_tf)

    def weights(counts: Mapping[str, int]) -> dict[str, float]:
        vec = {
            t: (1.0 + math.log(c)) * (math.log((1 + n_docs) / (1 + df.get(t, 0))) + 1.0)
            for t, c in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    doc_vecs = {d: weights(c) for d, c in doc_tf.items()}
    run: Run = {}
    for query_id in task.qrels:
        q = weights(Counter(_tokens(task.queries[query_id].text)))
        run[query_id] = {
            d: float(sum(w * doc_vecs[d].get(t, 0.0) for t, w in q.items()))
            for d in task.pool(query_id)
        }
    return run


# --------------------------------------------------------------------------- embedding systems


def _side_kind(item: EvalItem) -> str:
    # Vacancy text plays the query role for asymmetric encoders, as units do in the matcher.
    return "query" if item.kind == "vacancy" else "passage"


def dense_run(task: EvalTask, ctx: SystemContext) -> Run:
    """Cosine between one whole-text embedding per query and per document."""
    run: Run = {}
    doc_ids = list(task.docs)
    doc_items = [task.docs[d] for d in doc_ids]
    doc_kind = _side_kind(doc_items[0]) if doc_items else "passage"
    doc_vecs = ctx.document_vectors(doc_items, doc_kind)
    position = {d: i for i, d in enumerate(doc_ids)}
    for query_id in task.qrels:
        query = task.queries[query_id]
        qvec = ctx.document_vectors([query], _side_kind(query))[0]
        pool = task.pool(query_id)
        idx = np.asarray([position[d] for d in pool], dtype=np.int64)
        sims = doc_vecs[idx] @ qvec if len(idx) else np.zeros(0)
        run[query_id] = {d: float(s) for d, s in zip(pool, sims, strict=True)}
    return run


def _pairs(
    task: EvalTask, ctx: SystemContext, query_id: str
) -> tuple[list[str], list[tuple[Vacancy, Candidate]]]:
    query = task.queries[query_id]
    pool = list(task.pool(query_id))
    pairs = []
    for doc_id in pool:
        doc = task.docs[doc_id]
        vac_item, cv_item = (query, doc) if query.kind == "vacancy" else (doc, query)
        pairs.append((ctx.vacancy(vac_item), ctx.candidate(cv_item)))
    return pool, pairs


def maxsim_run(task: EvalTask, ctx: SystemContext) -> Run:
    """Mean over vacancy units of the best chunk cosine (no checks, no length correction)."""
    ctx.prepare([*task.queries.values(), *task.docs.values()])
    run: Run = {}
    for query_id in task.qrels:
        pool, pairs = _pairs(task, ctx, query_id)
        scores: dict[str, float] = {}
        for doc_id, (vacancy, candidate) in zip(pool, pairs, strict=True):
            units = ctx.unit_vectors(vacancy)
            chunks = ctx.chunk_vectors(candidate)
            if units.shape[0] == 0 or chunks.shape[0] == 0:
                scores[doc_id] = 0.0
                continue
            scores[doc_id] = float((units @ chunks.T).max(axis=1).mean())
        run[query_id] = scores
    return run


def score_task(
    task: EvalTask, ctx: SystemContext, config: ScoringConfig
) -> dict[str, dict[str, MatchResult]]:
    """Matcher results for every (query, pool document) pair: ``{query_id: {doc_id: result}}``.

    Pairs are grouped by vacancy and scored with one :func:`score_candidates` call per vacancy,
    whichever side the query is on: the vacancy context (background, lexical model) is then
    built once per vacancy instead of once per pair, and the numbers equal
    :func:`matcher.scoring.score_pair`'s. Results are cached in ``ctx`` per task and config.
    """
    key = (task.name, config.config_hash())
    cached = ctx.results_cache.get(key)
    if cached is not None:
        return cached
    ctx.prepare([*task.queries.values(), *task.docs.values()])
    # vacancy item id -> (vacancy item, [(query_id, doc_id, cv item)])
    groups: dict[str, tuple[EvalItem, list[tuple[str, str, EvalItem]]]] = {}
    for query_id in task.qrels:
        query = task.queries[query_id]
        for doc_id in task.pool(query_id):
            doc = task.docs[doc_id]
            vac_item, cv_item = (query, doc) if query.kind == "vacancy" else (doc, query)
            groups.setdefault(vac_item.id, (vac_item, []))[1].append((query_id, doc_id, cv_item))
    out: dict[str, dict[str, MatchResult]] = {q: {} for q in task.qrels}
    background = ctx.background()
    for vac_item, members in groups.values():
        vacancy = ctx.vacancy(vac_item)
        candidates = [ctx.candidate(cv_item) for _, _, cv_item in members]
        results = score_candidates(
            vacancy,
            ctx.unit_vectors(vacancy),
            candidates,
            [ctx.chunk_vectors(c) for c in candidates],
            config,
            background=background,
        )
        for (query_id, doc_id, _), result in zip(members, results, strict=True):
            out[query_id][doc_id] = result
    ctx.results_cache[key] = out
    return out


def matcher_run(
    task: EvalTask,
    ctx: SystemContext,
    *,
    config: ScoringConfig | None = None,
    use_checks: bool = True,
    results_out: dict[str, dict[str, MatchResult]] | None = None,
) -> Run:
    """The full matcher; ``use_checks=False`` ranks by score only (an ablation).

    With checks, the order is :func:`matcher.ranking.rank_results` and the run's scores are
    ``n - rank``; without, the run's scores are the 0–100 scores themselves.
    """
    from matcher.ranking import rank_results

    cfg = config if config is not None else ctx.config
    scored = score_task(task, ctx, cfg)
    run: Run = {}
    for query_id in task.qrels:
        pool = list(scored[query_id])
        results = [scored[query_id][d] for d in pool]
        if results_out is not None:
            results_out[query_id] = dict(zip(pool, results, strict=True))
        if not use_checks:
            run[query_id] = {d: float(r.score) for d, r in zip(pool, results, strict=True)}
            continue
        doc_of = {id(r): d for d, r in zip(pool, results, strict=True)}
        ranked = rank_results(results)
        n = len(ranked)
        run[query_id] = {doc_of[id(r)]: float(n - i) for i, r in enumerate(ranked)}
    return run


def _no_learning(config: ScoringConfig) -> ScoringConfig:
    return dataclasses.replace(config, learning_weight=0.0)


SystemFn = Callable[[EvalTask, SystemContext], Run]

#: System name → function. ``bm25`` is the significance baseline.
SYSTEMS: dict[str, SystemFn] = {
    "random": lambda task, ctx: random_run(task, ctx.seed),
    "bm25": lambda task, _ctx: bm25_run(task),
    "tfidf": lambda task, _ctx: tfidf_run(task),
    "dense": dense_run,
    "maxsim": maxsim_run,
    "matcher": matcher_run,
    "matcher-no-learning": lambda task, ctx: matcher_run(
        task, ctx, config=_no_learning(ctx.config)
    ),
    "matcher-no-checks": lambda task, ctx: matcher_run(task, ctx, use_checks=False),
}
DEFAULT_SYSTEMS: tuple[str, ...] = tuple(SYSTEMS)


def run_system(name: str, task: EvalTask, ctx: SystemContext) -> Run:
    """Run one named system on one task.

    Raises:
        ValueError: the system name is unknown.
    """
    if name not in SYSTEMS:
        raise ValueError(f"unknown system {name!r}; known: {', '.join(SYSTEMS)}")
    run = SYSTEMS[name](task, ctx)
    # Every judged query gets an entry, even an empty one, so that metrics see it.
    return {q: run.get(q, {}) for q in task.qrels}


def describe(names: Sequence[str]) -> dict[str, Any]:
    """One line per system for the report (the first docstring line of its function)."""
    doc = {
        "random": "seeded uniform scores",
        "bm25": "BM25 (bm25s, Lucene, English stop words), query text vs document text",
        "tfidf": "cosine of sublinear TF-IDF vectors",
        "dense": "cosine of one embedding per whole text (truncated by the encoder)",
        "maxsim": "mean over units of the best chunk cosine, no checks",
        "matcher": "full scorer + checks, eligible/needs-review above ineligible",
        "matcher-no-learning": "full matcher with learning_weight = 0",
        "matcher-no-checks": "full scorer, ranked by score only",
    }
    return {n: doc.get(n, "") for n in names}
