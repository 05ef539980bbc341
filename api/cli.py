"""The ``jpo-matcher`` command line: a thin dispatcher over command modules.

Each module in :data:`COMMAND_MODULES` exposes ``register(subparsers)`` which adds its
sub-command(s) and sets ``func`` (``Callable[[argparse.Namespace], int]``) on the parser.
Errors of the :class:`~matcher.errors.MatcherError` hierarchy become one line on stderr and a
non-zero exit (2 for bad input), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from api.logs import SafeFormatter
from matcher.errors import InputError, MatcherError
from matcher.names import printable

__all__ = ["build_parser", "main"]

#: Command modules, imported lazily so that ``jpo-matcher parse`` never loads torch.
COMMAND_MODULES: tuple[str, ...] = (
    "api.commands.parse",
    "api.commands.rank",
    "api.commands.data",
    "api.commands.serve",
    "api.commands.admin",
    "api.commands.pool",
    "api.commands.bench",
    "api.commands.load",
    "eval.cli",
    "eval.seeds",
)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2


def default_data_dir() -> Path:
    return Path(os.environ.get("JPO_MATCHER_DATA_DIR", "data"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jpo-matcher",
        description="Match UN JPO Terms of Reference and CVs, in both directions.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="data directory (SQLite + FAISS files); default $JPO_MATCHER_DATA_DIR or ./data",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    # Messages may quote file names: one escaped line each (docs/reliability.md item 31).
    handler.setFormatter(SafeFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        handlers=[handler])
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return int(func(args))
    except InputError as exc:
        sys.stderr.write(f"jpo-matcher: error: {printable(str(exc))}\n")
        return EXIT_BAD_INPUT
    except MatcherError as exc:
        sys.stderr.write(f"jpo-matcher: error: {printable(str(exc))}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("jpo-matcher: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
