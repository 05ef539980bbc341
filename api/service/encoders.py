"""The encoders a service uses, chosen by ``JPO_MATCHER_ENCODER``."""

from __future__ import annotations

import os
from pathlib import Path

from index.permissions import private_file
from matcher.ports import CachingEncoder, Encoder

__all__ = ["make_encoder"]


def make_encoder(data_dir: Path | None = None) -> tuple[CachingEncoder, CachingEncoder, Encoder]:
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
    if cache_path is not None:
        private_file(cache_path)  # 0600 before SQLite opens it (its -wal follows)
    return CachedEncoder(inner, cache_path), CachedEncoder(inner, None), inner
