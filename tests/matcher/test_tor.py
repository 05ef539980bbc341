"""The ToR parser on the five real seed ToRs, checked against examples/vacancies/expected.json."""

from __future__ import annotations

import json
from typing import Any

import pytest

import matcher.tor as tor_module
from eval.locations import EXAMPLE_VACANCIES
from matcher.models import Vacancy
from matcher.tor import parse_vacancy

SEEDS = EXAMPLE_VACANCIES
EXPECTED: dict[str, Any] = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))
NAMES = sorted(name for name in EXPECTED if not name.startswith("_"))


def _parse(name: str) -> Vacancy:
    return parse_vacancy((SEEDS / name).read_text(encoding="utf-8"), name)


def test_all_lists_the_public_names() -> None:
    assert tor_module.__all__ == sorted(tor_module.__all__)
    assert all(callable(getattr(tor_module, n)) or n.isupper() for n in tor_module.__all__)


@pytest.mark.parametrize("name", NAMES)
def test_seed_facts(name: str) -> None:
    facts = EXPECTED[name]
    vacancy = _parse(name)
    req = vacancy.requirements
    assert vacancy.source == name
    assert facts["title_contains"].lower() in (vacancy.title or "").lower()
    assert facts["reference"] in (vacancy.reference or "")
    for station in facts["duty_stations"]:
        assert any(station.lower() in s.lower() for s in vacancy.duty_stations)
    assert vacancy.duration_months == facts["duration_months"]
    assert req.education is not None
    assert req.education.min_level == facts["education"]["min_level"]
    substitute = facts["education"]["substitute"]
    if substitute is None:
        assert req.education.substitute is None
    else:
        assert req.education.substitute is not None
        assert req.education.substitute.level == substitute["level"]
        assert req.education.substitute.extra_years == substitute["extra_years"]
    assert req.experience is not None
    assert req.experience.min_years == facts["experience_min_years"]
    langs = {lang.language: lang.required for lang in req.languages}
    for language, required in facts["languages"].items():
        assert langs.get(language) is required
    assert sorted(req.nationalities) == sorted(facts["nationalities"])
    if "duties" in facts:
        assert len(vacancy.duties) == facts["duties"]
    else:
        assert len(vacancy.duties) >= facts["duties_min"]
    if "learning_elements" in facts:
        assert len(vacancy.learning_elements) == facts["learning_elements"]
    else:
        assert len(vacancy.learning_elements) >= facts["learning_elements_min"]


@pytest.mark.parametrize("name", NAMES)
def test_units_are_clean_text(name: str) -> None:
    vacancy = _parse(name)
    for unit in vacancy.duties + vacancy.learning_elements:
        assert unit == unit.strip()
        assert "\n" not in unit
        assert not unit.startswith(("- ", "\u2022"))
        assert not unit.endswith(":")
        assert len(unit.split()) >= 3


def test_lead_in_and_context_prose_are_not_units() -> None:
    duties = _parse("003_7cdb167dd092bd14.txt").duties
    assert duties[0].startswith("Support the development and roll-out")
    assert not any("responsible for the following" in d for d in duties)
    assert duties[-1] == "Perform other duties as required."


def test_wrapped_bullet_lines_are_rejoined() -> None:
    learning = _parse("000_cd5431b3734e23ae.txt").learning_elements
    assert learning[0] == (
        "Demonstrate a comprehensive understanding of the key challenges facing DPKO/DFS and "
        "its field operations and the activities being planned and executed to overcome them."
    )
    duties = _parse("004_249af54981b55b58.txt").duties
    assert any(
        d.endswith("PowerPoint presentations and other briefing materials, as required;")
        for d in duties
    )


def test_two_year_assignment_reads_both_years() -> None:
    vacancy = _parse("004_249af54981b55b58.txt")
    assert vacancy.duty_stations == ("Goma", "New York")
    assert vacancy.duties[0].startswith("Acting as POC Unit focal point")
    assert vacancy.duties[9].startswith("Research and analysis of information")


def test_language_levels_follow_tor_wording() -> None:
    levels = {
        lang.language: lang.level
        for lang in _parse("002_43fea7913431b70e.txt").requirements.languages
    }
    assert levels == {"English": "C1", "French": "B1"}


def test_education_fields_are_read() -> None:
    education = _parse("001_7792897bda67b344.txt").requirements.education
    assert education is not None
    assert education.fields[:3] == ("political science", "international relations", "economics")


def test_parsing_is_deterministic() -> None:
    for name in NAMES:
        assert _parse(name) == _parse(name)
        assert _parse(name).id == _parse(name).id
