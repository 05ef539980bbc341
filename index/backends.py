"""Which store and which vector engine a service runs on, chosen by configuration.

- Store: ``JPO_MATCHER_STORE_URL`` unset means the embedded SQLite file in the data directory
  (:class:`index.store.Store`); ``postgresql://…`` means :class:`index.pg_store.PgStore`.
- Index: ``JPO_MATCHER_INDEX`` ``faiss`` (default: ``units.faiss``/``chunks.faiss`` in the
  data directory) or ``qdrant`` (:mod:`index.qdrant_index`), with ``JPO_MATCHER_INDEX_URI``
  ``http(s)://host:6333`` for a Qdrant server or cluster, a local path for qdrant-client's local
  mode, or unset for ``<data_dir>/qdrant``.

Every store implements :class:`StoreBackend`; the catalog and the service see nothing else.
The optional drivers (psycopg, qdrant-client) are imported only when chosen, so the embedded
default needs none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from index.store import (
    ApplicationRow,
    AuditEntry,
    AuditRow,
    CandidateRow,
    VacancyRow,
    VectorMeta,
    VectorRow,
)
from matcher.errors import ConfigError
from matcher.ports import FloatMatrix, IdArray, VectorIndex

__all__ = [
    "INDEX_BACKENDS",
    "IndexBackend",
    "SqlConnection",
    "SqlCursor",
    "StoreBackend",
    "open_index_backend",
    "open_store",
    "store_kind",
]

#: Values accepted by ``JPO_MATCHER_INDEX``.
INDEX_BACKENDS: tuple[str, ...] = ("faiss", "qdrant")


class SqlCursor(Protocol):
    """What callers read from one statement run in a transaction."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class SqlConnection(Protocol):
    """The connection a transaction hands out: ``execute`` with ``?`` placeholders.

    Tables kept beside the store's own (``index.pool_store``, ``index.sessions``) write SQL
    both engines accept: ``?`` placeholders, ``ON CONFLICT … DO NOTHING/UPDATE``,
    ``DOUBLE PRECISION``, no SQLite-only functions. The PostgreSQL store turns ``?`` into
    its driver's placeholders.
    """

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> SqlCursor: ...


@runtime_checkable
class StoreBackend(Protocol):
    """The source of truth: vacancies, candidates, vectors, recruiters, applications, audit.

    ``transaction()`` is one atomic write: everything inside commits together or not at all;
    nested use joins the outer transaction. Deleting a candidate removes its applications and
    vectors in the same transaction; ``checkpoint()`` then pushes the deletion out of the
    database's logs as far as the engine allows (see each adapter).
    """

    #: "sqlite" or "postgresql": what ``GET /health`` reports.
    backend: str

    def close(self) -> None: ...
    def transaction(self) -> AbstractContextManager[SqlConnection]: ...
    def read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
    def ensure_schema(self, script: str) -> None: ...
    def checkpoint(self) -> None: ...
    def count(self, table: str) -> int: ...

    def put_vacancy(
        self, vacancy_id: str, source: str, data: dict[str, Any], content_hash: str,
        owner: str | None = None,
    ) -> None: ...
    def get_vacancy(self, vacancy_id: str) -> VacancyRow | None: ...
    def list_vacancies(self) -> list[VacancyRow]: ...
    def vacancy_by_hash(self, content_hash: str) -> VacancyRow | None: ...
    def assign_vacancies(self, owner: str, vacancy_ids: Sequence[str]) -> int: ...

    def put_candidate(
        self, candidate_id: str, source: str, data: dict[str, Any], text: str,
        content_hash: str, expires: float | None = None,
    ) -> None: ...
    def get_candidate(self, candidate_id: str) -> CandidateRow | None: ...
    def list_candidates(self) -> list[CandidateRow]: ...
    def expired_candidates(self, now: float | None = None) -> list[str]: ...
    def delete_candidate(self, candidate_id: str) -> list[int]: ...

    def delete_vectors(self, owner_kind: str, owner_id: str) -> list[int]: ...
    def add_vectors(self, rows: Sequence[VectorRow], model: str, revision: str) -> IdArray: ...
    def vector_ids(self, owner_kind: str) -> IdArray: ...
    def load_vectors(
        self, owner_kind: str, dim: int
    ) -> tuple[IdArray, list[VectorMeta], FloatMatrix]: ...
    def vector_models(self) -> set[tuple[str, str]]: ...
    def texts_of_vectors(self, owner_kind: str) -> list[tuple[int, str]]: ...
    def replace_vectors(
        self, vids: IdArray, vectors: FloatMatrix, model: str, revision: str
    ) -> None: ...

    def add_recruiter(self, recruiter_id: str, name: str, token_hash: str) -> None: ...
    def recruiter_by_token_hash(self, token_hash: str) -> str | None: ...
    def recruiter_exists(self, recruiter_id: str) -> bool: ...

    def add_application(
        self, application_id: str, vacancy_id: str, candidate_id: str, token_hash: str
    ) -> None: ...
    def get_application(self, application_id: str) -> ApplicationRow | None: ...
    def application_token_exists(self, token_hash: str) -> bool: ...
    def pool(self, vacancy_id: str) -> list[str]: ...

    def add_audit(self, entries: Sequence[AuditEntry]) -> None: ...
    def audit_rows(self) -> list[AuditRow]: ...


def store_kind(url: str | None) -> str:
    """"sqlite" for no URL, "postgresql" for a ``postgresql://`` URL.

    Raises:
        ConfigError: any other scheme.
    """
    if not url:
        return "sqlite"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql"
    raise ConfigError(
        "JPO_MATCHER_STORE_URL must be empty (SQLite in the data directory) or postgresql://…",
        reason="bad_store_url",
    )


def open_store(url: str | None, data_dir: Path) -> StoreBackend:
    """Open the store named by ``url`` (None: ``<data_dir>/store.sqlite``).

    Raises:
        ConfigError: an unknown scheme, or the PostgreSQL driver is not installed.
        StoreError: the database cannot be opened.
    """
    if store_kind(url) == "sqlite":
        from index.store import Store

        return Store(Path(data_dir) / "store.sqlite")
    from index.pg_store import PgStore

    return PgStore(str(url))


@dataclass
class IndexBackend:
    """How the catalog makes and opens its two indexes, and what to release on close.

    ``factory(dim, path)`` gives an empty index for the file or collection ``path`` names
    (``units.faiss`` → collection ``units``); ``loader(path)`` opens an existing one and raises
    ``IndexNotReadyError`` when it is missing or unreadable, which makes the catalog rebuild it
    from the store.
    """

    name: str
    factory: Callable[[int, Path], VectorIndex]
    loader: Callable[[Path], VectorIndex]
    close: Callable[[], None]


def _faiss_backend() -> IndexBackend:
    def factory(dim: int, path: Path) -> VectorIndex:  # noqa: ARG001 - a file is per path
        from index.vectors import FaissIndex

        return FaissIndex(dim)

    def loader(path: Path) -> VectorIndex:
        from index.vectors import FaissIndex

        return FaissIndex.load(path)

    return IndexBackend("faiss", factory, loader, lambda: None)


def open_index_backend(name: str, uri: str | None, data_dir: Path) -> IndexBackend:
    """The index backend ``name`` ("faiss" or "qdrant") at ``uri``.

    Raises:
        ConfigError: an unknown name, a URI given for FAISS, or qdrant-client missing.
    """
    if name not in INDEX_BACKENDS:
        raise ConfigError(
            f"JPO_MATCHER_INDEX must be one of {', '.join(INDEX_BACKENDS)}, got {name!r}",
            reason="bad_index",
        )
    if name == "faiss":
        if uri:
            raise ConfigError(
                "JPO_MATCHER_INDEX_URI is for JPO_MATCHER_INDEX=qdrant; FAISS files live in "
                "the data directory", reason="bad_index",
            )
        return _faiss_backend()
    from index.qdrant_index import qdrant_backend

    return qdrant_backend(uri or str(Path(data_dir) / "qdrant"))
