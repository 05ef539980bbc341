"""Scoring of (vacancy, candidate) pairs: semantic unit matching corrected for CV length, plus a
saturated lexical component. Pure numpy; the vectors come from an :class:`~matcher.ports.Encoder`.

For each unit of the vacancy (duty or learning element) the best-matching CV chunk is its
evidence (argmax cosine). The plain mean of those best similarities favours long CVs: the maximum
of more draws is higher by chance (docs/architecture.md, Scoring 4). This module corrects it:

1. **Background per unit.** Each unit is compared with :data:`BACKGROUND_SENTENCES` (generic CV
   sentences from many trades, encoded by the same encoder), giving the mean ``mu_u`` and spread
   ``sigma_u`` of its similarity to an irrelevant chunk. This adapts to every encoder's scale
   (multilingual-e5 similarities sit around 0.8, MiniLM's around 0.1). The sentences exist in
   English, French and Spanish, and a CV is measured against those in its own language: a
   multilingual encoder finds two texts in the same language alike whatever they say, so with
   an English-only background every French CV looked like a match for the French ToR (measured
   on the jpo set: French CVs ranked the one French ToR first, mean rank 1.0 of 13).
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

Prepare once, score many times. :func:`prepare_vacancy` computes what depends on the vacancy
alone (normalised unit vectors, background statistics ``mu_u``/``sigma_u``, the units' lexical
weights as CSR arrays); :func:`candidate_profile` what depends on the CV alone (chunk vectors,
term counts, chunk token sets). A service keeps both in memory. The hot paths are vectorised:

- :func:`score_prepared_vacancies`: one CV against every vacancy of a
  :class:`PreparedVacancies` stack (one matrix product over all units, ``np.add.reduceat``
  over unit and vacancy segments, the lexical CSR dotted with the CV's saturated counts);
- :func:`score_prepared_candidates`: one vacancy against a :class:`CandidatePool` (one
  product over all chunks, ``np.maximum.reduceat`` over the candidates' offsets).

Both give exactly the floats of :func:`score_pair` (itself a pool of one): the best chunk is
chosen in float32 among near-ties and re-scored in float64 one pair at a time, and every
segment sum starts at its own segment, so no number depends on what else shared the batch.
:func:`score_candidates` and :func:`score_vacancies` keep their signatures and prepare on
every call.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from statistics import NormalDist
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from matcher.background import BACKGROUND_LANGUAGES, BACKGROUND_SENTENCES
from matcher.checks import check_key, eligibility, evaluate_checks, evaluate_checks_many
from matcher.errors import ConfigError, MatcherError
from matcher.lexical import (
    jaccard,
    repeated_chunks,
    saturate,
    text_profile,
    token_set,
    unit_term_weights,
)
from matcher.models import (
    Candidate,
    Check,
    Evidence,
    MatchResult,
    UnitKind,
    Vacancy,
)

__all__ = [
    "BACKGROUND_LANGUAGES",
    "BACKGROUND_SENTENCES",
    "CandidatePool",
    "CandidateProfile",
    "ChunkBatch",
    "DEFAULT_CONFIG",
    "PreparedVacancies",
    "PreparedVacancy",
    "ScoringConfig",
    "UnitBackground",
    "candidate_profile",
    "chance_threshold",
    "estimate_vacancy_scores",
    "language_index",
    "prepare_vacancies",
    "prepare_vacancy",
    "score_candidates",
    "score_pair",
    "score_prepared_candidates",
    "score_prepared_vacancies",
    "score_vacancies",
    "stack_chunks",
    "stack_profiles",
    "stack_vacancies",
    "unit_background",
]

#: Background row of each language with its own sentences (see :func:`language_index`).
_LANGUAGE_ROWS: dict[str, int] = {lang: i for i, lang in enumerate(BACKGROUND_LANGUAGES)}

FloatArray = npt.NDArray[np.float64]
Float32Matrix = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
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
        min_chance_draws: The chance maximum is taken over at least this many chunks. Without a
            floor, deleting any sentence from a short CV lowers the bar for every unit, and
            deleting the sentence cited as evidence could raise the score (docs/reliability.md item
            24). Long CVs, where the length correction matters, are unaffected.
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

    version: str = "4"
    duties_weight: float = 0.7
    learning_weight: float = 0.3
    lexical_weight: float = 0.3
    precision_weight: float = 0.0
    chance_quantile: float = 0.9
    min_chance_draws: int = 8
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
    """Mean and spread of each unit's similarity to generic CV sentences.

    Shape ``(len(BACKGROUND_LANGUAGES), n_units)``: row ``i`` against the background sentences
    written in ``BACKGROUND_LANGUAGES[i]`` (see :func:`language_index`).
    """

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


# --------------------------------------------------------------------------- prepared inputs

#: Two chunks whose float32 similarities to a unit lie closer than this are re-compared in
#: float64 before one is chosen as evidence. A float32 dot product of unit-norm vectors is off
#: by well under 1e-5 at the widths in use, so the exact best chunk is always among them and
#: the choice does not depend on how many other rows shared the matrix product.
_TIE_TOLERANCE = 1e-4
#: Rows per block when recomputing winning similarities in float64 (1,024 rows of 384 floats
#: stay in cache: 4x faster than 8,192 on the service box).
_EXACT_BLOCK = 1024


@dataclass(frozen=True, slots=True, eq=False)
class PreparedVacancy:
    """Everything the scorer needs from one vacancy, computed once (at add or load time).

    Attributes:
        vacancy: The parsed ToR.
        config: The configuration the arrays were prepared with (and are scored with).
        texts: Unit texts, in ``vacancy.units()`` order.
        kinds: Unit kinds, same order.
        vectors: ``(n_units, d)`` L2-normalised unit vectors, float32.
        mu: Per background language and unit, mean similarity to the background sentences,
            shape ``(len(BACKGROUND_LANGUAGES), n_units)``.
        sigma: The spread of those similarities (floored at ``config.min_sigma``), same shape.
        terms: The units' sorted lexical vocabulary.
        term_indptr: CSR row pointers of the unit x term weights, shape ``(n_units + 1,)``.
        term_indices: Column (index into ``terms``) of each weight.
        term_weights: The idf weights, each row summing to 1.
        n_duties: How many of the units are duties (they come first).
    """

    vacancy: Vacancy
    config: ScoringConfig
    texts: tuple[str, ...]
    kinds: tuple[UnitKind, ...]
    vectors: Float32Matrix
    mu: FloatArray
    sigma: FloatArray
    terms: tuple[str, ...]
    term_indptr: IntArray
    term_indices: IntArray
    term_weights: FloatArray
    n_duties: int

    @property
    def n_units(self) -> int:
        """Number of units."""
        return len(self.texts)


@dataclass(frozen=True, slots=True, eq=False)
class CandidateProfile:
    """Everything the scorer needs from one CV, computed once (at ingest or first use).

    It holds personal data (the CV's vectors and term counts): drop it when the CV is erased.

    Attributes:
        candidate: The parsed CV.
        vectors: ``(n_chunks, d)`` chunk vectors, float32.
        flags: Flags passed through to every result (e.g. ``"hidden_text"``).
        counts: Term counts of the CV text.
        length: Content tokens in the CV text.
        max_norm: Largest chunk vector norm (scales the tie tolerance).
        chunk_tokens: Distinct tokens of each chunk (for copied-unit detection).
        chunk_sizes: Their sizes.
        repeated: Whether the CV repeats its own long chunks abnormally (a stuffing signal
            that does not depend on the vacancy).
        language: Row of the background statistics to score it with (its text language).
    """

    candidate: Candidate
    vectors: Float32Matrix
    flags: tuple[str, ...]
    counts: dict[str, int]
    length: int
    max_norm: float
    chunk_tokens: tuple[frozenset[str], ...]
    chunk_sizes: IntArray
    repeated: bool
    language: int = 0


def _normalise_rows(matrix: Matrix) -> FloatArray:
    m64 = np.asarray(matrix, dtype=np.float64)
    norms = np.linalg.norm(m64, axis=1, keepdims=True)
    out: FloatArray = np.divide(m64, norms, out=np.zeros_like(m64), where=norms > 0)
    return out


def language_index(language: str | None) -> int:
    """Row of the background statistics for a CV written in ``language``.

    A CV is compared with units against background sentences in its own language: a
    multilingual encoder rates two texts in the same language as more alike whatever they
    say, so a French chunk's chance similarity to a unit is measured against French
    sentences. Other and unknown languages use English.
    """
    return _LANGUAGE_ROWS.get(language or "", 0)


def _background_stats(
    unit64: FloatArray, background64: FloatArray | None, config: ScoringConfig
) -> UnitBackground:
    n_units = unit64.shape[0]
    n_langs = len(BACKGROUND_LANGUAGES)
    if background64 is None or background64.shape[0] < 2:
        return UnitBackground(
            np.full((n_langs, n_units), config.fallback_mu),
            np.full((n_langs, n_units), config.fallback_sigma),
        )
    if background64.shape[0] == len(BACKGROUND_SENTENCES):
        # One segment per language, in BACKGROUND_LANGUAGES order (same size each).
        parts = np.split(background64, n_langs)
    else:
        # A background of another shape (a caller's own sentences): one set for all languages.
        parts = [background64] * n_langs
    mus: list[FloatArray] = []
    sigmas: list[FloatArray] = []
    for part in parts:
        sims = unit64 @ part.T
        mus.append(np.round(sims.mean(axis=1), 9))
        sigmas.append(np.round(np.maximum(sims.std(axis=1, ddof=1), config.min_sigma), 9))
    return UnitBackground(np.stack(mus), np.stack(sigmas))


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
    bg = None if background_vecs is None else _normalise_rows(background_vecs)
    return _background_stats(_normalise_rows(unit_vecs), bg, config)


def prepare_vacancies(
    vacancies: Sequence[Vacancy],
    unit_vecs: Sequence[Matrix],
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    background: Matrix | None = None,
) -> list[PreparedVacancy]:
    """Prepare many vacancies (the background is normalised once).

    Each vacancy is prepared on its own (its own small matrix products), so a vacancy's
    arrays are the same whether it was prepared alone or with others.

    Args:
        vacancies: The parsed ToRs.
        unit_vecs: Per vacancy, the ``(n_units, d)`` vectors of ``vacancy.units()``.
        config: Scoring configuration.
        background: :data:`BACKGROUND_SENTENCES` encoded by the same encoder (None: the
            config's MiniLM fallback constants).

    Returns:
        One :class:`PreparedVacancy` per vacancy, in order.

    Raises:
        MatcherError: If a vacancy's vector count does not match its units.
    """
    if len(vacancies) != len(unit_vecs):
        raise MatcherError("one unit matrix per vacancy is required", reason="shape_mismatch")
    bg = None if background is None else _normalise_rows(background)
    out: list[PreparedVacancy] = []
    for vacancy, vecs in zip(vacancies, unit_vecs, strict=True):
        units = vacancy.units()
        if vecs.ndim != 2 or vecs.shape[0] != len(units):
            raise MatcherError(
                f"expected {len(units)} unit vectors, got shape {vecs.shape}",
                reason="shape_mismatch",
            )
        texts = tuple(text for _, text in units)
        kinds = tuple(kind for kind, _ in units)
        unit64 = _normalise_rows(vecs)
        stats = _background_stats(unit64, bg, config)
        csr = unit_term_weights(texts, BACKGROUND_SENTENCES)
        out.append(
            PreparedVacancy(
                vacancy=vacancy,
                config=config,
                texts=texts,
                kinds=kinds,
                vectors=np.ascontiguousarray(unit64, dtype=np.float32),
                mu=stats.mu,
                sigma=stats.sigma,
                terms=csr.terms,
                term_indptr=csr.indptr,
                term_indices=csr.indices,
                term_weights=csr.data,
                n_duties=sum(1 for k in kinds if k == "duty"),
            )
        )
    return out


def prepare_vacancy(
    vacancy: Vacancy,
    unit_vecs: Matrix,
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    background: Matrix | None = None,
) -> PreparedVacancy:
    """Prepare one vacancy: normalised unit vectors, background statistics, lexical weights.

    Args:
        vacancy: The parsed ToR.
        unit_vecs: ``(n_units, d)`` vectors of ``vacancy.units()``, same order.
        config: Scoring configuration (kept in the result and used to score it).
        background: :data:`BACKGROUND_SENTENCES` encoded by the same encoder.

    Returns:
        The :class:`PreparedVacancy`.

    Raises:
        MatcherError: If the vector count does not match the units.
    """
    return prepare_vacancies([vacancy], [unit_vecs], config, background=background)[0]


def _candidate_text(candidate: Candidate) -> str:
    return candidate.text or "\n".join(candidate.chunks)


def candidate_profile(
    candidate: Candidate, chunk_vecs: Matrix, *, flags: Sequence[str] = ()
) -> CandidateProfile:
    """Prepare one CV: its chunk vectors and lexical counts (no process-wide cache is used).

    Args:
        candidate: The parsed CV.
        chunk_vecs: ``(n_chunks, d)`` vectors of ``candidate.chunks`` (L2-normalised).
        flags: Flags to pass through to every result.

    Returns:
        The :class:`CandidateProfile`.

    Raises:
        MatcherError: If the vector count does not match the chunks.
    """
    vecs = np.asarray(chunk_vecs)
    if vecs.ndim != 2 or vecs.shape[0] != len(candidate.chunks):
        raise MatcherError(
            f"candidate {candidate.id}: {len(candidate.chunks)} chunks but "
            f"{vecs.shape[0] if vecs.ndim else 0} vectors",
            reason="shape_mismatch",
        )
    vectors = np.ascontiguousarray(vecs, dtype=np.float32)
    doc = text_profile(_candidate_text(candidate))
    chunk_tokens = tuple(token_set(c) for c in candidate.chunks)
    _dups, repeated = repeated_chunks(candidate.chunks)
    norms = np.linalg.norm(vectors, axis=1) if len(vectors) else np.zeros(0)
    return CandidateProfile(
        candidate=candidate,
        vectors=vectors,
        flags=tuple(flags),
        counts=doc.counts,
        length=doc.length,
        max_norm=float(norms.max()) if norms.size else 0.0,
        chunk_tokens=chunk_tokens,
        chunk_sizes=np.array([len(t) for t in chunk_tokens], dtype=np.int64),
        repeated=repeated,
        language=language_index(candidate.text_language),
    )


@dataclass(frozen=True, slots=True, eq=False)
class PreparedVacancies:
    """Many prepared vacancies concatenated, to score one CV against all of them at once.

    Build it with :func:`stack_vacancies` when the set of vacancies changes and reuse it.
    Units of vacancy ``k`` are rows ``unit_offsets[k]:unit_offsets[k + 1]``; lexical weights
    use one vocabulary over all vacancies.
    """

    prepared: tuple[PreparedVacancy, ...]
    config: ScoringConfig
    vectors: Float32Matrix
    unit_offsets: IntArray
    mu: FloatArray
    sigma: FloatArray
    vocabulary: dict[str, int]
    term_indptr: IntArray
    term_indices: IntArray
    term_weights: FloatArray
    vocab_ids: IntArray
    vocab_offsets: IntArray
    unit_sizes: IntArray
    unit_owner: IntArray
    kind_starts: IntArray
    n_duties: IntArray
    #: Position of each vacancy's id in sorted id order (the ranking's last tie-break).
    id_rank: IntArray
    #: Vacancies whose checks are identical for every CV share a group (see
    #: :func:`matcher.checks.check_key`); ``check_reps[g]`` is the first vacancy of group ``g``.
    check_group: IntArray
    check_reps: tuple[Vacancy, ...]

    def __len__(self) -> int:
        return len(self.prepared)


def stack_vacancies(prepared: Sequence[PreparedVacancy]) -> PreparedVacancies:
    """Concatenate prepared vacancies (one unit matrix, one CSR over a shared vocabulary).

    Args:
        prepared: Vacancies prepared with one and the same config and encoder width.

    Returns:
        The :class:`PreparedVacancies`.

    Raises:
        ConfigError: If the vacancies were prepared with different configs.
        MatcherError: If their vectors differ in width.
    """
    items = tuple(prepared)
    config = items[0].config if items else DEFAULT_CONFIG
    if any(p.config != config for p in items):
        raise ConfigError("vacancies prepared with different scoring configs")
    widths = {p.vectors.shape[1] for p in items if p.n_units}
    if len(widths) > 1:
        raise MatcherError("unit vectors differ in width", reason="shape_mismatch")
    dim = widths.pop() if widths else 0
    counts = np.array([p.n_units for p in items], dtype=np.int64)
    unit_offsets = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(counts)])
    vocabulary: dict[str, int] = {}
    vocab_parts: list[IntArray] = []
    index_parts: list[IntArray] = []
    indptr_parts: list[IntArray] = [np.zeros(1, dtype=np.int64)]
    nnz = 0
    for p in items:
        local = np.array(
            [vocabulary.setdefault(t, len(vocabulary)) for t in p.terms], dtype=np.int64
        )
        vocab_parts.append(local)
        index_parts.append(local[p.term_indices])
        indptr_parts.append(p.term_indptr[1:] + nnz)
        nnz += int(p.term_indptr[-1])

    def cat(parts: Sequence[npt.NDArray[Any]], dtype: type) -> npt.NDArray[Any]:
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

    term_indptr = cat(indptr_parts, np.int64)
    n_duties = np.array([p.n_duties for p in items], dtype=np.int64)
    groups: dict[Any, int] = {}
    reps: list[Vacancy] = []
    check_group = np.empty(len(items), dtype=np.int64)
    for k, p in enumerate(items):
        key = check_key(p.vacancy.requirements)
        group = groups.get(key)
        if group is None:
            group = groups[key] = len(reps)
            reps.append(p.vacancy)
        check_group[k] = group
    id_rank = np.empty(len(items), dtype=np.int64)
    id_rank[sorted(range(len(items)), key=lambda k: items[k].vacancy.id)] = np.arange(
        len(items), dtype=np.int64)
    starts = unit_offsets[:-1]
    kind_starts = np.stack([starts, starts + n_duties], axis=1).ravel()
    return PreparedVacancies(
        prepared=items,
        config=config,
        vectors=(
            np.ascontiguousarray(np.concatenate([p.vectors for p in items if p.n_units]))
            if int(counts.sum()) else np.zeros((0, dim), dtype=np.float32)
        ),
        unit_offsets=unit_offsets,
        mu=_cat_rows([p.mu for p in items]),
        sigma=_cat_rows([p.sigma for p in items]),
        vocabulary=vocabulary,
        term_indptr=term_indptr,
        term_indices=cat(index_parts, np.int64),
        term_weights=cat([p.term_weights for p in items], np.float64),
        vocab_ids=cat(vocab_parts, np.int64),
        vocab_offsets=np.concatenate(
            [np.zeros(1, dtype=np.int64), np.cumsum([len(p.terms) for p in items])]
        ).astype(np.int64),
        unit_sizes=np.diff(term_indptr),
        unit_owner=np.repeat(np.arange(len(items), dtype=np.int64), counts),
        kind_starts=kind_starts.astype(np.int64),
        n_duties=n_duties,
        id_rank=id_rank,
        check_group=check_group,
        check_reps=tuple(reps),
    )


def _cat_rows(parts: Sequence[FloatArray]) -> FloatArray:
    """Per-language background rows of many vacancies, side by side."""
    if not parts:
        return np.zeros((len(BACKGROUND_LANGUAGES), 0), dtype=np.float64)
    out: FloatArray = np.concatenate(parts, axis=1).astype(np.float64)
    return out


@dataclass(frozen=True, slots=True, eq=False)
class CandidatePool:
    """Many candidate profiles with their chunk vectors concatenated (see :class:`ChunkBatch`).

    Build it with :func:`stack_profiles`; it holds personal data like the profiles do.
    """

    profiles: tuple[CandidateProfile, ...]
    chunks: ChunkBatch
    max_norm: float

    def __len__(self) -> int:
        return len(self.profiles)


def stack_profiles(profiles: Sequence[CandidateProfile]) -> CandidatePool:
    """Concatenate candidate profiles for :func:`score_prepared_candidates`.

    Raises:
        MatcherError: If the chunk vectors differ in width.
    """
    items = tuple(profiles)
    batch = stack_chunks([p.vectors for p in items])
    return CandidatePool(items, batch, max((p.max_norm for p in items), default=0.0))


# --------------------------------------------------------------------------- hot path


def _segment_sums(values: FloatArray, starts: IntArray) -> FloatArray:
    """Sums of consecutive segments along the last axis; segment ``i`` is
    ``[starts[i], starts[i + 1])`` (the last one runs to the end), empty segments give 0.

    ``np.add.reduceat`` sums each segment from its own first element, so a segment's sum does
    not depend on where it sits or what surrounds it (batch == single). A zero sentinel keeps
    start indices equal to the length valid without joining any real segment.
    """
    n = values.shape[-1]
    pad = np.zeros((*values.shape[:-1], 1), dtype=values.dtype)
    ext = np.concatenate([values, pad], axis=-1)
    idx = np.append(starts, n).astype(np.int64)
    sums: FloatArray = np.add.reduceat(ext, idx, axis=-1)[..., :-1]
    lengths = np.diff(idx)
    sums[..., lengths == 0] = 0.0
    return sums


def _exact_dots(
    left: Float32Matrix, right: Float32Matrix, rows: IntArray, cols: IntArray
) -> FloatArray:
    """``left[rows[i]] . right[cols[i]]`` in float64, summed pairwise along each row.

    Every value is the same function of its two vectors whichever side is converted first
    and however many rows share the call (float32 products are exact in float64).
    """
    out = np.empty(len(rows), dtype=np.float64)
    # Convert the smaller side once; gather the other per block (small blocks stay in cache).
    if len(left) > len(right):
        left, right, rows, cols = right, left, cols, rows
    left64 = left.astype(np.float64)
    for lo in range(0, len(rows), _EXACT_BLOCK):
        hi = min(lo + _EXACT_BLOCK, len(rows))
        block = left64[rows[lo:hi]]
        block *= right[cols[lo:hi]]
        out[lo:hi] = block.sum(axis=1)
    return out


def _best_chunks(
    units: Float32Matrix, chunks: Float32Matrix, offsets: IntArray, max_norm: float
) -> tuple[IntArray, FloatArray]:
    """Per (unit, segment of chunks): global index of the best chunk (-1 if none), its cosine.

    One float32 product finds, per unit and segment, the chunks within a tolerance of the
    best; those few are re-scored exactly in float64 and the best (first on a tie) wins. The
    reported similarity is that float64 value rounded to 9 decimals, so it does not depend on
    how many rows shared the product.
    """
    empty = units.shape[0] == 0 or not bool((np.diff(offsets) > 0).any())
    if empty:
        sims = np.zeros((units.shape[0], len(chunks)), dtype=np.float32)
    elif chunks.shape[1] != units.shape[1]:
        raise MatcherError("chunk and unit vectors differ in width", reason="shape_mismatch")
    else:
        sims = units @ chunks.T
    return _resolve_best(sims, units, chunks, offsets, max_norm)


def _resolve_best(
    sims: Float32Matrix, units: Float32Matrix, chunks: Float32Matrix, offsets: IntArray,
    max_norm: float,
) -> tuple[IntArray, FloatArray]:
    """:func:`_best_chunks` from an already computed float32 product ``units @ chunks.T``.

    Each row is resolved from its own float32 row and exact float64 dots only, so a subset of
    rows (with the matching rows of ``sims``) gives the same answer as the whole matrix.
    """
    n_units = units.shape[0]
    n_segs = len(offsets) - 1
    best_idx = np.full((n_units, n_segs), -1, dtype=np.int64)
    best_sim = np.zeros((n_units, n_segs), dtype=np.float64)
    counts = np.diff(offsets)
    nonempty = np.flatnonzero(counts > 0)
    if n_units == 0 or nonempty.size == 0:
        return best_idx, best_sim
    starts = offsets[nonempty]
    seg_max = np.maximum.reduceat(sims, starts, axis=1)
    threshold = seg_max - np.float32(_TIE_TOLERANCE * max(1.0, max_norm))
    seg_of_col = np.repeat(np.arange(nonempty.size, dtype=np.int64), counts[nonempty])
    mask = sims >= (threshold if nonempty.size == 1 else threshold[:, seg_of_col])
    rows, cols = np.nonzero(mask)
    exact = _exact_dots(units, chunks, rows, cols)
    if len(rows) == n_units * nonempty.size:
        # No near-tie anywhere (the usual case): one candidate chunk per (unit, segment).
        best_idx[:, nonempty] = cols.reshape(n_units, nonempty.size)
        best_sim[:, nonempty] = np.round(exact, 9).reshape(n_units, nonempty.size)
        return best_idx, best_sim
    group = rows * nonempty.size + seg_of_col[cols]
    group_starts = np.flatnonzero(np.concatenate([[True], group[1:] != group[:-1]]))
    if len(group_starts) != n_units * nonempty.size:
        raise MatcherError("non-finite similarity in the vectors", reason="invalid_vectors")
    group_max = np.maximum.reduceat(exact, group_starts)
    sizes = np.diff(np.append(group_starts, len(exact)))
    is_best = exact == np.repeat(group_max, sizes)
    order = np.arange(len(exact), dtype=np.int64)
    first = np.minimum.reduceat(np.where(is_best, order, len(exact)), group_starts)
    best_idx[:, nonempty] = cols[first].reshape(n_units, nonempty.size)
    best_sim[:, nonempty] = np.round(group_max, 9).reshape(n_units, nonempty.size)
    return best_idx, best_sim


def _thresholds(counts: IntArray, quantile: float) -> FloatArray:
    return np.array([_threshold(int(n), quantile) for n in counts], dtype=np.float64)


def _saturated(tf: FloatArray, lengths: FloatArray, config: ScoringConfig) -> FloatArray:
    """BM25 saturation, one formula for both directions (identical floats per element)."""
    return saturate(
        tf, np.maximum(lengths, 1.0), k1=config.bm25_k1, b=config.bm25_b,
        avg_length=config.bm25_avg_length,
    )


def _pair_precision(prep: PreparedVacancy, profile: CandidateProfile) -> float:
    """Mean over the CV's chunks of each chunk's best corrected match to any unit.

    Computed per pair with the same small product in every code path (precision is opt-in).
    """
    vectors = profile.vectors
    if prep.n_units == 0 or len(vectors) == 0:
        return 0.0
    config = prep.config
    sims = prep.vectors.astype(np.float64) @ vectors.astype(np.float64).T
    # Each chunk picks its best of n_units units, so the chance bar uses n_units draws.
    bar = _threshold(prep.n_units, config.chance_quantile)
    mu, sigma = prep.mu[profile.language], prep.sigma[profile.language]
    z = (sims - mu[:, None]) / sigma[:, None] - bar
    per_chunk = np.round(np.clip(z.max(axis=0) / config.z_full, 0.0, 1.0), 6)
    return float(_segment_sums(per_chunk, np.zeros(1, dtype=np.int64))[0]) / len(vectors)


def _copied_counts(
    unit_tokens: Sequence[frozenset[str]],
    unit_sizes: IntArray,
    present: IntArray,
    best_local: IntArray,
    profile: CandidateProfile,
    owner: IntArray,
    n_owners: int,
    units_per_owner: IntArray,
    config: ScoringConfig,
) -> IntArray:
    """Per owner (vacancy or candidate), how many units have a near-copy as evidence.

    Jaccard >= t needs both size(min)/size(max) >= t and (unit terms present in the CV) >=
    t * size(max), so only the few pairs passing these exact bounds, in owners that could
    still reach the flag, are compared token by token.
    """
    copied = np.zeros(n_owners, dtype=np.int64)
    ok = best_local >= 0
    if not ok.any():
        return copied
    chunk_sizes = np.where(ok, profile.chunk_sizes[np.where(ok, best_local, 0)], 0)
    big = np.maximum(unit_sizes, chunk_sizes)
    small = np.minimum(unit_sizes, chunk_sizes)
    t = config.copy_overlap
    maybe = ok & (small > 0) & (small >= t * big) & (present >= t * big)
    if not maybe.any():
        return copied
    possible = np.bincount(owner[maybe], minlength=n_owners)
    needed = np.maximum(3, np.ceil(config.copy_fraction * units_per_owner - 1e-9))
    reachable = possible >= needed
    for u in np.flatnonzero(maybe & reachable[owner]).tolist():
        chunk = profile.chunk_tokens[int(best_local[u])]
        if jaccard(unit_tokens[u], chunk) >= t:
            copied[owner[u]] += 1
    return copied


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while results are built.

    Building thousands of results allocates ~20 acyclic objects each; the generational
    collections they trigger traverse every long-lived object of the process (a service's
    prepared vacancies and profiles) and cost a quarter of a ranking (measured). Reference
    counting still frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _combine(
    config: ScoringConfig,
    n_units: int,
    n_duties: int,
    duty_sum: float,
    learning_sum: float,
    lexical_sum: float,
    precision: float,
) -> tuple[float, dict[str, float]]:
    """The 0-100 score and the sub-scores of one pair from its per-unit sums."""
    n_learning = n_units - n_duties
    weighted = 0.0
    total_w = 0.0
    subscores: dict[str, float] = {}
    if n_duties:
        duties = duty_sum / n_duties
        subscores["duties"] = round(duties, 4)
        weighted += config.duties_weight * duties
        total_w += config.duties_weight
    if n_learning:
        learning = learning_sum / n_learning
        subscores["learning"] = round(learning, 4)
        weighted += config.learning_weight * learning
        total_w += config.learning_weight
    recall = weighted / total_w if total_w > 0 else 0.0
    if n_units:
        subscores["lexical"] = round(lexical_sum / n_units, 4)
    if config.precision_weight > 0:
        subscores["precision"] = round(precision, 4)
    combined = (1.0 - config.precision_weight) * recall + config.precision_weight * precision
    return _final_score(combined), subscores


def _final_score(combined: float) -> float:
    """The reported 0-100 score of a combined 0-1 value (rounded to one decimal)."""
    return round(100.0 * min(max(combined, 0.0), 1.0), 1)


def _evidence(
    prep: PreparedVacancy, profile: CandidateProfile, best_local: list[int], best_sim: list[float]
) -> tuple[Evidence, ...]:
    chunks = profile.candidate.chunks
    if chunks and prep.texts:
        # Every unit has a best chunk when the CV has any: map() builds the tuple in C.
        return tuple(
            map(Evidence, prep.texts, [chunks[j] for j in best_local], best_sim, prep.kinds)
        )
    return ()


def _result(
    prep: PreparedVacancy,
    profile: CandidateProfile,
    score: float,
    subscores: dict[str, float],
    evidence: tuple[Evidence, ...],
    stuffed: bool,
    checks: tuple[Check, ...] | None = None,
) -> MatchResult:
    if checks is None:
        checks = evaluate_checks(prep.vacancy, profile.candidate)
    flags = profile.flags
    if stuffed and KEYWORD_STUFFING not in flags:
        flags = (*flags, KEYWORD_STUFFING)
    return MatchResult(
        vacancy_id=prep.vacancy.id,
        candidate_id=profile.candidate.id,
        score=score,
        eligible=eligibility(checks),
        subscores=subscores,
        checks=checks,
        evidence=evidence,
        flags=tuple(sorted(set(flags))),
    )


def score_prepared_candidates(
    prepared: PreparedVacancy, pool: CandidatePool | Sequence[CandidateProfile]
) -> list[MatchResult]:
    """Score many candidates for one prepared vacancy (one product over all their chunks).

    Args:
        prepared: The vacancy, from :func:`prepare_vacancy`.
        pool: A :class:`CandidatePool` (reuse it across calls) or the profiles to stack.

    Returns:
        One result per candidate, in input order; identical to :func:`score_pair` per pair.

    Raises:
        MatcherError: If the vector widths differ.
    """
    stacked = pool if isinstance(pool, CandidatePool) else stack_profiles(pool)
    profiles = stacked.profiles
    if not profiles:
        return []
    config = prepared.config
    batch = stacked.chunks
    counts = batch.counts()
    n_cands = len(profiles)
    n_units = prepared.n_units

    # Semantic: best chunk per (unit, candidate), corrected for each CV's chunk count.
    best_idx, best_sim = _best_chunks(prepared.vectors, batch.vectors, batch.offsets,
                                      stacked.max_norm)
    langs = np.array([p.language for p in profiles], dtype=np.int64)
    z = (best_sim - prepared.mu[langs].T) / prepared.sigma[langs].T
    z -= _thresholds(np.maximum(counts, config.min_chance_draws), config.chance_quantile)[None, :]
    semantic = np.clip(z / config.z_full, 0.0, 1.0)
    semantic[:, counts == 0] = 0.0
    best_local = np.where(best_idx >= 0, best_idx - batch.offsets[:-1][None, :], -1)

    # Lexical: term counts of the vacancy's vocabulary in each CV.
    terms = prepared.terms
    term_index = {t: i for i, t in enumerate(terms)}
    tf = np.zeros((n_cands, len(terms)), dtype=np.float64)
    for c, prof in enumerate(profiles):
        # Set intersection runs in C; only the shared terms are visited in Python.
        for term in prof.counts.keys() & term_index.keys():
            tf[c, term_index[term]] = prof.counts[term]
    lengths = np.array([[float(p.length)] for p in profiles], dtype=np.float64)
    max_count = tf.max(axis=1) if len(terms) else np.zeros(n_cands)
    term_outlier = (max_count >= config.stuffing_min_count) & (
        max_count > config.stuffing_max_share * np.maximum(lengths[:, 0], 1.0)
    )
    row_starts = prepared.term_indptr[:-1]
    present = _segment_sums(
        (tf[:, prepared.term_indices] > 0).astype(np.float64), row_starts
    ).astype(np.int64)  # (n_cands, n_units)
    unit_tokens = [frozenset(terms[int(i)] for i in prepared.term_indices[lo:hi])
                   for lo, hi in zip(prepared.term_indptr[:-1].tolist(),
                                     prepared.term_indptr[1:].tolist(), strict=True)]
    unit_sizes = np.diff(prepared.term_indptr)
    stuffed = np.zeros(n_cands, dtype=bool)
    owner = np.zeros(n_units, dtype=np.int64)
    per_owner = np.array([n_units], dtype=np.int64)
    for c, prof in enumerate(profiles):
        copied = _copied_counts(unit_tokens, unit_sizes, present[c], best_local[:, c], prof,
                                owner, 1, per_owner, config)[0]
        copy_outlier = copied >= 3 and copied >= config.copy_fraction * n_units
        stuffed[c] = bool(term_outlier[c]) or prof.repeated or copy_outlier
    tf[stuffed] = np.minimum(tf[stuffed], 1.0)
    sat = _saturated(tf, lengths, config)
    lexical = np.round(
        _segment_sums(sat[:, prepared.term_indices] * prepared.term_weights, row_starts), 9
    )  # (n_cands, n_units)

    unit_scores = (1.0 - config.lexical_weight) * np.ascontiguousarray(semantic.T)
    unit_scores += config.lexical_weight * lexical
    kind_sums = _segment_sums(unit_scores, np.array([0, prepared.n_duties], dtype=np.int64))
    lexical_sums = _segment_sums(lexical, np.zeros(1, dtype=np.int64))[:, 0]
    cols_t = best_local.T.tolist()
    sims_t = best_sim.T.tolist()
    kind_list = kind_sums.tolist()
    lex_list = lexical_sums.tolist()
    stuffed_list = stuffed.tolist()
    results: list[MatchResult] = []
    with _gc_paused():
        for c, prof in enumerate(profiles):
            precision = (
                _pair_precision(prepared, prof) if config.precision_weight > 0 else 0.0
            )
            score, subscores = _combine(
                config, n_units, prepared.n_duties, kind_list[c][0], kind_list[c][1],
                lex_list[c], precision,
            )
            results.append(
                _result(prepared, prof, score, subscores,
                        _evidence(prepared, prof, cols_t[c], sims_t[c]), stuffed_list[c])
            )
    return results


def score_prepared_vacancies(
    profile: CandidateProfile,
    vacancies: PreparedVacancies | Sequence[PreparedVacancy],
    *,
    top_k: int | None = None,
) -> list[MatchResult]:
    """Score one CV against many prepared vacancies (one product over all their units).

    Args:
        profile: The CV, from :func:`candidate_profile`.
        vacancies: A :class:`PreparedVacancies` (reuse it across calls) or the vacancies to
            stack.
        top_k: If given, only the best ``top_k`` results, ranked by
            :func:`matcher.ranking.rank_key`: every vacancy is scored and checked, but
            evidence is built only for those returned.

    Returns:
        Without ``top_k``, one result per vacancy, in input order; identical to
        :func:`score_pair` per pair. With it, the first ``top_k`` results of
        :func:`matcher.ranking.rank_results` over all of them, each identical in every field.

    Raises:
        MatcherError: If the vector widths differ.
    """
    stacked = vacancies if isinstance(vacancies, PreparedVacancies) else stack_vacancies(
        vacancies)
    if not stacked.prepared:
        return []
    config = stacked.config
    n_vac = len(stacked.prepared)
    sem = _VacancySemantics(stacked, profile)

    # Lexical: the CV's counts over the shared vocabulary.
    vocab = stacked.vocabulary
    counts = np.zeros(len(vocab), dtype=np.float64)
    shared = profile.counts.keys() & vocab.keys()
    if shared:
        counts[[vocab[t] for t in shared]] = [profile.counts[t] for t in shared]
    length = np.array([float(profile.length)], dtype=np.float64)
    vocab_counts = np.append(counts[stacked.vocab_ids], 0.0)
    vocab_starts = stacked.vocab_offsets[:-1]
    max_count = np.maximum.reduceat(vocab_counts, np.minimum(vocab_starts, len(vocab_counts) - 1))
    max_count[np.diff(stacked.vocab_offsets) == 0] = 0.0
    term_outlier = (max_count >= config.stuffing_min_count) & (
        max_count > config.stuffing_max_share * max(float(profile.length), 1.0)
    )
    unit_starts = stacked.term_indptr[:-1]
    present = _segment_sums(
        (counts[stacked.term_indices] > 0).astype(np.float64), unit_starts
    ).astype(np.int64)
    units_per = np.diff(stacked.unit_offsets)
    # A near-copy needs at least copy_overlap of the unit's terms in the CV (the bound that
    # _copied_counts applies first): only those units need their exact best chunk here.
    sizes = stacked.unit_sizes
    sem.resolve(np.flatnonzero((sizes > 0) & (present >= config.copy_overlap * sizes)))
    copied = _copied_counts(
        _StackedUnitTokens(stacked), sizes, present, sem.best_or_none(), profile,
        stacked.unit_owner, n_vac, units_per, config,
    )
    copy_outlier = (copied >= 3) & (copied >= config.copy_fraction * units_per)
    stuffed = term_outlier | copy_outlier | profile.repeated

    sat = _saturated(counts, length, config)
    sat_presence = _saturated(np.minimum(counts, 1.0), length, config)
    lex_plain = _segment_sums(sat[stacked.term_indices] * stacked.term_weights, unit_starts)
    lex_clip = _segment_sums(
        sat_presence[stacked.term_indices] * stacked.term_weights, unit_starts
    )
    lexical: FloatArray = np.round(
        np.where(stuffed[stacked.unit_owner], lex_clip, lex_plain), 9
    ).astype(np.float64)

    unit_scores = (1.0 - config.lexical_weight) * sem.semantic + config.lexical_weight * lexical
    kind_sums = _segment_sums(unit_scores, stacked.kind_starts).reshape(n_vac, 2)
    lexical_sums = _segment_sums(lexical, stacked.unit_offsets[:-1])
    if config.precision_weight > 0:
        precision = np.array([_pair_precision(p, profile) for p in stacked.prepared],
                             dtype=np.float64)
    else:
        precision = np.zeros(n_vac, dtype=np.float64)
    combined = _combined_many(config, units_per, stacked.n_duties, kind_sums[:, 0],
                              kind_sums[:, 1], precision)
    scores = np.array([_final_score(c) for c in combined.tolist()], dtype=np.float64)
    # Checks depend only on what check_key keeps of the requirements: one evaluation per group.
    group_checks = evaluate_checks_many(stacked.check_reps, profile.candidate)
    group_ineligible = np.array([eligibility(c) is False for c in group_checks], dtype=bool)

    bounds = stacked.unit_offsets.tolist()
    kind_list = kind_sums.tolist()
    lex_list = lexical_sums.tolist()
    precision_list = precision.tolist()
    stuffed_list = stuffed.tolist()
    groups = stacked.check_group.tolist()

    def build(k: int) -> MatchResult:
        prep = stacked.prepared[k]
        lo, hi = bounds[k], bounds[k + 1]
        score, subscores = _combine(
            config, prep.n_units, prep.n_duties, kind_list[k][0], kind_list[k][1],
            lex_list[k], precision_list[k],
        )
        best_local, best_sim = sem.evidence_rows(lo, hi)
        return _result(prep, profile, score, subscores,
                       _evidence(prep, profile, best_local, best_sim), stuffed_list[k],
                       group_checks[groups[k]])

    with _gc_paused():
        if top_k is None:
            sem.resolve(np.arange(len(sem.semantic), dtype=np.int64))
            return [build(k) for k in range(n_vac)]
        # matcher.ranking.rank_key without building results: eligible and needs-review first,
        # then score, then vacancy id (the candidate id is the same for all); evidence is
        # built only for the kept results.
        order = np.lexsort((np.arange(n_vac), stacked.id_rank, -scores,
                            group_ineligible[stacked.check_group]))
        kept = order[:max(top_k, 0)].tolist()
        if kept:
            sem.resolve(np.concatenate([np.arange(bounds[k], bounds[k + 1]) for k in kept]))
        return [build(k) for k in kept]


class _VacancySemantics:
    """Each stacked unit's semantic credit for one CV, resolving exact best chunks lazily.

    One float32 product gives every unit's best similarity to within the tie tolerance. The
    credit ``clip(z / z_full, 0, 1)`` is monotone in the similarity, so where both ends of that
    interval give the same credit (far below the chance bar: 0; far above: 1) the credit is
    exact without the float64 re-scoring; only the units in between, and the units whose
    evidence or copy check is needed, are resolved exactly. The values are those of the full
    re-scoring, element for element.
    """

    def __init__(self, stacked: PreparedVacancies, profile: CandidateProfile) -> None:
        config = stacked.config
        self._chunks = profile.vectors
        self._units = stacked.vectors
        self._offsets = np.array([0, len(profile.vectors)], dtype=np.int64)
        self._max_norm = profile.max_norm
        n_units = len(stacked.vectors)
        self.best = np.full(n_units, -1, dtype=np.int64)
        self.sim = np.zeros(n_units, dtype=np.float64)
        self.semantic = np.zeros(n_units, dtype=np.float64)
        self._resolved = np.zeros(n_units, dtype=bool)
        self._sims: Float32Matrix | None = None
        if not len(profile.vectors) or not n_units:
            return
        if profile.vectors.shape[1] != stacked.vectors.shape[1]:
            raise MatcherError("chunk and unit vectors differ in width", reason="shape_mismatch")
        bar = _threshold(max(len(profile.vectors), config.min_chance_draws),
                         config.chance_quantile)
        self._sims = stacked.vectors @ profile.vectors.T
        top = self._sims.max(axis=1).astype(np.float64)
        # The exact best lies within the tie tolerance of the float32 best; the 9-decimal
        # rounding of reported similarities moves it by at most 5e-10 more.
        slack = _TIE_TOLERANCE * max(1.0, profile.max_norm) + 1e-9
        mu, sigma = stacked.mu[profile.language], stacked.sigma[profile.language]
        low = _semantic_credit(top - slack, mu, sigma, bar, config.z_full)
        high = _semantic_credit(top + slack, mu, sigma, bar, config.z_full)
        settled = low == high  # False for non-finite values: those go to the exact path
        self.semantic[settled] = low[settled]
        band = np.flatnonzero(~settled)
        self.resolve(band)
        self.semantic[band] = _semantic_credit(
            self.sim[band], mu[band], sigma[band], bar, config.z_full)

    def resolve(self, rows: IntArray) -> None:
        """Exact best chunk and similarity for these unit rows (once per row)."""
        if self._sims is None:
            return
        todo = rows[~self._resolved[rows]]
        if todo.size == 0:
            return
        idx, sim = _resolve_best(self._sims[todo], self._units[todo], self._chunks,
                                 self._offsets, self._max_norm)
        self.best[todo] = idx[:, 0]
        self.sim[todo] = sim[:, 0]
        self._resolved[todo] = True

    def best_or_none(self) -> IntArray:
        """Best chunk per unit where resolved, -1 elsewhere."""
        return np.where(self._resolved, self.best, -1)

    def evidence_rows(self, lo: int, hi: int) -> tuple[list[int], list[float]]:
        """Best chunks and similarities of units ``lo:hi`` (resolved by the caller)."""
        return self.best[lo:hi].tolist(), self.sim[lo:hi].tolist()


def _semantic_credit(
    sim: FloatArray, mu: FloatArray, sigma: FloatArray, bar: float, z_full: float
) -> FloatArray:
    """Per unit, ``clip(z / z_full, 0, 1)`` with ``z`` the similarity's background z-score
    above the chance bar (elementwise, so any subset of units gives the same values)."""
    z = (sim - mu) / sigma
    z -= bar
    credit: FloatArray = np.clip(z / z_full, 0.0, 1.0)
    return credit


def _combined_many(
    config: ScoringConfig,
    n_units: IntArray,
    n_duties: IntArray,
    duty_sums: FloatArray,
    learning_sums: FloatArray,
    precision: FloatArray,
) -> FloatArray:
    """:func:`_combine`'s combined value for many pairs: the same float operations in the
    same order, so each element equals the scalar result exactly."""
    n_learning = n_units - n_duties
    has_duties = n_duties > 0
    has_learning = n_learning > 0
    duties = duty_sums / np.maximum(n_duties, 1)
    learning = learning_sums / np.maximum(n_learning, 1)
    weighted = np.where(has_duties, 0.0 + config.duties_weight * duties, 0.0)
    total = np.where(has_duties, 0.0 + config.duties_weight, 0.0)
    weighted = np.where(has_learning, weighted + config.learning_weight * learning, weighted)
    total = np.where(has_learning, total + config.learning_weight, total)
    recall = np.divide(weighted, total, out=np.zeros_like(weighted), where=total > 0)
    out: FloatArray = (1.0 - config.precision_weight) * recall + (
        config.precision_weight * precision)
    return out


def estimate_vacancy_scores(
    profile: CandidateProfile,
    vacancies: PreparedVacancies,
    unit_rows: IntArray,
    similarities: FloatArray,
) -> FloatArray:
    """A cheap estimate of each vacancy's 0-1 recall score, to preselect from a large set.

    The semantic part uses only the given (unit row, similarity) pairs, e.g. the hits of a
    nearest-neighbour search of the CV's chunks among all units: each unit takes its best
    similarity, units without a hit get no semantic credit. The lexical part is computed
    exactly (without the stuffing clip). Preselected vacancies are then scored exactly.

    Args:
        profile: The CV.
        vacancies: The stacked vacancies.
        unit_rows: Row (into the stacked units) of each hit.
        similarities: Cosine of each hit.

    Returns:
        One estimate per vacancy, in stack order.
    """
    config = vacancies.config
    n_units = vacancies.mu.shape[1]
    mu, sigma = vacancies.mu[profile.language], vacancies.sigma[profile.language]
    best = np.full(n_units, -np.inf)
    np.maximum.at(best, np.asarray(unit_rows, dtype=np.int64), similarities)
    seen = np.isfinite(best)
    z = (np.where(seen, best, 0.0) - mu) / sigma
    z -= _threshold(max(len(profile.vectors), config.min_chance_draws), config.chance_quantile)
    semantic = np.where(seen, np.clip(z / config.z_full, 0.0, 1.0), 0.0)
    counts = np.zeros(len(vacancies.vocabulary), dtype=np.float64)
    shared = profile.counts.keys() & vacancies.vocabulary.keys()
    if shared:
        counts[[vacancies.vocabulary[t] for t in shared]] = [profile.counts[t] for t in shared]
    sat = _saturated(counts, np.array([float(profile.length)]), config)
    lexical = _segment_sums(
        sat[vacancies.term_indices] * vacancies.term_weights, vacancies.term_indptr[:-1]
    )
    unit_scores = (1.0 - config.lexical_weight) * semantic + config.lexical_weight * lexical
    sums = _segment_sums(unit_scores, vacancies.kind_starts).reshape(-1, 2)
    n_duties = np.array([p.n_duties for p in vacancies.prepared], dtype=np.float64)
    n_learning = np.diff(vacancies.unit_offsets).astype(np.float64) - n_duties
    dw = np.where(n_duties > 0, config.duties_weight, 0.0)
    lw = np.where(n_learning > 0, config.learning_weight, 0.0)
    weighted = dw * sums[:, 0] / np.maximum(n_duties, 1.0) + lw * sums[:, 1] / np.maximum(
        n_learning, 1.0
    )
    total = dw + lw
    out: FloatArray = np.divide(weighted, total, out=np.zeros_like(weighted), where=total > 0)
    return out


class _StackedUnitTokens(Sequence[frozenset[str]]):
    """Token sets of the stacked units, built only for the units actually compared."""

    def __init__(self, stacked: PreparedVacancies) -> None:
        self._stacked = stacked

    def __len__(self) -> int:
        return len(self._stacked.unit_owner)

    @overload
    def __getitem__(self, index: int) -> frozenset[str]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[frozenset[str]]: ...

    def __getitem__(self, index: int | slice) -> frozenset[str] | Sequence[frozenset[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        s = self._stacked
        k = int(s.unit_owner[index])
        prep = s.prepared[k]
        u = index - int(s.unit_offsets[k])
        lo, hi = int(prep.term_indptr[u]), int(prep.term_indptr[u + 1])
        return frozenset(prep.terms[int(i)] for i in prep.term_indices[lo:hi])


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
    prepared = prepare_vacancy(vacancy, unit_vecs, config, background=background)
    profile = candidate_profile(candidate, chunk_vecs, flags=flags)
    return score_prepared_candidates(prepared, [profile])[0]


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

    Prepares the vacancy and the profiles on every call; a service that ranks repeatedly
    keeps them (:func:`prepare_vacancy`, :func:`candidate_profile`) and calls
    :func:`score_prepared_candidates`.

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
    if isinstance(chunk_vecs, ChunkBatch):
        matrices: list[Matrix] = [
            chunk_vecs.vectors[int(a):int(b)]
            for a, b in zip(chunk_vecs.offsets[:-1], chunk_vecs.offsets[1:], strict=True)
        ]
    else:
        matrices = list(chunk_vecs)
    if len(matrices) != len(candidates):
        raise MatcherError(
            f"{len(candidates)} candidates but {len(matrices)} chunk matrices",
            reason="shape_mismatch",
        )
    per_flags: Sequence[Sequence[str]] = flags if flags is not None else [()] * len(candidates)
    if len(per_flags) != len(candidates):
        raise MatcherError("flags must have one entry per candidate", reason="shape_mismatch")
    prepared = prepare_vacancy(vacancy, unit_vecs, config, background=background)
    if not candidates:
        return []
    profiles = [
        candidate_profile(c, m, flags=f)
        for c, m, f in zip(candidates, matrices, per_flags, strict=True)
    ]
    return score_prepared_candidates(prepared, profiles)


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

    Prepares every vacancy on each call; a service keeps them (:func:`prepare_vacancies`,
    :func:`stack_vacancies`) and calls :func:`score_prepared_vacancies`.

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
    prepared = prepare_vacancies(vacancies, unit_vecs, config, background=background)
    profile = candidate_profile(candidate, chunk_vecs, flags=flags)
    if not prepared:
        return []
    return score_prepared_vacancies(profile, prepared)
