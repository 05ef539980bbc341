"""Typed service settings: one ``Settings`` object, read from ``JPO_MATCHER_*`` variables.

Settings are read once at the edge (``api/``) and passed into the service as plain values; the
core never imports them.
"""

from __future__ import annotations

from pathlib import Path

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

    @field_validator("max_upload_bytes")
    @classmethod
    def _bounded_upload(cls, value: int) -> int:
        # The child-process parser has a memory rlimit sized for documents of this order; a
        # larger cap would trade a clear 413 for an opaque parser kill.
        if value > 50 * _MB:
            raise ValueError("max_upload_bytes above 50 MB is unsafe for the document parser")
        return value
