"""MatchService: the one object the HTTP app and the CLI use.

It wires the store, the two vector indexes (``index.catalog``), the encoders, the reader and the
pure matcher core, and hands each request to the part of the service that serves it:

- :class:`~api.service.vacancies.OpenVacancies`: the open vacancies and their scorer inputs;
- :class:`~api.service.matching.AnonymousMatching`: ``/match`` and its preselection;
- :class:`~api.service.applications.StoredCandidates`: applications, candidate tokens, the
  roster, erasure;
- :class:`~api.service.recruiters.Recruiters`: recruiter tokens, ownership, audited pool
  rankings;
- :class:`~api.service.pools.Pools`: bulk intake into a pool, review statuses and notes, blind
  review and exports;
- :class:`~api.service.upkeep.Upkeep`: retention and health.

The store is the source of truth; vectors of every vacancy and candidate are also kept in
memory (numpy) so that ranking never touches SQLite. An anonymous ``match`` stores nothing;
audit rows hold hashes, model, config hash and scores, never CV text. Writes take one lock;
reads run on the in-memory caches, which are replaced (not mutated in place) under that lock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from api.service.applications import StoredCandidates
from api.service.context import ServiceContext
from api.service.encoders import make_encoder
from api.service.jobs import JobView
from api.service.matching import AnonymousMatching
from api.service.pools import IntakeReport, PoolMemberView, PoolRanking, Pools
from api.service.recruiters import Recruiters
from api.service.upkeep import Upkeep
from api.service.vacancies import OpenVacancies
from api.service.views import ApplicationView, AuditLogRow, CandidateSummary, HealthReport
from api.settings import Settings
from index.backends import IndexBackend, StoreBackend, open_index_backend, open_store
from index.catalog import Catalog
from index.permissions import private_directory
from index.pool_store import PoolStore
from index.readers.archive import ArchiveLimits
from index.sessions import RecruiterSessions, SessionGrant
from matcher.models import Candidate, MatchResult, Vacancy
from matcher.pipeline import encode_background
from matcher.pool import PoolStatus, status_change
from matcher.ports import (
    CachingEncoder,
    Document,
    Encoder,
    FloatMatrix,
    TextReader,
)
from matcher.scoring import CandidateProfile, ScoringConfig

__all__ = ["MatchService", "open_service"]

_DEFAULT_RETENTION_DAYS = 365.0


def open_service(settings: Settings) -> MatchService:
    """The service on ``settings.data_dir`` with the settings' retention, caps and backends."""
    return MatchService.open(
        settings.data_dir, retention_days=float(settings.retention_days),
        archive_limits=ArchiveLimits(max_total_bytes=settings.max_upload_bytes),
        store_url=settings.store_url, index=settings.index, index_uri=settings.index_uri,
    )


def _default_reader() -> TextReader:
    from index.readers import DocumentReader

    return DocumentReader()


class MatchService:
    """Store + indexes + encoder + matcher core, for the HTTP app and the CLI.

    Build it with :meth:`open`. Every method raises :class:`~matcher.errors.MatcherError`
    subclasses only.
    """

    def __init__(
        self,
        data_dir: Path,
        store: StoreBackend,
        catalog: Catalog,
        unit_encoder: CachingEncoder,
        chunk_encoder: CachingEncoder,
        config: ScoringConfig,
        *,
        raw_encoder: Encoder | None = None,
        retention_days: float | None = _DEFAULT_RETENTION_DAYS,
        reader: TextReader | None = None,
        archive_limits: ArchiveLimits | None = None,
        index_backend: IndexBackend | None = None,
    ) -> None:
        self._index_backend = index_backend
        self._ctx = ServiceContext(
            data_dir=data_dir,
            store=store,
            pool_store=PoolStore(store),
            catalog=catalog,
            reader=reader if reader is not None else _default_reader(),
            unit_encoder=unit_encoder,
            chunk_encoder=chunk_encoder,
            raw_encoder=raw_encoder if raw_encoder is not None else chunk_encoder,
            config=config,
            config_hash=config.config_hash(),
            # Encoded once per encoder: the scorer's background for chance-level similarity.
            background=encode_background(unit_encoder),
            retention_days=retention_days,
            sessions=RecruiterSessions(store),
            index_backend="faiss" if index_backend is None else index_backend.name,
        )
        ctx = self._ctx
        # The shared parts callers read (the bench, operators' scripts, tests).
        self.data_dir, self.store, self.catalog = ctx.data_dir, ctx.store, ctx.catalog
        self.unit_encoder, self.chunk_encoder = ctx.unit_encoder, ctx.chunk_encoder
        self.raw_encoder: Encoder = ctx.raw_encoder
        self.config, self.config_hash, self.background = ctx.config, ctx.config_hash, ctx.background
        self.retention_days = ctx.retention_days
        self._vacancies = OpenVacancies(self._ctx)
        self._candidates = StoredCandidates(self._ctx, self._vacancies)
        self._matching = AnonymousMatching(self._ctx, self._vacancies)
        self._recruiters = Recruiters(self._ctx, self._vacancies, self._candidates)
        self._upkeep = Upkeep(self._ctx, self._candidates, self._vacancies)
        self._pools = Pools(self._ctx, self._vacancies, self._candidates, self._recruiters,
                            archive_limits or ArchiveLimits())

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        encoder: Encoder | None = None,
        config: ScoringConfig | None = None,
        retention_days: float | None = _DEFAULT_RETENTION_DAYS,
        reader: TextReader | None = None,
        archive_limits: ArchiveLimits | None = None,
        store_url: str | None = None,
        index: str = "faiss",
        index_uri: str | None = None,
    ) -> MatchService:
        """Open (or create) the data directory, reconcile the indexes, load the caches.

        Args:
            data_dir: holds ``store.sqlite``, ``units.faiss``, ``chunks.faiss`` and the unit
                embedding cache.
            encoder: the encoder to use (wrapped in an in-memory cache); default from
                ``JPO_MATCHER_ENCODER`` / ``index.encoder.DEFAULT_ENCODER``.
            config: a ``matcher.scoring.ScoringConfig``; default ``ScoringConfig()``.
            retention_days: stored CVs expire after this many days (None: never).
            reader: reads uploaded files; default ``index.readers.DocumentReader()``.
            archive_limits: caps on a zip of CVs brought into a pool.
            store_url: None for ``<data_dir>/store.sqlite``, or ``postgresql://…``.
            index: "faiss" (files in ``data_dir``) or "qdrant".
            index_uri: where Qdrant is (``http://host:6333``, ``edge:/path`` or a local path;
                None: ``<data_dir>/qdrant``); only with ``index="qdrant"``.
        """
        # Owner-only: the directory will hold CV texts and their vectors (item 33).
        data_dir = private_directory(Path(data_dir))
        raw: Encoder
        if encoder is None:
            unit_encoder, chunk_encoder, raw = make_encoder(data_dir)
        else:
            from index.encoder import CachedEncoder

            unit_encoder = chunk_encoder = CachedEncoder(encoder, None)
            raw = encoder
        backend = open_index_backend(index, index_uri, data_dir)
        try:
            store = open_store(store_url, data_dir)
        except BaseException:
            backend.close()
            raise
        try:
            catalog = Catalog(
                data_dir, store, unit_encoder.dim,
                index_factory=backend.factory, index_loader=backend.loader,
            ).open(unit_encoder)
            service = cls(
                data_dir, store, catalog, unit_encoder, chunk_encoder,
                ScoringConfig() if config is None else config, raw_encoder=raw,
                retention_days=retention_days, reader=reader, archive_limits=archive_limits,
                index_backend=backend,
            )
        except BaseException:
            store.close()
            backend.close()
            raise
        service.purge_expired()
        return service

    def close(self) -> None:
        """Stop the background intake, checkpoint and close the store and the encoder caches."""
        ctx = self._ctx
        self._pools.close()
        with ctx.write_lock:
            ctx.store.close()
            if self._index_backend is not None:
                self._index_backend.close()
            for enc in {id(ctx.unit_encoder): ctx.unit_encoder,
                        id(ctx.chunk_encoder): ctx.chunk_encoder}.values():
                enc.close()

    def __enter__(self) -> MatchService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ shared parts

    @property
    def model(self) -> str:
        """``model_name@revision`` of the encoder, as written into audit rows."""
        return self._ctx.model

    @property
    def _profiles(self) -> dict[str, CandidateProfile]:
        """The stored candidates' profiles built so far (tests check erasure drops them)."""
        return self._candidates.profiles

    # ------------------------------------------------------------------ vacancies

    def add_vacancy(self, data: bytes, name: str, *, owner: str | None = None) -> Vacancy:
        """Read, parse, embed and store a ToR (see :meth:`OpenVacancies.add_file`)."""
        return self._vacancies.add_file(data, name, owner=owner)

    def add_vacancy_document(
        self, doc: Document, name: str, *, owner: str | None = None
    ) -> Vacancy:
        """:meth:`add_vacancy` for text already read (the CLI reads files itself)."""
        return self._vacancies.add_documents([(doc, name)], owner=owner)[0]

    def add_vacancies(
        self, docs: Sequence[tuple[Document, str]], *, owner: str | None = None
    ) -> list[Vacancy]:
        """Add many read ToRs at once (see :meth:`OpenVacancies.add_documents`)."""
        return self._vacancies.add_documents(docs, owner=owner)

    def add_parsed_vacancies(
        self, parsed: Sequence[Vacancy], *, owner: str | None = None
    ) -> list[Vacancy]:
        """Add vacancies parsed already (see :meth:`OpenVacancies.add_parsed`)."""
        return self._vacancies.add_parsed(parsed, owner=owner)

    def list_vacancies(self) -> list[Vacancy]:
        """Every open vacancy, in insertion order."""
        return self._vacancies.all()

    def get_vacancy(self, vacancy_id: str) -> Vacancy:
        """One vacancy (NotFoundError if absent)."""
        return self._vacancies.get(vacancy_id)

    def vacancy_owner(self, vacancy_id: str) -> str | None:
        """The recruiter id owning a vacancy (None: loaded without owner; NotFoundError)."""
        self._vacancies.get(vacancy_id)
        return self._vacancies.owner(vacancy_id)

    def warm_up(self) -> None:
        """Build the vacancy stack and every stored candidate's profile now."""
        self._vacancies.stack()
        self._candidates.warm_up()

    # ------------------------------------------------------------------ anonymous matching

    def match(self, data: bytes, name: str, *, limit: int | None = None) -> list[MatchResult]:
        """Rank every open vacancy for a CV file; stores nothing (see :mod:`.matching`)."""
        return self._matching.match(data, name, limit=limit)

    def rank_vacancies_for(self, candidate: Candidate, chunk_vectors: FloatMatrix,
                           flags: Sequence[str] = (), *, limit: int | None = None
                           ) -> list[MatchResult]:
        """Rank the open vacancies for an already encoded candidate (see :mod:`.matching`)."""
        return self._matching.rank_vacancies_for(candidate, chunk_vectors, flags, limit=limit)

    # ------------------------------------------------------------------ stored candidates

    def apply(self, vacancy_id: str, data: bytes, name: str) -> tuple[str, str]:
        """Store a CV as an application; return (application_id, candidate_token)."""
        return self._candidates.apply(vacancy_id, data, name)

    def add_candidates(
        self, docs: Sequence[tuple[Document, str]], *, skip_existing: bool = True
    ) -> list[Candidate]:
        """Store CVs without an application (the roster; CLI ``candidates add``)."""
        return self._candidates.add_documents(docs, skip_existing=skip_existing)

    def get_application(self, application_id: str, token: str) -> ApplicationView:
        """The stored application for the candidate holding the token (NotFoundError)."""
        return self._candidates.get_application(application_id, token)

    def delete_application(self, application_id: str, token: str) -> None:
        """Erase the application and its CV everywhere (NotFoundError)."""
        self._candidates.delete_application(application_id, token)

    def erase_candidate(self, candidate_id: str) -> None:
        """Erase one stored candidate everywhere (NotFoundError if absent)."""
        self._candidates.erase(candidate_id)

    def list_candidates(self) -> list[CandidateSummary]:
        """Stored candidates: id, source, chunk count, flags (no CV text)."""
        return self._candidates.summaries()

    def candidate_source(self, candidate_id: str) -> str:
        """The file name a stored candidate came from (its id if unknown)."""
        return self._candidates.source(candidate_id)

    def candidate_label(self, candidate_id: str) -> tuple[str, str | None]:
        """(source, title) of a stored candidate for a ranking row; CVs have no title."""
        return self._candidates.source(candidate_id), None

    def candidate_id_of(self, application_id: str) -> str:
        """The candidate id behind an application (operators and tests; NotFoundError)."""
        return self._candidates.candidate_id_of(application_id)

    def is_candidate_token(self, token: str) -> bool:
        """Whether ``token`` is some application's candidate token (to answer 403, not 401)."""
        return self._candidates.is_candidate_token(token)

    def nearest_candidates(self, text: str, k: int = 10) -> list[str]:
        """Stored candidates whose chunks come nearest to a CV text (erasure checks)."""
        return self._candidates.nearest(text, k)

    # ------------------------------------------------------------------ recruiters

    def create_recruiter(self, name: str) -> str:
        """Create a recruiter; return its bearer token (shown once, stored hashed)."""
        return self._recruiters.create(name)

    def assign_vacancies(
        self, recruiter_id: str, vacancy_ids: Sequence[str] | None = None
    ) -> list[str]:
        """Give vacancies to a recruiter (``admin create-recruiter --claim-unowned``)."""
        return self._recruiters.assign_vacancies(recruiter_id, vacancy_ids)

    def recruiter_for(self, token: str) -> str:
        """The recruiter id of a bearer token (AuthError if unknown)."""
        return self._recruiters.recruiter_for(token)

    def sign_in(self, token: str, ttl_seconds: float) -> SessionGrant:
        """Open a web session for the recruiter holding ``token`` (AuthError otherwise)."""
        return self._recruiters.sign_in(token, ttl_seconds)

    def recruiter_for_session(self, session_id: str) -> str:
        """The recruiter id of a live web session (AuthError if ended, expired or revoked)."""
        return self._recruiters.recruiter_for_session(session_id)

    def sign_out(self, session_id: str) -> None:
        """End a web session on the server (an unknown id is ignored)."""
        self._ctx.sessions.end(session_id)

    def revoke_recruiter(self, recruiter_id: str) -> None:
        """Revoke a recruiter: token and sessions stop working (NotFoundError)."""
        self._ctx.sessions.revoke(recruiter_id)

    def rotate_token(self, recruiter_id: str) -> str:
        """A new token for a recruiter; the old one and every session end (NotFoundError)."""
        return self._recruiters.rotate_token(recruiter_id)

    def owned_vacancies(self, recruiter_id: str) -> list[Vacancy]:
        """The vacancies a recruiter owns, in insertion order."""
        return self._vacancies.owned_by(recruiter_id)

    def rank_pool(self, vacancy_id: str, recruiter_id: str) -> list[MatchResult]:
        """Rank the applicants of a vacancy for its owner, audited (see :mod:`.recruiters`)."""
        return self._recruiters.rank_pool(vacancy_id, recruiter_id)

    def rank_candidates(self, vacancy: Vacancy, candidate_ids: Sequence[str]) -> list[MatchResult]:
        """Score stored candidates against a vacancy, ranked."""
        return self._recruiters.rank_candidates(vacancy, candidate_ids)

    # ------------------------------------------------------------------ pools

    def add_to_pool(
        self, vacancy_id: str, recruiter_id: str, data: bytes, name: str, *,
        max_bytes: int | None = None,
    ) -> IntakeReport:
        """Bring an uploaded zip of CVs (or one CV) into a pool (see :mod:`.pools`);
        ``max_bytes`` is the upload cap its members count against."""
        return self._pools.upload(vacancy_id, recruiter_id, data, name, max_bytes)

    def start_pool_intake(
        self, vacancy_id: str, recruiter_id: str, data: bytes, name: str, *,
        max_bytes: int | None = None,
    ) -> JobView[IntakeReport]:
        """:meth:`add_to_pool` as a background job polled by :meth:`pool_intake_job`."""
        return self._pools.start_upload(vacancy_id, recruiter_id, data, name, max_bytes)

    def pool_intake_job(
        self, vacancy_id: str, recruiter_id: str, job_id: str
    ) -> JobView[IntakeReport]:
        """The progress (and, once done, the report) of a background intake."""
        return self._pools.job(vacancy_id, recruiter_id, job_id)

    def add_paths_to_pool(
        self, vacancy_id: str, path: Path, added_by: str,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> IntakeReport:
        """Bring a directory or a zip of CVs on disk into a pool (CLI ``pool add``)."""
        return self._pools.intake_paths(vacancy_id, path, added_by, progress)

    def set_pool_status(
        self, vacancy_id: str, recruiter_id: str, candidate_id: str, status: str,
        note: str | None, *, blind: bool = False,
    ) -> PoolMemberView:
        """Set a pool candidate's review status and note, audited (InputError if invalid)."""
        return self._pools.set_status(vacancy_id, recruiter_id, candidate_id,
                                      status_change(status, note), blind=blind)

    def pool_ranking(
        self, vacancy_id: str, recruiter_id: str, *, blind: bool = False,
        statuses: Sequence[PoolStatus] = (), export: str | None = None,
    ) -> PoolRanking:
        """A pool's audited ranking with labels, statuses and notes (see :mod:`.pools`)."""
        return self._pools.ranking(vacancy_id, recruiter_id, blind=blind, statuses=statuses,
                                   export=export)

    def audit_log(self) -> list[AuditLogRow]:
        """Audit rows, oldest first, with the detail's ``event`` lifted to the top level."""
        return self._recruiters.audit_log()

    # ------------------------------------------------------------------ retention, health

    def purge_expired(self, now: float | None = None) -> int:
        """Erase every candidate whose retention period is over; return how many."""
        return self._upkeep.purge_expired(now)

    def health(self) -> HealthReport:
        """Counts, encoder, index sizes and whether store and indexes agree."""
        return self._upkeep.health()
