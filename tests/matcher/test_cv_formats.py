"""Each CV format parses its degrees, dated jobs, languages with levels and nationality.

The fixtures (tests/cv_formats.py) are rendered as plain text here; tests/index/test_cv_layouts.py
renders them as PDF and DOCX layouts and checks that the facts do not change.
"""

from __future__ import annotations

from functools import cache

import pytest

from eval.documents import render_text
from matcher.cv import parse_cv
from matcher.models import Candidate
from tests.cv_formats import AS_OF, FIXTURES, FormatFixture, by_name

NAMES = [f.name for f in FIXTURES]


@cache
def _parsed(name: str) -> Candidate:
    fixture = by_name(name)
    return parse_cv(render_text(fixture.cv), f"{name}.txt", as_of=AS_OF)


def _fixture(name: str) -> FormatFixture:
    return by_name(name)


def test_fixtures_cover_every_format_and_language() -> None:
    formats = {f.format for f in FIXTURES}
    assert formats == {"europass", "linkedin", "p11", "academic", "bio", "half_page"}
    assert {f.language for f in FIXTURES} == {"en", "fr", "es", "pt"}
    assert len(NAMES) == len(set(NAMES))


@pytest.mark.parametrize("name", NAMES)
def test_degrees(name: str) -> None:
    got = tuple((d.level, d.year) for d in _parsed(name).degrees)
    assert got == _fixture(name).expected.degrees


@pytest.mark.parametrize("name", NAMES)
def test_dated_jobs(name: str) -> None:
    c = _parsed(name)
    got = tuple(
        (str(e.start), None if e.current else str(e.end), e.current) for e in c.experience
    )
    assert got == _fixture(name).expected.jobs
    assert not c.has_undated_experience


@pytest.mark.parametrize("name", NAMES)
def test_total_years(name: str) -> None:
    expected = _fixture(name).expected.total_years
    got = _parsed(name).total_years
    assert got is not None and expected is not None
    assert abs(got - expected) <= 0.05, (got, expected)


@pytest.mark.parametrize("name", NAMES)
def test_languages_with_levels(name: str) -> None:
    got = tuple((s.language, s.level) for s in _parsed(name).languages)
    assert got == _fixture(name).expected.languages


@pytest.mark.parametrize("name", NAMES)
def test_nationality(name: str) -> None:
    assert _parsed(name).nationalities == _fixture(name).expected.nationalities
