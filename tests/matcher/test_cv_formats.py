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
def test_text_language(name: str) -> None:
    # Europass and half-page CVs are telegraphic: few function words, the language in the
    # words' endings (matcher.cv.language_id).
    assert _parsed(name).text_language == _fixture(name).language


@pytest.mark.parametrize("name", NAMES)
def test_nationality(name: str) -> None:
    assert _parsed(name).nationalities == _fixture(name).expected.nationalities


# --------------------------------------------------------------------------- level mappings


@pytest.mark.parametrize(
    ("phrase", "level"),
    [
        # Europass grid: the lower median of the per-skill levels.
        (" C1 C2 C1 C1 C1", "C1"),
        (" B1 B2 B1 A2 B1", "B1"),
        (" | A2 | B1 | B2 | C1", "B1"),
        (" LISTENING C2 READING C2 WRITING B1 SPOKEN PRODUCTION C2 SPOKEN INTERACTION C2", "C2"),
        # LinkedIn labels (ILR scale), in the interface's four languages.
        (" (Native or Bilingual Proficiency)", "C2"),
        (" (Full Professional Proficiency)", "C1"),
        (" (Professional Working Proficiency)", "B2"),
        (" (Limited Working Proficiency)", "B1"),
        (" (Elementary Proficiency)", "A2"),
        (" (Competencia profesional completa)", "C1"),
        (" (Competencia básica profesional)", "B2"),
        (" (Competencia básica limitada)", "B1"),
        (" (Competencia elemental)", "A2"),
        (" (Capacité professionnelle complète)", "C1"),
        (" (Compétence professionnelle limitée)", "B1"),
        (" (Proficiência profissional completa)", "C1"),
        (" (Fluente ou nativo)", "C2"),
        # P11: the number of "Easily" answers out of Read, Write, Speak, Understand.
        (" Read: Easily Write: Easily Speak: Easily Understand: Easily", "C1"),
        (" Read: Easily Write: Not easily Speak: Easily Understand: Easily", "B2"),
        (" Read: Easily Write: Not easily Speak: Not easily Understand: Easily", "B1"),
        (" Read: Not easily Write: Not easily Speak: Not easily Understand: Not easily", "A2"),
        (" Lire : Facilement Écrire : Difficilement Parler : Facilement Comprendre : Facilement",
         "B2"),
        # Portuguese wording.
        (" (avançado)", "C1"),
        (" (intermediário)", "B1"),
        (" (básico)", "A2"),
        (": língua materna", "C2"),
        (" fluente", "C1"),
    ],
)
def test_format_level_words(phrase: str, level: str) -> None:
    c = parse_cv(f"Ana Example\n\nLanguages\nEnglish{phrase}\n", "l.txt", as_of=AS_OF)
    assert [(s.language, s.level) for s in c.languages] == [("English", level)]


def test_two_ratings_are_not_a_p11_grid() -> None:
    c = parse_cv("A\n\nLanguages\nEnglish Read: Easily Write: Easily\n", "l.txt", as_of=AS_OF)
    assert [(s.language, s.level) for s in c.languages] == [("English", None)]


# --------------------------------------------------------------------------- unknown stays unknown


def test_p11_nationality_at_birth_yields_to_the_present_one() -> None:
    text = (
        "PERSONAL HISTORY PROFILE\n4. Nationality(ies) at birth: Colombian\n"
        "5. Present nationality(ies): Spanish\n\nEDUCATION\nMA in Law, 2019\n"
    )
    assert parse_cv(text, "p.txt", as_of=AS_OF).nationalities == ("ES",)


def test_p11_nationality_at_birth_alone_is_the_stated_one() -> None:
    text = "PERSONAL HISTORY PROFILE\n4. Nationality(ies) at birth: Colombian\n"
    assert parse_cv(text, "p.txt", as_of=AS_OF).nationalities == ("CO",)


def test_place_of_birth_address_and_university_are_not_nationality() -> None:
    text = (
        "PERSONAL HISTORY PROFILE\n3. Place of birth: Kisumu, Kenya\n"
        "7. Permanent address: P.O. Box 1234, Nairobi, Kenya\n\n17. EDUCATION\n"
        "Name, place and country: University of Sussex, Brighton, United Kingdom\n"
        "Degrees and academic distinctions obtained: Master of Arts, 2018\n"
    )
    assert parse_cv(text, "p.txt", as_of=AS_OF).nationalities == ()


def test_conference_talks_and_publications_are_not_jobs() -> None:
    text = (
        "Dr. A. Example\n\nEducation\nPhD in History, 2020\n\nConference Presentations\n"
        "2024  Archives of peacekeeping, ISA Annual Convention, Chicago\n"
        "2022  Keynote speaker, Oral history workshop, Oxford\n\nPublications\n"
        "Example, A. (2023). Peace operations. Journal of Peace Research 60(2).\n"
    )
    c = parse_cv(text, "a.txt", as_of=AS_OF)
    assert c.experience == () and c.total_years is None


def test_a_bio_without_dates_or_levels_states_no_job_and_no_language() -> None:
    text = (
        "Ana Example\n\nBiography\nAna Example is a consultant who works with refugee "
        "communities in Lebanon and speaks Arabic with the families she supports.\n"
    )
    c = parse_cv(text, "b.txt", as_of=AS_OF)
    assert c.experience == () and c.languages == () and c.nationalities == ()


def test_a_sidebar_nationality_ends_at_the_first_line_that_is_not_one() -> None:
    text = "NATIONALITY\nSenegalese\nAmina Diallo\nDakar, Senegal\n"
    assert parse_cv(text, "n.txt", as_of=AS_OF).nationalities == ("SN",)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Nacionalidade: portuguesa", ("PT",)),
        ("Nacionalidade: brasileira", ("BR",)),
        ("Nacionalidade: moçambicana e portuguesa", ("MZ", "PT")),
        ("De nationalité malienne, il est juriste.", ("ML",)),
        ("Dual nationality: French / Norwegian", ("FR", "NO")),
        ("Phone +33 6 12 34 56 78 · Nationality: Dutch · Date of birth: 01/02/1990", ("NL",)),
    ],
)
def test_nationality_statements_of_the_new_formats(line: str, expected: tuple[str, ...]) -> None:
    assert parse_cv(f"A. Example\n{line}\n", "n.txt", as_of=AS_OF).nationalities == expected


# ------------------------------------------------------------------ found in the livecareer diff


def _jobs(text: str) -> list[tuple[str, str | None, bool]]:
    c = parse_cv(text, "j.txt", as_of=AS_OF)
    return [(str(e.start), None if e.current else str(e.end), e.current) for e in c.experience]


def test_a_marked_work_heading_opens_experience_but_a_wrapped_word_does_not() -> None:
    assert _jobs("A\n\nWORK\n-----\nOfficer, UNDP\nJan 2020 - present\n") == [
        ("2020-01", None, True)
    ]
    c = parse_cv("A\n\nSkills\nEnergetic\nWork\nAttitude.\n", "w.txt", as_of=AS_OF)
    assert c.experience == ()


@pytest.mark.parametrize(
    ("heading", "dates", "expected"),
    [
        ("PARCOURS", "mars 2019 – aujourd'hui", ("2019-03", None, True)),
        (">> EXPERIENCIA", "01/2022 – actual", ("2022-01", None, True)),
        ("Employment History", "December 2009 to Till Date", ("2009-12", None, True)),
        ("Experience", "07/02/2014 - till now", ("2014-02", None, True)),
    ],
)
def test_headings_and_present_words(heading: str, dates: str, expected: tuple[str, ...]) -> None:
    assert _jobs(f"A\n\n{heading}\nChef de cuisine, Brasserie X, Lyon\n{dates}\n") == [expected]


def test_a_field_of_study_line_is_no_heading() -> None:
    text = (
        "A\n\nEducation and Training\nBachelor of Arts\n:\nCommunications\n2004\n"
        "Mercer University\n"
    )
    c = parse_cv(text, "e.txt", as_of=AS_OF)
    assert [(d.level, d.year) for d in c.degrees] == [("bachelor", 2004)]


def test_a_print_stamp_is_no_date() -> None:
    assert _jobs("A\n\nExperience\nAnalyst, Agency X\n9/2/2015 7:58 AM USAJOBS - Resumes\n") == [
        ("None", "None", False)
    ]


def test_between_dates_inside_a_description_make_no_job() -> None:
    text = (
        "A\n\nExperience\nProject Manager, Company X\n04/2016 to 08/2017\n"
        "Restaurant and cinema built between May 2016 and June 2017 for 12 million dollars.\n"
    )
    assert _jobs(text) == [("2016-04", "2017-08", False)]
