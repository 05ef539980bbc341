"""What every part of the service shares: the store, the catalog, the encoders, the config."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from index.backends import StoreBackend
from index.catalog import Catalog
from index.pool_store import PoolStore
from index.sessions import RecruiterSessions
from matcher.ports import CachingEncoder, Encoder, FloatMatrix, TextReader
from matcher.scoring import ScoringConfig

__all__ = ["ServiceContext"]


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """The shared parts of one open service.

    Attributes:
        data_dir: The data directory.
        store: The store (the source of truth): SQLite or PostgreSQL.
        pool_store: The pool tables in the same database (labels, statuses, notes).
        catalog: The store and the two vector indexes, kept consistent.
        reader: Reads every uploaded file.
        unit_encoder: Encodes vacancy units (cached on disk: vacancies are public).
        chunk_encoder: Encodes stored CVs' chunks (cached in memory only, dropped on erasure).
        raw_encoder: Encodes anonymous CVs (no cache: their vectors are kept nowhere).
        config: The scoring configuration.
        config_hash: Its hash, as written into audit rows.
        background: The scorer's background sentences, encoded once by the unit encoder.
        retention_days: Stored CVs expire after this many days (None: never).
        sessions: Recruiters' sign-in sessions, token rotation and revocation (same database).
        index_backend: The vector index backend in use ("faiss" or "qdrant").
        write_lock: Taken by every write; readers use the in-memory caches, which are replaced
            (not mutated in place) under it.
    """

    data_dir: Path
    store: StoreBackend
    pool_store: PoolStore
    catalog: Catalog
    reader: TextReader
    unit_encoder: CachingEncoder
    chunk_encoder: CachingEncoder
    raw_encoder: Encoder
    config: ScoringConfig
    config_hash: str
    background: FloatMatrix
    retention_days: float | None
    sessions: RecruiterSessions
    index_backend: str = "faiss"
    write_lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def model(self) -> str:
        """``model_name@revision`` of the encoder, as written into audit rows."""
        return f"{self.unit_encoder.model_name}@{self.unit_encoder.revision}"
