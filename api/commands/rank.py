"""``rank-vacancies`` and ``rank-candidates``: rank a directory of files, no data dir needed.

Output is the DESIGN ranking JSON ``{"results": [...], "skipped": [...]}`` with ``--json``,
a readable table otherwise. Files that could not be used are listed on stderr either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "register",
    "render_table",
    "run_rank_candidates",
    "run_rank_vacancies",
    "to_json",
]


def register(subparsers: Any) -> None:
    """Add ``rank-vacancies`` and ``rank-candidates`` to the ``jpo-matcher`` parser."""
    for command, about, one, many, func in (
        ("rank-vacancies", "rank a directory of ToRs for one CV", "cv", "--vacancies",
         run_rank_vacancies),
        ("rank-candidates", "rank a directory of CVs for one ToR", "tor", "--cvs",
         run_rank_candidates),
    ):
        parser = subparsers.add_parser(command, help=about)
        parser.add_argument(one, type=Path, metavar=one.upper())
        parser.add_argument(many, type=Path, required=True, metavar="DIR")
        parser.add_argument("--top", type=_positive, default=None, metavar="K")
        parser.add_argument("--json", action="store_true", help="print the ranking JSON contract")
        parser.set_defaults(func=func)


def _positive(value: str) -> int:
    try:
        k = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from exc
    if k < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return k


def _encoder() -> Any:
    from api.service import make_encoder

    return make_encoder(None)[0]


def to_json(ranking: Any, ranked: Literal["vacancy", "candidate"]) -> dict[str, Any]:
    """The ranking JSON of docs/architecture.md for a :class:`api.service.DirectoryRanking`."""
    from api.presenters import directory_ranking_json

    return directory_ranking_json(ranking, ranked)


def render_table(payload: dict[str, Any]) -> str:
    """A fixed-width table of a ranking JSON payload."""
    lines = [f"{'rank':>4}  {'score':>5}  {'eligible':<8}  item"]
    for r in payload["results"]:
        eligible = {True: "yes", False: "no", None: "review"}[r["eligible"]]
        label = r["title"] if r["title"] and r["title"] != r["source"] else r["source"]
        if label != r["source"]:
            label = f"{label}  ({r['source']})"
        unmet = [c["requirement"] for c in r["checks"] if c["status"] == "unmet"]
        extra = f"  unmet: {', '.join(unmet)}" if unmet else ""
        flags = f"  flags: {', '.join(r['flags'])}" if r["flags"] else ""
        lines.append(f"{r['rank']:>4}  {r['score']:>5.1f}  {eligible:<8}  {label}{extra}{flags}")
    if not payload["results"]:
        lines.append("(nothing ranked)")
    return "\n".join(lines) + "\n"


def _emit(payload: dict[str, Any], as_json: bool) -> int:
    for skip in payload["skipped"]:
        sys.stderr.write(f"skipped {skip['source']}: {skip['reason']}\n")
    if as_json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_table(payload))
    return 0


def run_rank_vacancies(args: argparse.Namespace) -> int:
    """Rank every ToR of ``--vacancies`` for the CV."""
    from api.service import rank_directory_vacancies

    ranking = rank_directory_vacancies(args.cv, args.vacancies, _encoder(), None, args.top)
    return _emit(to_json(ranking, "vacancy"), args.json)


def run_rank_candidates(args: argparse.Namespace) -> int:
    """Rank every CV of ``--cvs`` for the ToR."""
    from api.service import rank_directory_candidates

    ranking = rank_directory_candidates(args.tor, args.cvs, _encoder(), None, args.top)
    return _emit(to_json(ranking, "candidate"), args.json)
