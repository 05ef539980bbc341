"""``candidates add DIR --workers ray``: read, parse and encode CVs on Ray Data workers.

Reading (PDF/DOCX extraction), parsing and encoding a CV are independent per file and are
where ingestion spends its time, so they run in a Ray Data pipeline: one actor per worker
slot, each loading the encoder model once in its constructor and then encoding batches of
files. The driver keeps what must happen in one place: it primes the service's chunk cache
with the vectors the workers computed and hands the documents to the same
:meth:`~api.service.MatchService.add_candidates` as the in-process path, so the store rows,
index writes, deduplication and crash ordering are those of the default path; its encoder
finds every text in the cache and encodes nothing.

The same code runs on a Ray cluster: ``ray.init`` joins ``RAY_ADDRESS`` when it is set (the
files must then be readable at the same path on every node), or starts a local cluster; a
caller that already called ``ray.init`` (the tests) keeps its cluster.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matcher.errors import ConfigError, InputError, MatcherError
from matcher.ports import STATEMENT_KIND, Document, FloatMatrix

__all__ = ["EncodedFile", "RayParseEncode", "init_ray", "iter_encoded", "ray_available"]

#: Files per actor call: large enough for the model's batching, small enough to stream.
FILES_PER_BATCH = 16


@dataclass(frozen=True)
class EncodedFile:
    """One file as a worker returns it: its document, or why it could not be read.

    ``texts`` are the CV's distinct chunk texts and ``vectors`` their rows, as the service's
    chunk encoder would compute them.
    """

    path: Path
    document: Document | None
    texts: tuple[str, ...]
    vectors: FloatMatrix
    error: MatcherError | None


def ray_available() -> bool:
    """Whether Ray Data can be imported (the optional ``scale`` extra)."""
    try:
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


class RayParseEncode:
    """The Ray Data actor: loads the encoder once, then reads, parses and encodes batches.

    Args:
        encoder_name: ``JPO_MATCHER_ENCODER`` of the driver ("" for the default model), so
            that every worker encodes with the driver's model.
    """

    def __init__(self, encoder_name: str) -> None:
        os.environ["JPO_MATCHER_ENCODER"] = encoder_name
        from api.service import make_encoder

        _, _, self._encoder = make_encoder(None)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        """Read, parse and encode the files named in ``batch["path"]``."""
        from index.readers import read_path
        from matcher.pipeline import parse_candidate
        from matcher.statements import chunk_texts

        docs: list[Document | None] = []
        errors: list[bytes] = []
        groups: list[list[str]] = []
        for raw in batch["path"]:
            path = Path(str(raw))
            try:
                doc = read_path(path)
                texts = list(dict.fromkeys(chunk_texts(parse_candidate(doc, path.name))))
            except MatcherError as exc:
                docs.append(None)
                # (reason, message): a MatcherError subclass need not survive pickling.
                errors.append(pickle.dumps((exc.reason, str(exc))))
                groups.append([])
                continue
            docs.append(doc)
            errors.append(b"")
            groups.append(texts)
        flat = [t for g in groups for t in g]
        # One model call per batch of files: the model is fastest on large batches.
        vectors = (self._encoder.encode(flat, kind=STATEMENT_KIND) if flat
                   else np.zeros((0, self._encoder.dim), dtype=np.float32))
        out_vectors, start = [], 0
        for g in groups:
            out_vectors.append(np.ascontiguousarray(vectors[start:start + len(g)]).tobytes())
            start += len(g)
        return {
            "path": [str(p) for p in batch["path"]],
            "document": [b"" if d is None else pickle.dumps(d) for d in docs],
            "texts": [pickle.dumps(tuple(g)) for g in groups],
            "vectors": out_vectors,
            "error": errors,
            "model": [f"{self._encoder.model_name}\x1f{self._encoder.revision}"] * len(docs),
        }


def init_ray() -> None:
    """Join ``RAY_ADDRESS``, or start a local cluster; keep a cluster already joined."""
    import ray

    if ray.is_initialized():
        return
    address = os.environ.get("RAY_ADDRESS") or None
    if address is None:
        # Ray runs workers at nice 15 by default; a local cluster started for this command
        # does the command's own work, and at nice 15 on a shared host it is starved by
        # every other process (measured: one actor at 6% CPU beside the driver).
        os.environ.setdefault("RAY_worker_niceness", "0")
    ray.init(address=address, include_dashboard=False, log_to_driver=False,
             configure_logging=False)


def _decode(row: dict[str, Any], dim: int) -> EncodedFile:
    path = Path(str(row["path"]))
    if row["error"]:
        reason, message = pickle.loads(row["error"])
        error = InputError(message, reason=reason)
        return EncodedFile(path, None, (), np.zeros((0, dim), dtype=np.float32), error)
    texts: tuple[str, ...] = pickle.loads(row["texts"])
    vectors = np.frombuffer(row["vectors"], dtype=np.float32).reshape(len(texts), dim)
    return EncodedFile(path, pickle.loads(row["document"]), texts, vectors, None)


def iter_encoded(
    files: Sequence[Path], *, dim: int, model: str, workers: int | None = None
) -> Iterator[EncodedFile]:
    """Every file read, parsed and encoded on Ray Data actors, streamed in file order.

    Args:
        files: The files (paths every Ray node can read).
        dim: The driver's vector width.
        model: ``model_name + "\\x1f" + revision`` of the driver's chunk encoder; a worker
            that loaded anything else is refused, so no foreign vector is ever stored.
        workers: Actors; default one per CPU of the cluster.

    Raises:
        ConfigError: Ray is not installed, or a worker's model differs from the driver's.
    """
    if not ray_available():
        raise ConfigError("--workers ray needs Ray Data: pip install -e '.[scale]'")
    import ray
    import ray.data

    init_ray()
    if workers is None:
        cpus = ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call]
        workers = max(1, int(cpus))
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    encoder_name = os.environ.get("JPO_MATCHER_ENCODER", "").strip()
    blocks = max(workers, -(-len(files) // FILES_PER_BATCH))
    items = [{"path": str(p)} for p in files]
    dataset = ray.data.from_items(items, override_num_blocks=blocks).map_batches(
        RayParseEncode, fn_constructor_args=(encoder_name,), batch_size=FILES_PER_BATCH,
        concurrency=workers, num_cpus=1, batch_format="numpy",
    )
    for row in dataset.iter_rows():
        if row["model"] != model:
            raise ConfigError(f"a Ray worker encodes with {row['model']!r}, the service with "
                              f"{model!r}: set the same JPO_MATCHER_ENCODER on every node")
        yield _decode(row, dim)
