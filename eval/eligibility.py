"""Eligibility agreement on the labelled ``jpo`` set, per CV format and per layout.

The labels (``eval/data/labels.json``) give, for every CV and vacancy, the eligibility a careful
recruiter reads from both documents: ``true``, ``false`` or ``null`` (needs review: a fact the
CV does not state). This module parses the same files the way the service does (the readers,
then :func:`matcher.cv.parse_cv` and :func:`matcher.tor.parse_vacancy`), runs the checks and
counts the pairs where :func:`matcher.checks.eligibility` gives the labelled value. Nothing is
encoded: the checks read parsed facts only, so a wrong call here is a parsing or a rule error,
never a similarity one.

Grouped by ``cv_format`` (Europass, LinkedIn export, UN P11, academic, third-person bio,
half-page, plain) and by ``layout`` (plain text, two-column PDF, table DOCX, header DOCX, ...),
so a format whose facts are misread shows as its own row.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.datasets_jpo import JpoDataset, load_jpo
from index.readers import read_path
from matcher.checks import eligibility, evaluate_checks
from matcher.cv import parse_cv
from matcher.tor import parse_vacancy

__all__ = [
    "EligibilityAgreement",
    "eligibility_lines",
    "eligibility_markdown",
    "eligibility_to_dict",
    "measure_eligibility",
]

Verdict = bool | None


def _name(verdict: Verdict) -> str:
    return {True: "eligible", False: "not eligible", None: "needs review"}[verdict]


@dataclass(frozen=True, slots=True)
class EligibilityAgreement:
    """Pairs whose parsed eligibility equals the label, overall and per group.

    Attributes:
        pairs: (agree, total) over every CV x vacancy pair.
        by_format: cv_format -> (agree, total).
        by_layout: layout -> (agree, total).
        confusion: (labelled, parsed) verdict names -> number of pairs.
        cvs: Number of CVs; vacancies: number of vacancies.
    """

    pairs: tuple[int, int]
    by_format: dict[str, tuple[int, int]]
    by_layout: dict[str, tuple[int, int]]
    confusion: dict[tuple[str, str], int]
    cvs: int
    vacancies: int


def _tally(counts: dict[str, list[int]], key: str, agree: bool) -> None:
    entry = counts.setdefault(key, [0, 0])
    entry[0] += int(agree)
    entry[1] += 1


def measure_eligibility(dataset: JpoDataset | None = None) -> EligibilityAgreement:
    """Parse every labelled CV and vacancy, run the checks, count agreement with the labels."""
    data = dataset if dataset is not None else load_jpo()
    as_of = datetime.date.fromisoformat(data.as_of) if data.as_of else None
    vacancies = {
        seed: parse_vacancy(read_path(Path(path)).text, seed)
        for seed, path in sorted(data.vacancy_paths.items())
    }
    by_format: dict[str, list[int]] = {}
    by_layout: dict[str, list[int]] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    agree_total = [0, 0]
    for cv_id, path in sorted(data.cv_paths.items()):
        candidate = parse_cv(read_path(Path(path)).text, cv_id, as_of=as_of)
        for seed, vacancy in vacancies.items():
            labelled = data.eligible[cv_id][seed]
            parsed = eligibility(evaluate_checks(vacancy, candidate))
            agree = parsed is labelled
            agree_total[0] += int(agree)
            agree_total[1] += 1
            _tally(by_format, data.cv_format.get(cv_id, "plain"), agree)
            _tally(by_layout, data.layout.get(cv_id, data.format[cv_id]), agree)
            confusion[(_name(labelled), _name(parsed))] += 1
    return EligibilityAgreement(
        pairs=(agree_total[0], agree_total[1]),
        by_format={k: (v[0], v[1]) for k, v in sorted(by_format.items())},
        by_layout={k: (v[0], v[1]) for k, v in sorted(by_layout.items())},
        confusion=dict(sorted(confusion.items())),
        cvs=len(data.cv_paths),
        vacancies=len(vacancies),
    )


def _share(pair: tuple[int, int]) -> str:
    agree, total = pair
    return f"{agree}/{total} {100.0 * agree / total:.1f}%" if total else "0/0"


def eligibility_to_dict(result: EligibilityAgreement) -> dict[str, Any]:
    """JSON form (the ``eligibility`` key of ``jpo-matcher eval --json``)."""
    return {
        "cvs": result.cvs,
        "vacancies": result.vacancies,
        "agree": result.pairs[0],
        "pairs": result.pairs[1],
        "by_format": {k: {"agree": a, "pairs": t} for k, (a, t) in result.by_format.items()},
        "by_layout": {k: {"agree": a, "pairs": t} for k, (a, t) in result.by_layout.items()},
        "confusion": [
            {"labelled": labelled, "parsed": parsed, "pairs": n}
            for (labelled, parsed), n in result.confusion.items()
        ],
    }


def _rows(result: EligibilityAgreement) -> list[tuple[str, str, str]]:
    rows = [("all", "", _share(result.pairs))]
    rows += [("cv_format", k, _share(v)) for k, v in result.by_format.items()]
    rows += [("layout", k, _share(v)) for k, v in result.by_layout.items()]
    return rows


def eligibility_lines(result: EligibilityAgreement) -> list[str]:
    """The plain-text table the CLI prints."""
    lines = [f"eligibility (jpo: {result.cvs} CVs x {result.vacancies} vacancies, checks "
             "against the labels)"]
    lines += [f"{group:10} {key:16} {share}" for group, key, share in _rows(result)]
    wrong = [f"{n} labelled {lab}, parsed {par}" for (lab, par), n in result.confusion.items()
             if lab != par]
    lines.append("disagreements: " + ("; ".join(wrong) if wrong else "none"))
    return lines


def eligibility_markdown(result: EligibilityAgreement) -> list[str]:
    """The "Eligibility" section of the report."""
    out = [
        "",
        "## Eligibility (jpo)",
        "",
        f"The hard-requirement checks on parsed facts against the labelled eligibility of "
        f"{result.pairs[1]} pairs ({result.cvs} CVs x {result.vacancies} vacancies; `null` "
        "labels are \"needs review\"), per CV format and layout. No similarity is involved.",
        "",
        "| group | value | agreement |",
        "|---|---|---|",
    ]
    out += [f"| {group} | {key} | {share} |" for group, key, share in _rows(result)]
    out += ["", "| labelled | parsed | pairs |", "|---|---|---|"]
    out += [f"| {lab} | {par} | {n} |" for (lab, par), n in result.confusion.items()]
    return out
