"""``vacancies`` and ``candidates`` commands: load, list and erase data in the data directory.

Directories show a tqdm progress bar on stderr. A file that cannot be read is reported on
stderr with its reason and the run goes on; the exit code is 1 when any file was skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from matcher.errors import ConfigError, DocumentNotFoundError, MatcherError
from matcher.names import printable
from matcher.ports import Document

__all__ = [
    "iter_files",
    "register",
    "run_candidates_add",
    "run_candidates_delete",
    "run_candidates_list",
    "run_vacancies_add",
    "run_vacancies_list",
]

if TYPE_CHECKING:
    from api.service import MatchService
    from matcher.models import Vacancy

T = TypeVar("T")

#: CVs per encoder call and store transaction when loading a directory.
_CANDIDATE_BATCH = 64


def register(subparsers: Any) -> None:
    """Add the ``vacancies`` and ``candidates`` commands to the ``jpo-matcher`` parser."""
    vac = subparsers.add_parser("vacancies", help="add or list open vacancies (ToRs)")
    vsub = vac.add_subparsers(dest="vacancies_command", metavar="ACTION", required=True)
    add = vsub.add_parser("add", help="add a ToR file or every file of a directory")
    add.add_argument("path", type=Path, metavar="FILE|DIR")
    add.add_argument("--skip-existing", action="store_true",
                     help="silently skip ToRs already stored (same content)")
    add.add_argument("--owner", metavar="RECRUITER_ID", default=None,
                     help="recruiter who owns the vacancies (and ranks their pools)")
    add.set_defaults(func=run_vacancies_add)
    lst = vsub.add_parser("list", help="list stored vacancies")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_vacancies_list)

    cand = subparsers.add_parser("candidates", help="add, list or erase stored CVs")
    csub = cand.add_subparsers(dest="candidates_command", metavar="ACTION", required=True)
    cadd = csub.add_parser("add", help="add a CV file or every file of a directory")
    cadd.add_argument("path", type=Path, metavar="FILE|DIR")
    cadd.add_argument("--workers", choices=("inprocess", "ray"), default="inprocess",
                      help="where files are read, parsed and encoded: in this process "
                           "(default) or on Ray Data workers (RAY_ADDRESS, or a local cluster)")
    cadd.set_defaults(func=run_candidates_add)
    clst = csub.add_parser("list", help="list stored candidates (no CV text)")
    clst.add_argument("--json", action="store_true")
    clst.set_defaults(func=run_candidates_list)
    cdel = csub.add_parser("delete", help="erase a candidate: text, fields and vectors")
    cdel.add_argument("candidate_id", metavar="ID")
    cdel.set_defaults(func=run_candidates_delete)


def iter_files(path: Path) -> list[Path]:
    """``path`` itself, or the .txt/.pdf/.docx files of a directory in name order.

    Other files of a directory are named on stderr as skipped.
    """
    if path.is_dir():
        from api.service import directory_files

        files, skipped = directory_files(path)
        for skip in skipped:
            sys.stderr.write(f"skipped {printable(skip['source'])}: {skip['reason']}\n")
        return files
    if not path.exists():
        raise DocumentNotFoundError(f"no such file or directory: {path}")
    return [path]


def _progress(files: Sequence[Path], what: str) -> Iterator[Path]:
    if len(files) <= 1:
        yield from files
        return
    from tqdm import tqdm

    yield from tqdm(files, desc=what, unit="file", file=sys.stderr)


def _open(args: argparse.Namespace) -> MatchService:
    from api.service import open_service
    from api.settings import Settings

    return open_service(Settings(data_dir=Path(args.data_dir)))


def _skipped(path: Path, exc: MatcherError) -> None:
    sys.stderr.write(f"skipped {printable(path.name)}: {exc.reason}: {printable(str(exc))}\n")


def _unless_failed(path: Path, single: bool, action: Callable[[], T]) -> T | None:
    """``action()`` for one file; among many files, a failure is reported and gives None."""
    try:
        return action()
    except MatcherError as exc:
        if single:
            raise
        _skipped(path, exc)
        return None


def _add_vacancy(service: MatchService, path: Path, owner: str | None) -> Vacancy:
    from index.readers import read_path

    return service.add_vacancy_document(read_path(path), path.name, owner=owner)


def run_vacancies_add(args: argparse.Namespace) -> int:
    """Add ToRs; return 0, or 1 when some file was skipped."""
    files = iter_files(args.path)
    single = not args.path.is_dir()
    added = existing = failed = 0
    service = _open(args)
    try:
        for path in _progress(files, "vacancies"):
            before = len(service.list_vacancies())
            vacancy = _unless_failed(path, single, partial(_add_vacancy, service, path, args.owner))
            if vacancy is None:
                failed += 1
                continue
            if len(service.list_vacancies()) > before:
                added += 1
                if single:
                    label = printable(vacancy.title or vacancy.source)
                    sys.stdout.write(f"{vacancy.id}\t{label}\n")
            else:
                existing += 1
                if not args.skip_existing:
                    sys.stderr.write(f"already stored: {printable(path.name)} ({vacancy.id})\n")
    finally:
        service.close()
    sys.stderr.write(f"vacancies: {added} added, {existing} already stored, {failed} skipped\n")
    return 1 if failed else 0


def run_vacancies_list(args: argparse.Namespace) -> int:
    """List stored vacancies (a table, or JSON with ``--json``)."""
    service = _open(args)
    try:
        rows = [
            {"id": v.id, "source": v.source, "title": v.title, "reference": v.reference,
             "owner": service.vacancy_owner(v.id), "units": len(v.units())}
            for v in service.list_vacancies()
        ]
    finally:
        service.close()
    lines = [f"{r['id']}\t{r['units']:>3} units\t{printable(str(r['title'] or r['source']))}"
             for r in rows]
    return _print_list("vacancies", rows, lines, args.json)


def run_candidates_add(args: argparse.Namespace) -> int:
    """Add CVs in batches (one encoder call and one transaction per batch)."""
    from index.readers import read_path

    files = iter_files(args.path)
    single = not args.path.is_dir()
    added = failed = 0
    service = _open(args)
    if getattr(args, "workers", "inprocess") == "ray":
        try:
            added, failed = _add_on_ray(service, files, single)
        finally:
            service.close()
        sys.stderr.write(f"candidates: {added} added, {failed} skipped\n")
        return 1 if failed else 0
    try:
        batch: list[tuple[Document, str]] = []
        for path in _progress(files, "candidates"):
            doc = _unless_failed(path, single, partial(read_path, path))
            if doc is None:
                failed += 1
                continue
            batch.append((doc, path.name))
            if len(batch) >= _CANDIDATE_BATCH:
                a, f = _flush(service, batch, single)
                added, failed, batch = added + a, failed + f, []
        a, f = _flush(service, batch, single)
        added, failed = added + a, failed + f
    finally:
        service.close()
    sys.stderr.write(f"candidates: {added} added, {failed} skipped\n")
    return 1 if failed else 0


def _add_on_ray(service: MatchService, files: Sequence[Path], single: bool) -> tuple[int, int]:
    """Read, parse and encode on Ray workers; store through the in-process path's batches.

    Each file's vectors prime the service's chunk cache before its batch is flushed, so
    :func:`_flush` writes what the in-process path writes and its encoder encodes nothing.
    """
    from index.encoder import CachedEncoder
    from index.ray_ingest import iter_encoded
    from matcher.ports import STATEMENT_KIND

    encoder = service.chunk_encoder
    if not isinstance(encoder, CachedEncoder):
        raise ConfigError("--workers ray needs the service's cached chunk encoder")
    added = failed = 0
    batch: list[tuple[Document, str]] = []
    model = f"{encoder.model_name}\x1f{encoder.revision}"
    encoded = iter_encoded(files, dim=encoder.dim, model=model)
    for item in _progress_items(encoded, len(files)):
        if item.document is None:
            if single and item.error is not None:
                raise item.error
            if item.error is not None:
                _skipped(item.path, item.error)
            failed += 1
            continue
        encoder.prime(item.texts, item.vectors, kind=STATEMENT_KIND)
        batch.append((item.document, item.path.name))
        if len(batch) >= _CANDIDATE_BATCH:
            a, f = _flush(service, batch, single)
            added, failed, batch = added + a, failed + f, []
    a, f = _flush(service, batch, single)
    return added + a, failed + f


def _progress_items(items: Iterator[T], total: int) -> Iterator[T]:
    if total <= 1:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc="candidates (ray)", unit="file", file=sys.stderr)


def _flush(
    service: MatchService, batch: list[tuple[Document, str]], single: bool
) -> tuple[int, int]:
    """Store one batch; return (added, skipped). Nothing is written for a batch that fails."""
    if not batch:
        return 0, 0
    try:
        stored = service.add_candidates(batch)
    except MatcherError as exc:
        if single:
            raise
        if len(batch) == 1:
            _skipped(Path(batch[0][1]), exc)
            return 0, 1
        # One bad CV must not sink its batch: retry one by one to name the culprit.
        added = failed = 0
        for item in batch:
            a, f = _flush(service, [item], single)
            added, failed = added + a, failed + f
        return added, failed
    if single:
        for cand in stored:
            sys.stdout.write(f"{cand.id}\t{printable(cand.source)}\n")
    return len(stored), 0


def run_candidates_list(args: argparse.Namespace) -> int:
    """List stored candidates: id, source, chunk count, flags (never CV text)."""
    service = _open(args)
    try:
        rows = service.list_candidates()
    finally:
        service.close()
    lines = [f"{r['id']}\t{r['chunks']:>3} chunks\t{printable(r['source'])}\t"
             f"{','.join(r['flags'])}" for r in rows]
    return _print_list("candidates", rows, lines, args.json)


def _print_list(what: str, rows: Sequence[Mapping[str, object]], lines: Sequence[str],
                as_json: bool) -> int:
    """Print ``{what: rows}`` as JSON, or the table ``lines``; return the exit code 0.

    Either way nothing a stored name holds can drive the terminal (docs/reliability.md item 31):
    the callers escape table cells with :func:`printable`, and JSON is written with
    ``ensure_ascii`` (C1 controls and bidi overrides become ``\\u`` escapes; JSON escapes C0).
    """
    if as_json:
        sys.stdout.write(json.dumps({what: list(rows)}, ensure_ascii=True, indent=2) + "\n")
    else:
        sys.stdout.writelines(line + "\n" for line in lines)
    return 0


def run_candidates_delete(args: argparse.Namespace) -> int:
    """Erase one candidate (NotFoundError if absent)."""
    service = _open(args)
    try:
        service.erase_candidate(args.candidate_id)
    finally:
        service.close()
    sys.stderr.write(f"erased {args.candidate_id}\n")
    return 0
