"""``rank-vacancies`` and ``rank-candidates``: rank a directory of files, no data dir needed.

Output is the DESIGN ranking JSON ``{"results": [...], "skipped": [...]}`` with ``--json``,
a readable table otherwise. Files that could not be used are listed on stderr either way.
``rank-candidates`` with several ToRs (or ``--vacancies DIR``) prints one ranking per ToR,
``{"rankings": [{"vacancy": source, "results": [...], "skipped": [...]}], "skipped": [...]}``,
and encodes the CV folder once for all of them.
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
    vacancies = subparsers.add_parser("rank-vacancies", help="rank a directory of ToRs for one CV")
    vacancies.add_argument("cv", type=Path, metavar="CV")
    vacancies.add_argument("--vacancies", type=Path, required=True, metavar="DIR")
    vacancies.set_defaults(func=run_rank_vacancies)
    candidates = subparsers.add_parser(
        "rank-candidates", help="rank a directory of CVs for one or more ToRs",
        description="Rank the CVs of --cvs for each ToR (TOR arguments, then the files of "
        "--vacancies DIR); the CVs are encoded once for all ToRs.")
    candidates.add_argument("tor", type=Path, nargs="*", metavar="TOR")
    candidates.add_argument("--cvs", type=Path, required=True, metavar="DIR")
    candidates.add_argument("--vacancies", type=Path, default=None, metavar="DIR",
                            help="a folder of ToRs to rank the CVs for")
    candidates.set_defaults(func=run_rank_candidates)
    for parser in (vacancies, candidates):
        parser.add_argument("--top", type=_positive, default=None, metavar="K")
        parser.add_argument("--json", action="store_true", help="print the ranking JSON contract")


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
    from index.vector_files import cache_root

    ranking = rank_directory_vacancies(args.cv, args.vacancies, _encoder(), None, args.top,
                                       cache_dir=cache_root())
    return _emit(to_json(ranking, "vacancy"), args.json)


def run_rank_candidates(args: argparse.Namespace) -> int:
    """Rank every CV of ``--cvs`` for each ToR.

    One ToR named alone prints the single ranking JSON; several ToRs, or ``--vacancies DIR``,
    print ``{"rankings": [{"vacancy", "results", "skipped"}], "skipped": [...]}`` (the last
    list: ToR files of the folder that could not be used).
    """
    from api.service import rank_directory_candidates_many
    from index.vector_files import cache_root
    from matcher.errors import InputError
    from matcher.names import printable

    if not args.tor and args.vacancies is None:
        raise InputError("rank-candidates needs a TOR file or --vacancies DIR")
    many = rank_directory_candidates_many(
        args.tor, args.cvs, _encoder(), None, args.top, vacancy_dir=args.vacancies,
        cache_dir=cache_root())
    if len(args.tor) == 1 and args.vacancies is None:
        return _emit(to_json(many.rankings[0][1], "candidate"), args.json)
    rankings = [{"vacancy": source, **to_json(ranking, "candidate")}
                for source, ranking in many.rankings]
    for skip in many.skipped:
        sys.stderr.write(f"skipped {printable(skip['source'])}: {printable(skip['reason'])}\n")
    if args.json:
        payload = {"rankings": rankings, "skipped": many.skipped}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    # The CV files skipped are the same for every ToR: listed once, with the first ranking.
    for i, ranking in enumerate(rankings):
        sys.stdout.write(("\n" if i else "") + f"== {printable(ranking['vacancy'])}\n")
        _emit(ranking if i == 0 else {**ranking, "skipped": []}, False)
    return 0
