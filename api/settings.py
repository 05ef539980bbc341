"""Typed service settings: one ``Settings`` object, read from ``JPO_MATCHER_*`` variables.

Settings are read once at the edge (``api/``) and passed into the service as plain values; the
core never imports them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]

_MB = 1024 * 1024


class Settings(BaseSettings):
    """Service configuration. Unsafe values are refused at start-up, not discovered later."""

    model_config = SettingsConfigDict(env_prefix="JPO_MATCHER_", frozen=True, extra="ignore")

    data_dir: Path = Path("data")
    #: Largest accepted upload (the CV or ToR file itself). docs/reliability.md item 9.
    max_upload_bytes: int = Field(default=10 * _MB, gt=0)
    #: Largest accepted body that is not a file upload (JSON, url-encoded forms).
    max_json_bytes: int = Field(default=64 * 1024, gt=0)
    #: Documents parsed at the same time; each parse runs in a bounded child process.
    max_concurrent_parses: int = Field(default=2, ge=1, le=16)
    #: How long a stored application is kept before the retention purge erases it.
    retention_days: int = Field(default=365, ge=1)
    #: Results shown on the candidate page and returned by ``POST /match``.
    match_top_k: int = Field(default=50, ge=1, le=10_000)
    #: ``JPO_MATCHER_STORE_URL``: unset for SQLite in the data directory, or
    #: ``postgresql://user@host/db`` (``?host=/socket/dir`` for a unix socket).
    store_url: str | None = None
    #: ``JPO_MATCHER_INDEX``: "faiss" (files in the data directory) or "qdrant".
    index: Literal["faiss", "qdrant"] = "faiss"
    #: ``JPO_MATCHER_INDEX_URI``: Qdrant's ``http(s)://host:6333`` or a local path (unset:
    #: ``<data_dir>/qdrant``, qdrant-client's local mode).
    index_uri: str | None = None

    @field_validator("store_url")
    @classmethod
    def _known_store(cls, value: str | None) -> str | None:
        if value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("store_url must be a postgresql:// URL (unset: SQLite)")
        return value or None

    @field_validator("max_upload_bytes")
    @classmethod
    def _bounded_upload(cls, value: int) -> int:
        # The child-process parser has a memory rlimit sized for documents of this order; a
        # larger cap would trade a clear 413 for an opaque parser kill.
        if value > 50 * _MB:
            raise ValueError("max_upload_bytes above 50 MB is unsafe for the document parser")
        return value
