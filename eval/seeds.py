"""The seed check: the ToR parser against the facts a careful reader takes from the seeds.

``examples/vacancies/expected.json`` lists, per seed ToR, its title words, reference, duty
stations, duration, degree and substitution, years, languages, nationalities and the counts of
duties and learning elements. :func:`check_seeds` parses every seed and reports each fact the
parser gets wrong; ``jpo-matcher check-seeds`` (``make seeds``) prints them and a total.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.locations import EXAMPLE_VACANCIES
from matcher.errors import DocumentNotFoundError
from matcher.models import Vacancy

__all__ = ["SeedMiss", "check_seeds", "register"]

Comparison = Callable[[Vacancy, dict[str, Any]], tuple[bool, object, object]]
Fact = tuple[str, Comparison]


@dataclass(frozen=True, slots=True)
class SeedMiss:
    """One fact of one seed that the parser read differently from ``expected.json``."""

    seed: str
    fact: str
    got: object
    want: object


def _title(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
    want = f["title_contains"]
    return want.lower() in (v.title or "").lower(), v.title, f"contains {want!r}"


def _reference(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
    return f["reference"] in (v.reference or ""), v.reference, f"contains {f['reference']!r}"


def _stations(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
    ok = all(any(s.lower() in d.lower() for d in v.duty_stations) for s in f["duty_stations"])
    return ok, list(v.duty_stations), f"mentions {f['duty_stations']}"


def _duration(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
    return v.duration_months == f["duration_months"], v.duration_months, f["duration_months"]


def _min_level(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
    got = v.requirements.education.min_level if v.requirements.education else None
    return got == f["education"]["min_level"], got, f["education"]["min_level"]


def _substitute(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
    edu = v.requirements.education
    got = edu.substitute.to_dict() if edu and edu.substitute else None
    want = f["education"]["substitute"]
    return got == want, got, want


def _years(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
    got = v.requirements.experience.min_years if v.requirements.experience else None
    return got == f["experience_min_years"], got, f["experience_min_years"]


def _languages(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
    got = {lang.language: lang.required for lang in v.requirements.languages}
    ok = all(got.get(name) is required for name, required in f["languages"].items())
    return ok, got, f"includes {f['languages']}"


def _nationalities(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
    got = sorted(v.requirements.nationalities)
    return got == sorted(f["nationalities"]), got, sorted(f["nationalities"])


def _count(key: str, attribute: str) -> Comparison:
    def check(v: Vacancy, f: dict[str, Any]) -> tuple[bool, object, object]:
        got = len(getattr(v, attribute))
        if key in f:
            return got == f[key], got, f[key]
        return got >= f[f"{key}_min"], got, f">= {f[f'{key}_min']}"

    return check


FACTS: tuple[Fact, ...] = (
    ("title", _title),
    ("reference", _reference),
    ("duty_stations", _stations),
    ("duration_months", _duration),
    ("education.min_level", _min_level),
    ("education.substitute", _substitute),
    ("experience.min_years", _years),
    ("languages", _languages),
    ("nationalities", _nationalities),
    ("duties", _count("duties", "duties")),
    ("learning_elements", _count("learning_elements", "learning_elements")),
)


def check_seeds(directory: Path = EXAMPLE_VACANCIES) -> tuple[list[SeedMiss], int]:
    """Parse every seed named in ``directory/expected.json``; return the misses and the total.

    Raises:
        DocumentNotFoundError: ``expected.json`` or a seed it names is missing.
    """
    from matcher.tor import parse_vacancy

    expected_path = directory / "expected.json"
    if not expected_path.is_file():
        raise DocumentNotFoundError(f"{expected_path} not found", reason="not_found")
    expected: dict[str, Any] = json.loads(expected_path.read_text(encoding="utf-8"))
    misses: list[SeedMiss] = []
    total = 0
    for name, facts in sorted(expected.items()):
        if name.startswith("_"):
            continue
        path = directory / name
        if not path.is_file():
            raise DocumentNotFoundError(f"seed {path} not found", reason="not_found")
        vacancy = parse_vacancy(path.read_text(encoding="utf-8"), name)
        for fact, compare in FACTS:
            total += 1
            ok, got, want = compare(vacancy, facts)
            if not ok:
                misses.append(SeedMiss(name, fact, got, want))
    return misses, total


def register(subparsers: Any) -> None:
    """Add ``check-seeds`` to the ``jpo-matcher`` parser."""
    parser = subparsers.add_parser(
        "check-seeds",
        help="compare the ToR parser with the seed facts (examples/vacancies/expected.json)",
    )
    parser.add_argument(
        "directory", nargs="?", type=Path, default=EXAMPLE_VACANCIES,
        help="folder of seed ToRs with expected.json (default: examples/vacancies)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    misses, total = check_seeds(args.directory)
    for miss in misses:
        sys.stdout.write(f"{miss.seed} {miss.fact}: got {miss.got!r}, want {miss.want}\n")
    sys.stdout.write(f"{total - len(misses)}/{total} seed facts parsed correctly\n")
    return 1 if misses else 0
