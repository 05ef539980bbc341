"""Measure how much of real resumes the CV parser reads: the livecareer coverage figures.

Run with ``.venv/bin/python -m eval.measure_cv_parsing`` (add ``--json`` for machine output).

The 2,484 livecareer resumes (``$JPO_MATCHER_EVAL_DATA/livecareer-resumes/resumes.jsonl.gz``,
third-party: read at run time, never copied into the repository) were written by nobody on
this project, so they tell whether a parser change loses facts on CVs it was not tuned on. The
script reports the share of resumes with at least one degree, with at least one dated job,
with at least one language, with ``total_years`` known, and with a nationality; a parser change
must not lower any of the first four (docs/cv-formats.md records the before/after figures).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from eval.locations import THIRD_PARTY_DATASETS, eval_data_root, missing_data_hint
from matcher.cv import parse_cv
from matcher.errors import EmptyDocumentError

__all__ = ["Coverage", "main", "measure_coverage", "read_resumes"]

#: "present" in the resumes means this day, so the figures do not drift with the calendar.
AS_OF = date(2026, 3, 15)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Shares (0-1) of parsed resumes holding each kind of fact."""

    resumes: int
    empty: int
    with_degree: float
    with_dated_job: float
    with_language: float
    with_total_years: float
    with_nationality: float


def read_resumes(path: Path) -> Iterator[tuple[str, str]]:
    """(id, text) of each resume of the gzipped JSON-lines file."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                yield str(record["id"]), str(record.get("text", ""))


def measure_coverage(resumes: Iterator[tuple[str, str]]) -> Coverage:
    """Parse each resume and count which facts came out.

    Args:
        resumes: (id, text) pairs.

    Returns:
        The shares, over the resumes that have text.
    """
    counts = {"degree": 0, "dated": 0, "language": 0, "years": 0, "nationality": 0}
    total = empty = 0
    for resume_id, text in resumes:
        try:
            candidate = parse_cv(text, f"{resume_id}.txt", as_of=AS_OF)
        except EmptyDocumentError:
            empty += 1
            continue
        total += 1
        counts["degree"] += bool(candidate.degrees)
        counts["dated"] += any(e.dated for e in candidate.experience)
        counts["language"] += bool(candidate.languages)
        counts["years"] += candidate.total_years is not None
        counts["nationality"] += bool(candidate.nationalities)
    share = {key: round(value / max(total, 1), 4) for key, value in counts.items()}
    return Coverage(
        resumes=total,
        empty=empty,
        with_degree=share["degree"],
        with_dated_job=share["dated"],
        with_language=share["language"],
        with_total_years=share["years"],
        with_nationality=share["nationality"],
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: print the coverage of the livecareer resumes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    folder = eval_data_root() / THIRD_PARTY_DATASETS["livecareer"]
    path = folder / "resumes.jsonl.gz"
    if not path.is_file():
        sys.stderr.write(missing_data_hint(THIRD_PARTY_DATASETS["livecareer"]) + "\n")
        return 2
    coverage = measure_coverage(read_resumes(path))
    if args.json:
        sys.stdout.write(json.dumps(asdict(coverage), indent=2) + "\n")
    else:
        for key, value in asdict(coverage).items():
            sys.stdout.write(f"{key:18} {value}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
