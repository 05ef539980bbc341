"""Vectors of public text kept in files between runs: the scorer's background sentences.

Every ranking scores against the same 441 generic CV sentences (:mod:`matcher.background`);
encoding them takes seconds with e5 on this machine, before the ranking's own documents, so a
command line ranking that re-encoded them on every call would spend most of a small call on
them. They are public text, so their vectors are written once per encoder revision into the
cache directory and read back afterwards.

A file's name carries the whole key (model, revision, kind, and the sha256 of the sentences),
so a new encoder revision or an edited background never reads a stale file. A file that cannot
be read or holds the wrong shape, dtype or non-unit rows (a torn or foreign write) is ignored and
rebuilt; files are written to a temporary name in the same folder and renamed into place, so a
reader sees either no file or a whole one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from matcher.background import BACKGROUND_SENTENCES
from matcher.ports import STATEMENT_KIND, Encoder, FloatMatrix

__all__ = [
    "CACHE_DIR_ENV",
    "background_vectors",
    "cache_root",
    "cached_text_vectors",
    "text_vectors_key",
]

#: Folder of the vector files (and the evaluation's embedding cache); see :func:`cache_root`.
CACHE_DIR_ENV = "JPO_MATCHER_CACHE_DIR"

_log = logging.getLogger(__name__)
# Rows must be unit vectors (every encoder L2-normalises); a looser bound would accept a file
# of another model's unnormalised output, a tighter one float32 rounding.
_NORM_TOLERANCE = 1e-3


def cache_root() -> Path:
    """The cache directory: ``$JPO_MATCHER_CACHE_DIR``, else ``$XDG_CACHE_HOME/jpo-matcher``,
    else ``~/.cache/jpo-matcher``.

    Outside any repository clone, so nothing cached can be committed by accident.
    """
    env = os.environ.get(CACHE_DIR_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "jpo-matcher"


def text_vectors_key(encoder: Encoder, texts: Sequence[str], kind: str) -> str:
    """The sha256 that names the vectors of ``texts`` by ``encoder`` as ``kind``."""
    digest = hashlib.sha256()
    for part in (encoder.model_name, encoder.revision, kind, str(encoder.dim)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x1f")
    for text in texts:
        # Each text's own hash, so that no text boundary can be moved without changing the key.
        digest.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    return digest.hexdigest()


def _read_matrix(path: Path, rows: int, dim: int) -> FloatMatrix | None:
    """The matrix in ``path`` if it is whole and plausible, else None."""
    try:
        with path.open("rb") as handle:
            loaded = np.load(handle, allow_pickle=False)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError) as exc:
        _log.warning("ignoring unreadable vector file %s: %s", path, exc)
        return None
    if (not isinstance(loaded, np.ndarray) or loaded.dtype != np.float32
            or loaded.shape != (rows, dim)):
        _log.warning("ignoring vector file %s of the wrong shape or type", path)
        return None
    norms = np.linalg.norm(loaded, axis=1) if rows else np.zeros(0)
    if not np.all(np.isfinite(norms)) or np.any(np.abs(norms - 1.0) > _NORM_TOLERANCE):
        _log.warning("ignoring vector file %s: rows are not unit vectors", path)
        return None
    matrix: FloatMatrix = loaded
    return matrix


def _write_matrix(path: Path, matrix: FloatMatrix) -> None:
    """Write ``matrix`` to ``path`` through a temporary file and a rename; never raises.

    A cache that cannot be written (read-only home, full disk) costs the next call an encoding,
    not the ranking.
    """
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            np.save(handle, np.ascontiguousarray(matrix, dtype=np.float32), allow_pickle=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        _log.warning("cannot write vector file %s: %s", path, exc)
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)


def cached_text_vectors(
    encoder: Encoder, texts: Sequence[str], cache_dir: Path | None, *, label: str,
    kind: str = STATEMENT_KIND,
) -> FloatMatrix:
    """``encoder.encode(texts, kind=kind)``, kept in ``cache_dir`` between calls.

    Only for public text: the file holds the vectors of every text. ``None`` as ``cache_dir``
    encodes without keeping anything.

    Args:
        encoder: The encoder; its model name and revision are part of the key.
        texts: The texts, in the order of the rows returned.
        cache_dir: Folder of the vector files, or None.
        label: The first part of the file name (what the texts are).
        kind: The encoder kind.
    """
    if cache_dir is None:
        return encoder.encode(list(texts), kind=kind)
    path = cache_dir / f"{label}-{text_vectors_key(encoder, texts, kind)}.npy"
    found = _read_matrix(path, len(texts), encoder.dim)
    if found is not None:
        return found
    vectors = encoder.encode(list(texts), kind=kind)
    _write_matrix(path, vectors)
    return vectors


def background_vectors(encoder: Encoder, cache_dir: Path | None) -> FloatMatrix:
    """The scorer's background sentences, encoded once per encoder revision (see module doc).

    Equal to :func:`matcher.pipeline.encode_background` (same texts, same kind).
    """
    return cached_text_vectors(encoder, BACKGROUND_SENTENCES, cache_dir, label="background")
