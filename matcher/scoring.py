"""Scoring of (vacancy, candidate) pairs: semantic unit matching corrected for CV length, plus a
saturated lexical component. Pure numpy; the vectors come from an :class:`~matcher.ports.Encoder`.

For each unit of the vacancy (duty or learning element) the best-matching CV chunk is its
evidence (argmax cosine). The plain mean of those best similarities favours long CVs: the maximum
of more draws is higher by chance (DESIGN.md, Scoring 4). This module corrects it:

1. **Background per unit.** Each unit is compared with :data:`BACKGROUND_SENTENCES` (generic CV
   sentences from many trades, encoded by the same encoder), giving the mean ``mu_u`` and spread
   ``sigma_u`` of its similarity to an irrelevant chunk. This adapts to every encoder's scale
   (multilingual-e5 similarities sit around 0.8, MiniLM's around 0.1).
2. **Chance maximum.** With ``n`` chunks, the best of ``n`` irrelevant chunks stays below
   ``mu_u + sigma_u * t_q(n)`` with probability ``q``, where ``t_q(n) = Phi^-1(q ** (1 / n))`` is
   the ``q``-quantile of the maximum of ``n`` standard normal draws (``chance_quantile``). A unit
   earns credit only for similarity *above* that bar, in background standard deviations:
   ``z_u = (best_u - mu_u) / sigma_u - t_q(n)``, unit score ``clip(z_u / z_full, 0, 1)``.
   Adding irrelevant chunks raises ``t_q(n)`` and can raise ``best_u`` only by chance (with
   probability below ``1 - q`` per unit), so padding a CV does not raise its score.
3. **Lexical component.** BM25-style saturated term matching of each unit against the CV text
   (:mod:`matcher.lexical`), mixed into each unit score with weight ``lexical_weight``.
4. **Precision (optional).** BERTScore-like: the mean over CV chunks of their best corrected
   match to any unit; mixed in with ``precision_weight`` (0 by default, see docs/scoring.md).

Duty and learning sub-scores are the means of their unit scores; the 0–100 score is their
weighted mean (learning absent: duties only), rounded to one decimal. Numbers measured on a
crowd of real resumes are in ``docs/scoring.md``.

Batch functions score many candidates for one vacancy (one matrix product over concatenated
chunks, ``np.maximum.reduceat`` over their offsets) or many vacancies for one candidate, and
give exactly the numbers of :func:`score_pair`, which is the batch of one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from statistics import NormalDist
from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.checks import eligibility, evaluate_checks
from matcher.errors import ConfigError, MatcherError
from matcher.lexical import LexicalModel, detect_stuffing, document_profile
from matcher.models import Candidate, Evidence, MatchResult, UnitKind, Vacancy

__all__ = [
    "BACKGROUND_SENTENCES",
    "ChunkBatch",
    "DEFAULT_CONFIG",
    "ScoringConfig",
    "UnitBackground",
    "chance_threshold",
    "score_candidates",
    "score_pair",
    "score_vacancies",
    "stack_chunks",
    "unit_background",
]

FloatArray = npt.NDArray[np.float64]
Matrix = npt.NDArray[np.floating[Any]]

KEYWORD_STUFFING = "keyword_stuffing"
HIDDEN_TEXT = "hidden_text"


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """Every knob of the scorer (written into each eval report; hash it to compare runs).

    Attributes:
        version: Bumped whenever the formula changes.
        duties_weight: Weight of the duties sub-score.
        learning_weight: Weight of the learning sub-score (renormalised away when absent).
        lexical_weight: Share of the lexical component in each unit score.
        precision_weight: Share of chunk precision in the final score.
        chance_quantile: Quantile ``q`` of the chance maximum a unit must exceed.
        z_full: Background standard deviations above the chance maximum that earn full credit.
        min_sigma: Floor on a unit's background spread (a degenerate background).
        fallback_mu: Background mean used when no background vectors are given.
        fallback_sigma: Background spread used when no background vectors are given.
        bm25_k1: Term-frequency saturation.
        bm25_b: Length normalisation of the lexical component.
        bm25_avg_length: Reference CV length in content tokens.
        stuffing_min_count: A vacancy term repeated this often may be stuffing...
        stuffing_max_share: ...if it also exceeds this share of the CV's tokens.
        copy_overlap: Token Jaccard overlap at which a chunk counts as a copied unit.
        copy_fraction: Share of copied units that flags the CV.
    """

    version: str = "1"
    duties_weight: float = 0.7
    learning_weight: float = 0.3
    lexical_weight: float = 0.3
    precision_weight: float = 0.0
    chance_quantile: float = 0.9
    z_full: float = 4.0
    min_sigma: float = 0.02
    fallback_mu: float = 0.1
    fallback_sigma: float = 0.08
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    bm25_avg_length: float = 300.0
    stuffing_min_count: int = 10
    stuffing_max_share: float = 0.04
    copy_overlap: float = 0.8
    copy_fraction: float = 0.5

    def __post_init__(self) -> None:
        for name in ("duties_weight", "learning_weight"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must be >= 0")
        if self.duties_weight + self.learning_weight <= 0:
            raise ConfigError("duties_weight + learning_weight must be > 0")
        for name in ("lexical_weight", "precision_weight", "bm25_b", "stuffing_max_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ConfigError(f"{name} must be in [0, 1]")
        for name in ("z_full", "min_sigma", "fallback_sigma", "bm25_k1", "bm25_avg_length"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be > 0")
        if not 0.0 < self.chance_quantile < 1.0:
            raise ConfigError("chance_quantile must be in (0, 1)")
        if not 0.0 < self.copy_overlap <= 1.0 or not 0.0 < self.copy_fraction <= 1.0:
            raise ConfigError("copy_overlap and copy_fraction must be in (0, 1]")

    def to_dict(self) -> dict[str, Any]:
        """All fields as a JSON-ready dict."""
        return asdict(self)

    def config_hash(self) -> str:
        """First 16 hex digits of the sha256 of the canonical JSON of :meth:`to_dict`."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


DEFAULT_CONFIG = ScoringConfig()


@dataclass(frozen=True, slots=True, eq=False)
class UnitBackground:
    """Mean and spread of each unit's similarity to generic CV sentences, shape ``(n_units,)``."""

    mu: FloatArray
    sigma: FloatArray


@dataclass(frozen=True, slots=True, eq=False)
class ChunkBatch:
    """Chunk vectors of many candidates, concatenated: rows ``offsets[i]:offsets[i+1]``."""

    vectors: Matrix
    offsets: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def counts(self) -> npt.NDArray[np.int64]:
        """Number of chunks of each candidate."""
        return np.diff(self.offsets)


def stack_chunks(matrices: Sequence[Matrix]) -> ChunkBatch:
    """Concatenate per-candidate chunk matrices into a :class:`ChunkBatch`.

    Args:
        matrices: One ``(n_chunks_i, d)`` matrix per candidate (``n_chunks_i`` may be 0).

    Returns:
        The batch, float32.

    Raises:
        MatcherError: If the matrices are not 2-D with a common width.
    """
    if not matrices:
        return ChunkBatch(np.zeros((0, 0), dtype=np.float32), np.zeros(1, dtype=np.int64))
    widths = {m.shape[1] if m.ndim == 2 else -1 for m in matrices}
    if len(widths) != 1 or -1 in widths:
        raise MatcherError("chunk matrices must be 2-D with one width", reason="shape_mismatch")
    counts = np.array([m.shape[0] for m in matrices], dtype=np.int64)
    offsets = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(counts)])
    vectors = np.concatenate([np.asarray(m, dtype=np.float32) for m in matrices], axis=0)
    return ChunkBatch(vectors, offsets)


@lru_cache(maxsize=8192)
def _threshold(n: int, quantile: float) -> float:
    # q ** (1/n) tends to 1 for huge n; keep it inside the open interval inv_cdf accepts.
    p = min(quantile ** (1.0 / max(n, 1)), 1.0 - 1e-12)
    return NormalDist().inv_cdf(p)


def chance_threshold(n: int, quantile: float) -> float:
    """The ``quantile`` of the maximum of ``n`` standard normal draws.

    ``P(max of n draws <= t) = Phi(t) ** n``, so ``t = Phi^-1(quantile ** (1 / n))``.

    Args:
        n: Number of draws (chunks); values below 1 count as 1.
        quantile: In (0, 1); 0.5 gives the median of the maximum.

    Returns:
        The threshold in standard deviations: for ``quantile = 0.9``, 1.28 for one draw,
        2.31 for 10, 3.07 for 100.
    """
    return _threshold(int(n), float(quantile))


def _normalise_rows(matrix: Matrix) -> FloatArray:
    m64 = np.asarray(matrix, dtype=np.float64)
    norms = np.linalg.norm(m64, axis=1, keepdims=True)
    out: FloatArray = np.divide(m64, norms, out=np.zeros_like(m64), where=norms > 0)
    return out


def unit_background(
    unit_vecs: Matrix, background_vecs: Matrix | None, config: ScoringConfig = DEFAULT_CONFIG
) -> UnitBackground:
    """Per-unit similarity mean and spread against generic CV sentences.

    Args:
        unit_vecs: ``(n_units, d)`` unit vectors.
        background_vecs: :data:`BACKGROUND_SENTENCES` encoded by the same encoder, or None to
            use the config's fallback constants (calibrated for MiniLM only).
        config: Scoring configuration.

    Returns:
        The :class:`UnitBackground`.
    """
    n_units = unit_vecs.shape[0]
    if background_vecs is None or background_vecs.shape[0] < 2:
        return UnitBackground(
            np.full(n_units, config.fallback_mu), np.full(n_units, config.fallback_sigma)
        )
    sims = _normalise_rows(unit_vecs) @ _normalise_rows(background_vecs).T
    mu = np.round(sims.mean(axis=1), 9)
    sigma = np.round(np.maximum(sims.std(axis=1, ddof=1), config.min_sigma), 9)
    return UnitBackground(mu, sigma)


# --------------------------------------------------------------------------- internals


@dataclass(frozen=True, slots=True, eq=False)
class _VacancyContext:
    vacancy: Vacancy
    texts: tuple[str, ...]
    kinds: tuple[UnitKind, ...]
    vecs: FloatArray
    background: UnitBackground
    lexical: LexicalModel
    duty_mask: npt.NDArray[np.bool_]
    learning_mask: npt.NDArray[np.bool_]


def _context(
    vacancy: Vacancy,
    unit_vecs: Matrix,
    background_vecs: Matrix | None,
    config: ScoringConfig,
) -> _VacancyContext:
    units = vacancy.units()
    if unit_vecs.ndim != 2 or unit_vecs.shape[0] != len(units):
        raise MatcherError(
            f"expected {len(units)} unit vectors, got shape {unit_vecs.shape}",
            reason="shape_mismatch",
        )
    texts = tuple(text for _, text in units)
    kinds = tuple(kind for kind, _ in units)
    lexical = LexicalModel(
        texts,
        BACKGROUND_SENTENCES,
        k1=config.bm25_k1,
        b=config.bm25_b,
        avg_length=config.bm25_avg_length,
    )
    return _VacancyContext(
        vacancy=vacancy,
        texts=texts,
        kinds=kinds,
        vecs=_normalise_rows(unit_vecs),
        background=unit_background(unit_vecs, background_vecs, config),
        lexical=lexical,
        duty_mask=np.array([k == "duty" for k in kinds], dtype=bool),
        learning_mask=np.array([k == "learning" for k in kinds], dtype=bool),
    )


def _candidate_text(candidate: Candidate) -> str:
    return candidate.text or "\n".join(candidate.chunks)


def _best_chunks(
    unit_vecs: FloatArray, chunks: Matrix, offsets: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Per (unit, candidate): global index of the best chunk (-1 if none) and its cosine.

    The similarity matrix is one float32 product; the winning similarities are then recomputed
    in float64 per (unit, chunk) pair, so the reported numbers do not depend on how many other
    candidates shared the product (BLAS may sum in a different order for other shapes).
    """
    n_units = unit_vecs.shape[0]
    n_cands = len(offsets) - 1
    best_idx = np.full((n_units, n_cands), -1, dtype=np.int64)
    best_sim = np.zeros((n_units, n_cands), dtype=np.float64)
    counts = np.diff(offsets)
    nonempty = np.flatnonzero(counts > 0)
    if n_units == 0 or nonempty.size == 0:
        return best_idx, best_sim
    sims = unit_vecs.astype(np.float32) @ np.asarray(chunks, dtype=np.float32).T
    starts = offsets[nonempty]
    seg_max = np.maximum.reduceat(sims, starts, axis=1)
    # Column -> its segment among the non-empty candidates, to broadcast segment maxima back.
    seg_of_col = np.repeat(np.arange(nonempty.size), counts[nonempty])
    cols = np.arange(sims.shape[1], dtype=np.int64)
    is_max = sims == seg_max[:, seg_of_col]
    first = np.minimum.reduceat(np.where(is_max, cols, sims.shape[1]), starts, axis=1)
    best_idx[:, nonempty] = first
    chosen = np.asarray(chunks)[first.ravel()].reshape(n_units, nonempty.size, -1)
    exact = np.einsum("ucd,ud->uc", chosen, unit_vecs, dtype=np.float64)
    best_sim[:, nonempty] = np.round(exact, 9)
    return best_idx, best_sim


def _semantic_scores(
    best_sim: FloatArray, counts: npt.NDArray[np.int64], bg: UnitBackground, config: ScoringConfig
) -> FloatArray:
    e_n = np.array([_threshold(int(n), config.chance_quantile) for n in counts])
    z = (best_sim - bg.mu[:, None]) / bg.sigma[:, None] - e_n[None, :]
    out: FloatArray = np.clip(z / config.z_full, 0.0, 1.0)
    out[:, counts == 0] = 0.0
    return out


def _precision(
    unit_vecs: FloatArray,
    chunks: Matrix,
    offsets: npt.NDArray[np.int64],
    bg: UnitBackground,
    config: ScoringConfig,
) -> FloatArray:
    """Mean over each candidate's chunks of the chunk's best corrected match to any unit."""
    n_cands = len(offsets) - 1
    counts = np.diff(offsets)
    out = np.zeros(n_cands, dtype=np.float64)
    nonempty = np.flatnonzero(counts > 0)
    if unit_vecs.shape[0] == 0 or nonempty.size == 0:
        return out
    sims = (unit_vecs.astype(np.float32) @ np.asarray(chunks, dtype=np.float32).T).astype(
        np.float64
    )
    # Each chunk picks its best of n_units units, so the chance bar uses n_units draws.
    bar = _threshold(unit_vecs.shape[0], config.chance_quantile)
    z = (sims - bg.mu[:, None]) / bg.sigma[:, None] - bar
    per_chunk = np.round(np.clip(z.max(axis=0) / config.z_full, 0.0, 1.0), 6)
    sums = np.add.reduceat(per_chunk, offsets[nonempty])
    out[nonempty] = sums / counts[nonempty]
    return out


def _mean_of(values: FloatArray, mask: npt.NDArray[np.bool_]) -> float | None:
    return float(values[mask].mean()) if mask.any() else None


def _assemble(
    ctx: _VacancyContext,
    candidate: Candidate,
    chunk_offset: int,
    best_idx: npt.NDArray[np.int64],
    best_sim: FloatArray,
    semantic: FloatArray,
    lexical: FloatArray,
    precision: float,
    stuffed: bool,
    flags: Sequence[str],
    config: ScoringConfig,
) -> MatchResult:
    """Build one MatchResult from the per-unit arrays of one candidate (shape ``(n_units,)``)."""
    unit_scores = (1.0 - config.lexical_weight) * semantic + config.lexical_weight * lexical
    duties = _mean_of(unit_scores, ctx.duty_mask)
    learning = _mean_of(unit_scores, ctx.learning_mask)
    weighted = 0.0
    total_w = 0.0
    subscores: dict[str, float] = {}
    if duties is not None:
        subscores["duties"] = round(duties, 4)
        weighted += config.duties_weight * duties
        total_w += config.duties_weight
    if learning is not None:
        subscores["learning"] = round(learning, 4)
        weighted += config.learning_weight * learning
        total_w += config.learning_weight
    recall = weighted / total_w if total_w > 0 else 0.0
    if len(ctx.texts):
        subscores["lexical"] = round(float(lexical.mean()), 4)
    if config.precision_weight > 0:
        subscores["precision"] = round(precision, 4)
    combined = (1.0 - config.precision_weight) * recall + config.precision_weight * precision
    score = round(100.0 * min(max(combined, 0.0), 1.0), 1)

    evidence = tuple(
        Evidence(
            unit=ctx.texts[u],
            chunk=candidate.chunks[int(best_idx[u]) - chunk_offset],
            similarity=float(best_sim[u]),
            kind=ctx.kinds[u],
        )
        for u in range(len(ctx.texts))
        if best_idx[u] >= 0
    )
    checks = evaluate_checks(ctx.vacancy, candidate)
    all_flags = set(flags)
    if stuffed:
        all_flags.add(KEYWORD_STUFFING)
    return MatchResult(
        vacancy_id=ctx.vacancy.id,
        candidate_id=candidate.id,
        score=score,
        eligible=eligibility(checks),
        subscores=subscores,
        checks=checks,
        evidence=evidence,
        flags=tuple(sorted(all_flags)),
    )


def _score_many_candidates(
    ctx: _VacancyContext,
    candidates: Sequence[Candidate],
    batch: ChunkBatch,
    flags: Sequence[Sequence[str]],
    config: ScoringConfig,
) -> list[MatchResult]:
    counts = batch.counts()
    for cand, n in zip(candidates, counts, strict=True):
        if len(cand.chunks) != int(n):
            raise MatcherError(
                f"candidate {cand.id}: {len(cand.chunks)} chunks but {int(n)} vectors",
                reason="shape_mismatch",
            )
    if batch.vectors.shape[0] and batch.vectors.shape[1] != ctx.vecs.shape[1]:
        raise MatcherError("chunk and unit vectors differ in width", reason="shape_mismatch")
    best_idx, best_sim = _best_chunks(ctx.vecs, batch.vectors, batch.offsets)
    semantic = _semantic_scores(best_sim, counts, ctx.background, config)
    if config.precision_weight > 0:
        precision = _precision(ctx.vecs, batch.vectors, batch.offsets, ctx.background, config)
    else:
        precision = np.zeros(len(candidates), dtype=np.float64)

    profiles = [document_profile(_candidate_text(c)) for c in candidates]
    stuffed: list[bool] = []
    for i, (cand, prof) in enumerate(zip(candidates, profiles, strict=True)):
        offset = int(batch.offsets[i])
        evidence_chunks = [
            cand.chunks[int(j) - offset] if j >= 0 else None for j in best_idx[:, i]
        ]
        report = detect_stuffing(
            ctx.lexical,
            prof,
            cand.chunks,
            ctx.texts,
            evidence_chunks,
            min_count=config.stuffing_min_count,
            max_share=config.stuffing_max_share,
            copy_overlap=config.copy_overlap,
            copy_fraction=config.copy_fraction,
        )
        stuffed.append(report.stuffed)
    lexical = np.round(ctx.lexical.unit_scores(profiles, presence_only=stuffed), 9)

    return [
        _assemble(
            ctx,
            cand,
            int(batch.offsets[i]),
            best_idx[:, i],
            best_sim[:, i],
            semantic[:, i],
            lexical[i],
            float(precision[i]),
            stuffed[i],
            flags[i],
            config,
        )
        for i, cand in enumerate(candidates)
    ]


# --------------------------------------------------------------------------- public API


def score_pair(
    vacancy: Vacancy,
    unit_vecs: Matrix,
    candidate: Candidate,
    chunk_vecs: Matrix,
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    background: Matrix | None = None,
    flags: Sequence[str] = (),
) -> MatchResult:
    """Score one candidate against one vacancy.

    Args:
        vacancy: The parsed ToR.
        unit_vecs: ``(n_units, d)`` vectors of ``vacancy.units()``, same order.
        candidate: The parsed CV.
        chunk_vecs: ``(n_chunks, d)`` L2-normalised vectors of ``candidate.chunks``.
        config: Scoring configuration.
        background: :data:`BACKGROUND_SENTENCES` encoded by the same encoder (encode once per
            encoder and reuse); None falls back to the config's MiniLM constants.
        flags: Flags to pass through (e.g. ``"hidden_text"`` from the reader).

    Returns:
        The :class:`MatchResult`; identical to the batch functions' result for the same pair.

    Raises:
        MatcherError: If vector shapes do not match the units or chunks.
    """
    return score_candidates(
        vacancy,
        unit_vecs,
        [candidate],
        [chunk_vecs],
        config,
        background=background,
        flags=[flags],
    )[0]


def score_candidates(
    vacancy: Vacancy,
    unit_vecs: Matrix,
    candidates: Sequence[Candidate],
    chunk_vecs: Sequence[Matrix] | ChunkBatch,
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    background: Matrix | None = None,
    flags: Sequence[Sequence[str]] | None = None,
) -> list[MatchResult]:
    """Score many candidates for one vacancy with one matrix product.

    Args:
        vacancy: The parsed ToR.
        unit_vecs: ``(n_units, d)`` vectors of ``vacancy.units()``.
        candidates: The parsed CVs.
        chunk_vecs: One chunk matrix per candidate, or a :class:`ChunkBatch` of them.
        config: Scoring configuration.
        background: Encoded :data:`BACKGROUND_SENTENCES` (see :func:`score_pair`).
        flags: Per candidate, flags to pass through.

    Returns:
        One result per candidate, in input order (rank them with
        :func:`matcher.ranking.rank_results`).

    Raises:
        MatcherError: If vector shapes do not match the units or chunks.
    """
    batch = chunk_vecs if isinstance(chunk_vecs, ChunkBatch) else stack_chunks(chunk_vecs)
    if len(batch) != len(candidates):
        raise MatcherError(
            f"{len(candidates)} candidates but {len(batch)} chunk matrices",
            reason="shape_mismatch",
        )
    per_flags: Sequence[Sequence[str]] = flags if flags is not None else [()] * len(candidates)
    if len(per_flags) != len(candidates):
        raise MatcherError("flags must have one entry per candidate", reason="shape_mismatch")
    if not candidates:
        return []
    ctx = _context(vacancy, unit_vecs, background, config)
    return _score_many_candidates(ctx, candidates, batch, per_flags, config)


def score_vacancies(
    candidate: Candidate,
    chunk_vecs: Matrix,
    vacancies: Sequence[Vacancy],
    unit_vecs: Sequence[Matrix],
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    background: Matrix | None = None,
    flags: Sequence[str] = (),
) -> list[MatchResult]:
    """Score one candidate against many vacancies with one matrix product.

    Args:
        candidate: The parsed CV.
        chunk_vecs: ``(n_chunks, d)`` vectors of ``candidate.chunks``.
        vacancies: The parsed ToRs.
        unit_vecs: Per vacancy, its ``(n_units, d)`` unit vectors.
        config: Scoring configuration.
        background: Encoded :data:`BACKGROUND_SENTENCES` (see :func:`score_pair`).
        flags: Flags to pass through to every result.

    Returns:
        One result per vacancy, in input order; equal to :func:`score_pair` for each pair.

    Raises:
        MatcherError: If vector shapes do not match.
    """
    if len(vacancies) != len(unit_vecs):
        raise MatcherError("one unit matrix per vacancy is required", reason="shape_mismatch")
    if not vacancies:
        return []
    if len(candidate.chunks) != chunk_vecs.shape[0]:
        raise MatcherError(
            f"candidate {candidate.id}: {len(candidate.chunks)} chunks but "
            f"{chunk_vecs.shape[0]} vectors",
            reason="shape_mismatch",
        )
    contexts = [
        _context(v, u, background, config) for v, u in zip(vacancies, unit_vecs, strict=True)
    ]
    n_chunks = chunk_vecs.shape[0]
    offsets = np.array([0, n_chunks], dtype=np.int64)
    all_units = np.concatenate([c.vecs for c in contexts], axis=0)
    # One product for every unit of every vacancy; rows are then split per vacancy.
    best_idx_all, best_sim_all = _best_chunks(all_units, chunk_vecs, offsets)
    unit_offsets = np.cumsum([0, *(len(c.texts) for c in contexts)])
    counts = np.array([n_chunks], dtype=np.int64)
    profile = document_profile(_candidate_text(candidate))
    results: list[MatchResult] = []
    for k, ctx in enumerate(contexts):
        rows = slice(int(unit_offsets[k]), int(unit_offsets[k + 1]))
        best_idx = best_idx_all[rows]
        best_sim = best_sim_all[rows]
        semantic = _semantic_scores(best_sim, counts, ctx.background, config)
        precision = (
            _precision(ctx.vecs, chunk_vecs, offsets, ctx.background, config)
            if config.precision_weight > 0
            else np.zeros(1, dtype=np.float64)
        )
        evidence_chunks = [candidate.chunks[int(j)] if j >= 0 else None for j in best_idx[:, 0]]
        report = detect_stuffing(
            ctx.lexical,
            profile,
            candidate.chunks,
            ctx.texts,
            evidence_chunks,
            min_count=config.stuffing_min_count,
            max_share=config.stuffing_max_share,
            copy_overlap=config.copy_overlap,
            copy_fraction=config.copy_fraction,
        )
        lexical = np.round(ctx.lexical.unit_scores([profile], presence_only=[report.stuffed]), 9)
        results.append(
            _assemble(
                ctx,
                candidate,
                0,
                best_idx[:, 0],
                best_sim[:, 0],
                semantic[:, 0],
                lexical[0],
                float(precision[0]),
                report.stuffed,
                flags,
                config,
            )
        )
    return results


# Generic CV sentences from many trades: the background against which each unit's chance
# similarity is measured. Multi-domain on purpose; edit only with a version bump.
BACKGROUND_SENTENCES: tuple[str, ...] = (
    "Managed a team of twelve sales representatives across three regions.",
    "Increased quarterly revenue by 15 percent through new client acquisition.",
    "Prepared monthly financial statements and reconciled bank accounts.",
    "Processed accounts payable and receivable for a mid-sized company.",
    "Provided excellent customer service in a fast-paced retail environment.",
    "Handled cash register operations and balanced the till at closing.",
    "Answered phone calls, scheduled appointments and greeted visitors.",
    "Maintained office supplies inventory and placed orders with vendors.",
    "Developed and maintained web applications using Java and JavaScript.",
    "Designed relational database schemas and optimised SQL queries.",
    "Provided technical support to end users for hardware and software issues.",
    "Installed and configured network equipment, routers and firewalls.",
    "Administered Windows and Linux servers and performed regular backups.",
    "Wrote unit tests and participated in code reviews with the development team.",
    "Administered medications and monitored patient vital signs.",
    "Coordinated patient care with physicians, nurses and family members.",
    "Maintained accurate medical records in compliance with regulations.",
    "Taught mathematics to students in grades seven through nine.",
    "Developed lesson plans aligned with state curriculum standards.",
    "Communicated regularly with parents about student progress.",
    "Supervised construction crews and ensured compliance with safety standards.",
    "Read blueprints and estimated materials needed for building projects.",
    "Operated forklifts and heavy equipment in a busy warehouse.",
    "Loaded and unloaded delivery trucks and tracked shipments.",
    "Planned delivery routes to reduce fuel costs and delivery times.",
    "Managed inventory levels and coordinated with suppliers on purchase orders.",
    "Prepared and cooked meals in a high-volume restaurant kitchen.",
    "Ensured food safety and sanitation standards were met at all times.",
    "Welcomed hotel guests, handled check-ins and resolved complaints.",
    "Recruited, interviewed and onboarded new employees.",
    "Administered payroll and employee benefits for 300 staff.",
    "Developed training programmes for new hires and supervisors.",
    "Handled employee relations issues and conducted investigations.",
    "Created marketing campaigns for social media and email channels.",
    "Managed the company website content and search engine optimisation.",
    "Conducted market research to identify customer needs and trends.",
    "Drafted contracts, leases and legal correspondence for attorneys.",
    "Conducted legal research and prepared case summaries.",
    "Filed court documents and managed case calendars.",
    "Performed routine maintenance on vehicles and diagnosed engine problems.",
    "Repaired electrical systems in residential and commercial buildings.",
    "Designed mechanical components using AutoCAD and SolidWorks.",
    "Conducted quality control inspections on the production line.",
    "Improved manufacturing processes to reduce waste and downtime.",
    "Analyzed sales data and produced weekly performance reports in Excel.",
    "Built dashboards to track key performance indicators for management.",
    "Performed statistical analysis of survey data using SPSS.",
    "Conducted laboratory experiments and recorded results accurately.",
    "Published research findings in peer-reviewed journals.",
    "Assisted the principal investigator with grant applications.",
    "Organised events and conferences for up to 500 participants.",
    "Coordinated travel arrangements and meeting logistics for executives.",
    "Managed the calendar of the chief executive officer.",
    "Prepared presentations and briefing materials for senior management.",
    "Supervised volunteers at a community food bank.",
    "Raised funds for a local charity through community events.",
    "Mentored at-risk youth in an after-school programme.",
    "Provided counselling services to individuals and families.",
    "Conducted home visits and assessed clients' social service needs.",
    "Managed a portfolio of commercial loans and assessed credit risk.",
    "Advised clients on investment strategies and retirement planning.",
    "Audited financial records to ensure compliance with accounting standards.",
    "Prepared individual and corporate tax returns.",
    "Negotiated contracts with vendors to reduce procurement costs.",
    "Managed projects from initiation to closure within budget and schedule.",
    "Led cross-functional teams to deliver software releases on time.",
    "Wrote technical documentation and user manuals.",
    "Translated documents between English and Spanish.",
    "Edited articles for a regional newspaper.",
    "Wrote press releases and managed media relations.",
    "Photographed events and edited images for publication.",
    "Designed brochures, flyers and logos for clients.",
    "Trained staff on new point-of-sale systems.",
    "Resolved customer complaints and processed returns and exchanges.",
    "Met or exceeded monthly sales targets consistently.",
    "Cold-called prospective clients to generate new business leads.",
    "Maintained client relationships and upsold additional services.",
    "Coached a high school basketball team.",
    "Served as a volunteer firefighter in my community.",
    "Worked as a lifeguard at a public swimming pool.",
    "Cleaned and maintained facilities in accordance with health standards.",
    "Provided security patrols and monitored surveillance cameras.",
    "Drove a delivery van and ensured timely delivery of packages.",
    "Cared for children in a day care centre.",
    "Assisted elderly residents with daily living activities.",
    "Dispensed prescriptions and counselled patients on medication use.",
    "Performed dental cleanings and took patient x-rays.",
    "Conducted physical therapy sessions for rehabilitation patients.",
    "Managed the front desk of a busy medical clinic.",
    "Processed insurance claims and verified patient eligibility.",
    "Scheduled shifts and managed staffing for a retail store.",
    "Opened and closed the store and handled bank deposits.",
    "Arranged product displays and merchandising in the store.",
    "Conducted safety trainings and maintained hazard records.",
    "Inspected properties and prepared real estate listings.",
    "Showed homes to prospective buyers and negotiated offers.",
    "Managed a property portfolio and handled tenant requests.",
    "Operated CNC machines and read technical drawings.",
    "Welded steel structures according to specifications.",
    "Installed plumbing systems in new residential buildings.",
    "Maintained landscaping and grounds at a corporate campus.",
    "Farmed crops and managed livestock on a family farm.",
    "Bachelor of Science in Business Administration.",
    "Master of Business Administration with a concentration in finance.",
    "Associate degree in Nursing.",
    "High school diploma.",
    "Bachelor of Arts in English Literature.",
    "Certificate in Project Management.",
    "Proficient in Microsoft Word, Excel, PowerPoint and Outlook.",
    "Strong communication and interpersonal skills.",
    "Excellent time management and organisational skills.",
    "Able to work independently and as part of a team.",
    "Detail-oriented and highly motivated professional.",
    "Fluent in English and conversational Spanish.",
    "Valid driver's license and clean driving record.",
    "Certified in CPR and first aid.",
    "Hobbies include hiking, reading and photography.",
    "References available upon request.",
    "Dedicated professional with ten years of experience.",
    "Seeking a challenging position in a growing company.",
    "Results-driven manager with a proven track record of success.",
    "Employee of the month for outstanding performance.",
    "Dean's list for four consecutive semesters.",
    "Member of the national honour society.",
    "Volunteered abroad teaching English in a rural school.",
    "Completed an internship at a marketing agency.",
    "Worked part-time while attending university.",
    "Supported the director with administrative tasks and filing.",
    "Entered data into the customer database accurately.",
    "Prepared meeting minutes and distributed them to participants.",
    "Responded to enquiries by email and telephone.",
    "Monitored the budget and tracked expenses against forecasts.",
    "Assisted with the preparation of annual reports.",
    "Reviewed documents for accuracy and completeness.",
    "Coordinated with internal departments to resolve issues.",
    "Implemented new filing system that improved efficiency.",
    "Participated in weekly team meetings and planning sessions.",
    "Provided administrative support to a team of consultants.",
    "Collected and analysed data for research projects.",
    "Conducted interviews and focus groups with community members.",
    "Wrote reports summarising findings and recommendations.",
    "Developed partnerships with local organisations.",
    "Monitored project activities and reported on progress.",
    "Supported the implementation of programmes in the field.",
    "Drafted correspondence and briefing notes for the manager.",
    "Organised training workshops for local partners.",
    "Represented the organisation at external meetings.",
)
