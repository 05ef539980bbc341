"""``pool add VACANCY_ID DIR|ZIP``: bring a folder or a zip of CVs into a vacancy's pool.

The same intake as ``POST /vacancies/{id}/pool``: every file read by the sandboxed readers,
duplicates reported and not stored, the members stored like applications (erasure and
retention included). A progress bar per phase (reading, then storing) goes to stderr; the
report goes to stdout (``--json``: the HTTP route's JSON). The audit names the operator as
``cli:USER``. Exit code 1 when some file was skipped.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["register", "run_pool_add"]


def register(subparsers: Any) -> None:
    """Add ``pool add VACANCY_ID DIR|ZIP`` to the ``jpo-matcher`` parser."""
    pool = subparsers.add_parser("pool", help="bring CVs into a vacancy's pool")
    psub = pool.add_subparsers(dest="pool_command", metavar="ACTION", required=True)
    add = psub.add_parser("add", help="add a directory or a zip of CVs to a vacancy's pool")
    add.add_argument("vacancy_id", metavar="VACANCY_ID")
    add.add_argument("path", type=Path, metavar="DIR|ZIP")
    add.add_argument("--json", action="store_true",
                     help='print {"added", "duplicates", "skipped"} as JSON')
    add.set_defaults(func=run_pool_add)


class _Bars:
    """One tqdm bar per phase of the intake, on stderr."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._phase = ""

    def update(self, phase: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if phase != self._phase:
            self.close()
            self._phase = phase
            self._bar = tqdm(total=total, desc=f"pool {phase}", unit="CV", file=sys.stderr)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> _Bars:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def run_pool_add(args: argparse.Namespace) -> int:
    """Bring the CVs of a directory or a zip into a pool and print what happened."""
    from api.presenters import intake_out
    from api.service import open_service
    from api.settings import Settings

    service = open_service(Settings(data_dir=Path(args.data_dir)))
    try:
        with _Bars() as bars:
            report = service.add_paths_to_pool(args.vacancy_id, args.path,
                                               f"cli:{getpass.getuser()}", progress=bars.update)
    finally:
        service.close()
    out = intake_out(report)
    if args.json:
        sys.stdout.write(json.dumps(out.model_dump(mode="json"), ensure_ascii=False, indent=2)
                         + "\n")
    else:
        for dup in out.duplicates:
            sys.stdout.write(f"duplicate\t{dup.source}\tsame as {dup.same_as} ({dup.kind})\n")
        for skip in out.skipped:
            sys.stdout.write(f"skipped\t{skip.source}\t{skip.reason}\n")
        sys.stderr.write(f"pool: {out.added} added, {len(out.duplicates)} duplicates, "
                         f"{len(out.skipped)} skipped\n")
    return 1 if out.skipped else 0
