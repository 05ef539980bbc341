"""Held-out parsing tests: ToRs and CVs the parser authors never saw.

The files in ``tests/data/heldout/`` imitate other agencies (UNDP, UNICEF, WFP, FAO, UNHCR,
OCHA, UNESCO, ILO), French and Spanish calls, and CVs in three languages and several layouts.
``tor_expected.json`` and ``cv_expected.json`` hold the facts a careful reader takes from each
file, written before the parsers were read, so these tests measure generalisation rather than
agreement with the seed files. One test per file per fact group, so a failure names exactly what
was missed.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from matcher.cv import parse_cv
from matcher.models import Candidate, Vacancy
from matcher.tor import parse_vacancy

DATA = Path(__file__).resolve().parent.parent / "data" / "heldout"
TOR_EXPECTED: dict[str, Any] = json.loads((DATA / "tor_expected.json").read_text("utf-8"))
CV_EXPECTED: dict[str, Any] = json.loads((DATA / "cv_expected.json").read_text("utf-8"))
TOR_FILES = sorted(k for k in TOR_EXPECTED if not k.startswith("_"))
CV_FILES = sorted(k for k in CV_EXPECTED if k.endswith(".txt"))
AS_OF = date.fromisoformat(CV_EXPECTED["as_of"])
TOLERANCE = float(CV_EXPECTED["tolerance_years"])


@cache
def _vacancy(name: str) -> Vacancy:
    return parse_vacancy((DATA / name).read_text("utf-8"), name)


@cache
def _candidate(name: str) -> Candidate:
    return parse_cv((DATA / name).read_text("utf-8"), name, as_of=AS_OF)


def _count_check(got: int, exp: dict[str, Any], key: str) -> None:
    if key in exp:
        assert got == exp[key], f"{key}: expected {exp[key]}, got {got}"
    if f"{key}_min" in exp:
        assert got >= exp[f"{key}_min"], f"{key}: expected >= {exp[f'{key}_min']}, got {got}"
    if f"{key}_max" in exp:
        assert got <= exp[f"{key}_max"], f"{key}: expected <= {exp[f'{key}_max']}, got {got}"


# --------------------------------------------------------------------------- data sanity


def test_every_heldout_file_has_expectations() -> None:
    on_disk = {p.name for p in DATA.glob("*.txt")}
    assert on_disk == set(TOR_FILES) | set(CV_FILES)
    assert len(TOR_FILES) == 8
    assert len(CV_FILES) == 8


# --------------------------------------------------------------------------- ToRs


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_title(name: str) -> None:
    title = _vacancy(name).title or ""
    want = TOR_EXPECTED[name]["title_contains"]
    assert want.casefold() in title.casefold(), f"title {title!r} lacks {want!r}"


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_reference(name: str) -> None:
    assert _vacancy(name).reference == TOR_EXPECTED[name]["reference"]


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_duty_stations(name: str) -> None:
    got = [s.casefold() for s in _vacancy(name).duty_stations]
    assert got == [s.casefold() for s in TOR_EXPECTED[name]["duty_stations"]]


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_duration(name: str) -> None:
    assert _vacancy(name).duration_months == TOR_EXPECTED[name]["duration_months"]


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_education(name: str) -> None:
    education = _vacancy(name).requirements.education
    got = {
        "min_level": education.min_level if education else None,
        "substitute": education.substitute.to_dict()
        if education and education.substitute
        else None,
    }
    assert got == TOR_EXPECTED[name]["education"]


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_experience(name: str) -> None:
    experience = _vacancy(name).requirements.experience
    got = experience.min_years if experience else None
    assert got == TOR_EXPECTED[name]["experience_min_years"]


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_languages(name: str) -> None:
    got: dict[str, bool] = {}
    for lang in _vacancy(name).requirements.languages:
        # A language named twice counts as required if any mention requires it; a one-of
        # rule ("Arabic or French") names each of its alternatives.
        for name_ in lang.alternatives:
            got[name_] = got.get(name_, False) or lang.required
    assert got == TOR_EXPECTED[name]["languages"]


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_nationalities(name: str) -> None:
    got = sorted(_vacancy(name).requirements.nationalities)
    assert got == sorted(TOR_EXPECTED[name]["nationalities"])


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_duty_count(name: str) -> None:
    _count_check(len(_vacancy(name).duties), TOR_EXPECTED[name], "duties")


@pytest.mark.parametrize("name", TOR_FILES)
def test_tor_learning_count(name: str) -> None:
    vacancy = _vacancy(name)
    _count_check(len(vacancy.learning_elements), TOR_EXPECTED[name], "learning_elements")


# --------------------------------------------------------------------------- CVs


@pytest.mark.parametrize("name", CV_FILES)
def test_cv_degrees(name: str) -> None:
    # repr as sort key: a parser may return level or year None, which cannot compare with str.
    got = sorted(((d.level, d.year, d.in_progress) for d in _candidate(name).degrees), key=repr)
    expected = CV_EXPECTED[name]["degrees"]
    want = sorted(((d["level"], d["year"], d["in_progress"]) for d in expected), key=repr)
    assert got == want


@pytest.mark.parametrize("name", CV_FILES)
def test_cv_total_years(name: str) -> None:
    got = _candidate(name).total_years
    want = CV_EXPECTED[name]["total_years"]
    assert got is not None, f"total_years is None, expected {want}"
    assert abs(got - want) <= TOLERANCE, f"total_years {got} not within {TOLERANCE} of {want}"


@pytest.mark.parametrize("name", CV_FILES)
def test_cv_languages(name: str) -> None:
    got = {lang.language: lang.level for lang in _candidate(name).languages}
    assert got == CV_EXPECTED[name]["languages"]


@pytest.mark.parametrize("name", CV_FILES)
def test_cv_nationalities(name: str) -> None:
    got = sorted(_candidate(name).nationalities)
    assert got == sorted(CV_EXPECTED[name]["nationalities"])


@pytest.mark.parametrize("name", CV_FILES)
def test_cv_text_language(name: str) -> None:
    assert _candidate(name).text_language == CV_EXPECTED[name]["text_language"]
