"""What the scorer prepares once: vacancies, stacks of vacancies, candidate profiles, pools.

:func:`prepare_vacancy` computes what depends on the vacancy alone (normalised unit vectors, the
background statistics ``mu_u``/``sigma_u`` of each unit in each background language, the units'
lexical weights as CSR arrays); :func:`candidate_profile` what depends on the CV alone (chunk
vectors, term counts, chunk token sets). :func:`stack_vacancies` and :func:`stack_profiles`
concatenate them for the one-CV and one-vacancy rankings. A service keeps all of them in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.arrays import Float32Matrix, FloatArray, IntArray, Matrix
from matcher.background import BACKGROUND_LANGUAGES, BACKGROUND_SENTENCES
from matcher.checks import check_key
from matcher.errors import ConfigError, MatcherError
from matcher.lexical import repeated_chunks, text_profile, token_set, unit_term_weights
from matcher.models import Candidate, UnitKind, Vacancy
from matcher.ranking import id_ranks
from matcher.scoring.config import DEFAULT_CONFIG, ScoringConfig
from matcher.scoring.formula import PairLayout

__all__ = [
    "CandidatePool",
    "CandidateProfile",
    "ChunkBatch",
    "PreparedVacancies",
    "PreparedVacancy",
    "UnitBackground",
    "candidate_profile",
    "language_index",
    "non_english",
    "prepare_vacancies",
    "prepare_vacancy",
    "stack_chunks",
    "stack_profiles",
    "stack_vacancies",
    "unit_background",
]

#: Background row of each language with its own sentences (see :func:`language_index`).
_LANGUAGE_ROWS: dict[str, int] = {lang: i for i, lang in enumerate(BACKGROUND_LANGUAGES)}


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


def non_english(cv_rows: IntArray) -> FloatArray:
    """1.0 for a CV read as French, Spanish or Portuguese (its :func:`language_index` row).

    The calibrated map reads such a CV's match value higher
    (:func:`matcher.scoring.formula.calibrated_chance`): on the labelled jpo pairs, relevant
    work not written in English shows a lower match value than the same grade of work
    in English (a multilingual encoder rates it lower against the mostly English ToRs). The
    term is a property of the CV alone, so it never changes the order of one candidate's
    vacancies; a term for pairs in two languages was measured and moved a French CV's French
    ToR below English ones (docs/scoring.md).
    """
    out: FloatArray = (cv_rows != _LANGUAGE_ROWS["en"]).astype(np.float64)
    return out


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
    #: Where each vacancy's units sit, for :func:`matcher.scoring.formula.score_pairs`.
    layout: PairLayout

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
    n_duties = np.array([p.n_duties for p in items], dtype=np.int64)
    starts = unit_offsets[:-1]
    unit_owner = np.repeat(np.arange(len(items), dtype=np.int64), counts)
    kind_starts = np.stack([starts, starts + n_duties], axis=1).ravel().astype(np.int64)
    vocab = _SharedVocabulary.of(items)
    check_group, check_reps = _check_groups(items)
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
        vocabulary=vocab.vocabulary,
        term_indptr=vocab.term_indptr,
        term_indices=vocab.term_indices,
        term_weights=_cat([p.term_weights for p in items], np.float64),
        vocab_ids=vocab.vocab_ids,
        vocab_offsets=vocab.vocab_offsets,
        unit_sizes=np.diff(vocab.term_indptr),
        unit_owner=unit_owner,
        kind_starts=kind_starts,
        n_duties=n_duties,
        id_rank=id_ranks([p.vacancy.id for p in items]),
        check_group=check_group,
        check_reps=check_reps,
        layout=PairLayout(
            unit_starts=starts,
            kind_starts=kind_starts,
            n_units=counts,
            n_duties=n_duties,
            unit_pairs=unit_owner,
        ),
    )


def _cat(parts: Sequence[npt.NDArray[Any]], dtype: type) -> npt.NDArray[Any]:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


@dataclass(frozen=True, slots=True, eq=False)
class _SharedVocabulary:
    """The units' terms of many vacancies mapped to one vocabulary (CSR over it)."""

    vocabulary: dict[str, int]
    vocab_ids: IntArray
    vocab_offsets: IntArray
    term_indptr: IntArray
    term_indices: IntArray

    @staticmethod
    def of(items: Sequence[PreparedVacancy]) -> _SharedVocabulary:
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
        return _SharedVocabulary(
            vocabulary=vocabulary,
            vocab_ids=_cat(vocab_parts, np.int64),
            vocab_offsets=np.concatenate(
                [np.zeros(1, dtype=np.int64), np.cumsum([len(p.terms) for p in items])]
            ).astype(np.int64),
            term_indptr=_cat(indptr_parts, np.int64),
            term_indices=_cat(index_parts, np.int64),
        )


def _check_groups(items: Sequence[PreparedVacancy]) -> tuple[IntArray, tuple[Vacancy, ...]]:
    """Group of each vacancy by :func:`matcher.checks.check_key`, and each group's first one."""
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
    return check_group, tuple(reps)


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


