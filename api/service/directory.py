"""The CLI's directory rankings: a folder of ToRs for one CV, or of CVs for one ToR.

No data directory is involved: the files are read, parsed and embedded through
:mod:`matcher.pipeline` (one encoder call for every document of the ranking, identical texts
encoded once; the background vectors are kept in the cache directory), scored by
:mod:`matcher.scoring` and ranked by :func:`matcher.ranking.rank_key`. Files a ranking cannot
use are listed as skipped with their reason; two files holding the same document both appear,
each under its own name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from api.service.blas import single_threaded_blas
from index.vector_files import background_vectors
from matcher.advice import with_advice
from matcher.errors import InputError, MatcherError
from matcher.models import Candidate, MatchResult, Vacancy
from matcher.pipeline import document_flags, encode_groups, parse_candidate, parse_vacancy
from matcher.ports import Document, Encoder
from matcher.ranking import rank_key, rank_results
from matcher.scoring import (
    DEFAULT_CONFIG,
    ScoringConfig,
    candidate_profile,
    prepare_vacancy,
    score_prepared_candidates,
    score_vacancies,
    stack_profiles,
)
from matcher.statements import chunk_texts, unit_texts

__all__ = [
    "DirectoryRanking",
    "RankedItem",
    "SUPPORTED_SUFFIXES",
    "directory_files",
    "ToRRankings",
    "rank_directory_candidates",
    "rank_directory_candidates_many",
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


@dataclass(frozen=True, slots=True)
class ToRRankings:
    """One ranking of the CV folder per ToR (file name, ranking), and the ToR files skipped."""

    rankings: list[tuple[str, DirectoryRanking]]
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
    top: int | None = None, *, cache_dir: Path | None = None,
) -> DirectoryRanking:
    """Rank every ToR file of a directory for one CV.

    ``cache_dir`` keeps the background vectors between calls (None: encoded every call).

    Raises:
        InputError: The CV cannot be read or holds no CV, or ``vacancy_dir`` is not a directory.
    """
    doc = _read(cv_path)
    candidate = parse_candidate(doc, cv_path.name)
    vacancies, skipped = _read_tors((), vacancy_dir)
    # One encoder call for the CV's chunks and every ToR's units; the background is read back
    # from ``cache_dir`` after the first call.
    [chunks, *matrices] = encode_groups(
        encoder, [chunk_texts(candidate), *(unit_texts(v) for v in vacancies)])
    background = background_vectors(encoder, cache_dir)
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


def _read_tors(
    tor_paths: Sequence[Path], vacancy_dir: Path | None
) -> tuple[list[Vacancy], list[dict[str, str]]]:
    """The ToRs named on the command line, then those of ``vacancy_dir``, in that order.

    A named ToR that cannot be read is bad input (the caller asked for it by name); a file of
    the directory that cannot be used is skipped with its reason.
    """
    vacancies = [parse_vacancy(_read(p), p.name, require_units=False) for p in tor_paths]
    skipped: list[dict[str, str]] = []
    if vacancy_dir is not None:
        files, skipped = directory_files(vacancy_dir)
        for path in files:
            try:
                vacancies.append(parse_vacancy(_read(path), path.name))
            except MatcherError as exc:
                skipped.append(_skip(path, exc))
    return vacancies, skipped


def _read_cvs(cv_dir: Path) -> tuple[list[tuple[Candidate, tuple[str, ...]]], list[dict[str, str]]]:
    """The parsed CVs of ``cv_dir`` with their flags, and the files skipped with a reason."""
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
    return candidates, skipped


def rank_directory_candidates_many(
    tor_paths: Sequence[Path], cv_dir: Path, encoder: Encoder,
    config: ScoringConfig | None = None, top: int | None = None, *,
    vacancy_dir: Path | None = None, cache_dir: Path | None = None,
) -> ToRRankings:
    """Rank every CV file of a directory for each of several ToRs, encoding each text once.

    The CVs are read, parsed, encoded and profiled once for all ToRs: the units of every ToR
    and the chunks of every CV go to the encoder in one call, and only the per-vacancy part
    of the scoring runs once per ToR.

    Args:
        tor_paths: ToR files named by the caller, ranked in this order.
        cv_dir: The folder of CVs.
        encoder: The encoder of units, chunks and the background.
        config: Scoring configuration (default :data:`DEFAULT_CONFIG`).
        top: Results kept per ToR (all when None).
        vacancy_dir: A folder of more ToRs, ranked after ``tor_paths`` in file-name order.
        cache_dir: Where the background vectors are kept between calls (None: not kept).

    Raises:
        InputError: A named ToR cannot be read, or a folder is not a directory.
    """
    vacancies, tor_skipped = _read_tors(tor_paths, vacancy_dir)
    candidates, skipped = _read_cvs(cv_dir)
    people = [c for c, _ in candidates]
    matrices = encode_groups(
        encoder, [unit_texts(v) for v in vacancies] + [chunk_texts(c) for c in people])
    units, chunks = matrices[:len(vacancies)], matrices[len(vacancies):]
    background = background_vectors(encoder, cache_dir)
    by_id = {c.id: c for c in people}
    rankings: list[tuple[str, DirectoryRanking]] = []
    with single_threaded_blas():
        pool = stack_profiles([candidate_profile(c, m, flags=f)
                               for (c, f), m in zip(candidates, chunks, strict=True)])
        for vacancy, unit_vecs in zip(vacancies, units, strict=True):
            prepared = prepare_vacancy(vacancy, unit_vecs, config or DEFAULT_CONFIG,
                                       background=background)
            ranked = rank_results(score_prepared_candidates(prepared, pool))
            rankings.append((vacancy.source, DirectoryRanking(
                [RankedItem(r, by_id[r.candidate_id].source, by_id[r.candidate_id].source)
                 for r in (ranked[:top] if top else ranked)],
                list(skipped),
            )))
    return ToRRankings(rankings, tor_skipped)


def rank_directory_candidates(
    tor_path: Path, cv_dir: Path, encoder: Encoder, config: ScoringConfig | None = None,
    top: int | None = None, *, cache_dir: Path | None = None,
) -> DirectoryRanking:
    """Rank every CV file of a directory for one ToR (see :func:`rank_directory_candidates_many`).

    Raises:
        InputError: The ToR cannot be read, or ``cv_dir`` is not a directory.
    """
    many = rank_directory_candidates_many([tor_path], cv_dir, encoder, config, top,
                                          cache_dir=cache_dir)
    return many.rankings[0][1]
