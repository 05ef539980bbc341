"""Manipulation: hidden or stuffed ToR keywords in a CV (docs/reliability.md item 23).

A CV carrying the ToR's own words as white, 1-pt, invisible or ``w:vanish`` text must not
score above its clean version, or it must carry a flag a recruiter sees ("hidden_text",
"keyword_stuffing"). The files are real PDFs and DOCX files built by ``tests/hostile.py`` and
read by ``index.readers``; scoring is ``matcher.scoring.score_pair``. The API-level check (the
flag in the recruiter's ranking) is in ``tests/api/test_reliability_data.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.fakes import HashEncoder
from index.readers import read_bytes
from matcher.cv import parse_cv
from matcher.models import MatchResult, Vacancy
from matcher.ports import Document, Encoder
from matcher.scoring import BACKGROUND_SENTENCES, score_pair
from matcher.tor import parse_vacancy
from tests import hostile

CLEAN_LINES = [
    "Sofia Lindgren",
    "EXPERIENCE",
    "Water engineer, municipal utility, 2016 - 2023",
    "Designed pumping stations and supervised construction contractors.",
    "Prepared maintenance budgets and trained operators.",
    "LANGUAGES",
    "Swedish (native), English (C1)",
]

STYLES = [
    ("pdf", "white_tiny"),
    ("pdf", "white"),
    ("pdf", "tiny"),
    ("pdf", "invisible"),
    ("docx", "white"),
    ("docx", "tiny"),
    ("docx", "vanish"),
]


def _vacancy(seeds_dir: Path) -> Vacancy:
    path = sorted(seeds_dir.glob("*.txt"))[0]
    return parse_vacancy(path.read_text(encoding="utf-8"), path.name)


def _stuffing(vacancy: Vacancy) -> str:
    # The ToR's duty sentences, as a manipulator would paste them.
    return " ".join(t for _, t in vacancy.units())


def _files(fmt: str, style: str, stuffing: str) -> tuple[bytes, bytes]:
    if fmt == "pdf":
        text = "\n".join(CLEAN_LINES)
        return (
            hostile.pdf_with_text(text),
            hostile.pdf_with_text(text, stuffing, hidden_style=style),
        )
    return (
        hostile.docx_with_text(CLEAN_LINES),
        hostile.docx_with_text(CLEAN_LINES, [stuffing], hidden_style=style),
    )


class _Scorer:
    """What the service does: embed the visible text only, pass the hidden-text flag on.

    The vacancy's units and the scorer's background sentences are encoded once per test.
    """

    def __init__(self, encoder: Encoder, vacancy: Vacancy) -> None:
        self.encoder = encoder
        self.vacancy = vacancy
        self.units = encoder.encode([t for _, t in vacancy.units()], kind="query")
        self.background = encoder.encode(list(BACKGROUND_SENTENCES), kind="passage")

    def __call__(self, doc: Document, name: str) -> MatchResult:
        candidate = parse_cv(doc.text, name)
        chunks = self.encoder.encode(list(candidate.chunks), kind="passage")
        flags = ("hidden_text",) if doc.hidden_text.strip() else ()
        return score_pair(
            self.vacancy, self.units, candidate, chunks, background=self.background, flags=flags
        )


def _check_no_gain_or_flagged(score: _Scorer, fmt: str, style: str) -> None:
    vacancy = score.vacancy
    stuffing = _stuffing(vacancy)
    clean_bytes, stuffed_bytes = _files(fmt, style, stuffing)
    clean_doc = read_bytes(clean_bytes, f"clean.{fmt}")
    stuffed_doc = read_bytes(stuffed_bytes, f"stuffed.{fmt}")
    # The reader separates the hidden words from the visible text.
    assert stuffed_doc.hidden_text.strip(), "the hidden text was not detected"
    assert stuffed_doc.text == clean_doc.text
    clean = score(clean_doc, "clean")
    stuffed = score(stuffed_doc, "stuffed")
    assert stuffed.score <= clean.score or set(stuffed.flags) & {"hidden_text", "keyword_stuffing"}
    # Both hold in this design: hidden text is never embedded, and it is flagged.
    assert stuffed.score <= clean.score
    assert "hidden_text" in stuffed.flags and "hidden_text" not in clean.flags


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("fmt", "style"), STYLES, ids=[f"{f}-{s}" for f, s in STYLES])
def test_hidden_tor_words_bring_no_gain_hash_encoder(seeds_dir: Path, fmt: str, style: str) -> None:
    _check_no_gain_or_flagged(_Scorer(HashEncoder(), _vacancy(seeds_dir)), fmt, style)


def _visible_stuffed_lines(vacancy: Vacancy) -> list[str]:
    # Visible stuffing: a "Keywords" section repeating the ToR's sentences three times.
    pasted = [t for _, t in vacancy.units()] * 3
    return [*CLEAN_LINES, "KEYWORDS", *pasted]


def _check_visible_copy(score: _Scorer) -> None:
    stuffed_docx = hostile.docx_with_text(_visible_stuffed_lines(score.vacancy))
    stuffed = score(read_bytes(stuffed_docx, "stuffed.docx"), "stuffed")
    clean = score(read_bytes(hostile.docx_with_text(CLEAN_LINES), "clean.docx"), "clean")
    assert "keyword_stuffing" not in clean.flags
    assert stuffed.score <= clean.score or "keyword_stuffing" in stuffed.flags


@pytest.mark.timeout(120)
def test_visible_tor_copy_is_flagged_hash_encoder(seeds_dir: Path) -> None:
    _check_visible_copy(_Scorer(HashEncoder(), _vacancy(seeds_dir)))


@pytest.mark.model
@pytest.mark.timeout(300)
def test_hidden_and_visible_stuffing_real_model(seeds_dir: Path, real_encoder: Encoder) -> None:
    # One test, so that the real model encodes the background and the ToR once.
    score = _Scorer(real_encoder, _vacancy(seeds_dir))
    for fmt, style in (("pdf", "white_tiny"), ("docx", "white")):
        _check_no_gain_or_flagged(score, fmt, style)
    _check_visible_copy(score)
