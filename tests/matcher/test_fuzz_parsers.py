"""Property-based fuzzing of the pure text parsers (Hypothesis).

For any ``str`` (every Unicode category except surrogates, control characters, RTL marks,
private-use bullet glyphs, long lines, runs of blank lines) and for plausible ToR/CV documents
assembled from random headings, bullets, dates, degrees and language levels, the parsers must
either return a well-formed value or raise a :class:`~matcher.errors.MatcherError` subclass.
Anything else (IndexError, ValueError, RecursionError…) is a parser bug, and so is an invariant
that does not hold (non-idempotent normalisation, a CEFR level outside A1..C2, a negative
duration, a result that ``json.dumps`` rejects, a nondeterministic parse).

Runs are reproducible (``derandomize=True``, no example database). ``HYPOTHESIS_PROFILE=thorough``
runs ten times more examples with a random seed, for a local bug hunt.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matcher.cv import parse_cv
from matcher.errors import EmptyDocumentError, MatcherError
from matcher.models import CEFR_LEVELS, DEGREE_LEVELS, Candidate, Vacancy
from matcher.text import content_id, normalize_text, split_sentences
from matcher.tor import parse_vacancy
from matcher.vocab import cv_language_level, degree_level, find_countries, find_languages

# --------------------------------------------------------------------------- settings

_SUPPRESSED = (HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much)
settings.register_profile(
    "fuzz-ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SUPPRESSED,
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    derandomize=False,
    database=None,
    suppress_health_check=_SUPPRESSED,
)
# The profile is applied per test (not loaded globally) so other test modules keep their own.
_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fuzz-ci")
if _PROFILE not in ("fuzz-ci", "thorough"):
    _PROFILE = "fuzz-ci"
FUZZ = settings.get_profile(_PROFILE)
#: Whole-document parses are slower than the helpers: fewer examples keep the file under ~60 s.
FUZZ_DOCS = settings(FUZZ, max_examples=max(50, FUZZ.max_examples // 2))

AS_OF = date(2026, 11, 23)
_CODE = re.compile(r"^[A-Z]{2}$")
_HEX16 = re.compile(r"^[0-9a-f]{16}$")

# --------------------------------------------------------------------------- strategies

# Characters that extraction leaves behind and that parsers have tripped on elsewhere: line
# breaks of every kind, odd spaces, bidi marks, private-use bullets, ligatures whose case or
# NFKC forms change length ("ﬁ", "İ", "ß", "ǅ"), combining marks, fullwidth digits.
_NASTY = (
    "\n", "\r", "\f", "\v", "\t", " ", "\x00", "\x1b", "\x85", "\u2028", "\u2029",
    "\u00a0", "\u2009", "\u202f", "\u3000", "\u00ad", "\u200b", "\ufeff",
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069",
    "\uf0b7", "\uf0a7", "\uf0d8", "\ue000", "\U000f0000",
    "\u2022", "\u25aa", "\u2013", "\u2014", "\u2212", "-", "*", "·", "•",
    ".", ",", ";", ":", "!", "?", "…", "(", ")", "[", "]", "/", "'", '"', "\u2019", "`",
    "0", "1", "2", "9", "\uff11", "\u0661", "\u00b2", "\u00bd",
    "ﬁ", "ﬂ", "İ", "ı", "ß", "ẞ", "ǅ", "ŉ", "\u0301", "\u0308", "Å", "é", "ñ", "Ç",
    "a", "e", "A", "Z", "x", "ä", "中", "ل", "\U0001f600",
)
_ANY_CHAR = st.characters(exclude_categories=["Cs"])
_ANY_TEXT = st.text(alphabet=_ANY_CHAR, max_size=200)
# One character at a time (st.text needs single characters): "\r\n" arises from "\r" + "\n".
_NASTY_TEXT = st.text(alphabet=st.one_of(st.sampled_from(_NASTY), _ANY_CHAR), max_size=200)


@st.composite
def _long_lines(draw: st.DrawFn) -> str:
    """A few fragments repeated into long lines and runs of blank lines."""
    fragment = draw(st.one_of(st.sampled_from(_NASTY), st.text(_ANY_CHAR, min_size=1, max_size=8)))
    times = draw(st.integers(min_value=1, max_value=3000))
    blanks = "\n" * draw(st.integers(min_value=0, max_value=200))
    tail = draw(st.text(_ANY_CHAR, max_size=40))
    return fragment * times + blanks + tail


HEADINGS = (
    "Duties", "DUTIES AND RESPONSIBILITIES", "Duties, Responsibilities and Output Expectations",
    "Learning elements", "Qualifications", "Qualifications and Experience", "Education",
    "EDUCATION", "Work experience", "WORK EXPERIENCE", "Professional Experience",
    "Languages", "LANGUAGES", "Langues", "Idiomas", "Experiencia", "Experiencia profesional",
    "Expérience professionnelle", "Formation", "Formación académica", "Compétences",
    "Skills", "Competencies", "Nationality", "Nationalité", "Background", "Profile",
    "Personal details", "Datos personales", "Eligibility", "Other", "Title:", "Duty Station:",
    "Duration:", "Reference:", "Organization:", "Post title:", "Durée:", "Lugar de destino:",
)
BULLETS = ("- ", "* ", "• ", "\uf0b7 ", "\uf0b7\t", "o ", "1. ", "a) ", "(ii) ", "– ", "▪ ", "")
DATES = (
    "13/2020 – 99/2021", "2021 - present", "2019 – Present", "01/2018 - 12/2020",
    "Jan 2015 - Mar 2017", "janvier 2016 – aujourd'hui", "2010-2012", "2012 – 2010",
    "since 2020", "desde 2019", "depuis 2018", "00/0000 - 99/9999", "3000 - 3001",
    "1900 – 2100", "Sept. 2019 – current", "2020/2021", "05.2019 - 06.2020",
    "2019 – ", " – 2020", "2021 - present - 2022 - present", "March 2031 – present",
)
DEGREES = (
    "Master's degree in International Relations", "MA in Economics", "BA", "PhD in Physics",
    "Bachelor of Science", "Licence en droit", "Maîtrise", "Máster en Desarrollo",
    "Doctorado", "Licenciatura en Derecho", "advanced university degree (Master's or equivalent)",
    "first-level university degree with two additional years", "MSc (expected 2027)",
    "Diplom-Ingenieur", "DEA", "Grado en Economía", "B.Sc.", "M.B.A.", "LL.M.",
)
LANGUAGES = (
    "English", "French", "Spanish", "français", "anglais", "español", "inglés", "Arabic",
    "Portuguese", "Russian", "Chinese", "German", "Polish", "polish", "Kiswahili",
)
LEVELS = (
    "C2", "c1", "B2", "B 2", "A1", "C3", "D1", "B2.1", "native", "mother tongue", "fluent",
    "langue maternelle", "courant", "nativo", "intermediate", "basic", "working knowledge",
    "niveau B2", "nivel C1", "bilingual", "(C1)", "- C2", ": fluent", "excellent", "",
)
WORDS = (
    "years", "of", "experience", "in", "and", "nationals", "of", "Denmark", "Danish", "France",
    "citizen", "required", "desirable", "an", "asset", "minimum", "at least", "two", "2", "5",
    "10+", "1.5", "ans", "años", "months", "12 months", "24", "United Nations", "UNDP",
    "e.g.", "i.e.", "U.N.", "Dr.", "No.", "2.5", "etc.", "Nationality: German", "Nigerian",
    "de nationalité française", "nacionalidad española", "Page 3 of 5", "-5", "**Note**",
)


@st.composite
def _document(draw: st.DrawFn) -> str:
    """A plausible ToR or CV: headings, bulleted lines mixing words, dates, degrees, languages."""
    parts: list[str] = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        heading = draw(st.sampled_from(HEADINGS))
        if draw(st.booleans()):
            heading = heading.upper()
        parts.append(heading + draw(st.sampled_from(("", ":", "\n", " ", "\t\t"))))
        for _ in range(draw(st.integers(min_value=0, max_value=5))):
            pieces = draw(
                st.lists(
                    st.one_of(
                        st.sampled_from(WORDS),
                        st.sampled_from(DATES),
                        st.sampled_from(DEGREES),
                        st.sampled_from(LANGUAGES),
                        st.sampled_from(LEVELS),
                        st.integers(min_value=-5, max_value=10_000).map(str),
                        st.sampled_from(_NASTY),
                    ),
                    max_size=10,
                )
            )
            sep = draw(st.sampled_from((" ", "  ", "   |   ", ", ", " – ", "\t", "    ")))
            parts.append(draw(st.sampled_from(BULLETS)) + sep.join(pieces))
        parts.append("\n" * draw(st.integers(min_value=0, max_value=3)))
    glue = draw(st.sampled_from(("\n", "\r\n", "\n\n", "\f", "\n \n")))
    return glue.join(parts)


ANY_INPUT = st.one_of(_ANY_TEXT, _NASTY_TEXT, _long_lines(), _document())

# --------------------------------------------------------------------------- invariants


def _json_roundtrip(value: dict[str, Any]) -> None:
    encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
    assert json.loads(encoded) == value


def _check_vacancy(vacancy: Vacancy, text: str) -> None:
    data = vacancy.to_dict()
    _json_roundtrip(data)
    assert vacancy.id == content_id(text)
    assert vacancy.source == "fuzz.txt"
    assert vacancy.duration_months is None or (
        isinstance(vacancy.duration_months, int) and vacancy.duration_months > 0
    )
    for unit in vacancy.duties + vacancy.learning_elements + vacancy.duty_stations:
        assert isinstance(unit, str) and unit.strip()
    req = vacancy.requirements
    assert all(_CODE.match(code) for code in req.nationalities), req.nationalities
    for lang in req.languages:
        assert lang.language and isinstance(lang.required, bool)
        assert lang.level is None or lang.level in CEFR_LEVELS, lang
    if req.education is not None:
        assert req.education.min_level is None or req.education.min_level in DEGREE_LEVELS
        sub = req.education.substitute
        if sub is not None:
            assert sub.level in DEGREE_LEVELS and sub.extra_years >= 0, sub
    if req.experience is not None:
        years = req.experience.min_years
        assert years is None or 0 <= years <= 80, years


def _check_candidate(candidate: Candidate, text: str) -> None:
    data = candidate.to_dict()
    _json_roundtrip(data)
    assert candidate.id == content_id(text)
    assert _HEX16.match(candidate.id)
    years = candidate.total_years
    assert years is None or 0 <= years <= 80, years
    for degree in candidate.degrees:
        assert degree.level is None or degree.level in DEGREE_LEVELS, degree
        assert degree.year is None or isinstance(degree.year, int)
    for entry in candidate.experience:
        if entry.current:
            assert entry.end is None
        for ym in (entry.start, entry.end):
            assert ym is None or ym.month is None or 1 <= ym.month <= 12, entry
    for lang in candidate.languages:
        assert lang.language
        assert lang.level is None or lang.level in CEFR_LEVELS, lang
    assert all(_CODE.match(code) for code in candidate.nationalities), candidate.nationalities
    assert candidate.text_language in (None, "en", "fr", "es")
    assert all(isinstance(chunk, str) and chunk.strip() for chunk in candidate.chunks)


def _parse_cv_or_empty(text: str) -> Candidate | None:
    """parse_cv, with the one documented error for blank text turned into None."""
    try:
        return parse_cv(text, "fuzz.txt", as_of=AS_OF)
    except EmptyDocumentError:
        assert not normalize_text(text).strip()
        return None


# --------------------------------------------------------------------------- text


@FUZZ
@given(ANY_INPUT)
@example("\uf0b7\tItem\r\n\r\n\r\n\u200f- x\f\fPage 1 of 2\n")
@example("multi-\n\nlateral co-\nordination")
@example("\u2013\ue0000")  # a private-use glyph between a dash and the text
def test_normalize_text_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert isinstance(once, str)
    assert normalize_text(once) == once
    assert "\r" not in once and "\n\n\n" not in once
    assert once == once.strip("\n")


@FUZZ
@given(ANY_INPUT)
@example("e.g. U.N. staff. Dr. No. 2.5 years.\n\nNext block…  Another!")
def test_split_sentences_pieces_are_non_empty_and_stripped(text: str) -> None:
    for source in (text, normalize_text(text)):
        pieces = split_sentences(source)
        assert isinstance(pieces, list)
        for piece in pieces:
            assert piece and piece == piece.strip(), repr(piece)


# --------------------------------------------------------------------------- vocab


def _check_spans(found: list[tuple[str, int, int]], text: str) -> None:
    previous = -1
    for name, start, end in found:
        assert isinstance(name, str) and name
        assert 0 <= start < end <= len(text), (name, start, end, len(text))
        assert start >= previous
        previous = start


@FUZZ
@given(ANY_INPUT)
@example("İİİ français ǅ English ﬁrench")
@example("İİİ Nationality: German, ǅ de nationalité française")
def test_vocab_finders_and_levels_are_well_formed(text: str) -> None:
    # One property for the four cheap vocab functions: data generation, not the call, is the
    # cost, so sharing the examples keeps the file fast.
    _check_spans(find_languages(text), text)
    countries = find_countries(text)
    _check_spans(countries, text)
    assert all(_CODE.match(code) for code, _, _ in countries), countries
    level = cv_language_level(text)
    assert level is None or level in CEFR_LEVELS, level
    degree = degree_level(text)
    assert degree is None or degree in DEGREE_LEVELS, degree


# --------------------------------------------------------------------------- whole documents


@FUZZ_DOCS
@given(ANY_INPUT)
@example("")
@example("\n \t\u200b\f\n")
@example("EDUCATION\n\n\nDuties\n- \n- \n\uf0b7\nLangues\nC3")
def test_parse_vacancy_is_total_well_formed_and_deterministic(text: str) -> None:
    try:
        first = parse_vacancy(text, "fuzz.txt")
    except MatcherError:
        return
    _check_vacancy(first, text)
    assert parse_vacancy(text, "fuzz.txt").to_dict() == first.to_dict()


@FUZZ_DOCS
@given(ANY_INPUT)
@example("")
@example("\n \t\u200b\f\n")
@example("Experiencia\n13/2020 – 99/2021 Officer\n2012 – 2010 UNDP\nEDUCATION\nPhD 3000")
def test_parse_cv_is_total_well_formed_and_deterministic(text: str) -> None:
    try:
        first = _parse_cv_or_empty(text)
    except MatcherError:
        return
    if first is None:
        return
    _check_candidate(first, text)
    again = parse_cv(text, "fuzz.txt", as_of=AS_OF)
    assert again.to_dict() == first.to_dict()


# --------------------------------------------------------------------------- slowness guard

_SIZE = 200_000
ADVERSARIAL: dict[str, str] = {
    "a*200k": "a" * _SIZE,
    "dash-space*100k": "- " * (_SIZE // 2),
    "one-dot*100k": "1." * (_SIZE // 2),
    "open-paren*200k": "(" * _SIZE,
    "space*200k": " " * _SIZE,
    "newline*200k": "\n" * _SIZE,
    "dates-one-line": ("2019 - 2020 - " * (_SIZE // 14))[:_SIZE],
    "dates-lines": ("01/2019 – 12/2020\n" * (_SIZE // 18))[:_SIZE],
    "nested-date-like": ("(1/2(3/4(5-6 – " * (_SIZE // 15))[:_SIZE],
    "digits-dots-spaces": ("1. 2. 3 " * (_SIZE // 8))[:_SIZE],
    "cefr-like": ("B2 C1 A " * (_SIZE // 8))[:_SIZE],
    "words-no-stop": ("Master degree in " * (_SIZE // 17))[:_SIZE],
    "abbrev-chain": ("e.g. U.N. " * (_SIZE // 10))[:_SIZE],
    "tabs-cells": ("x" + " " * 40 + "y\t" * 5 + "\n") * (_SIZE // 52),
    "bullets-lines": ("\uf0b7 item\n" * (_SIZE // 7))[:_SIZE],
    "hyphen-breaks": ("multi-\n" * (_SIZE // 7))[:_SIZE],
    "headings-only": ("EDUCATION\nLangues\nExperiencia\n" * (_SIZE // 30))[:_SIZE],
    "language-names": ("English French Spanish " * (_SIZE // 23))[:_SIZE],
    "nationality-words": ("Nationality: French, " * (_SIZE // 21))[:_SIZE],
}

_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "normalize_text": normalize_text,
    "split_sentences": split_sentences,
    "find_languages": find_languages,
    "find_countries": find_countries,
    "cv_language_level": cv_language_level,
    "degree_level": degree_level,
    "parse_vacancy": lambda text: parse_vacancy(text, "fuzz.txt"),
    "parse_cv": lambda text: _parse_cv_or_empty(text),
}
#: A single call slower than this points at regex backtracking or a quadratic loop.
SLOW_CALL_SECONDS = 2.0


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize("shape", sorted(ADVERSARIAL))
def test_adversarial_200kb_inputs_finish(shape: str) -> None:
    text = ADVERSARIAL[shape]
    timings: list[tuple[str, float]] = []
    for name, function in _FUNCTIONS.items():
        started = time.perf_counter()
        function(text)
        timings.append((name, time.perf_counter() - started))
    slow = [f"{name}({shape}): {secs:.1f} s" for name, secs in timings if secs > SLOW_CALL_SECONDS]
    # Generous bound: the box may be loaded; a backtracking regex takes minutes, not seconds.
    assert all(secs <= 10 * SLOW_CALL_SECONDS for _, secs in timings), slow
