"""Typed service settings: one ``Settings`` object, read from ``JPO_MATCHER_*`` variables.

Settings are read once at the edge (``api/``) and passed into the service as plain values; the
core never imports them.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, field_validator, model_validator
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

    # -- work anyone may send (docs/reliability.md item 26): own threads, bounded queues
    #: Anonymous matches (``/match``, ``/ui/match``) that run at once, and that may wait.
    anonymous_workers: int = Field(default=1, ge=1, le=4)
    anonymous_queue: int = Field(default=2, ge=0, le=64)
    #: Applications that run at once, and that may wait.
    application_workers: int = Field(default=1, ge=1, le=4)
    application_queue: int = Field(default=4, ge=0, le=64)

    # -- floods (item 27): per client address, ``burst`` at once then ``per_minute``
    match_per_minute: float = Field(default=12.0, gt=0, le=6000)
    match_burst: int = Field(default=6, ge=1, le=1000)
    apply_per_minute: float = Field(default=4.0, gt=0, le=6000)
    apply_burst: int = Field(default=4, ge=1, le=1000)

    # -- slow clients (item 28), applied by ``jpo-matcher serve`` and the body-limit middleware
    #: Seconds a client has to send a request's line and headers.
    header_timeout_s: float = Field(default=10.0, gt=0, le=60)
    #: Seconds an idle keep-alive connection is kept.
    keep_alive_timeout_s: int = Field(default=5, ge=1, le=60)
    #: Seconds allowed between two pieces of a request body, and for the whole body.
    body_idle_timeout_s: float = Field(default=15.0, gt=0, le=120)
    body_timeout_s: float = Field(default=120.0, gt=0, le=600)
    #: Open connections (and requests in progress) before new requests get 503.
    max_connections: int = Field(default=64, ge=4, le=4096)
    #: Largest request line plus headers, in bytes.
    max_header_bytes: int = Field(default=16 * 1024, ge=4096, le=256 * 1024)

    # -- recruiter sessions (item 29)
    #: Hours a sign-in on the recruiter pages lasts.
    session_hours: float = Field(default=8.0, gt=0, le=24 * 7)
    #: Addresses or networks of reverse proxies whose ``X-Forwarded-For`` and
    #: ``X-Forwarded-Proto`` are believed (the client address for rate limits, https for the
    #: ``Secure`` cookie flag). Empty: the TCP peer is the client, and its scheme is the scheme.
    trusted_proxies: tuple[str, ...] = ()

    @field_validator("max_upload_bytes")
    @classmethod
    def _bounded_upload(cls, value: int) -> int:
        # The child-process parser has a memory rlimit sized for documents of this order; a
        # larger cap would trade a clear 413 for an opaque parser kill.
        if value > 50 * _MB:
            raise ValueError("max_upload_bytes above 50 MB is unsafe for the document parser")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            try:
                network = ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ValueError(f"trusted proxy {item!r} is not an address or network") from exc
            if network.prefixlen == 0:
                # Trusting every address lets any client choose the address it is limited by.
                raise ValueError("trusting every address as a proxy is unsafe")
        return value

    @model_validator(mode="after")
    def _body_timeouts_agree(self) -> Self:
        if self.body_idle_timeout_s > self.body_timeout_s:
            raise ValueError("body_idle_timeout_s must not exceed body_timeout_s")
        return self
