"""First-class fakes of the embedding and index ports, for fast deterministic tests.

- :class:`HashEncoder` gives similar texts similar vectors (a hashed bag of words plus a small
  character-trigram part), so ranking tests behave sensibly without loading a model.
- :class:`ExactIndex` is a numpy brute-force :class:`matcher.ports.VectorIndex` with exactly the
  semantics of :class:`index.vectors.FaissIndex` (the same contract tests run on both), saved
  and loaded as a ``.npz`` file, so a :class:`index.catalog.Catalog` can run on it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.vectors import MISSING_ID, MISSING_SCORE, check_ids, check_vectors
from matcher.errors import ConfigError, IndexNotReadyError, InputError
from matcher.ports import FloatMatrix, IdArray

__all__ = ["ExactIndex", "HashEncoder"]

_WORD = re.compile(r"\w+", re.UNICODE)
# Trigrams make "coordinate"/"coordinating" close, as a subword model would; kept small so
# whole-word overlap dominates.
_TRIGRAM_WEIGHT = 0.35


@lru_cache(maxsize=65_536)
def _feature_vector(feature: str, dim: int) -> FloatMatrix:
    # blake2b, not hash(): Python salts str hashes per process, and the fake must be stable.
    digest = hashlib.blake2b(feature.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    seed = int.from_bytes(digest, "little")
    vec = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
    vec /= np.linalg.norm(vec)
    vec.setflags(write=False)
    return vec


class HashEncoder:
    """Deterministic :class:`matcher.ports.Encoder` fake: hashed bag of words and trigrams.

    The vector of a text is the normalised sum of one fixed pseudo-random unit vector per
    lowercased word token, plus ``0.35 / sqrt(n)`` times the sum of its ``n`` character
    trigrams. Texts sharing words therefore have high cosine; unrelated texts are near 0.
    ``kind`` is ignored.

    Args:
        dim: vector width (64 keeps chance collisions rare and tests fast).
    """

    def __init__(self, dim: int = 64) -> None:
        if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
            raise ConfigError(f"dim must be a positive integer, got {dim!r}")
        self._dim = dim
        self.calls = 0
        self.texts_encoded = 0

    @property
    def model_name(self) -> str:
        """Always ``"fake-hash"``."""
        return "fake-hash"

    @property
    def revision(self) -> str:
        """Always ``"1"``."""
        return "1"

    @property
    def dim(self) -> int:
        """Vector width."""
        return self._dim

    @property
    def kinds_differ(self) -> bool:
        """False: queries and passages are embedded the same way."""
        return False

    def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
        """Encode ``texts`` to unit float32 rows; counts calls for cache tests."""
        if isinstance(texts, str):
            raise InputError("encode() takes a sequence of texts, not a single str")
        if kind not in ("query", "passage"):
            raise ConfigError(f"kind must be 'query' or 'passage', got {kind!r}", reason="bad_kind")
        items = list(texts)
        self.calls += 1
        self.texts_encoded += len(items)
        out = np.zeros((len(items), self._dim), dtype=np.float32)
        for row, text in enumerate(items):
            out[row] = self._embed(text)
        return out

    def _embed(self, text: str) -> FloatMatrix:
        words = _WORD.findall(text.lower())
        vec = np.zeros(self._dim, dtype=np.float32)
        for word in words:
            vec += _feature_vector("w:" + word, self._dim)
            padded = f"<{word}>"
            grams = [padded[i : i + 3] for i in range(len(padded) - 2)]
            # Scaled by 1/sqrt(count) so a long word's trigrams weigh about as much as a
            # short word's: the trigram part stays a small fraction of each word's weight.
            scale = _TRIGRAM_WEIGHT / np.sqrt(len(grams))
            for gram in grams:
                vec += scale * _feature_vector("t:" + gram, self._dim)
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            # No word at all (empty, punctuation): one fixed unit vector, like a real model's
            # embedding of an empty input.
            return _feature_vector("<empty>", self._dim).copy()
        return vec / norm


class ExactIndex:
    """Numpy brute-force :class:`matcher.ports.VectorIndex`, same semantics as ``FaissIndex``.

    Args:
        dim: vector width.
    """

    def __init__(self, dim: int) -> None:
        if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
            raise ConfigError(f"dim must be a positive integer, got {dim!r}")
        self._dim = dim
        self._ids = np.zeros(0, dtype=np.int64)
        self._vectors = np.zeros((0, dim), dtype=np.float32)
        self._lock = threading.RLock()

    @property
    def dim(self) -> int:
        """Vector width."""
        return self._dim

    def __len__(self) -> int:
        with self._lock:
            return int(self._ids.size)

    def ids(self) -> IdArray:
        """All stored ids, in insertion order."""
        with self._lock:
            return self._ids.copy()

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, int | np.integer):
            return False
        with self._lock:
            return bool(np.any(self._ids == int(item)))

    def add(self, ids: IdArray, vectors: FloatMatrix) -> None:
        """Add ``vectors`` under ``ids``; a repeated or already present id is an InputError."""
        id_arr = check_ids(ids)
        vec_arr = check_vectors(vectors, self._dim)
        if vec_arr.shape[0] != id_arr.size:
            raise InputError(
                f"{id_arr.size} ids for {vec_arr.shape[0]} vectors", reason="bad_vectors"
            )
        if id_arr.size == 0:
            return
        with self._lock:
            present = np.isin(id_arr, self._ids)
            if present.any():
                raise InputError(
                    f"ids already in the index: {id_arr[present][:5].tolist()}",
                    reason="duplicate_id",
                )
            self._ids = np.concatenate([self._ids, id_arr])
            self._vectors = np.concatenate([self._vectors, vec_arr])

    def remove(self, ids: IdArray) -> int:
        """Remove ``ids`` (unknown ids are ignored); return how many vectors were removed."""
        arr = np.asarray(ids).reshape(-1).astype(np.int64)
        with self._lock:
            doomed = np.isin(self._ids, arr)
            removed = int(doomed.sum())
            if removed:
                self._ids = self._ids[~doomed]
                self._vectors = self._vectors[~doomed]
            return removed

    def save(self, path: Path) -> None:
        """Write ids and vectors to ``path`` (``.npz``) atomically: temp file, then rename."""
        target = Path(path)
        with self._lock:
            ids, vectors = self._ids.copy(), self._vectors.copy()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, ids=ids, vectors=vectors)
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> ExactIndex:
        """Read an index written by :meth:`save`.

        Raises:
            IndexNotReadyError: the file is missing or not such an index.
        """
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                ids, vectors = data["ids"], data["vectors"]
        except FileNotFoundError as exc:
            raise IndexNotReadyError(f"no vector index at {path}") from exc
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise IndexNotReadyError(f"cannot read vector index {path}: {exc}",
                                     reason="index_corrupt") from exc
        if vectors.ndim != 2 or vectors.shape[1] < 1 or len(ids) != len(vectors):
            raise IndexNotReadyError(f"vector index {path} is malformed", reason="index_corrupt")
        index = cls(int(vectors.shape[1]))
        index.add(np.asarray(ids, dtype=np.int64), np.asarray(vectors, dtype=np.float32))
        return index

    def search(
        self, queries: FloatMatrix, k: int, *, allowed_ids: IdArray | None = None
    ) -> tuple[FloatMatrix, IdArray]:
        """Top-``k`` ids by inner product, padded with id -1 / score -inf (see FaissIndex)."""
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0:
            raise InputError(f"k must be a non-negative integer, got {k!r}", reason="bad_k")
        k = int(k)
        q = check_vectors(queries, self._dim, what="queries")
        n = q.shape[0]
        scores = np.full((n, k), MISSING_SCORE, dtype=np.float32)
        found = np.full((n, k), MISSING_ID, dtype=np.int64)
        with self._lock:
            ids, vectors = self._ids, self._vectors
        if allowed_ids is not None:
            keep = np.isin(ids, np.asarray(allowed_ids).reshape(-1).astype(np.int64))
            ids, vectors = ids[keep], vectors[keep]
        if n == 0 or k == 0 or ids.size == 0:
            return scores, found
        sims = q @ vectors.T
        k_eff = min(k, ids.size)
        # Stable sort on the negated scores: ties resolve by insertion order.
        order = np.argsort(-sims, axis=1, kind="stable")[:, :k_eff]
        scores[:, :k_eff] = np.take_along_axis(sims, order, axis=1)
        found[:, :k_eff] = ids[order]
        return scores, found
