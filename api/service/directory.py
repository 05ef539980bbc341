"""The CLI's directory rankings: a folder of ToRs for one CV, or of CVs for one ToR.

No data directory is involved: the files are read, parsed and embedded through
:mod:`matcher.pipeline` (one encoder call per side), scored by :mod:`matcher.scoring` and
ranked by :func:`matcher.ranking.rank_key`. Files a ranking cannot use are listed as skipped
with their reason; two files holding the same document both appear, each under its own name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from api.service.blas import single_threaded_blas
from matcher.advice import with_advice
from matcher.errors import InputError, MatcherError
from matcher.models import Candidate, MatchResult, Vacancy
from matcher.pipeline import (
    document_flags,
    encode_background,
    encode_chunks,
    encode_units,
    parse_candidate,
    parse_vacancy,
)
from matcher.ports import Document, Encoder
from matcher.ranking import rank_key, rank_results
from matcher.scoring import DEFAULT_CONFIG, ScoringConfig, score_candidates, score_vacancies

__all__ = [
    "DirectoryRanking",
    "RankedItem",
    "SUPPORTED_SUFFIXES",
    "directory_files",
    "rank_directory_candidates",
    "rank_directory_vacancies",
]

#: File types the readers accept; anything else in a directory is skipped with a reason.
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".pdf", ".docx"})


@dataclass(frozen=True, slots=True)
class RankedItem:
    """One ranked file of a directory ranking: the result, file name and display title."""

    result: MatchResult
    source: str
    title: str | None


@dataclass(frozen=True, slots=True)
class DirectoryRanking:
    """Results of ranking a directory, best first, and the files that could not be used."""

    results: list[RankedItem]
    skipped: list[dict[str, str]]


def directory_files(directory: Path) -> tuple[list[Path], list[dict[str, str]]]:
    """The readable-looking files of a directory in name order, and the others as skipped.

    Hidden files are ignored; a file whose suffix is not .txt/.pdf/.docx is reported as
    skipped (the readers still check every accepted file's magic bytes).

    Raises:
        InputError: ``directory`` is not a directory.
    """
    if not directory.is_dir():
        raise InputError(f"not a directory: {directory}")
    files: list[Path] = []
    skipped: list[dict[str, str]] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            files.append(path)
        else:
            skipped.append({"source": path.name,
                            "reason": "unsupported_type: not a .txt, .pdf or .docx file"})
    return files, skipped


def _read(path: Path) -> Document:
    from index.readers import read_path

    doc: Document = read_path(path)
    return doc


def _skip(path: Path, exc: MatcherError) -> dict[str, str]:
    return {"source": path.name, "reason": f"{exc.reason}: {exc}"}


def _ranked_positions(results: Sequence[MatchResult], top: int | None) -> list[int]:
    """Positions of ``results`` in ranking order (``matcher.ranking.rank_key``), best first.

    Equal keys (the same document under two file names) keep their input order.
    """
    order = sorted(range(len(results)), key=lambda i: rank_key(results[i]))
    return order[:top] if top else order


def rank_directory_vacancies(
    cv_path: Path, vacancy_dir: Path, encoder: Encoder, config: ScoringConfig | None = None,
    top: int | None = None,
) -> DirectoryRanking:
    """Rank every ToR file of a directory for one CV.

    Raises:
        InputError: The CV cannot be read or holds no CV, or ``vacancy_dir`` is not a directory.
    """
    doc = _read(cv_path)
    candidate = parse_candidate(doc, cv_path.name)
    vacancies: list[Vacancy] = []
    files, skipped = directory_files(vacancy_dir)
    for path in files:
        try:
            vacancies.append(parse_vacancy(_read(path), path.name))
        except MatcherError as exc:
            skipped.append(_skip(path, exc))
    [chunks] = encode_chunks(encoder, [candidate])
    matrices = encode_units(encoder, vacancies)
    background = encode_background(encoder)
    with single_threaded_blas():
        results = score_vacancies(
            candidate, chunks, vacancies, matrices, config or DEFAULT_CONFIG,
            background=background, flags=document_flags(doc),
        )
    results = with_advice(results, candidate, vacancies)
    # Two files may hold the same ToR (same content id): results are kept with their file by
    # position (score_vacancies returns one result per vacancy, in input order), never by id.
    return DirectoryRanking(
        [RankedItem(results[i], vacancies[i].source, vacancies[i].title)
         for i in _ranked_positions(results, top)],
        skipped,
    )


def rank_directory_candidates(
    tor_path: Path, cv_dir: Path, encoder: Encoder, config: ScoringConfig | None = None,
    top: int | None = None,
) -> DirectoryRanking:
    """Rank every CV file of a directory for one ToR.

    Raises:
        InputError: The ToR cannot be read, or ``cv_dir`` is not a directory.
    """
    vacancy = parse_vacancy(_read(tor_path), tor_path.name, require_units=False)
    candidates: list[tuple[Candidate, tuple[str, ...]]] = []
    files, skipped = directory_files(cv_dir)
    for path in files:
        try:
            doc = _read(path)
            cand = parse_candidate(doc, path.name)
            # Two files may hold the same CV; ids must stay unique within one ranking.
            candidates.append((dataclasses.replace(cand, id=f"{cand.id}:{path.name}"),
                               document_flags(doc)))
        except MatcherError as exc:
            skipped.append(_skip(path, exc))
    [units] = encode_units(encoder, [vacancy])
    matrices = encode_chunks(encoder, [c for c, _ in candidates])
    background = encode_background(encoder)
    with single_threaded_blas():
        results = score_candidates(
            vacancy, units, [c for c, _ in candidates], matrices, config or DEFAULT_CONFIG,
            background=background, flags=[f for _, f in candidates],
        )
    by_id = {c.id: c for c, _ in candidates}
    ranked = rank_results(results)[:top] if top else rank_results(results)
    return DirectoryRanking(
        [RankedItem(r, by_id[r.candidate_id].source, by_id[r.candidate_id].source)
         for r in ranked],
        skipped,
    )
