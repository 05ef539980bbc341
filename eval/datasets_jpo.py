"""The labelled ``jpo`` evaluation set: JPO ToRs and the hand-written CVs of eval/data.

The ToRs are the five seeds (``examples/vacancies``) and eight other agencies' JPO ToRs
(``eval/data/vacancies``); "seed" below means any of these vacancies.
``eval/data/labels.json`` grades every CV against every vacancy (relevance 0-3 and the expected
eligibility), so the same labels serve both ranking directions:

- a candidate ranks the vacancies: :meth:`JpoDataset.qrels_vacancies_for_cv`
  (``{cv_id: {seed_id: grade}}``);
- a recruiter ranks the pool of a vacancy: :meth:`JpoDataset.qrels_candidates_for_vacancy`
  (``{seed_id: {cv_id: grade}}``).

Ids are file names (``"cv05_solberg.pdf"``, ``"000_cd5431b3734e23ae.txt"``), the ``source`` of
the ranking JSON in docs/architecture.md, so runs built from ranking output join the qrels directly.
How the labels were decided is in ``eval/data/LABELS.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from eval.locations import EXAMPLE_VACANCIES
from matcher.errors import ConfigError, DocumentNotFoundError

__all__ = [
    "DEFAULT_DATA_DIR",
    "DEFAULT_SEEDS_DIR",
    "JpoDataset",
    "load_jpo",
]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SEEDS_DIR = EXAMPLE_VACANCIES

CvLanguage = Literal["en", "fr", "es", "pt"]
CvFormat = Literal["txt", "pdf", "docx"]
_LANGUAGES: frozenset[str] = frozenset({"en", "fr", "es", "pt"})
_FORMATS: frozenset[str] = frozenset({"txt", "pdf", "docx"})


@dataclass(frozen=True, slots=True)
class JpoDataset:
    """The loaded set. Mappings are keyed by file name (cv id, seed id).

    Attributes:
        as_of: Reference date of the labels (years of experience are counted up to it).
        vacancy_paths: Seed id -> ToR path.
        cv_paths: CV id -> CV path (txt, pdf or docx).
        relevance: CV id -> seed id -> graded relevance 0-3.
        eligible: CV id -> seed id -> expected eligibility (``None`` = needs review).
        language: CV id -> language of the CV (``en``, ``fr``, ``es``).
        format: CV id -> file format (``txt``, ``pdf``, ``docx``).
        thematic: CV id -> seed id -> thematic fit 0-3 before the eligibility cap.
    """

    as_of: str
    vacancy_paths: dict[str, Path]
    cv_paths: dict[str, Path]
    relevance: dict[str, dict[str, int]]
    eligible: dict[str, dict[str, bool | None]]
    language: dict[str, CvLanguage]
    format: dict[str, CvFormat]
    thematic: dict[str, dict[str, int]]
    #: How each CV is written: "europass", "linkedin", "p11", "academic", "bio",
    #: "half_page", or "plain" (the CVs of the first rounds).
    cv_format: dict[str, str] = field(default_factory=dict)
    #: The layout each CV was rendered in ("txt", "two_column_pdf", "table_docx", ...).
    layout: dict[str, str] = field(default_factory=dict)

    @property
    def seed_ids(self) -> list[str]:
        """Seed ids in file-name order."""
        return sorted(self.vacancy_paths)

    @property
    def cv_ids(self) -> list[str]:
        """CV ids in file-name order."""
        return sorted(self.cv_paths)

    def qrels_vacancies_for_cv(self, *, min_grade: int = 1) -> dict[str, dict[str, int]]:
        """Qrels for the candidate direction: each CV is a query over the vacancies.

        Args:
            min_grade: Grades below this are left out (TREC qrels list relevant items only;
                ranx treats missing and zero alike).

        Returns:
            ``{cv_id: {seed_id: grade}}``; a CV with no relevant seed maps to ``{}``.
        """
        return {
            cv: {seed: grade for seed, grade in sorted(grades.items()) if grade >= min_grade}
            for cv, grades in sorted(self.relevance.items())
        }

    def qrels_candidates_for_vacancy(self, *, min_grade: int = 1) -> dict[str, dict[str, int]]:
        """Qrels for the recruiter direction: each seed is a query over the pool of all CVs.

        Args:
            min_grade: Grades below this are left out.

        Returns:
            ``{seed_id: {cv_id: grade}}``.
        """
        out: dict[str, dict[str, int]] = {seed: {} for seed in self.seed_ids}
        for cv, grades in sorted(self.relevance.items()):
            for seed, grade in grades.items():
                if grade >= min_grade:
                    out[seed][cv] = grade
        return out

    def eligibility_for_vacancy(self, seed_id: str) -> MappingProxyType[str, bool | None]:
        """Expected ``eligible`` of every CV for one seed (read-only view).

        Args:
            seed_id: A seed file name.

        Returns:
            CV id -> ``True`` / ``False`` / ``None``.
        """
        return MappingProxyType({cv: self.eligible[cv][seed_id] for cv in self.cv_ids})


def _read_labels(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DocumentNotFoundError(f"labels file not found: {path}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"labels file is not valid JSON: {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cvs"), dict):
        raise ConfigError(f"labels file has no 'cvs' object: {path}")
    return data


def _grade(value: object, where: str) -> int:
    # bool is an int subclass: refuse it so a typo like `true` is not read as grade 1.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
        raise ConfigError(f"{where}: relevance must be an integer 0-3, got {value!r}")
    return value


def load_jpo(root: Path | None = None, *, seeds_dir: Path | None = None) -> JpoDataset:
    """Load the ``jpo`` evaluation set and check that it is complete.

    Args:
        root: The data directory holding ``labels.json`` and ``cvs/`` (default: ``eval/data``).
        seeds_dir: Directory of the seed ToRs (default: ``examples/vacancies``).

    Returns:
        The dataset.

    Raises:
        DocumentNotFoundError: A labelled CV, a seed ToR or the labels file is missing.
        ConfigError: The labels are malformed or do not cover every CV x seed pair.
    """
    data_dir = root if root is not None else DEFAULT_DATA_DIR
    seeds = seeds_dir if seeds_dir is not None else DEFAULT_SEEDS_DIR
    labels = _read_labels(data_dir / "labels.json")
    seed_ids = sorted(labels.get("vacancies", {}))
    if not seed_ids:
        raise ConfigError("labels file lists no vacancies")
    vacancy_paths: dict[str, Path] = {}
    for seed in seed_ids:
        # The five seeds are the repository's examples; other agencies' ToRs in vacancies/.
        own = data_dir / "vacancies" / seed
        path = own if own.is_file() else seeds / seed
        if not path.is_file():
            raise DocumentNotFoundError(f"vacancy ToR not found: {path}")
        vacancy_paths[seed] = path

    cv_paths: dict[str, Path] = {}
    relevance: dict[str, dict[str, int]] = {}
    eligible: dict[str, dict[str, bool | None]] = {}
    thematic: dict[str, dict[str, int]] = {}
    language: dict[str, CvLanguage] = {}
    formats: dict[str, CvFormat] = {}
    cv_formats: dict[str, str] = {}
    layouts: dict[str, str] = {}
    for cv, entry in sorted(labels["cvs"].items()):
        path = data_dir / "cvs" / cv
        if not path.is_file():
            raise DocumentNotFoundError(f"labelled CV not found: {path}")
        cv_paths[cv] = path
        grades = entry.get("relevance", {})
        elig = entry.get("eligible", {})
        if set(grades) != set(seed_ids) or set(elig) != set(seed_ids):
            raise ConfigError(f"{cv}: relevance and eligible must cover exactly {seed_ids}")
        relevance[cv] = {seed: _grade(grades[seed], f"{cv}/{seed}") for seed in seed_ids}
        thematic[cv] = {
            seed: _grade(entry.get("thematic", grades)[seed], f"{cv}/{seed} thematic")
            for seed in seed_ids
        }
        for seed in seed_ids:
            if elig[seed] not in (True, False, None):
                raise ConfigError(f"{cv}/{seed}: eligible must be true, false or null")
        eligible[cv] = {seed: elig[seed] for seed in seed_ids}
        lang = entry.get("language")
        fmt = entry.get("format")
        if lang not in _LANGUAGES:
            raise ConfigError(f"{cv}: unknown language {lang!r}")
        if fmt not in _FORMATS or path.suffix != f".{fmt}":
            raise ConfigError(f"{cv}: format {fmt!r} does not match the file")
        language[cv] = lang
        formats[cv] = fmt
        cv_formats[cv] = str(entry.get("cv_format", "plain"))
        layouts[cv] = str(entry.get("layout", fmt))
    return JpoDataset(
        as_of=str(labels.get("as_of", "")),
        vacancy_paths=vacancy_paths,
        cv_paths=cv_paths,
        relevance=relevance,
        eligible=eligible,
        language=language,
        format=formats,
        thematic=thematic,
        cv_format=cv_formats,
        layout=layouts,
    )
