"""MatchService: the one object the HTTP app and the CLI use.

It wires the store, the two vector indexes (``index.catalog``), the encoder, the readers and
the pure matcher core. The store is the source of truth; vectors of every vacancy and
candidate are also cached in memory (numpy) so that ranking never touches SQLite.

Privacy rules kept here:

- ``match`` (an anonymous candidate) stores nothing: its CV is read, embedded with the raw
  encoder (no disk cache) and dropped.
- CV chunks are never put in the on-disk embedding cache; only vacancy units are. Erasing an
  application therefore erases every copy of the CV's vectors (store rows, index ids).
- Hidden text found by a reader is never embedded; it only raises the ``hidden_text`` flag.
- Audit rows hold hashes, model, config hash and scores, never CV text.

Threading: writes take one lock; reads run on the in-memory caches, which are replaced (not
mutated in place) under that lock.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from api.settings import Settings
from index.catalog import Catalog, PendingOwner
from index.store import (
    Store,
    candidate_from_record,
    candidate_to_record,
    hash_token,
    new_token,
    vacancy_from_record,
    vacancy_to_record,
)
from matcher.errors import (
    AuthError,
    EmptyDocumentError,
    ForbiddenError,
    InputError,
    MatcherError,
    NotFoundError,
    ParseError,
)
from matcher.models import Candidate, MatchResult, Vacancy
from matcher.ports import STATEMENT_KIND, Document, Encoder, FloatMatrix
from matcher.ranking import rank_key, rank_results
from matcher.scoring import (
    BACKGROUND_SENTENCES,
    CandidateProfile,
    PreparedVacancies,
    PreparedVacancy,
    ScoringConfig,
    candidate_profile,
    estimate_vacancy_scores,
    prepare_vacancies,
    score_candidates,
    score_prepared_candidates,
    score_prepared_vacancies,
    score_vacancies,
    stack_profiles,
    stack_vacancies,
)
from matcher.statements import chunk_texts, encoder_units, unit_texts

__all__ = [
    "DirectoryRanking",
    "EXACT_SCORING_LIMIT",
    "MatchService",
    "PRESELECT_VACANCIES",
    "RankedItem",
    "SUPPORTED_SUFFIXES",
    "directory_files",
    "encode_background",
    "make_encoder",
    "open_service",
    "rank_directory_candidates",
    "rank_directory_vacancies",
]

log = logging.getLogger(__name__)

#: Up to this many open vacancies, ``match`` scores every one exactly (one product over all
#: prepared units: 3,500 vacancies take well under 300 ms); above it, the unit index
#: preselects :data:`PRESELECT_VACANCIES` and only those are re-scored exactly.
EXACT_SCORING_LIMIT = 20_000
PRESELECT_VACANCIES = 2_000
#: Units retrieved per CV chunk when preselecting vacancies.
_UNITS_PER_CHUNK = 64
_DEFAULT_RETENTION_DAYS = 365.0
_NOT_FOUND = "application not found"


# ---------------------------------------------------------------------- encoder and scoring


def make_encoder(data_dir: Path | None = None) -> tuple[Encoder, Encoder, Encoder]:
    """The (unit encoder, chunk encoder, raw encoder) chosen by ``JPO_MATCHER_ENCODER``.

    ``hash`` selects the deterministic fake (tests, crash drills); any other value names a real
    model for ``index.encoder.load_encoder`` (default ``DEFAULT_ENCODER``). Units go through a
    ``CachedEncoder`` on disk (vacancies are public); chunks (personal data) through an
    in-memory cache only (dropped on erasure); anonymous matches use the raw encoder, so
    their vectors are kept nowhere.
    """
    name = os.environ.get("JPO_MATCHER_ENCODER", "").strip()
    from index.encoder import DEFAULT_ENCODER, CachedEncoder, load_encoder

    if name == "hash":
        from index.fakes import HashEncoder

        inner: Encoder = HashEncoder()
    else:
        inner = load_encoder(name or DEFAULT_ENCODER)
    cache_path = None if data_dir is None else Path(data_dir) / "unit-embeddings.sqlite"
    return CachedEncoder(inner, cache_path), CachedEncoder(inner, None), inner


_BLAS_CONTROLLER: Any = None
#: BLAS threads for the vacancy ranking's single large product (the box has two cores).
_LARGE_PRODUCT_THREADS = 2


def _single_threaded_blas() -> AbstractContextManager[object]:
    """Run the scorer's small matrix products on one BLAS thread.

    The scorer multiplies small matrices (tens of units by a few hundred rows). With OpenBLAS's
    default thread pool they ran 17x slower on the 2-core service box under load (73 ms against
    4.3 ms per ``unit_background`` call, measured): the threads fight over the cores for work
    too small to split. threadpoolctl comes with sentence-transformers (via scikit-learn);
    without it the default pool is used.
    """
    return _blas_threads(1)


def _blas_threads(limit: int) -> AbstractContextManager[object]:
    """Limit BLAS to ``limit`` threads for the duration of the block (see above)."""
    global _BLAS_CONTROLLER
    if _BLAS_CONTROLLER is None:
        try:
            from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
        except ImportError:  # pragma: no cover - present with sentence-transformers
            return nullcontext()
        # Scanning the loaded libraries costs ~30 ms: do it once, not per ranking.
        _BLAS_CONTROLLER = ThreadpoolController()
    limiter: AbstractContextManager[object] = _BLAS_CONTROLLER.limit(
        limits=limit, user_api="blas"
    )
    return limiter


def _scoring_config(config: ScoringConfig | None) -> ScoringConfig:
    return ScoringConfig() if config is None else config


def _empty(dim: int) -> FloatMatrix:
    return np.zeros((0, dim), dtype=np.float32)


def encode_background(encoder: Encoder) -> FloatMatrix:
    """The scorer's generic CV sentences encoded once per encoder (see matcher.scoring)."""
    return encoder.encode(list(BACKGROUND_SENTENCES), kind=STATEMENT_KIND)


def open_service(settings: Settings) -> MatchService:
    """The service on ``settings.data_dir`` with the settings' retention period."""
    return MatchService.open(settings.data_dir, retention_days=float(settings.retention_days))


def _read_bytes(data: bytes, name: str) -> Document:
    from index.readers import read_bytes

    doc: Document = read_bytes(data, name)
    return doc


def _read_path(path: Path) -> Document:
    from index.readers import read_path

    doc: Document = read_path(path)
    return doc


def _parse_vacancy(text: str, source: str) -> Vacancy:
    from matcher.tor import parse_vacancy

    return parse_vacancy(text, source)


def _parse_cv(text: str, source: str) -> Candidate:
    from matcher.cv import parse_cv

    return parse_cv(text, source)


def _vacancy_with_units(text: str, name: str) -> Vacancy:
    vacancy = _parse_vacancy(text, name)
    if not vacancy.units():
        # Nothing to match a CV against: storing it would rank it last for everyone, silently.
        raise ParseError(f"{name}: no duties or learning elements found", reason="no_units")
    return vacancy


def _doc_flags(doc: Document) -> tuple[str, ...]:
    return ("hidden_text",) if doc.hidden_text.strip() else ()


def _keep_row(store: Store) -> None:
    """Write nothing: the owner's row is stored already (only its vectors are replaced)."""


def _unit_kinds_texts(vacancy: Vacancy) -> tuple[list[str], list[str]]:
    """Kinds of the units and the texts their vectors encode (what re-embedding re-encodes)."""
    units = encoder_units(vacancy)
    return [k for k, _ in units], [t for _, t in units]


def _candidate_from_doc(doc: Document, name: str) -> Candidate:
    if not doc.text.strip():
        raise EmptyDocumentError(f"{name}: no extractable text")
    candidate = _parse_cv(doc.text, name)
    if not candidate.chunks:
        raise EmptyDocumentError(f"{name}: no sentences to match")
    return candidate


# ---------------------------------------------------------------------- service


@dataclass(frozen=True, slots=True)
class _CachedCandidate:
    candidate: Candidate
    flags: tuple[str, ...]
    content_hash: str


class MatchService:
    """Store + indexes + encoder + matcher core, for the HTTP app and the CLI.

    Build it with :meth:`open`. Every method raises :class:`~matcher.errors.MatcherError`
    subclasses only.
    """

    def __init__(
        self,
        data_dir: Path,
        store: Store,
        catalog: Catalog,
        unit_encoder: Encoder,
        chunk_encoder: Encoder,
        config: ScoringConfig,
        *,
        raw_encoder: Encoder | None = None,
        retention_days: float | None = _DEFAULT_RETENTION_DAYS,
    ) -> None:
        self.data_dir = data_dir
        self.raw_encoder = raw_encoder if raw_encoder is not None else chunk_encoder
        self.store = store
        self.catalog = catalog
        self.unit_encoder = unit_encoder
        self.chunk_encoder = chunk_encoder
        self.config = config
        self.config_hash = config.config_hash()
        # Encoded once per encoder: the scorer's background for chance-level similarity.
        self.background = encode_background(unit_encoder)
        self.retention_days = retention_days
        self._write_lock = threading.RLock()
        self._vacancies: dict[str, Vacancy] = {}
        self._owners: dict[str, str | None] = {}
        self._vacancy_hashes: dict[str, str] = {}
        self._candidates: dict[str, _CachedCandidate] = {}
        #: Per vacancy, its scorer inputs (unit vectors, background statistics, lexical
        #: weights), built once when the vacancy is added or loaded.
        self._prepared: dict[str, PreparedVacancy] = {}
        #: Every prepared vacancy stacked for one-CV rankings; rebuilt lazily after a change.
        self._stack: PreparedVacancies | None = None
        #: Per stored candidate, its scorer inputs (chunk vectors, term counts), built at
        #: ingest or first use and dropped when the candidate is erased.
        self._profiles: dict[str, CandidateProfile] = {}
        for row in store.list_vacancies():
            self._vacancies[row.id] = vacancy_from_record(row.data)
            self._owners[row.id] = row.owner
            self._vacancy_hashes[row.id] = row.content_hash
        self._reembed_changed_units()
        self._prepared = self._prepare(list(self._vacancies.values()))
        for crow in store.list_candidates():
            self._candidates[crow.id] = _CachedCandidate(
                candidate_from_record(crow.data, crow.text),
                tuple(crow.data.get("flags") or ()),
                crow.content_hash,
            )

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        encoder: Encoder | None = None,
        config: ScoringConfig | None = None,
        retention_days: float | None = _DEFAULT_RETENTION_DAYS,
    ) -> MatchService:
        """Open (or create) the data directory, reconcile the indexes, load the caches.

        Args:
            data_dir: holds ``store.sqlite``, ``units.faiss``, ``chunks.faiss`` and the unit
                embedding cache.
            encoder: the encoder to use (wrapped in an in-memory cache); default from
                ``JPO_MATCHER_ENCODER`` / ``index.encoder.DEFAULT_ENCODER``.
            config: a ``matcher.scoring.ScoringConfig``; default ``ScoringConfig()``.
            retention_days: stored CVs expire after this many days (None: never).
        """
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        if encoder is None:
            unit_encoder, chunk_encoder, raw = make_encoder(data_dir)
        else:
            from index.encoder import CachedEncoder

            unit_encoder = chunk_encoder = CachedEncoder(encoder, None)
            raw = encoder
        store = Store(data_dir / "store.sqlite")
        try:
            catalog = Catalog(data_dir, store, unit_encoder.dim).open(unit_encoder)
            service = cls(
                data_dir, store, catalog, unit_encoder, chunk_encoder,
                _scoring_config(config), raw_encoder=raw, retention_days=retention_days,
            )
        except BaseException:
            store.close()
            raise
        service.purge_expired()
        return service

    def close(self) -> None:
        """Checkpoint and close the store and the encoder caches."""
        with self._write_lock:
            self.store.close()
            for enc in {id(self.unit_encoder): self.unit_encoder,
                        id(self.chunk_encoder): self.chunk_encoder}.values():
                closer = getattr(enc, "close", None)
                if callable(closer):
                    closer()

    def __enter__(self) -> MatchService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def model(self) -> str:
        """``model_name@revision`` of the encoder, as written into audit rows."""
        return f"{self.unit_encoder.model_name}@{self.unit_encoder.revision}"

    # ------------------------------------------------------------------ vacancies

    def add_vacancy(self, data: bytes, name: str, *, owner: str | None = None) -> Vacancy:
        """Read, parse, embed and store a ToR; an identical one already stored is returned.

        Raises:
            InputError: unreadable file or unknown owner.
        """
        doc = _read_bytes(data, name)
        if not doc.text.strip():
            raise EmptyDocumentError(f"{name}: no extractable text")
        return self.add_vacancy_document(doc, name, owner=owner)

    def add_vacancy_document(
        self, doc: Document, name: str, *, owner: str | None = None
    ) -> Vacancy:
        """:meth:`add_vacancy` for text already read (the CLI reads files itself)."""
        return self.add_vacancies([(doc, name)], owner=owner)[0]

    def add_vacancies(
        self, docs: Sequence[tuple[Document, str]], *, owner: str | None = None
    ) -> list[Vacancy]:
        """Add many read ToRs with one encoder call, one commit and one index save.

        Returns:
            One vacancy per input, in order; a ToR already stored (same content id) comes back
            as the stored vacancy and is not written again.

        Raises:
            InputError: a ToR without duties or learning elements, or an unknown owner.
        """
        if owner is not None and not self.store.recruiter_exists(owner):
            raise InputError(f"unknown recruiter {owner!r}")
        return self.add_parsed_vacancies(
            [_vacancy_with_units(doc.text, name) for doc, name in docs], owner=owner
        )

    def add_parsed_vacancies(
        self, parsed: Sequence[Vacancy], *, owner: str | None = None
    ) -> list[Vacancy]:
        """:meth:`add_vacancies` for vacancies parsed already (the benchmark builds some).

        Raises:
            InputError: a vacancy without units, or an unknown owner.
        """
        if owner is not None and not self.store.recruiter_exists(owner):
            raise InputError(f"unknown recruiter {owner!r}")
        for vacancy in parsed:
            if not vacancy.units():
                raise ParseError(f"{vacancy.source}: no duties or learning elements found",
                                 reason="no_units")
        fresh: dict[str, tuple[Vacancy, str]] = {}
        for vacancy in parsed:
            if vacancy.id not in self._vacancies and vacancy.id not in fresh:
                fresh[vacancy.id] = (vacancy, vacancy.source)
        if fresh:
            units = {vid: _unit_kinds_texts(v) for vid, (v, _) in fresh.items()}
            vectors = self.unit_encoder.encode(
                [t for _, texts in units.values() for t in texts], kind=STATEMENT_KIND
            )
            pending: list[PendingOwner] = []
            start = 0
            for vacancy, name in fresh.values():
                kinds, texts = units[vacancy.id]

                def write(store: Store, vacancy: Vacancy = vacancy, name: str = name) -> None:
                    store.put_vacancy(vacancy.id, name, vacancy_to_record(vacancy), vacancy.id,
                                      owner)

                pending.append(PendingOwner("unit", vacancy.id, write, kinds, texts,
                                            vectors[start:start + len(texts)]))
                start += len(texts)
            with self._write_lock:
                pending = [p for p in pending if p.owner_id not in self._vacancies]
                self.catalog.add(
                    pending, self.unit_encoder.model_name, self.unit_encoder.revision
                )
                added = {p.owner_id: fresh[p.owner_id][0] for p in pending}
                self._prepared = {**self._prepared, **self._prepare(list(added.values()))}
                self._stack = None
                self._vacancies = {**self._vacancies, **added}
                self._owners = {**self._owners, **dict.fromkeys(added, owner)}
                self._vacancy_hashes = {**self._vacancy_hashes, **{k: k for k in added}}
        return [self._vacancies.get(v.id, v) for v in parsed]

    def _reembed_changed_units(self) -> None:
        """Re-encode the units of stored vacancies whose units changed since they were stored.

        What a unit is can change between versions (the title became a unit, open-ended duties
        left); a vacancy whose stored vectors no longer line up with its units would otherwise
        drop out of every ranking without a word.
        """
        stale: list[tuple[Vacancy, list[str], list[str]]] = []
        for vacancy in self._vacancies.values():
            kinds, texts = _unit_kinds_texts(vacancy)
            owned = self.catalog.vectors_of("unit", vacancy.id)
            if owned is None or list(owned.texts) != texts or list(owned.kinds) != kinds:
                stale.append((vacancy, kinds, texts))
        if not stale:
            return
        log.warning("re-embedding the units of %d stored vacancies (their units changed)",
                    len(stale))
        vectors = self.unit_encoder.encode(
            [t for _, _, texts in stale for t in texts], kind=STATEMENT_KIND
        )
        pending: list[PendingOwner] = []
        start = 0
        for vacancy, kinds, texts in stale:
            pending.append(PendingOwner("unit", vacancy.id, _keep_row, kinds, texts,
                                        vectors[start:start + len(texts)]))
            start += len(texts)
        self.catalog.add(pending, self.unit_encoder.model_name, self.unit_encoder.revision,
                         replace=True)

    def _prepare(self, vacancies: Sequence[Vacancy]) -> dict[str, PreparedVacancy]:
        """Scorer inputs of vacancies whose unit vectors are in the catalog."""
        dim = self.unit_encoder.dim
        matrices: list[FloatMatrix] = []
        for vacancy in vacancies:
            owned = self.catalog.vectors_of("unit", vacancy.id)
            matrices.append(owned.matrix if owned is not None else _empty(dim))
        usable = [
            (v, m) for v, m in zip(vacancies, matrices, strict=True) if len(m) == len(v.units())
        ]
        with _single_threaded_blas():
            prepared = prepare_vacancies(
                [v for v, _ in usable], [m for _, m in usable], self.config,
                background=self.background,
            )
        return {p.vacancy.id: p for p in prepared}

    def _prepared_for(self, vacancy: Vacancy) -> PreparedVacancy:
        prepared = self._prepared.get(vacancy.id)
        if prepared is not None and prepared.vacancy == vacancy:
            return prepared
        # A vacancy object that is not (or not exactly) the stored one: prepare it now.
        built = self._prepare([vacancy])
        if vacancy.id not in built:
            raise NotFoundError("vacancy vectors not found")
        return built[vacancy.id]

    def _vacancy_stack(self) -> PreparedVacancies:
        stack = self._stack
        if stack is None:
            with self._write_lock:
                stack = self._stack
                if stack is None:
                    stack = stack_vacancies(
                        [self._prepared[v] for v in self._vacancies if v in self._prepared]
                    )
                    self._stack = stack
        return stack

    def _profile(self, candidate_id: str) -> CandidateProfile | None:
        profile = self._profiles.get(candidate_id)
        if profile is not None:
            return profile
        cached = self._candidates.get(candidate_id)
        vecs = self.catalog.vectors_of("chunk", candidate_id)
        if cached is None or vecs is None:
            return None
        profile = candidate_profile(cached.candidate, vecs.matrix, flags=cached.flags)
        with self._write_lock:
            # Erased meanwhile: do not bring its data back.
            if candidate_id in self._candidates:
                self._profiles = {**self._profiles, candidate_id: profile}
        return profile

    def warm_up(self) -> None:
        """Build every stored candidate's profile and the vacancy stack now, not on first use."""
        self._vacancy_stack()
        for cid in list(self._candidates):
            self._profile(cid)

    def list_vacancies(self) -> list[Vacancy]:
        """Every open vacancy, in insertion order."""
        return list(self._vacancies.values())

    def get_vacancy(self, vacancy_id: str) -> Vacancy:
        """One vacancy (NotFoundError if absent)."""
        vacancy = self._vacancies.get(vacancy_id)
        if vacancy is None:
            raise NotFoundError("vacancy not found")
        return vacancy

    def vacancy_owner(self, vacancy_id: str) -> str | None:
        """The recruiter id owning a vacancy (None: loaded without owner)."""
        self.get_vacancy(vacancy_id)
        return self._owners.get(vacancy_id)

    # ------------------------------------------------------------------ matching (anonymous)

    def match(self, data: bytes, name: str, *, limit: int | None = None) -> list[MatchResult]:
        """Rank every open vacancy for a CV. Stores nothing.

        ``limit`` keeps only the best ``limit`` results (see :meth:`rank_vacancies_for`).
        """
        doc = _read_bytes(data, name)
        candidate = _candidate_from_doc(doc, name)
        # The raw encoder: an anonymous CV's vectors must not linger in any cache.
        chunks = self.raw_encoder.encode(chunk_texts(candidate), kind=STATEMENT_KIND)
        return self.rank_vacancies_for(candidate, chunks, _doc_flags(doc), limit=limit)

    def rank_vacancies_for(
        self,
        candidate: Candidate,
        chunk_vectors: FloatMatrix,
        flags: Sequence[str] = (),
        *,
        limit: int | None = None,
    ) -> list[MatchResult]:
        """Rank the open vacancies for an already encoded candidate.

        Up to :data:`EXACT_SCORING_LIMIT` vacancies every one is scored exactly; above, the
        unit index preselects the :data:`PRESELECT_VACANCIES` vacancies whose units come
        nearest to the CV's chunks, and only those are scored (exactly, by the same scorer).
        With ``limit``, the result is the first ``limit`` entries of the full ranking,
        identical in every field; evidence is built only for those (most of the cost).
        """
        if limit is not None and limit < 0:
            raise InputError("limit must not be negative", reason="invalid_limit")
        profile = candidate_profile(candidate, chunk_vectors, flags=tuple(flags))
        # The one BLAS call of this path is the product of every stacked unit with the CV's
        # chunks (55k x 384 by ~50 x 384 at 3,500 vacancies): large enough to split over both
        # cores (p95 of the bench measured in docs; small products elsewhere stay on one).
        with _blas_threads(_LARGE_PRODUCT_THREADS):
            if len(self._vacancies) > EXACT_SCORING_LIMIT and len(chunk_vectors):
                results = score_prepared_vacancies(
                    profile, self._preselect(profile, chunk_vectors), top_k=limit
                )
            else:
                results = score_prepared_vacancies(profile, self._vacancy_stack(), top_k=limit)
        return rank_results(results)

    def _preselect(
        self, profile: CandidateProfile, chunk_vectors: FloatMatrix
    ) -> list[PreparedVacancy]:
        """The :data:`PRESELECT_VACANCIES` vacancies most likely to rank first.

        The unit index gives, per CV chunk, its nearest units; each unit keeps its best hit,
        and :func:`matcher.scoring.estimate_vacancy_scores` turns those (with the exact
        lexical part) into one estimate per vacancy, by the scorer's own formula.
        """
        stack = self._vacancy_stack()
        vids = self._stack_vids(stack)
        order = np.argsort(vids, kind="stable")
        k = min(_UNITS_PER_CHUNK, max(1, len(self.catalog.indexes["unit"])))
        with self._write_lock:
            # The index is only written under this lock (add, erase); search a stable state.
            scores, hits = self.catalog.indexes["unit"].search(chunk_vectors, k)
        flat_hits = np.asarray(hits, dtype=np.int64).ravel()
        flat_scores = np.asarray(scores, dtype=np.float64).ravel()
        pos = np.clip(np.searchsorted(vids, flat_hits, sorter=order), 0, max(len(vids) - 1, 0))
        found = (flat_hits >= 0) & (len(vids) > 0)
        if len(vids):
            found &= vids[order[pos]] == flat_hits
        rows = order[pos[found]] if len(vids) else np.zeros(0, dtype=np.int64)
        estimate = estimate_vacancy_scores(profile, stack, rows, flat_scores[found])
        ids = [p.vacancy.id for p in stack.prepared]
        ranked = sorted(range(len(ids)), key=lambda i: (-float(estimate[i]), ids[i]))
        return [stack.prepared[i] for i in ranked[:PRESELECT_VACANCIES]]

    def _stack_vids(self, stack: PreparedVacancies) -> np.ndarray[Any, np.dtype[np.int64]]:
        """Vector id of every stacked unit row (units of vacancies in stack order)."""
        parts = []
        for prepared in stack.prepared:
            owned = self.catalog.vectors_of("unit", prepared.vacancy.id)
            parts.append(
                np.asarray(owned.vids, dtype=np.int64) if owned is not None
                else np.full(prepared.n_units, -2, dtype=np.int64)
            )
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    # ------------------------------------------------------------------ applications

    def apply(self, vacancy_id: str, data: bytes, name: str) -> tuple[str, str]:
        """Store a CV (with consent) as an application to a vacancy.

        Returns:
            (application_id, candidate_token): the token reads and erases the application;
            only its hash is stored.
        """
        self.get_vacancy(vacancy_id)
        doc = _read_bytes(data, name)
        candidate = _candidate_from_doc(doc, name)
        candidate = dataclasses.replace(candidate, id=f"c{secrets.token_hex(8)}")
        application_id = f"a{secrets.token_hex(8)}"
        token = new_token()
        self._store_candidates(
            [(candidate, _doc_flags(doc))],
            application=(application_id, vacancy_id, hash_token(token)),
        )
        return application_id, token

    def add_candidates(
        self, docs: Sequence[tuple[Document, str]], *, skip_existing: bool = True
    ) -> list[Candidate]:
        """Store CVs without an application (the roster; CLI ``candidates add``).

        Candidates are identified by content; an identical CV already stored is skipped.
        """
        items: list[tuple[Candidate, tuple[str, ...]]] = []
        seen: set[str] = set()
        for doc, name in docs:
            candidate = _candidate_from_doc(doc, name)
            if candidate.id in seen or (skip_existing and candidate.id in self._candidates):
                continue
            seen.add(candidate.id)
            items.append((candidate, _doc_flags(doc)))
        self._store_candidates(items)
        return [c for c, _ in items]

    def _store_candidates(
        self,
        items: Sequence[tuple[Candidate, tuple[str, ...]]],
        *,
        application: tuple[str, str, str] | None = None,
    ) -> None:
        if not items:
            return
        # One encoder call for the whole batch: the model is fastest on large batches.
        texts = {cand.id: chunk_texts(cand) for cand, _ in items}
        all_chunks = [chunk for cand, _ in items for chunk in texts[cand.id]]
        vectors = self.chunk_encoder.encode(all_chunks, kind=STATEMENT_KIND)
        expires = None if self.retention_days is None else (
            time.time() + self.retention_days * 86400.0)
        pending: list[PendingOwner] = []
        cached: dict[str, _CachedCandidate] = {}
        profiles: dict[str, CandidateProfile] = {}
        start = 0
        for cand, flags in items:
            n = len(cand.chunks)
            record = candidate_to_record(cand)
            record["flags"] = list(flags)
            content_hash = hashlib.sha256(cand.text.encode("utf-8")).hexdigest()[:16]

            def write(store: Store, cand: Candidate = cand, record: dict[str, Any] = record,
                      content_hash: str = content_hash) -> None:
                store.put_candidate(cand.id, cand.source, record, cand.text, content_hash,
                                    expires)
                if application is not None:
                    store.add_application(application[0], application[1], cand.id,
                                          application[2])

            pending.append(PendingOwner(
                "chunk", cand.id, write, ["chunk"] * n, texts[cand.id],
                vectors[start:start + n],
            ))
            cached[cand.id] = _CachedCandidate(cand, flags, content_hash)
            profiles[cand.id] = candidate_profile(
                cand, vectors[start:start + n], flags=flags
            )
            start += n
        with self._write_lock:
            self.catalog.add(
                pending, self.chunk_encoder.model_name, self.chunk_encoder.revision
            )
            self._candidates = {**self._candidates, **cached}
            self._profiles = {**self._profiles, **profiles}

    def _application(self, application_id: str, token: str) -> tuple[str, str, float]:
        row = self.store.get_application(application_id)
        # Same error for a missing id and a wrong token, so ids cannot be probed.
        expected = row[2] if row is not None else hash_token("")
        if row is None or not hmac.compare_digest(expected, hash_token(token)):
            raise NotFoundError(_NOT_FOUND)
        return row[0], row[1], row[3]

    def get_application(self, application_id: str, token: str) -> dict[str, Any]:
        """The stored application (its parsed CV) for the candidate holding the token."""
        vacancy_id, candidate_id, created = self._application(application_id, token)
        cached = self._candidates.get(candidate_id)
        if cached is None:
            raise NotFoundError(_NOT_FOUND)
        vacancy = self._vacancies.get(vacancy_id)
        return {
            "application_id": application_id,
            "vacancy_id": vacancy_id,
            "vacancy_title": vacancy.title if vacancy else None,
            "source": cached.candidate.source,
            "created": datetime.fromtimestamp(created, tz=UTC).isoformat(timespec="seconds"),
            "candidate": cached.candidate.to_dict(),
            "flags": list(cached.flags),
        }

    def delete_application(self, application_id: str, token: str) -> None:
        """Erase the application and its CV: rows, text, vectors (store and index)."""
        _vacancy_id, candidate_id, _created = self._application(application_id, token)
        self.erase_candidate(candidate_id)

    def erase_candidate(self, candidate_id: str) -> None:
        """Erase one stored candidate everywhere (NotFoundError if absent)."""
        with self._write_lock:
            cached = self._candidates.get(candidate_id)
            if cached is None and self.store.get_candidate(candidate_id) is None:
                raise NotFoundError("candidate not found")
            self.catalog.erase_candidate(candidate_id)
            remaining = dict(self._candidates)
            remaining.pop(candidate_id, None)
            self._candidates = remaining
            profiles = dict(self._profiles)
            profiles.pop(candidate_id, None)
            self._profiles = profiles
            if cached is not None:
                forget = getattr(self.chunk_encoder, "forget", None)
                if callable(forget):
                    forget(list(cached.candidate.chunks))

    def list_candidates(self) -> list[dict[str, Any]]:
        """Stored candidates: id, source, chunk count, flags (no CV text)."""
        return [
            {"id": cid, "source": c.candidate.source, "chunks": len(c.candidate.chunks),
             "flags": list(c.flags)}
            for cid, c in self._candidates.items()
        ]

    def purge_expired(self, now: float | None = None) -> int:
        """Erase every candidate whose retention period is over; return how many."""
        expired = self.store.expired_candidates(now)
        for cid in expired:
            self.erase_candidate(cid)
        return len(expired)

    # ------------------------------------------------------------------ recruiters

    def create_recruiter(self, name: str) -> str:
        """Create a recruiter; return its bearer token (shown once, stored hashed)."""
        if not name.strip():
            raise InputError("recruiter name must not be empty")
        token = new_token()
        with self._write_lock:
            self.store.add_recruiter(f"r{secrets.token_hex(6)}", name.strip(), hash_token(token))
        return token

    def assign_vacancies(
        self, recruiter_id: str, vacancy_ids: Sequence[str] | None = None
    ) -> list[str]:
        """Give vacancies to a recruiter (an operator action: ``admin create-recruiter
        --claim-unowned``); seeds loaded without an owner can then have their pools ranked.

        Args:
            recruiter_id: An existing recruiter.
            vacancy_ids: The vacancies to (re)assign; None assigns every vacancy that has no
                owner and leaves owned ones alone.

        Returns:
            The ids assigned, in insertion order.

        Raises:
            InputError: unknown recruiter.
            NotFoundError: one of ``vacancy_ids`` does not exist (nothing is assigned).
        """
        if not self.store.recruiter_exists(recruiter_id):
            raise InputError(f"unknown recruiter {recruiter_id!r}")
        with self._write_lock:
            if vacancy_ids is None:
                ids = [vid for vid in self._vacancies if self._owners.get(vid) is None]
            else:
                ids = list(dict.fromkeys(vacancy_ids))
                missing = [vid for vid in ids if vid not in self._vacancies]
                if missing:
                    raise NotFoundError("vacancy not found")
            self.store.assign_vacancies(recruiter_id, ids)
            self._owners = {**self._owners, **dict.fromkeys(ids, recruiter_id)}
        return ids

    def recruiter_for(self, token: str) -> str:
        """The recruiter id of a bearer token (AuthError if unknown)."""
        if not token:
            raise AuthError("missing token")
        rid = self.store.recruiter_by_token_hash(hash_token(token))
        if rid is None:
            raise AuthError("invalid token")
        return rid

    def rank_pool(self, vacancy_id: str, recruiter_id: str) -> list[MatchResult]:
        """Rank the applicants of a vacancy for its owner; one audit row per result.

        Raises:
            NotFoundError: no such vacancy.
            ForbiddenError: the vacancy is not this recruiter's (the attempt is audited).
        """
        vacancy = self.get_vacancy(vacancy_id)
        vhash = self._vacancy_hashes.get(vacancy_id, vacancy_id)
        if self._owners.get(vacancy_id) != recruiter_id:
            self.store.add_audit([(vhash, "", self.model, self.config_hash, None, None,
                                   {"event": "denied", "recruiter": recruiter_id})])
            raise ForbiddenError("this vacancy belongs to another recruiter")
        results = self.rank_candidates(vacancy, self.store.pool(vacancy_id))
        self.store.add_audit([
            (vhash, self._candidates[r.candidate_id].content_hash, self.model, self.config_hash,
             float(r.score), r.eligible,
             {"event": "rank_pool", "recruiter": recruiter_id, "rank": i + 1,
              "checks": [c.status for c in r.checks], "flags": list(r.flags)})
            for i, r in enumerate(results)
        ])
        return results

    def rank_candidates(self, vacancy: Vacancy, candidate_ids: Sequence[str]) -> list[MatchResult]:
        """Score stored candidates against a vacancy, ranked.

        Every pair is scored on every call (no result is kept): the vacancy's prepared inputs
        and the candidates' profiles are in memory, and one product covers the whole pool.
        """
        prepared = self._prepared_for(vacancy)
        profiles = [p for p in (self._profile(cid) for cid in dict.fromkeys(candidate_ids))
                    if p is not None]
        if not profiles:
            return []
        with _single_threaded_blas():
            results = score_prepared_candidates(prepared, stack_profiles(profiles))
        return rank_results(results)

    def candidate_label(self, candidate_id: str) -> tuple[str, str | None]:
        """(source, title) of a stored candidate for a ranking row; CVs have no title."""
        return self.candidate_source(candidate_id), None

    def candidate_id_of(self, application_id: str) -> str:
        """The candidate id behind an application (operators and tests; NotFoundError)."""
        row = self.store.get_application(application_id)
        if row is None:
            raise NotFoundError(_NOT_FOUND)
        return row[1]

    def owned_vacancies(self, recruiter_id: str) -> list[Vacancy]:
        """The vacancies a recruiter owns, in insertion order."""
        return [v for vid, v in self._vacancies.items() if self._owners.get(vid) == recruiter_id]

    def is_candidate_token(self, token: str) -> bool:
        """Whether ``token`` is some application's candidate token (to answer 403, not 401)."""
        return bool(token) and self.store.application_token_exists(hash_token(token))

    def nearest_candidates(self, text: str, k: int = 10) -> list[str]:
        """Stored candidates whose chunks come nearest to a CV text, best first.

        Used to check erasure: an erased CV's own text must never find it again.
        """
        candidate = _parse_cv(text, "query.txt")
        if not candidate.chunks or not len(self.catalog.indexes["chunk"]):
            return []
        queries = self.raw_encoder.encode(chunk_texts(candidate), kind=STATEMENT_KIND)
        scores, owners = self.catalog.search("chunk", queries, min(k * 8, 256))
        best: dict[str, float] = {}
        for row_scores, row_owners in zip(scores, owners, strict=True):
            for score, owner in zip(row_scores.tolist(), row_owners, strict=True):
                if owner is not None:
                    best[owner] = max(best.get(owner, -1.0), float(score))
        return sorted(best, key=lambda o: (-best[o], o))[:k]

    def audit_log(self) -> list[dict[str, Any]]:
        """Audit rows, oldest first, with the detail's ``event`` lifted to the top level."""
        return [
            {**row, "event": row["detail"].get("event")} for row in self.store.audit_rows()
        ]

    def candidate_source(self, candidate_id: str) -> str:
        """The file name a stored candidate came from (its id if unknown)."""
        cached = self._candidates.get(candidate_id)
        return cached.candidate.source if cached else candidate_id

    # ------------------------------------------------------------------ health

    def health(self) -> dict[str, Any]:
        """Counts, encoder, index sizes and whether store and indexes agree."""
        consistent = self.catalog.check_consistency()
        sizes = {f"{kind}s": len(idx) for kind, idx in self.catalog.indexes.items()}
        return {
            "status": "ok" if all(consistent.values()) else "degraded",
            "model": self.unit_encoder.model_name,
            "revision": self.unit_encoder.revision,
            "vacancies": len(self._vacancies),
            "candidates": len(self._candidates),
            "index_sizes": sizes,
            "encoder": {"model": self.unit_encoder.model_name,
                        "revision": self.unit_encoder.revision, "dim": self.unit_encoder.dim},
            "config_hash": self.config_hash,
            "consistent": consistent,
            "reconcile": dict(self.catalog.reconcile_report),
        }


# ---------------------------------------------------------------------- directory ranking


@dataclass(frozen=True, slots=True)
class RankedItem:
    """One ranked file of a directory ranking: the result, file name and display title."""

    result: MatchResult
    source: str
    title: str | None


@dataclass(frozen=True, slots=True)
class DirectoryRanking:
    """Results of ranking a directory, best first, and the files that could not be used."""

    results: list[RankedItem]
    skipped: list[dict[str, str]]


#: File types the readers accept; anything else in a directory is skipped with a reason.
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".pdf", ".docx"})


def directory_files(directory: Path) -> tuple[list[Path], list[dict[str, str]]]:
    """The readable-looking files of a directory in name order, and the others as skipped.

    Hidden files are ignored; a file whose suffix is not .txt/.pdf/.docx is reported as
    skipped (the readers still check every accepted file's magic bytes).
    """
    if not directory.is_dir():
        raise InputError(f"not a directory: {directory}")
    files: list[Path] = []
    skipped: list[dict[str, str]] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            files.append(path)
        else:
            skipped.append({"source": path.name,
                            "reason": "unsupported_type: not a .txt, .pdf or .docx file"})
    return files, skipped


def _ranked_positions(results: Sequence[MatchResult], top: int | None) -> list[int]:
    """Positions of ``results`` in ranking order (``matcher.ranking.rank_key``), best first.

    Equal keys (the same document under two file names) keep their input order.
    """
    order = sorted(range(len(results)), key=lambda i: rank_key(results[i]))
    return order[:top] if top else order


def _skip(path: Path, exc: MatcherError) -> dict[str, str]:
    return {"source": path.name, "reason": f"{exc.reason}: {exc}"}


def rank_directory_vacancies(
    cv_path: Path, vacancy_dir: Path, encoder: Encoder, config: ScoringConfig | None = None,
    top: int | None = None,
) -> DirectoryRanking:
    """Rank every ToR file of a directory for one CV (no data directory involved)."""
    cfg = _scoring_config(config)
    doc = _read_path(cv_path)
    candidate = _candidate_from_doc(doc, cv_path.name)
    vacancies: list[Vacancy] = []
    files, skipped = directory_files(vacancy_dir)
    for path in files:
        try:
            vdoc = _read_path(path)
            if not vdoc.text.strip():
                raise EmptyDocumentError("no extractable text")
            vacancies.append(_vacancy_with_units(vdoc.text, path.name))
        except MatcherError as exc:
            skipped.append(_skip(path, exc))
    chunks = encoder.encode(chunk_texts(candidate), kind=STATEMENT_KIND)
    texts = [t for v in vacancies for t in unit_texts(v)]
    unit_vectors = encoder.encode(texts, kind=STATEMENT_KIND) if texts else _empty(
        encoder.dim)
    matrices: list[FloatMatrix] = []
    start = 0
    for vacancy in vacancies:
        n = len(vacancy.units())
        matrices.append(unit_vectors[start:start + n])
        start += n
    background = encode_background(encoder)
    with _single_threaded_blas():
        results = score_vacancies(
            candidate, chunks, vacancies, matrices, cfg, background=background,
            flags=_doc_flags(doc),
        )
    # Two files may hold the same ToR (same content id): results are kept with their file by
    # position (score_vacancies returns one result per vacancy, in input order), never by id.
    order = _ranked_positions(results, top)
    return DirectoryRanking(
        [RankedItem(results[i], vacancies[i].source, vacancies[i].title) for i in order],
        skipped,
    )


def rank_directory_candidates(
    tor_path: Path, cv_dir: Path, encoder: Encoder, config: ScoringConfig | None = None,
    top: int | None = None,
) -> DirectoryRanking:
    """Rank every CV file of a directory for one ToR (no data directory involved)."""
    cfg = _scoring_config(config)
    tdoc = _read_path(tor_path)
    if not tdoc.text.strip():
        raise EmptyDocumentError(f"{tor_path.name}: no extractable text")
    vacancy = _parse_vacancy(tdoc.text, tor_path.name)
    candidates: list[tuple[Candidate, tuple[str, ...]]] = []
    files, skipped = directory_files(cv_dir)
    for path in files:
        try:
            doc = _read_path(path)
            cand = _candidate_from_doc(doc, path.name)
            # Two files may hold the same CV; ids must stay unique within one ranking.
            candidates.append((dataclasses.replace(cand, id=f"{cand.id}:{path.name}"),
                               _doc_flags(doc)))
        except MatcherError as exc:
            skipped.append(_skip(path, exc))
    texts = unit_texts(vacancy)
    units = encoder.encode(texts, kind=STATEMENT_KIND) if texts else _empty(encoder.dim)
    all_chunks = [c for cand, _ in candidates for c in chunk_texts(cand)]
    chunk_vectors = encoder.encode(all_chunks, kind=STATEMENT_KIND) if all_chunks else _empty(
        encoder.dim)
    matrices: list[FloatMatrix] = []
    start = 0
    for cand, _flags in candidates:
        n = len(cand.chunks)
        matrices.append(chunk_vectors[start:start + n])
        start += n
    background = encode_background(encoder)
    with _single_threaded_blas():
        results = score_candidates(
            vacancy, units, [c for c, _ in candidates], matrices, cfg,
            background=background, flags=[f for _, f in candidates],
        )
    by_id = {c.id: c for c, _ in candidates}
    ranked = rank_results(results)[:top] if top else rank_results(results)
    return DirectoryRanking(
        [RankedItem(r, by_id[r.candidate_id].source, by_id[r.candidate_id].source)
         for r in ranked],
        skipped,
    )
